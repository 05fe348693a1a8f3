import type { Config } from '../../config.js';
import type { Clock } from '../../domain/ports.js';
import type { Round } from '../../domain/scoring/round.js';
import type { EvaluationService } from '../../domain/scoring/evaluation-service.js';
import type { Logger } from '../../logger.js';
import type { ConversationRepository } from '../../store/conversation-repository.js';
import { cardAttachment, type AdaptiveCard, type PostedCard } from '../cards.js';
import { conversationCardContext, type CardContext } from '../card-context.js';
import type { ProactiveSender } from '../proactive.js';
import { resultCard, roundCard } from './scoring-cards.js';

/**
 * Keeping a round's messages current: the round card's progress ("4 av 7 har svarat") and, when the round
 * closes, the result card in its thread. Progress updates are coalesced per round, so a wave of answers
 * becomes a few card updates rather than one per answer (Teams allows about 7 messages per second and 60 per
 * 30 seconds in a conversation, updates included).
 */

/** What keeping round messages current needs (exists before the full BotServices). */
export interface RoundMessageServices {
  evaluations: EvaluationService;
  conversations: ConversationRepository;
  proactive: ProactiveSender;
  config: Config;
  clock: Clock;
  logger: Logger;
}

/** The card context of the conversation a round lives in (its language, not the clicker's). */
async function roundCardContext(services: RoundMessageServices, round: Round): Promise<{ c: CardContext; conversation: Awaited<ReturnType<ConversationRepository['get']>> }> {
  const conversation = await services.conversations.get(round.tenantId, round.conversationKey);
  return { c: conversationCardContext(conversation, services.config, services.clock.now()), conversation };
}

export class RoundProgress {
  private readonly pending = new Map<string, { round: Round; timer: NodeJS.Timeout }>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly services: RoundMessageServices,
    /** Quiet time after the last answer before the card is updated; also the longest a burst is held back. */
    private readonly delayMs = 1_500,
  ) {}

  /** An answer came in: update the round card soon (once for a whole burst). */
  answered(round: Round): void {
    if (!round.card || this.pending.has(round.id)) return;
    const timer = setTimeout(() => this.flush(round.id), this.delayMs);
    timer.unref();
    this.pending.set(round.id, { round, timer });
  }

  /** Sends every pending update now (on shutdown) and waits for the ones under way. */
  async drain(): Promise<void> {
    for (const id of [...this.pending.keys()]) this.flush(id);
    await Promise.allSettled([...this.running]);
  }

  private flush(roundId: string): void {
    const entry = this.pending.get(roundId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(roundId);
    const work = this.update(entry.round).catch((error: unknown) => this.services.logger.warn({ err: error, roundId }, 'could not update round progress'));
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  private async update(stale: Round): Promise<void> {
    const round = (await this.services.evaluations.round(stale.tenantId, stale.id)) ?? stale;
    if (!round.card || round.status !== 'open') return;
    const { c, conversation } = await roundCardContext(this.services, round);
    if (!conversation?.active) return;
    // From the round's tally: the update reads the round and the conversation, never the answers.
    const count = await this.services.evaluations.countOf(round);
    await this.services.proactive.update({ ...conversation, conversationId: round.card.conversationId }, round.card.activityId, {
      type: 'message',
      attachments: [cardAttachment(roundCard(round, count, c))],
    });
  }
}

/**
 * Posts the result of a closed round in its thread and marks the round card closed. From a turn (the creator
 * clicked or wrote "stäng") the result is a reply; from the scheduler (deadline) it is sent proactively.
 */
export async function publishResult(services: RoundMessageServices, round: Round, turn?: { post(card: AdaptiveCard): Promise<PostedCard | undefined>; replyTo?: PostedCard }): Promise<void> {
  const { c, conversation } = await roundCardContext(services, round);
  const card = resultCard(round, c, services.config.publicBaseUrl);
  if (turn) {
    const posted = await turn.post(card);
    if (posted) await services.evaluations.recordCard(round.tenantId, round.id, { resultCard: posted });
  } else if (conversation?.active) {
    const address = { ...conversation, conversationId: round.card?.conversationId ?? conversation.conversationId };
    const posted = await services.proactive.send(address, { type: 'message', attachments: [cardAttachment(card)] });
    if (posted.id) await services.evaluations.recordCard(round.tenantId, round.id, { resultCard: { conversationId: address.conversationId, activityId: posted.id } });
  }
  if (round.card && conversation?.active && turn?.replyTo?.activityId !== round.card.activityId) {
    const count = round.result?.answers ?? 0;
    await services.proactive
      .update({ ...conversation, conversationId: round.card.conversationId }, round.card.activityId, { type: 'message', attachments: [cardAttachment(roundCard(round, count, c))] })
      .catch((error: unknown) => services.logger.warn({ err: error, roundId: round.id }, 'could not mark the round card closed'));
  }
}
