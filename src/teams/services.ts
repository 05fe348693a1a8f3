import type { Config } from '../config.js';
import type { ChartStore } from '../charts/chart-store.js';
import type { ActionItemService } from '../domain/action-items/action-item-service.js';
import type { MeetingService } from '../domain/meetings/meeting-service.js';
import type { PrivacyService } from '../domain/privacy/privacy-service.js';
import type { EvaluationService } from '../domain/scoring/evaluation-service.js';
import type { ReminderService } from '../domain/reminders/reminder-service.js';
import type { Clock } from '../domain/ports.js';
import type { Logger } from '../logger.js';
import type { ConversationRepository } from '../store/conversation-repository.js';
import type { PeopleDirectory } from './people.js';
import type { ProactiveSender } from './proactive.js';
import type { RoundProgress } from './evaluations/round-messages.js';
import type { AttachmentRoute, AwaitingHandler, CardActionRoute, CommandRoute } from './router.js';

/** Everything a handler may use, built once by the composition root (src/app.ts). */
export interface BotServices {
  config: Config;
  clock: Clock;
  logger: Logger;
  conversations: ConversationRepository;
  proactive: ProactiveSender;
  people: PeopleDirectory;
  actionItems: ActionItemService;
  evaluations: EvaluationService;
  meetings: MeetingService;
  reminders: ReminderService;
  /** "mina data" / "radera mina data": a person's export and erasure. */
  privacy: PrivacyService;
  charts: ChartStore;
  /** Coalesced updates of round cards' progress (set once the services exist). */
  roundProgress: RoundProgress;
  /** The routing tables, so help and welcome cards list exactly the commands that exist. */
  commands: readonly CommandRoute[];
  cardActions: ReadonlyMap<string, CardActionRoute>;
  /** Handlers for follow-up messages the bot asked for, by kind. */
  awaiting: ReadonlyMap<string, AwaitingHandler>;
  /** Routes for messages with a file, tried before commands. */
  attachments: readonly AttachmentRoute[];
}
