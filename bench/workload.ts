import { message, PEOPLE, where, type Person, type Where } from '../test/helpers/activities.js';

/**
 * The activities the load generator sends: Teams-shaped message activities (test/helpers/activities.ts) with a
 * distinct `id` each, spread round-robin over a mix of conversations — N personal chats (one per person) and
 * channel threads in two channels, where the bot is @mentioned as Teams requires there.
 * Bodies are serialised up front so the timed loop only sends bytes.
 */

export interface WorkloadOptions {
  personalChats: number;
  /** Share of requests that are channel messages (0–1). */
  channelShare: number;
  /** Channel threads the channel messages rotate over. */
  channelThreads: number;
}

export interface PreparedRequest {
  /** The activity id; the bot's reply is POSTed to …/activities/{id}, so the connector can count per request. */
  id: string;
  body: string;
  where: 'personal' | 'channel';
  /** The request's number in the run (offset + index): what a per-request text such as "… nr N" was built with. */
  n: number;
}

/** The text of every request, or a function of the request's number (e.g. "att-göra … nr N"). */
export type RequestText = string | ((n: number) => string);

const SECOND_CHANNEL = '19:core-team-barn@thread.tacv2';

interface Target {
  kind: 'personal' | 'channel';
  from: Person;
  at: Where;
}

export function conversationMix(options: WorkloadOptions): { personal: Target[]; channel: Target[] } {
  const known: Person[] = Object.values(PEOPLE);
  const personal: Target[] = [];
  for (let i = 0; i < options.personalChats; i++) {
    const from: Person = known[i] ?? { id: `29:bench-user-${i}`, name: `Bench User ${i}`, aadObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` };
    personal.push({ kind: 'personal', from, at: where.personal(from) });
  }
  const channel: Target[] = [];
  for (let i = 0; i < options.channelThreads; i++) {
    const channelId = i % 2 === 0 ? undefined : SECOND_CHANNEL;
    const at = channelId ? where.channel(`17000000000${i}`, undefined, channelId) : where.channel(`17000000000${i}`);
    channel.push({ kind: 'channel', from: known[i % known.length]!, at });
  }
  return { personal, channel };
}

/**
 * `count` requests with text `text`; `offset` continues the round-robin (so warm-up and run differ).
 * `mentions`: people @mentioned in every message (entities as Teams sends them; the text carries the markup).
 */
export function prepareRequests(
  text: RequestText,
  count: number,
  serviceUrl: string,
  options: WorkloadOptions,
  offset = 0,
  mentions: Person[] = [],
): PreparedRequest[] {
  const { personal, channel } = conversationMix(options);
  const share = channel.length === 0 ? 0 : Math.min(1, Math.max(0, options.channelShare));
  if (personal.length === 0 && share < 1) throw new Error('no personal chats and channel share < 1');
  const requests: PreparedRequest[] = [];
  let p = 0;
  let c = 0;
  for (let n = offset; n < offset + count; n++) {
    // Evenly spaced: request n is a channel message when floor((n+1)·share) steps up.
    const isChannel = Math.floor((n + 1) * share) > Math.floor(n * share);
    const target = isChannel ? channel[c++ % channel.length]! : personal[p++ % personal.length]!;
    const activity = message(typeof text === 'string' ? text : text(n), {
      serviceUrl,
      from: target.from,
      at: target.at,
      mentionBot: target.kind === 'channel',
      ...(mentions.length > 0 ? { mentions } : {}),
    });
    requests.push({ id: String(activity.id), body: JSON.stringify(activity), where: target.kind, n });
  }
  return requests;
}
