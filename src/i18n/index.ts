import { en } from './en.js';
import { sv, type MessageKey } from './sv.js';

export type { MessageKey };
export type Locale = 'sv' | 'en';
export const locales: readonly Locale[] = ['sv', 'en'];

const catalogues: Record<Locale, Record<MessageKey, string>> = { sv, en };

export type Vars = Record<string, string | number>;

/** The {placeholders} of a text, read from its Swedish template. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
type Template<K extends MessageKey> = (typeof import('./sv.js').sv)[K];
/** The variables `key` needs: exactly its placeholders (a missing or misspelt one fails to compile). */
export type VarsOf<K extends MessageKey> = { [N in Placeholders<Template<K>>]: string | number };
/**
 * A key known at compile time gets exactly its variables; a key chosen at run time (typed as any MessageKey, e.g.
 * from a command's help entry) cannot be checked and takes any variables.
 */
type VarsArg<K extends MessageKey> = MessageKey extends K
  ? [vars?: Vars]
  : [Placeholders<Template<K>>] extends [never]
    ? [vars?: Record<string, never>]
    : [vars: VarsOf<K>];

/** The text for `key` in `locale`, with {placeholders} replaced. An unknown placeholder is left visible. */
export function t(key: MessageKey, vars: Vars = {}, locale: Locale = 'sv'): string {
  const template = catalogues[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A translator bound to one locale, handed to handlers so they never pick a language themselves. */
export type Translate = <K extends MessageKey>(key: K, ...vars: VarsArg<K>) => string;
export const translator = (locale: Locale): Translate => (key, ...vars) => t(key, vars[0] ?? {}, locale);

/** Maps a BCP-47 tag from Teams ("en-US", "sv-SE", "en") to a supported locale; anything else is Swedish. */
export function localeFromTag(tag: string | undefined, fallback: Locale = 'sv'): Locale {
  if (!tag) return fallback;
  const lower = tag.toLowerCase();
  if (lower.startsWith('en')) return 'en';
  if (lower.startsWith('sv')) return 'sv';
  return fallback;
}

export function catalogue(locale: Locale): Readonly<Record<MessageKey, string>> {
  return catalogues[locale];
}
