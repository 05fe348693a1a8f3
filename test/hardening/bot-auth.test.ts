import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { AuthenticationConstants } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message, PEOPLE } from '../helpers/activities.js';
import { startTestBot, type TestBot } from '../helpers/test-app.js';

/**
 * Hostile tokens on /api/messages, with Bot Framework's key endpoint played by a local OpenID metadata + JWKS server
 * (no network). A token signed with the published key is accepted, so a 401 really is the signature check.
 */

const APP_ID = '6a4b1c2d-0000-4000-8000-00000000b0b0';
const TENANT_ID = '72f988bf-0000-4000-8000-000000000001';
const KID = 'real-key-id';

async function startKeyServer(jwk: JWK): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    const { port } = server.address() as AddressInfo;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: AuthenticationConstants.ToBotFromChannelTokenIssuer, jwks_uri: `http://127.0.0.1:${port}/keys` }));
    } else if (req.url === '/keys') {
      res.end(JSON.stringify({ keys: [{ ...jwk, kid: KID, use: 'sig' }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/openidconfiguration`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Public-cloud endpoints, except where tokens are checked. */
const endpoints = (openIdMetadataUrl: string) => ({
  ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
  ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
  ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
  OAuthUrl: AuthenticationConstants.OAuthUrl,
  ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
  ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl,
  CallerId: 'urn:botframework:azure',
});

const ENV = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppTenantId: TENANT_ID, MicrosoftAppType: 'SingleTenant' };

describe('Bot Framework tokens (hardening)', () => {
  let keys: Awaited<ReturnType<typeof startKeyServer>>;
  let bot: TestBot;
  let realKey: CryptoKey;
  let attackerKey: CryptoKey;

  const sign = (key: CryptoKey, serviceUrl: string, kid = KID) =>
    new SignJWT({ serviceurl: serviceUrl })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(AuthenticationConstants.ToBotFromChannelTokenIssuer)
      .setAudience(APP_ID)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('1h')
      .sign(key);

  beforeAll(async () => {
    const real = await generateKeyPair('RS256', { extractable: true });
    realKey = real.privateKey;
    attackerKey = (await generateKeyPair('RS256')).privateKey;
    keys = await startKeyServer(await exportJWK(real.publicKey));
    bot = await startTestBot({ env: ENV, overrides: { botAuthEndpoints: endpoints(keys.url) } });
  });
  afterAll(async () => {
    await bot.stop();
    await keys.close();
  });

  const typing = (): Record<string, any> => ({ ...message('', { serviceUrl: bot.connector.url, from: PEOPLE.petra }), type: 'typing' });

  it('a token signed with the published key is accepted (the key server is really used)', async () => {
    const activity = typing();
    const response = await bot.post(activity, { authorization: `Bearer ${await sign(realKey, activity.serviceUrl)}` });
    expect(response.status).toBe(200);
    expect(keys.requests()).toBeGreaterThan(0);
    expect(await bot.app.store.container('conversations').queryAcross('')).toHaveLength(1);
  });

  it("an attacker's token reusing the real key id gets 401, not 500, and is not processed", async () => {
    const before = bot.connector.calls.length;
    const activity = message('radera mina data', { serviceUrl: bot.connector.url, from: PEOPLE.petra });
    const response = await bot.post(activity, { authorization: `Bearer ${await sign(attackerKey, activity.serviceUrl)}` });
    expect(response.status).toBe(401);
    expect(JSON.stringify(response.body)).not.toMatch(/signature|http/i);
    expect(bot.connector.calls.length).toBe(before);
  });

  it('a token under an unknown key id, or with no signature at all, gets 401', async () => {
    const activity = message('hjälp', { serviceUrl: bot.connector.url, from: PEOPLE.petra });
    expect((await bot.post(activity, { authorization: `Bearer ${await sign(attackerKey, activity.serviceUrl, 'other-kid')}` })).status).toBe(401);
    const [header, payload] = (await sign(realKey, activity.serviceUrl)).split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', kid: KID })).toString('base64url')}.${payload}.`;
    expect(header).toBeTruthy();
    expect((await bot.post(activity, { authorization: `Bearer ${unsigned}` })).status).toBe(401);
  });
});

describe('Unreachable key endpoint (hardening)', () => {
  it('answers 503 with Retry-After and no internal URL in the body', async () => {
    // A port nothing listens on: a server started and closed again.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const unreachable = `http://127.0.0.1:${port}/internal-keys/.well-known/openidconfiguration`;
    const bot = await startTestBot({ env: ENV, overrides: { botAuthEndpoints: endpoints(unreachable) } });
    try {
      const key = (await generateKeyPair('RS256')).privateKey;
      const activity = message('hjälp', { serviceUrl: bot.connector.url, from: PEOPLE.petra });
      const token = await new SignJWT({ serviceurl: activity.serviceUrl })
        .setProtectedHeader({ alg: 'RS256', kid: KID })
        .setIssuer(AuthenticationConstants.ToBotFromChannelTokenIssuer)
        .setAudience(APP_ID)
        .setExpirationTime('1h')
        .sign(key);
      const response = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(activity),
      });
      const body = await response.text();
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('10');
      expect(body).not.toContain('127.0.0.1');
      expect(body).not.toContain('internal-keys');
      expect(bot.connector.calls).toHaveLength(0);
    } finally {
      await bot.stop();
    }
  });
});
