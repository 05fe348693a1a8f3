import { z } from 'zod';
import { conversationLocale } from '../../domain/conversations/conversation.js';
import { formatDue } from '../../domain/dates/due-date.js';
import type { PersonRef } from '../../domain/people/person.js';
import type { CreatorFailure } from '../../domain/scoring/evaluation-service.js';
import type { Round } from '../../domain/scoring/round.js';
import { AppError } from '../../errors.js';
import { translator } from '../../i18n/index.js';
import { errorKey } from '../failure.js';
import { cardAction, type CardActionResult, type TurnScope } from '../router.js';
import { personalRoundCard, sharedRoundCard } from './round-view.js';
import { roundRef } from './round-open.js';

/**
 * The round card's own-view actions: "Visa min vy" / the automatic refresh each viewer's Teams client sends,
 * and the creator's controls (reopen, change the deadline, remind those who have not answered).
 */

async function roundHere(scope: TurnScope, roundId: string): Promise<Round> {
  const round = await scope.services.evaluations.round(scope.tenantId, roundId);
  if (!round || round.conversationKey !== scope.conversationKey) throw new AppError('notFound');
  return round;
}

/** A refused creator action: a short message to someone else, the reason on the creator's own view. */
async function refused(scope: TurnScope, failure: CreatorFailure): Promise<CardActionResult> {
  const { code, detail: round } = failure;
  const text = scope.t(errorKey('roundCreator', failure), { name: round?.createdBy.name ?? '', text: round?.initiativeName ?? '' });
  if (!round || code === 'notCreator' || code === 'notFound') return { kind: 'message', text };
  return { kind: 'card', card: await personalRoundCard(scope, round, { notice: { text, tone: 'attention' } }) };
}

/** The viewer's own view of a round card (Teams sends this by itself, trigger "automatic", or on "Visa min vy"). */
export const viewRoundAction = cardAction({
  verb: 'round.view',
  data: roundRef,
  async handle(scope, { roundId }) {
    return { kind: 'card', card: await personalRoundCard(scope, await roundHere(scope, roundId)) };
  },
});

/** "Öppna rundan igen": a round closed by mistake opens again with its answers. */
export const reopenRoundAction = cardAction({
  verb: 'round.reopen',
  data: roundRef,
  async handle(scope, { roundId }) {
    await roundHere(scope, roundId);
    const outcome = await scope.services.evaluations.reopenRound(scope.tenantId, roundId, scope.sender);
    if (!outcome.ok) return refused(scope, outcome.error);
    const shared = await sharedRoundCard(scope, outcome.value);
    const count = await scope.services.evaluations.countOf(outcome.value);
    return { kind: 'card', card: await personalRoundCard(scope, outcome.value, { notice: { text: scope.t('round.reopened', { count }), tone: 'good' } }), updateMessage: shared };
  },
});

/** "Ändra sista dag": a new last day for answers (the date input on the creator's view). */
export const extendRoundAction = cardAction({
  verb: 'round.extend',
  data: roundRef.extend({ deadline: z.string().max(40).optional() }),
  async handle(scope, { roundId, deadline }) {
    await roundHere(scope, roundId);
    const outcome = await scope.services.evaluations.extendDeadline(scope.tenantId, roundId, scope.sender, (deadline ?? '').trim());
    if (!outcome.ok) return refused(scope, outcome.error);
    const round = outcome.value;
    const c = scope.services.config;
    const due = formatDue(round.deadline!, scope.locale, scope.services.clock.now(), c.timeZone);
    return {
      kind: 'card',
      card: await personalRoundCard(scope, round, { notice: { text: scope.t('round.extended', { due }), tone: 'good' } }),
      updateMessage: await sharedRoundCard(scope, round),
    };
  },
});

/**
 * "Påminn dem som inte har svarat": one private message to each evaluator who has not answered, through the
 * proactive sender (Teams' rate limits), at most once a day per round. People without a personal chat with the
 * bot cannot be written to; the creator is told who they are.
 */
export const remindRoundAction = cardAction({
  verb: 'round.remind',
  data: roundRef,
  async handle(scope, { roundId }) {
    await roundHere(scope, roundId);
    const { evaluations, conversations, proactive, config, clock, logger } = scope.services;
    const outcome = await evaluations.markReminded(scope.tenantId, roundId, scope.sender);
    if (!outcome.ok) return refused(scope, outcome.error);
    const { round, missing } = outcome.value;
    const reached: PersonRef[] = [];
    const unreachable: PersonRef[] = [];
    for (const person of missing) {
      const personal = await conversations.personalFor(scope.tenantId, person);
      if (!personal?.active) {
        unreachable.push(person);
        continue;
      }
      const locale = conversationLocale(personal, 'personal', undefined, config.defaultLocale);
      const t = translator(locale);
      const text = t('round.reminder.message', {
        creator: scope.sender.name,
        name: round.initiativeName,
        where: t(scope.address.kind === 'channel' ? 'round.reminder.where.channel' : 'round.reminder.where.chat'),
        deadline: round.deadline ? t('round.reminder.deadline', { due: formatDue(round.deadline, locale, clock.now(), config.timeZone) }) : '',
      });
      reached.push(person);
      // Delivery is the sender's job (queued, rate-limited, retried); the click does not wait for it.
      void proactive.send(personal, { type: 'message', text }).catch((error: unknown) => logger.warn({ err: error, roundId }, 'round reminder not delivered'));
    }
    const names = (people: PersonRef[]) => people.map((p) => p.name).join(', ');
    const notice = [reached.length ? scope.t('round.reminded', { names: names(reached) }) : '', unreachable.length ? scope.t('round.remindUnreachable', { names: names(unreachable) }) : '']
      .filter(Boolean)
      .join(' ');
    return { kind: 'card', card: await personalRoundCard(scope, round, { notice: { text: notice, tone: reached.length ? 'good' : 'attention' } }) };
  },
});
