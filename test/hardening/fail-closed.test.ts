import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** Local mode (no authentication) only when asked for, never where production is. Through the real entry point. */

const ROOT = join(import.meta.dirname, '..', '..');

/** Runs src/index.ts until it listens (then stops it) or exits; resolves its exit code and output. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', DATA_DIR: join(ROOT, 'node_modules', '.cache', `fail-closed-${process.pid}`), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes('"msg":"SHK bot listening"')) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('Fail closed (hardening)', () => {
  it('node dist/src/index.js without an app id refuses to start and says what to set', async () => {
    const { code, output } = await run([], {});
    expect(code).toBe(1);
    expect(output).toContain('MicrosoftAppId: not set');
    expect(output).toContain('LOCAL_MODE=true');
    expect(output).not.toContain('SHK bot listening');
  }, 90_000);

  it('npm start (--local) runs in local mode on loopback and warns about it', async () => {
    const { code, output } = await run(['--local'], { LOG_LEVEL: 'info' });
    expect(code).toBe(0);
    expect(output).toContain('"host":"127.0.0.1"');
    expect(output).toMatch(/"level":40,[^\n]*LOCAL MODE: no authentication/);
  }, 90_000);

  it('local mode with any sign of production refuses to start, naming the sign', async () => {
    const { code, output } = await run(['--local'], { WEBSITE_SITE_NAME: 'shk-bot-prod' });
    expect(code).toBe(1);
    expect(output).toContain('WEBSITE_SITE_NAME is set (Azure App Service)');
    const local = { LOCAL_MODE: 'true' };
    expect(problemsOf({ ...local, COSMOS_ENDPOINT: 'https://shk.documents.azure.com' }).join()).toContain('COSMOS_ENDPOINT is set');
    expect(problemsOf({ ...local, PUBLIC_BASE_URL: 'https://shk-bot.azurewebsites.net' }).join()).toContain('PUBLIC_BASE_URL is a public address');
    expect(problemsOf({ ...local, MicrosoftAppType: 'UserAssignedMSI' }).join()).toContain('UserAssignedMSI');
    expect(problemsOf({ ...local, WEBSITE_INSTANCE_ID: 'abc' }).join()).toContain('Azure App Service');
    expect(problemsOf({ ...local, MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't' })[0]).toMatch(/^LOCAL_MODE: true, but MicrosoftAppId/);
    // Loopback addresses are fine for trying things locally.
    expect(problemsOf({ ...local, PUBLIC_BASE_URL: 'http://127.0.0.1:3978' })).toEqual([]);
    expect(problemsOf({ ...local, PUBLIC_BASE_URL: 'http://localhost:3978' })).toEqual([]);
    expect(loadConfig({ ...local, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  }, 90_000);

  it('the default app type is SingleTenant (Azure creates no new multi-tenant bots)', () => {
    const config = loadConfig({ MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't' });
    expect(config.bot.appType).toBe('SingleTenant');
    expect(config.localMode).toBe(false);
    expect(config.host).toBe('0.0.0.0');
    expect(problemsOf({ MicrosoftAppId: 'a', MicrosoftAppPassword: 'p' })).toEqual(['MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant']);
  });
});
