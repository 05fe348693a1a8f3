/**
 * The organisations in Samhällskontraktet. A person's organisation is read from their e-mail domain
 * (petra@vasteras.se) or from how the minutes write it ("Christine Wäneskog, Västerås stad"). Names are shown
 * through i18n (`organisation.<id>`); matching is done on accent-free lower case, so "Vasteras" and "Västerås"
 * are the same.
 */

export const ORGANISATIONS = ['vasteras', 'eskilstuna', 'mdu', 'shk'] as const;
export type OrganisationId = (typeof ORGANISATIONS)[number];

const PATTERNS: ReadonlyArray<[OrganisationId, RegExp]> = [
  ['vasteras', /\bvasteras\b/],
  ['eskilstuna', /\beskilstuna\b/],
  // Mälardalens universitet, formerly Mälardalens högskola (MDH); domains mdu.se and mdh.se.
  ['mdu', /\bmalardalens?\b|\bmdu\b|\bmdh\b/],
  ['shk', /\bsamhallskontraktet\b/],
];

/** Lower case without accents, punctuation as spaces: "Västerås stad" → "vasteras stad". */
export function foldForMatching(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The organisation a free text names ("Västerås stad", "vakant, Eskilstuna kommun", "MDU"), if exactly one. */
export function organisationIn(text: string | undefined): OrganisationId | undefined {
  if (!text) return undefined;
  const folded = foldForMatching(text);
  const found = PATTERNS.filter(([, pattern]) => pattern.test(folded)).map(([id]) => id);
  return found.length === 1 ? found[0] : undefined;
}

/** The organisation of an e-mail address or UPN by its domain ("anne.almqvist@mdu.se" → mdu). */
export function organisationOfEmail(email: string | undefined): OrganisationId | undefined {
  const domain = email?.split('@')[1];
  return domain ? organisationIn(domain) : undefined;
}
