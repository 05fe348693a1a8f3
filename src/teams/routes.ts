import { actionItems } from './action-items/index.js';
import { evaluations } from './evaluations/index.js';
import { initiatives } from './initiatives/index.js';
import { meetings } from './meetings/index.js';
import { privacy } from './privacy/index.js';
import { reminders } from './reminders/index.js';
import { reports } from './reports/index.js';
import type { AttachmentRoute, AwaitingHandler, CardActionRoute, CommandRoute, Feature } from './router.js';
import { settings } from './settings/index.js';

/**
 * The features, joined. No two features' command patterns overlap, so their order only matters within a feature
 * — with one deliberate exception: during a meeting, "att-göra …" in its chat goes into the live notes (#17), so
 * meetings come before action-items (the meetings route hands the text on when no meeting is going on).
 */
const features: readonly Feature[] = [settings, meetings, actionItems, evaluations, initiatives, reminders, privacy, reports];

/** Command routes, tried in this order (more specific patterns first). */
export const commandRoutes: readonly CommandRoute[] = features.flatMap((feature) => feature.commands);

/** Card actions by verb (the verb must equal the `verb` in the card JSON). */
export const cardActionRoutes: ReadonlyMap<string, CardActionRoute> = new Map(
  features.flatMap((feature) => feature.cardActions).map((route) => [route.verb, route]),
);

/** Follow-up messages the bot can wait for, by kind. */
export const awaitingHandlers: ReadonlyMap<string, AwaitingHandler> = new Map(
  features.flatMap((feature) => Object.entries(feature.awaiting ?? {})),
);

/** Routes for messages with a file (tried before the commands). */
export const attachmentRoutes: readonly AttachmentRoute[] = features.flatMap((feature) => feature.attachments ?? []);
