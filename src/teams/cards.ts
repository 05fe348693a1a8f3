import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ACData from 'adaptivecards-templating';
import { PROJECT_ROOT } from '../paths.js';

/**
 * The only reader of cards/*.json. Templates are Adaptive Cards 1.5 with ${…} placeholders
 * (adaptivecards-templating); every text in them comes from the data, already translated.
 */

export const CARDS_DIR = join(PROJECT_ROOT, 'cards');

/** Teams refuses card payloads above ~28 KB. */
export const MAX_CARD_BYTES = 28 * 1024;

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

/** A message the bot posted (a card), to update later. */
export interface PostedCard {
  conversationId: string;
  activityId: string;
}

const templates = new Map<string, ACData.Template>();

function template(name: string): ACData.Template {
  let found = templates.get(name);
  if (!found) {
    const json = JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')) as object;
    found = new ACData.Template(json);
    templates.set(name, found);
  }
  return found;
}

/** Names of every template in cards/ (for tests and tooling). */
export function cardNames(): string[] {
  return readdirSync(CARDS_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

export class CardTooLargeError extends Error {
  constructor(readonly cardName: string, readonly bytes: number) {
    super(`Card ${cardName} is ${bytes} bytes, over the ${MAX_CARD_BYTES} byte limit`);
  }
}

/** Expands a template with data. Throws CardTooLargeError rather than letting Teams reject the message. */
export function renderCard(name: string, data: object): AdaptiveCard {
  const card = template(name).expand({ $root: data }) as AdaptiveCard;
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > MAX_CARD_BYTES) throw new CardTooLargeError(name, bytes);
  return card;
}

/** How many rows a growing list shows: everything first, then fewer until the card fits Teams' limit. */
const FITTING_LIMITS = [Number.POSITIVE_INFINITY, 100, 50, 25, 12, 6, 3, 1];

/**
 * Renders a card whose lists can grow (meeting summary, lists, results): `data(limit)` caps each list at `limit`
 * rows (and says how many more there are); the largest limit whose card fits is used.
 */
export function renderFitting(name: string, data: (limit: number) => object): AdaptiveCard {
  let last: unknown;
  for (const limit of FITTING_LIMITS) {
    try {
      return renderCard(name, data(limit));
    } catch (error) {
      if (!(error instanceof CardTooLargeError)) throw error;
      last = error;
    }
  }
  throw last;
}

/** The first `limit` of `items`, and how many were left out. */
export function capped<T>(items: readonly T[], limit: number): { shown: T[]; more: number } {
  const shown = items.slice(0, Math.max(0, limit));
  return { shown, more: items.length - shown.length };
}

/** A card as a message attachment (what botbuilder's CardFactory.adaptiveCard makes). */
export interface CardAttachment {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: AdaptiveCard;
}

export function cardAttachment(card: AdaptiveCard): CardAttachment {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}
