import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../../config.js';
import type { Clock } from '../../domain/ports.js';
import { TabHttpError } from './http-error.js';

/**
 * Who is calling the tab API. In Teams the tab asks for an SSO token (`authentication.getAuthToken()`), an Entra
 * access token issued to our app; it is checked here: signature against Microsoft's published keys, audience
 * (our Application ID URI or app id), issuer (the token's own tenant, v1 or v2 endpoint), expiry, and the
 * `tid`/`oid` claims every later check relies on. In local mode (no app id) there is no SSO: every request is
 * a dev identity in DEV_TENANT_ID, and the tab says so on screen.
 */

export interface TabIdentity {
  tenantId: string;
  aadObjectId: string;
  name: string;
  /** The local-mode stand-in, never a real person. */
  dev: boolean;
}

export interface TabAuthenticator {
  /** Resolves the caller, or throws TabHttpError 401. */
  authenticate(authorization: string | undefined): Promise<TabIdentity>;
}

/** Microsoft's signing keys for Entra tokens of every tenant (v1 and v2 tokens are signed with the same keys). */
export const ENTRA_KEYS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

/** The dev identity's object id: obviously not a GUID Entra would issue. */
export const DEV_USER_ID = 'dev-user-local-mode';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Allowed clock difference between Entra and us. */
const CLOCK_TOLERANCE_S = 300;

export function createTabAuthenticator(config: Config, clock: Clock, options: { keys?: JWTVerifyGetKey; devName?: string } = {}): TabAuthenticator {
  if (config.localMode) {
    const dev: TabIdentity = { tenantId: config.tab.devTenantId, aadObjectId: DEV_USER_ID, name: options.devName ?? 'Dev', dev: true };
    return { authenticate: async () => dev };
  }
  const audiences = [config.tab.appIdUri, config.tab.appId].filter((a): a is string => Boolean(a));
  const keys = options.keys ?? createRemoteJWKSet(new URL(ENTRA_KEYS_URL), { timeoutDuration: 5_000, cooldownDuration: 30_000 });

  return {
    async authenticate(authorization) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
      if (!token) throw new TabHttpError(401, 'unauthenticated', 'tabApi.error.noToken');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          audience: audiences,
          algorithms: ['RS256'],
          clockTolerance: CLOCK_TOLERANCE_S,
          currentDate: clock.now(),
          requiredClaims: ['exp', 'iss', 'tid', 'oid'],
        }));
      } catch (error) {
        if (error instanceof joseErrors.JOSEError || error instanceof TypeError) {
          throw new TabHttpError(401, 'unauthenticated', 'tabApi.error.badToken', {}, error);
        }
        throw error;
      }
      const tenantId = String(payload.tid ?? '');
      const aadObjectId = String(payload.oid ?? '');
      if (!GUID.test(tenantId) || !GUID.test(aadObjectId)) throw new TabHttpError(401, 'unauthenticated', 'tabApi.error.badToken');
      const issuers = [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
      if (!issuers.includes(String(payload.iss))) throw new TabHttpError(401, 'unauthenticated', 'tabApi.error.badToken');
      if (config.bot.appType !== 'MultiTenant' && config.bot.appTenantId && tenantId !== config.bot.appTenantId) {
        // A single-tenant app only serves its own tenant (guests from the partners sign in to this tenant).
        throw new TabHttpError(401, 'unauthenticated', 'tabApi.error.badToken');
      }
      // A delegated token for the scope the tab's app exposes; app-only tokens have no scp.
      if (!String(payload.scp ?? '').split(' ').includes('access_as_user')) throw new TabHttpError(401, 'unauthenticated', 'tabApi.error.badToken');
      const name = typeof payload.name === 'string' ? payload.name : typeof payload.preferred_username === 'string' ? payload.preferred_username : '';
      return { tenantId, aadObjectId, name, dev: false };
    },
  };
}
