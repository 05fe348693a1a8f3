import data from './partners.json' with { type: 'json' };

/**
 * The partner organisations of Samhällskontraktet (partners.json) and a tolerant match of an organisation as
 * written in minutes ("Eskilstuns kommun", "Västerås Stad", "MdU", "Mälardalens högskola", "SK",
 * "Samhällskontraktets processtöd", "processledare Samhällskontraktet") to one of them. What matches nothing is
 * not a partner and is kept as written ("SKR", "Ensamma manskören").
 *
 * How it compares: case, diacritics and punctuation are ignored; a written organisation is compared whole, and —
 * when it has a role or unit in lower case before or after the capitalised name ("processledare Samhällskontraktet",
 * "Samhällskontraktets processtöd") — by that capitalised core; each comma part on its own ("Västerås stad,
 * ordförande"). Short names must match exactly (an acronym one letter off is another organisation: "SKR" is not
 * "SK"); names of 6–11 letters may be one edit off, longer ones two. Bounded: at most 120 characters are compared.
 *
 * i18n-exempt: organisation names are proper names, not UI text.
 */

export interface Partner {
  id: string;
  name: string;
  aliases: string[];
}

export const PARTNERS: readonly Partner[] = data.partners;

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const ALIASES = PARTNERS.flatMap((partner) => partner.aliases.map((alias) => ({ partner, alias: fold(alias) })));

/** Levenshtein distance, giving up (returns max + 1) as soon as it exceeds `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

const allowed = (alias: string) => (alias.length < 6 ? 0 : alias.length < 12 ? 1 : 2);

function matchOne(text: string): Partner | undefined {
  const folded = fold(text);
  if (!folded) return undefined;
  let best: { partner: Partner; d: number } | undefined;
  for (const { partner, alias } of ALIASES) {
    const d = distance(folded, alias, allowed(alias));
    if (d <= allowed(alias) && (!best || d < best.d)) best = { partner, d };
  }
  return best?.partner;
}

/** The partner an organisation as written refers to, if any. */
export function findPartner(written: string | undefined): Partner | undefined {
  if (!written) return undefined;
  const text = written.slice(0, 120);
  for (const part of [text, ...text.split(/\s*[,;/]\s*/)]) {
    const whole = matchOne(part);
    if (whole) return whole;
    // The capitalised core, without a role or unit in lower case around it.
    const words = part.split(/\s+/);
    let start = 0;
    let end = words.length;
    while (start < end && /^\p{Ll}/u.test(words[start]!)) start++;
    while (end > start && /^\p{Ll}/u.test(words[end - 1]!)) end--;
    if (start > 0 || end < words.length) {
      const core = matchOne(words.slice(start, end).join(' '));
      if (core) return core;
    }
  }
  return undefined;
}

/** How the bot writes an organisation: the partner's name when it is one, else as written. */
export function organisationName(written: string | undefined): string | undefined {
  return findPartner(written)?.name ?? written;
}
