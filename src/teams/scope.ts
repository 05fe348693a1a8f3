import { translator, type Locale } from '../i18n/index.js';
import type { TurnScope } from './router.js';

/** The same turn, speaking another language (after the user switched it). */
export function withLocale<S extends TurnScope>(scope: S, locale: Locale): S {
  return { ...scope, locale, t: translator(locale) };
}
