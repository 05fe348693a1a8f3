import type { Server } from 'node:http';
import { cardOf, cardText } from '../test/helpers/card-text.js';
import { RecordingConnector, type RecordedCall, type RosterMember } from '../test/helpers/recording-connector.js';

export type { RecordedCall, RosterMember };

/**
 * The recording connector as the bench uses it, and a compact summary of what it received (small enough to
 * send over IPC): the parent checks "exactly one reply per request" (and that it is the expected kind of reply)
 * without shipping every recorded body around.
 */

export interface BenchConnector {
  connector: RecordingConnector;
  /** TCP connections the bot opened to the connector so far (shows whether its outbound client reuses them). */
  connectionsAccepted(): number;
}

/**
 * Starts test/helpers' RecordingConnector with one change: an idle keep-alive of 5 s instead of its 1 s.
 * With `Keep-Alive: timeout=1` Node's http.Agent (which botbuilder's outbound client uses) refuses to reuse
 * a socket at all (it keeps sockets only when the server's hint is > 1 s), so every reply would open a new TCP
 * connection — a cost of the stand-in, not of the bot; the real Bot Connector keeps connections open.
 */
export async function startBenchConnector(): Promise<BenchConnector> {
  const connector = await new RecordingConnector().start();
  // `server` is private in the helper (which the bench must not edit); reach it by index.
  const server = connector['server'] as Server | undefined;
  if (!server) throw new Error('RecordingConnector: no server after start()');
  server.keepAliveTimeout = 5000;
  let connections = 0;
  server.on('connection', () => connections++);
  return { connector, connectionsAccepted: () => connections };
}

export interface ConnectorSummary {
  totalCalls: number;
  /** `${method} ${kind} ${status}` → count, e.g. "POST reply 200". */
  calls: Record<string, number>;
  /** Successful replies (POST …/activities/{id}) per incoming activity id. */
  repliesTo: Record<string, number>;
  /** What the (last) reply to each activity looked like: `attachment:<contentType>` or `text:<text>`. */
  shapeOf: Record<string, string>;
  /** With `{ cardText: true }`: the (last) reply's Adaptive Card text, flattened (cardText), cut at CARD_TEXT_MAX. */
  cardTextOf?: Record<string, string>;
}

export interface SummaryOptions {
  /** Also return each reply's card text (for scenarios whose expected reply is a card with given content). */
  cardText?: boolean;
}

/** Enough for an item card's title, status and facts; keeps the IPC answer small (≈ 1 MB per 2000 replies). */
const CARD_TEXT_MAX = 500;

export function summarise(calls: readonly RecordedCall[], options: SummaryOptions = {}): ConnectorSummary {
  const summary: ConnectorSummary = { totalCalls: calls.length, calls: {}, repliesTo: {}, shapeOf: {} };
  if (options.cardText) summary.cardTextOf = {};
  for (const call of calls) {
    const key = `${call.method} ${call.kind} ${call.status}`;
    summary.calls[key] = (summary.calls[key] ?? 0) + 1;
    if (call.kind === 'reply' && call.status < 300 && call.activityId) {
      summary.repliesTo[call.activityId] = (summary.repliesTo[call.activityId] ?? 0) + 1;
      summary.shapeOf[call.activityId] = shapeOf(call.body);
      if (summary.cardTextOf) summary.cardTextOf[call.activityId] = cardText(cardOf(call.body)).slice(0, CARD_TEXT_MAX);
    }
  }
  return summary;
}

/** Filter for `recordedCalls`: only these kinds (e.g. `update`, `reply`), only calls recorded at or after `since` (ms). */
export interface CallFilter {
  kinds?: string[];
  since?: number;
}

/** Recorded calls with their bodies (answers.ts: the round card, progress updates, the result card). */
export function recordedCalls(calls: readonly RecordedCall[], filter: CallFilter = {}): RecordedCall[] {
  return calls.filter((call) => (!filter.kinds || filter.kinds.includes(call.kind)) && (filter.since === undefined || call.at >= filter.since));
}

function shapeOf(body: any): string {
  const attachments = Array.isArray(body?.attachments) ? body.attachments : [];
  if (attachments.length > 0) return attachments.map((a: any) => `attachment:${String(a?.contentType)}`).join(',');
  return `text:${String(body?.text ?? '')}`.slice(0, 200);
}

