import type { Failure } from '../domain/result.js';
import type { MessageKey } from '../i18n/index.js';

/**
 * How a domain failure becomes a message: the key `error.<feature>.<code>` in src/i18n/sv.ts (and en.ts).
 * `CodesWithText<F>` are the codes that have such a text, so passing a failure whose code has none fails to compile.
 */
export type ErrorKey<F extends string, C extends string> = `error.${F}.${C}`;
export type CodesWithText<F extends string> = MessageKey extends infer K ? (K extends `error.${F}.${infer C}` ? C : never) : never;

/** The message key for a failure of `feature` (compile-time checked against sv.ts). */
export function errorKey<F extends string, C extends CodesWithText<F>>(feature: F, failure: Failure<C, unknown> | C): ErrorKey<F, C> & MessageKey {
  const code = typeof failure === 'string' ? failure : failure.code;
  return `error.${feature}.${code}` as ErrorKey<F, C> & MessageKey;
}
