import { t, type Locale, type MessageKey, type Vars } from './i18n/index.js';
import { isStoreError } from './store/document-store.js';

/**
 * The error catalogue: every error a user can be shown, with the i18n key of its message and the HTTP status
 * used when it answers a card action (invoke). Anything not in the catalogue is reported as `internal`.
 */
export const errorCatalogue = {
  internal: { status: 500, message: 'error.internal' },
  unknownAction: { status: 400, message: 'error.unknownAction' },
  invalidInput: { status: 400, message: 'error.invalidInput' },
  textTooLong: { status: 400, message: 'error.textTooLong' },
  notFound: { status: 404, message: 'error.notFound' },
  forbidden: { status: 403, message: 'error.forbidden' },
  conflict: { status: 412, message: 'error.conflict' },
  storeUnavailable: { status: 503, message: 'error.storeUnavailable' },
  missingTenant: { status: 400, message: 'error.missingTenant' },
} as const satisfies Record<string, { status: number; message: MessageKey }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** An error meant for the user: a catalogue code plus the values its message needs. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly vars: Vars = {},
    options?: { cause?: unknown },
  ) {
    super(`${code}${Object.keys(vars).length ? ` ${JSON.stringify(vars)}` : ''}`, options);
    this.name = 'AppError';
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }
}

/** Any thrown value as an AppError: store outages and lost races get their own codes, the rest is internal. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isStoreError(error, 'PreconditionFailed')) return new AppError('conflict', {}, { cause: error });
  if (isStoreError(error, 'NotFound')) return new AppError('notFound', {}, { cause: error });
  if (isStoreError(error, 'Unavailable')) return new AppError('storeUnavailable', {}, { cause: error });
  return new AppError('internal', {}, { cause: error });
}

export function userMessage(error: AppError, locale: Locale): string {
  return t(errorCatalogue[error.code].message, error.vars, locale);
}
