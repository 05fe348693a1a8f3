/**
 * One way for a domain service to report an expected failure (bad input, not found, someone else changed it).
 * A failure is a `code` (turned into the message key `error.<feature>.<code>` by the Teams layer) and an optional
 * `detail`: what the message needs to say (the echoed text, a maximum, the round it concerns). Unexpected faults
 * still throw.
 */
export interface Failure<C extends string = string, D = string | number> {
  readonly code: C;
  readonly detail?: D;
}

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Fail<E> = { readonly ok: false; readonly error: E };

/** What a domain service returns when it can fail in a way the user should be told about. */
export type Result<T, E extends Failure<string, unknown> = Failure> = Ok<T> | Fail<E>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function fail<C extends string>(code: C): Fail<Failure<C, never>>;
export function fail<C extends string, D>(code: C, detail: D): Fail<Failure<C, D>>;
export function fail<C extends string, D>(code: C, detail?: D): Fail<Failure<C, D>> {
  return { ok: false, error: detail === undefined ? { code } : { code, detail } };
}

/** The failure codes a service's result can carry. */
export type CodeOf<R> = R extends Fail<infer E> ? (E extends Failure<infer C, unknown> ? C : never) : never;
