import { createRequire } from 'node:module';
import { MAX_CARD_BYTES } from '../../src/teams/cards.js';

// The ESM build (lib/) does not load in Node; the UMD bundle does.
const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js');

/**
 * Properties the Adaptive Cards SDK dates to 1.6 but Teams supports in 1.5 cards (and documents with them):
 * the people picker's `choices.data` (Data.Query over graph.microsoft.com/users). Nothing else is let through.
 */
const TEAMS_EXTENSIONS = [/^Property "choices\.data" is supported in version 1\.6, but you are using version 1\.5\.$/];

/**
 * Everything wrong with an expanded card, as a Teams client would see it: parser warnings (unknown types,
 * bad values), validation failures (duplicate ids, empty collections), leftover template expressions,
 * a version other than 1.5, or a payload over Teams' size limit. Empty list = fine.
 */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const json = JSON.stringify(card);
  if (json.includes('${')) problems.push(`unexpanded template expression: ${json.match(/.{0,40}\$\{.{0,40}/)?.[0]}`);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_CARD_BYTES) problems.push(`card is ${bytes} bytes (limit ${MAX_CARD_BYTES})`);
  const c = card as { type?: string; version?: string };
  if (c.type !== 'AdaptiveCard') problems.push(`type is ${c.type}`);
  if (c.version !== '1.5') problems.push(`version is ${c.version}, expected 1.5`);

  const parsed = new AC.AdaptiveCard();
  // Parse as the version the cards declare, so a 1.6-only property is reported.
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const message: string = context.getEventAt(i).message;
    if (!TEAMS_EXTENSIONS.some((allowed) => allowed.test(message))) problems.push(`parse: ${message}`);
  }
  const results = parsed.validateProperties();
  for (const event of results.validationEvents as Array<{ message: string }>) problems.push(`validate: ${event.message}`);
  return problems;
}

/** Every Action.Execute verb in a card (including nested ShowCard cards). */
export function verbsOf(card: unknown): string[] {
  const verbs: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute' && typeof record.verb === 'string') verbs.push(record.verb);
      Object.values(record).forEach(visit);
    }
  };
  visit(card);
  return verbs;
}
