import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig, redactedSummary } from '../src/config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

/** A single-tenant bot registration (the default type). */
const APP = { MicrosoftAppId: '6a4b1c2d-0000-4000-8000-00000000b0b0', MicrosoftAppPassword: 's', MicrosoftAppTenantId: '72f988bf-0000-4000-8000-000000000001' };

describe('Configuration from the environment', () => {
  it('local mode (asked for) runs on the embedded store with Swedish defaults, on loopback', () => {
    const config = loadConfig({ LOCAL_MODE: 'true' });
    expect(config).toMatchObject({
      port: 3978,
      localMode: true,
      cosmos: undefined,
      dataDir: './data',
      publicBaseUrl: 'http://localhost:3978',
      defaultLocale: 'sv',
      timeZone: 'Europe/Stockholm',
      logLevel: 'info',
      host: '127.0.0.1',
    });
  });

  it('empty strings count as unset (as .env.example leaves them)', () => {
    expect(loadConfig({ PORT: '', MicrosoftAppId: '', COSMOS_ENDPOINT: '  ', LOCAL_MODE: 'true' })).toMatchObject({ port: 3978, localMode: true, cosmos: undefined });
  });

  it('a Cosmos endpoint selects Cosmos; without a key it means managed identity', () => {
    const config = loadConfig({ ...APP, COSMOS_ENDPOINT: 'https://shk.documents.azure.com:443/' });
    expect(config.cosmos).toEqual({ endpoint: 'https://shk.documents.azure.com:443', key: undefined, databaseId: 'shk-bot' });
    expect(redactedSummary(config)).toMatchObject({ store: 'cosmos', cosmosKey: '(managed identity)' });
  });

  it("the tab's sign-in: the bot's app by default, its own app registration with TAB_APP_ID, none in local mode", () => {
    const bot = { ...APP, PUBLIC_BASE_URL: 'https://shk.example.org' };
    expect(loadConfig(bot).tab).toMatchObject({ appId: bot.MicrosoftAppId, appIdUri: `api://shk.example.org/${bot.MicrosoftAppId}` });
    const own = '0b1c2d3e-0000-4000-8000-00000000c0c0';
    expect(loadConfig({ ...bot, TAB_APP_ID: own }).tab).toMatchObject({ appId: own, appIdUri: `api://shk.example.org/${own}` });
    expect(loadConfig({ ...bot, TAB_APP_ID_URI: 'api://other.example.org/x' }).tab.appIdUri).toBe('api://other.example.org/x');
    expect(loadConfig({ LOCAL_MODE: 'true' }).tab).toEqual({ devTenantId: '5c0e2a4d-7b1f-4e39-9a6c-3f2d8e1b0a57' });
    expect(problemsOf({ ...bot, TAB_APP_ID: 'tab', TAB_APP_ID_URI: 'https://x' }).map((p) => p.split(':')[0])).toEqual(['TAB_APP_ID', 'TAB_APP_ID_URI']);
  });

  it('lists every problem at once, not just the first', () => {
    const problems = problemsOf({ PORT: '99999', TIME_ZONE: 'Europe/Västerås', LOG_LEVEL: 'loud', DEFAULT_LOCALE: 'fi', PUBLIC_BASE_URL: 'ftp://x', MicrosoftAppId: 'abc' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['PORT', 'TIME_ZONE', 'LOG_LEVEL', 'DEFAULT_LOCALE', 'PUBLIC_BASE_URL', 'MicrosoftAppPassword', 'MicrosoftAppTenantId']),
    );
    expect(problems).toHaveLength(7);
  });

  it('an app id needs its secret; SingleTenant also needs the tenant; a managed identity needs no secret', () => {
    expect(problemsOf({ MicrosoftAppId: 'a', MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 's' })).toEqual([
      'MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant',
    ]);
    expect(problemsOf({ MicrosoftAppId: 'a', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' })).toEqual([]);
    expect(problemsOf({ MicrosoftAppPassword: 's' })[0]).toMatch(/^MicrosoftAppId/);
    expect(problemsOf({ MicrosoftAppPassword: 's', LOCAL_MODE: 'true' })[0]).toMatch(/^MicrosoftAppId/);
    expect(problemsOf({ ...APP, COSMOS_KEY: 'k' })[0]).toMatch(/^COSMOS_ENDPOINT/);
  });

  it('the summary that is logged never contains a secret', () => {
    const config = loadConfig({ ...APP, MicrosoftAppPassword: 'hunter2-secret', COSMOS_ENDPOINT: 'https://x.documents.azure.com', COSMOS_KEY: 'cosmos-secret-key' });
    const summary = JSON.stringify(redactedSummary(config));
    expect(summary).not.toContain('hunter2-secret');
    expect(summary).not.toContain('cosmos-secret-key');
    expect(summary).toContain('***');
  });

  it('.env.example documents exactly the variables the schema reads', () => {
    const example = readFileSync(join(import.meta.dirname, '..', '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort());
    // Every variable has a comment line right above it.
    for (const name of documented) expect(example).toMatch(new RegExp(`#[^\\n]*\\n${name}=`));
  });
});
