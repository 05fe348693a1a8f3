import { FOCUS_AREAS, PHASES, type Initiative } from '../../domain/initiatives/initiative.js';
import { formatDateTime, formatDue } from '../../domain/dates/due-date.js';
import { mentionId, type PersonRef } from '../../domain/people/person.js';
import { criteriaSet, type CriteriaSet } from '../../domain/scoring/criteria.js';
import type { Answer, Round } from '../../domain/scoring/round.js';
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

export function roundCard(round: Round, count: number, c: CardContext, notice?: string): AdaptiveCard {
  const set = criteriaSet(round.criteriaSetId)!;
  const mentions = mentionsOf(round.evaluators);
  const total = round.evaluators.length;
  return renderCard('round', {
    roundId: round.id,
    hasNotice: Boolean(notice),
    notice: notice ?? '',
    title: c.t('round.title', { name: plainText(round.initiativeName) }),
    setName: set.name[c.locale],
    intro: c.t('round.intro'),
    criteria: set.criteria.map((criterion, i) => ({ position: `${i + 1}.`, name: criterion.name[c.locale] })),
    isOpen: round.status === 'open',
    deadlineText: round.deadline ? c.t('round.deadline', { due: formatDue(round.deadline, c.locale, c.now, c.timeZone) }) : c.t('round.noDeadline'),
    progressText: count === 0 ? (total > 0 ? c.t('round.progressNoneOf', { total }) : c.t('round.progressNone')) : total > 0 ? c.t('round.progress', { count, total }) : c.t('round.progressOpen', { count }),
    evaluatorsText: total > 0 ? c.t('round.evaluators', { names: mentions.map((m) => m.text).join(', ') }) : c.t('round.evaluatorsAnyone'),
    mentions,
    anonymous: round.anonymous,
    anonymousText: c.t('round.anonymous'),
    closedText: c.t('round.closedText'),
    labels: { answer: c.t('round.action.answer'), close: c.t('round.action.close') },
  });
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

export function answeredCard(
  round: Round,
  answer: Answer,
  current: { means: Record<string, number>; count: number },
  c: CardContext,
  options: { replaced?: boolean; notice?: string } = {},
): AdaptiveCard {
  const set = criteriaSet(round.criteriaSetId)!;
  return renderCard('round-answered', {
    roundId: round.id,
    hasNotice: Boolean(options.notice),
    notice: options.notice ?? '',
    heading: c.t(options.replaced ? 'answered.replaced' : 'answered.heading', { name: plainText(round.initiativeName) }),
    columns: { criterion: c.t('answered.columnCriterion'), mine: c.t('answered.columnMine'), mean: c.t('answered.columnMean') },
    rows: set.criteria.map((criterion) => ({
      name: criterion.name[c.locale],
      mine: String(answer.scores[criterion.id] ?? '–'),
      mean: formatScore(current.means[criterion.id] ?? Number.NaN, c.locale),
    })),
    countText: c.t('answered.count', { count: current.count }),
    isOpen: round.status === 'open',
    changeLabel: c.t('round.action.changeAnswer'),
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
