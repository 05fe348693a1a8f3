import type { MessageKey, Vars } from '../../i18n/index.js';
import type { TabError } from '../shared/api.js';

/** An answer the tab API gives on purpose: HTTP status, a code for the client, a message in the caller's language. */
export class TabHttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409,
    readonly code: TabError['code'],
    readonly messageKey: MessageKey,
    readonly vars: Vars = {},
    cause?: unknown,
  ) {
    super(`${status} ${code}: ${messageKey}`, cause === undefined ? undefined : { cause });
    this.name = 'TabHttpError';
  }
}
