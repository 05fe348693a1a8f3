import type { Config } from '../config.js';
import { conversationLocale } from '../domain/conversations/conversation.js';
import type { EvaluationService } from '../domain/scoring/evaluation-service.js';
import type { Round } from '../domain/scoring/round.js';
import type { Logger } from '../logger.js';
import type { ConversationRepository } from '../store/conversation-repository.js';
import { Periodic } from './periodic.js';

/** What closing rounds needs; how a result reaches people is the `publish` function's business. */
export interface RoundCloserServices {
  evaluations: EvaluationService;
  conversations: ConversationRepository;
  config: Pick<Config, 'defaultLocale'>;
  logger: Logger;
}

/**
 * Closes evaluation rounds whose deadline has passed and posts their result. Safe with several bot processes
 * on one store: closing is guarded by the round's ETag, so only the process that wins the close posts.
 * (A process that dies between closing and posting leaves a closed round without a result message; the result
 * is still on the round and the initiative.)
 */
export class RoundCloser {
  private readonly job: Periodic<number>;

  constructor(
    private readonly services: RoundCloserServices,
    /** Posts the result of a round closed here (the Teams layer's publishResult). */
    private readonly publish: (round: Round) => Promise<void>,
    private readonly intervalMs = 60_000,
  ) {
    this.job = new Periodic(() => this.pass(), (error) => services.logger.error({ err: error }, 'closing rounds failed'));
  }

  start(): void {
    this.job.start(this.intervalMs);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One pass: closes what is due; resolves the number of rounds this process closed. */
  runOnce(): Promise<number> {
    return this.job.runOnce();
  }

  private async pass(): Promise<number> {
    const { evaluations, conversations, config, logger } = this.services;
    let closed = 0;
    for (const due of await evaluations.roundsPastDeadline()) {
      try {
        const conversation = await conversations.get(due.tenantId, due.conversationKey);
        const locale = conversationLocale(conversation, conversation?.kind ?? 'channel', undefined, config.defaultLocale);
        const outcome = await evaluations.closeRound(due.tenantId, due.id, 'deadline', locale);
        if (!outcome.ok) continue;
        closed++;
        await this.publish(outcome.value.round);
        logger.info({ roundId: due.id, tenantId: due.tenantId, answers: outcome.value.round.result?.answers }, 'round closed at its deadline');
      } catch (error) {
        logger.error({ err: error, roundId: due.id }, 'could not close a round at its deadline');
      }
    }
    return closed;
  }
}
