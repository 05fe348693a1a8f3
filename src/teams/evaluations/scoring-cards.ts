import { FOCUS_AREAS, PHASES, type Initiative } from '../../domain/initiatives/initiative.js';
import { formatDateTime, formatDue } from '../../domain/dates/due-date.js';
import { mentionId, samePerson, type PersonRef } from '../../domain/people/person.js';
import { criteriaSet, type CriteriaSet } from '../../domain/scoring/criteria.js';
import { mayAnswer, type Answer, type Round } from '../../domain/scoring/round.js';
import { meansOf } from '../../domain/scoring/evaluation-service.js';
import type { Locale } from '../../i18n/index.js';
import { renderCard, type AdaptiveCard } from '../cards.js';
import { plainText, type CardContext } from '../card-context.js';

/** Cards of an evaluation round: the round itself, the score form, "your scores vs the mean", the result. */

/** "3,8" in Swedish, "3.8" in English. */
export function formatScore(value: number, locale: Locale): string {
  if (!Number.isFinite(value)) return '–';
  return value.toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

const plainName = (name: string) => name.replace(/[<>]/g, '').trim() || '?';

function mentionsOf(people: PersonRef[]) {
  return people.flatMap((p) => {
    const id = mentionId(p);
    return id ? [{ text: `<at>${plainName(p.name)}</at>`, id, name: plainName(p.name) }] : [];
  });
}

/** Teams refreshes a card by itself for at most this many named people (Universal Actions `refresh.userIds`). */
export const MAX_REFRESH_USERS = 60;

/** The verb every viewer's client sends (trigger "automatic") to get their own view of a round card. */
export const ROUND_VIEW_VERB = 'round.view';

/** A person's MRI as Teams wants it in `refresh.userIds`: the 29: id, else 8:orgid:<AAD object id>. */
function userMri(person: PersonRef): string | undefined {
  if (person.id) return person.id;
  return person.aadObjectId ? `8:orgid:${person.aadObjectId}` : undefined;
}

/**
 * Who gets their own view automatically: the creator and the named evaluators, at most 60. Undefined when the
 * round is open to anyone or too large; then the shared card carries a "Visa min vy" button instead.
 */
export function refreshUserIds(round: Round): string[] | undefined {
  if (round.evaluators.length === 0) return undefined;
  const ids = [...new Set([round.createdBy, ...round.evaluators].map(userMri).filter((id): id is string => Boolean(id)))];
  return ids.length > 0 && ids.length <= MAX_REFRESH_USERS ? ids : undefined;
}

/** What one person sees on the round card (their own view). Without a viewer: the shared card. */
export interface RoundView {
  viewer?: PersonRef;
  /** The viewer's answer, when they have given one. */
  answer?: Answer;
  /** The current means (shown beside the viewer's scores unless the round is anonymous and still open). */
  current?: { means: Record<string, number>; count: number };
  /** For the creator: named evaluators who have not answered. */
  missing?: PersonRef[];
  /** The creator pressed Stäng rundan: ask first. */
  confirmClose?: boolean;
  /** Just saved: "Tack! …" heading instead of "Din bedömning". */
  saved?: 'saved' | 'updated';
  notice?: { text: string; tone: 'good' | 'attention' };
}

const execute = (verb: string, title: string, roundId: string, extra: Record<string, unknown> = {}) => ({ type: 'Action.Execute', verb, title, data: { roundId, ...extra } });

/**
 * The round card: the shared one everyone sees (progress, evaluators; no buttons meant for someone else), and
 * each person's own view of it, which their Teams client fetches through the card's `refresh` action. The
 * evaluator who answered sees their scores (and, unless the round is anonymous, the current mean); one who has
 * not sees Bedöm; someone else sees who the evaluators are; the creator also gets the round's controls.
 */
export function roundCard(round: Round, count: number, c: CardContext, view: RoundView = {}): AdaptiveCard {
  const set = criteriaSet(round.criteriaSetId)!;
  const mentions = mentionsOf(round.evaluators);
  const total = round.evaluators.length;
  const isOpen = round.status === 'open';
  const { viewer, answer } = view;
  const userIds = refreshUserIds(round);
  const isCreator = Boolean(viewer && samePerson(round.createdBy, viewer));
  const mayAnswerHere = Boolean(viewer && mayAnswer(round, viewer));
  const showMean = Boolean(view.current && (!round.anonymous || !isOpen));
  const closedMeans = round.result ? meansOf(round.result) : undefined;
  const means = isOpen ? view.current?.means : (closedMeans ?? view.current?.means);

  let viewerText = '';
  if (viewer && !view.confirmClose) {
    // The creator who does not evaluate sees their controls instead of "you are not an evaluator".
    if (!mayAnswerHere) viewerText = isCreator ? '' : c.t('round.view.notEvaluator');
    else if (!answer && isOpen) viewerText = c.t('round.view.notAnswered');
  } else if (!viewer && !userIds && isOpen) {
    viewerText = c.t('round.view.shared');
  }

  let confirmText = '';
  if (view.confirmClose) {
    confirmText = total > 0 ? c.t(count >= total ? 'round.confirmCloseAll' : 'round.confirmClose', { count, total }) : c.t('round.confirmCloseOpen', { count });
  }

  const notice = view.notice ?? (view.saved ? { text: c.t(view.saved === 'updated' ? 'answered.replaced' : 'answered.heading', { name: plainText(round.initiativeName) }), tone: 'good' as const } : undefined);
  const card = renderCard('round', {
    roundId: round.id,
    hasNotice: Boolean(notice),
    notice: notice?.text ?? '',
    noticeColor: notice?.tone === 'good' ? 'Good' : 'Attention',
    title: c.t('round.title', { name: plainText(round.initiativeName) }),
    setName: set.name[c.locale],
    showIntro: isOpen && (!viewer || (mayAnswerHere && !answer)),
    intro: c.t('round.intro'),
    criteria: set.criteria.map((criterion, i) => ({ position: `${i + 1}.`, name: criterion.name[c.locale] })),
    showMine: Boolean(answer),
    mine: {
      heading: c.t('round.view.yourAnswer', { name: plainText(round.initiativeName) }),
      columns: { criterion: c.t('answered.columnCriterion'), mine: c.t('round.view.columnMine'), mean: c.t('round.view.columnMean') },
      showMean,
      rows: set.criteria.map((criterion) => ({
        name: criterion.name[c.locale],
        mine: String(answer?.scores[criterion.id] ?? '–'),
        mean: formatScore(means?.[criterion.id] ?? Number.NaN, c.locale),
      })),
      note: !showMean ? c.t('round.view.meanHidden') : isOpen ? c.t('answered.count', { count: view.current?.count ?? count }) : c.t('round.view.finalMean', { count: round.result?.answers ?? count }),
    },
    isOpen,
    deadlineText: round.deadline ? c.t('round.deadline', { due: formatDue(round.deadline, c.locale, c.now, c.timeZone) }) : c.t('round.noDeadline'),
    progressText: count === 0 ? (total > 0 ? c.t('round.progressNoneOf', { total }) : c.t('round.progressNone')) : total > 0 ? c.t('round.progress', { count, total }) : c.t('round.progressOpen', { count }),
    evaluatorsText: total > 0 ? c.t('round.evaluators', { names: mentions.map((m) => m.text).join(', ') }) : c.t('round.evaluatorsAnyone'),
    mentions,
    anonymous: round.anonymous,
    anonymousText: c.t('round.anonymous'),
    closedText: c.t('round.closedText'),
    hasViewerText: Boolean(viewerText),
    viewerText,
    hasCreator: isCreator && !view.confirmClose,
    creator: {
      text: c.t(isOpen ? 'round.view.creator' : 'round.view.creatorClosed'),
      hasMissing: isOpen && total > 0 && view.missing !== undefined,
      missing: view.missing?.length ? c.t('round.view.missing', { names: view.missing.map((p) => plainName(p.name)).join(', ') }) : c.t('round.view.allAnswered'),
    },
    hasConfirm: Boolean(view.confirmClose),
    confirmText,
  });

  const actions: unknown[] = [];
  if (view.confirmClose) {
    actions.push({ ...execute('round.closeConfirmed', c.t('round.action.confirmClose'), round.id), style: 'destructive' });
    actions.push(execute(ROUND_VIEW_VERB, c.t('round.action.cancel'), round.id));
  } else if (!viewer) {
    if (!userIds) actions.push({ ...execute(ROUND_VIEW_VERB, c.t('round.action.view'), round.id), style: 'positive' });
  } else {
    if (isOpen && mayAnswerHere) {
      actions.push(answer ? execute('round.open', c.t('round.action.changeAnswer'), round.id) : { ...execute('round.open', c.t('round.action.answer'), round.id), style: 'positive' });
    }
    if (isCreator && isOpen) {
      actions.push(execute('round.close', c.t('round.action.close'), round.id));
      // The creator's other controls sit in their own section, one per row (buttons side by side do not fit a phone).
      const creator = (card.body as Array<Record<string, unknown>>).find((e) => e.id === 'creator');
      const items = creator?.items as unknown[] | undefined;
      if (view.missing?.length) items?.push({ type: 'ActionSet', actions: [execute('round.remind', c.t('round.action.remind'), round.id)] });
      items?.push({
        type: 'ActionSet',
        actions: [
          {
            type: 'Action.ShowCard',
            title: c.t('round.action.extend'),
            card: {
              type: 'AdaptiveCard',
              body: [{ type: 'Input.Date', id: 'deadline', label: c.t('round.extend.label'), isRequired: true, errorMessage: c.t('error.roundCreator.deadlineInvalid'), value: round.deadline?.date ?? '' }],
              actions: [execute('round.extend', c.t('round.action.extendSave'), round.id)],
            },
          },
        ],
      });
    }
    if (isCreator && !isOpen) actions.push(execute('round.reopen', c.t('round.action.reopen'), round.id));
  }
  if (actions.length) card.actions = actions;
  // Every view carries the refresh, so each viewer's client keeps asking for its own view after an update.
  card.refresh = { action: { type: 'Action.Execute', verb: ROUND_VIEW_VERB, data: { roundId: round.id } }, ...(userIds ? { userIds } : {}) };
  return card;
}

export function scoreChoices(c: CardContext) {
  return ([5, 4, 3, 2, 1] as const).map((value) => ({ title: c.t(`form.score${value}`), value: String(value) }));
}

export function formCard(round: Round, previous: Answer | undefined, c: CardContext): AdaptiveCard {
  const set = criteriaSet(round.criteriaSetId)!;
  return renderCard('round-form', {
    roundId: round.id,
    heading: c.t('form.heading', { name: plainText(round.initiativeName) }),
    intro: c.t('round.intro'),
    criteria: set.criteria.map((criterion) => ({
      id: criterion.id,
      name: criterion.name[c.locale],
      questions: criterion.questions[c.locale],
      value: previous?.scores[criterion.id] !== undefined ? String(previous.scores[criterion.id]) : '',
      comment: previous?.comments[criterion.id] ?? '',
    })),
    scoreLabel: c.t('answered.columnMine'),
    scoreError: c.t('form.scoreError'),
    scorePlaceholder: c.t('form.scorePlaceholder'),
    scoreChoices: scoreChoices(c),
    commentLabel: c.t('form.comment'),
    overallCommentLabel: c.t('form.overallComment'),
    overallComment: previous?.overallComment ?? '',
    submit: c.t('form.submit'),
  });
}

export function resultCard(round: Round, c: CardContext, publicBaseUrl: string): AdaptiveCard {
  const set = criteriaSet(round.criteriaSetId)!;
  const result = round.result!;
  const name = (id: string | undefined) => set.criteria.find((x) => x.id === id)?.name[c.locale];
  return renderCard('round-result', {
    title: c.t('result.title', { name: plainText(round.initiativeName) }),
    subtitle: c.t('result.subtitle', {
      set: set.name[c.locale],
      answers: result.answers,
      when: formatDateTime(new Date(round.closedAt ?? round.createdAt), c.locale, c.timeZone, c.now),
    }),
    hasAnswers: result.answers > 0,
    noAnswers: c.t('result.noAnswers'),
    hasChart: result.answers > 0 && Boolean(result.chartPath),
    chartUrl: result.chartPath ? `${publicBaseUrl}${result.chartPath}` : '',
    chartAlt: c.t('result.chartAlt', { name: plainText(round.initiativeName) }),
    columns: { mean: c.t('result.columnMean'), range: c.t('result.columnRange'), count: c.t('result.columnCount') },
    rows:
      result.answers > 0
        ? result.criteria.map((r) => ({
            name: name(r.criterionId) ?? r.criterionId,
            mean: formatScore(r.mean, c.locale),
            range: r.count > 0 ? `${r.min}–${r.max}` : '–',
            count: String(r.count),
          }))
        : [],
    overallLabel: c.t('result.overall'),
    overallMean: formatScore(result.overallMean, c.locale),
    hasComments: result.comments.length > 0,
    commentsLabel: c.t('result.comments'),
    anonymous: round.anonymous,
    anonymousText: c.t('result.anonymous'),
    comments: result.comments.slice(0, 30).map((comment) => ({
      text: plainText(comment.text),
      source: [name(comment.criterionId) ?? c.t('result.overallCommentLabel'), comment.by ? plainText(comment.by) : undefined].filter(Boolean).join(' · '),
    })),
  });
}

export function initiativeListCard(initiatives: Initiative[], c: CardContext): AdaptiveCard {
  return renderCard('initiative-list', {
    title: c.t('initiatives.title'),
    isEmpty: initiatives.length === 0,
    emptyText: c.t('initiatives.empty'),
    items: initiatives.map((i) => ({
      name: plainText(i.name),
      line: c.t('initiatives.line', { phase: c.t(`phase.${i.phase}`), focusArea: i.focusArea === 'other' && i.focusAreaText ? plainText(i.focusAreaText) : c.t(`focusArea.${i.focusArea}`) }),
      result: i.latestResult
        ? c.t('initiatives.latest', {
            mean: formatScore(i.latestResult.overallMean, c.locale),
            answers: i.latestResult.answers,
            when: formatDue({ date: i.latestResult.closedAt.slice(0, 10) }, c.locale, c.now, c.timeZone),
          })
        : c.t('initiatives.noResult'),
      resultColor: i.latestResult ? 'Accent' : 'Default',
    })),
  });
}

export function compareCard(initiatives: Initiative[], set: CriteriaSet, chartPath: string, c: CardContext, publicBaseUrl: string): AdaptiveCard {
  const names = initiatives.map((i) => plainText(i.name)).join(', ');
  return renderCard('initiative-compare', {
    title: c.t('compare.title'),
    setName: set.name[c.locale],
    chartUrl: `${publicBaseUrl}${chartPath}`,
    chartAlt: c.t('compare.chartAlt', { names }),
    columns: { initiative: c.t('compare.columnInitiative'), mean: c.t('compare.columnMean') },
    rows: initiatives.map((i) => ({ name: plainText(i.name), mean: formatScore(i.latestResult?.overallMean ?? Number.NaN, c.locale) })),
  });
}

export function initiativeCard(initiative: Initiative, c: CardContext, notice?: string): AdaptiveCard {
  const latest = initiative.latestResult;
  return renderCard('initiative', {
    id: initiative.id,
    hasNotice: Boolean(notice),
    notice: notice ?? '',
    name: plainText(initiative.name),
    facts: [
      { title: c.t('initiative.label.phase'), value: c.t(`phase.${initiative.phase}`) },
      {
        title: c.t('initiative.label.focusArea'),
        value: initiative.focusArea === 'other' && initiative.focusAreaText ? plainText(initiative.focusAreaText) : c.t(`focusArea.${initiative.focusArea}`),
      },
      { title: c.t('initiative.label.owner'), value: initiative.owner ? plainText(initiative.owner.name) : c.t('initiative.noOwner') },
      {
        title: c.t('initiative.label.latest'),
        value: latest
          ? c.t('initiatives.latest', { mean: formatScore(latest.overallMean, c.locale), answers: latest.answers, when: formatDue({ date: latest.closedAt.slice(0, 10) }, c.locale, c.now, c.timeZone) })
          : c.t('initiatives.noResult'),
      },
    ],
    hasDescription: Boolean(initiative.description),
    description: plainText(initiative.description ?? ''),
    hasHistory: initiative.results.length > 1,
    historyLabel: c.t('initiative.history'),
    history: initiative.results.slice(0, 10).map((r) => ({
      line: c.t('initiative.historyLine', { when: formatDue({ date: r.closedAt.slice(0, 10) }, c.locale, c.now, c.timeZone), mean: formatScore(r.overallMean, c.locale), answers: r.answers }),
    })),
    editLabel: c.t('initiative.edit'),
  });
}

/** The form for a new initiative (`existing` without id) or for changing one. */
export function initiativeFormCard(existing: Partial<Initiative> & { name: string }, c: CardContext, people: PersonRef[]): AdaptiveCard {
  const choices = new Map<string, { title: string; value: string }>();
  for (const person of [...(existing.owner ? [existing.owner] : []), ...people]) {
    const value = person.aadObjectId ?? person.id;
    if (value && !choices.has(value)) choices.set(value, { title: plainName(person.name), value });
  }
  return renderCard('initiative-form', {
    id: existing.id ?? '',
    heading: c.t(existing.id ? 'initiative.form.editHeading' : 'initiative.form.newHeading'),
    name: existing.name,
    focusArea: existing.focusArea ?? 'elderly',
    focusAreaText: existing.focusAreaText ?? '',
    phase: existing.phase ?? 'concept',
    owner: existing.owner ? (existing.owner.aadObjectId ?? existing.owner.id ?? '') : '',
    description: existing.description ?? '',
    focusAreas: FOCUS_AREAS.map((value) => ({ title: c.t(`focusArea.${value}`), value })),
    phases: PHASES.map((value) => ({ title: c.t(`phase.${value}`), value })),
    people: [...choices.values()],
    labels: {
      name: c.t('initiative.label.name'),
      nameError: c.t('initiative.form.nameError'),
      focusArea: c.t('initiative.label.focusArea'),
      focusAreaText: c.t('initiative.label.focusAreaText'),
      phase: c.t('initiative.label.phase'),
      owner: c.t('initiative.label.owner'),
      description: c.t('initiative.label.description'),
      save: c.t('initiative.form.save'),
    },
  });
}
