/**
 * What can be checked about infra/ without a Bicep compiler (none runs on these machines): a small reader of the
 * Bicep text — comments stripped, blocks found by brace matching outside strings — and checks against the code:
 * every setting the app needs in production is set on the web app and no secret is; the Cosmos containers are
 * exactly CONTAINERS from src/app.ts, each partitioned on /pk; the health check, the Node version, the outputs
 * `npm run package` needs, and that modules are called with parameters they declare. It does not prove the
 * templates deploy: `az bicep build` and `az deployment group what-if` do that (infra/README.md).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTAINERS } from '../../src/app.js';
import { CONFIG_VARIABLES } from '../../src/config.js';

const INFRA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'infra');
const read = (file: string) => readFileSync(join(INFRA, file), 'utf8');

/** Settings of src/config.ts that App Service must NOT carry, with the reason. Everything else must be set. */
const NOT_SET_IN_APP_SERVICE: Record<string, string> = {
  PORT: 'App Service sets PORT itself and forwards requests to it',
  HOST: 'the default 0.0.0.0 is right in a container',
  DATA_DIR: 'SQLite only; production uses Cosmos DB',
  DEV_TENANT_ID: 'local mode only',
  LOCAL_MODE: 'never in Azure: the bot refuses local mode on App Service',
  CREATE_NEW_STORE: 'SQLite only, and only set by hand after a data loss',
  COSMOS_KEY: 'secret; empty means the managed identity is used',
  MicrosoftAppPassword: 'secret; none with UserAssignedMSI (with SingleTenant set it yourself, see docs/deploy.md)',
};
const SECRETS = ['COSMOS_KEY', 'MicrosoftAppPassword'];
/** Read by libraries, not by src/config.ts, and needed in production. */
const PLATFORM_SETTINGS = ['AZURE_CLIENT_ID', 'APPLICATIONINSIGHTS_CONNECTION_STRING'];
/** What `npm run package` reads (scripts/package-app.ts), besides TEAMS_APP_ID which is the Teams app's own. */
const PACKAGE_INPUTS = ['MicrosoftAppId', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'PUBLIC_BASE_URL', 'TAB_APP_ID', 'TAB_APP_ID_URI'];

// --- a small, honest Bicep reader --------------------------------------------------------------------------------

/** Removes // and /* *\/ comments outside single-quoted strings; keeps line structure. */
export function stripComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === "'") inString = false;
    } else if (c === "'") {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  return out;
}

/** Index of the bracket closing the one at `open` ({ or [), skipping strings (and their ${…}). */
function closing(text: string, open: number): number {
  const pairs: Record<string, string> = { '{': '}', '[': ']' };
  const stack: string[] = [];
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === "'") inString = false;
      continue;
    }
    if (c === "'") inString = true;
    else if (c in pairs) stack.push(pairs[c]!);
    else if (c === '}' || c === ']') {
      if (stack.pop() !== c) throw new Error(`unbalanced ${c} at offset ${i}`);
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`bracket at offset ${open} is never closed`);
}

interface Block {
  symbol: string;
  type: string;
  body: string;
}

function blocks(text: string, keyword: 'resource' | 'module'): Block[] {
  const found: Block[] = [];
  const pattern = new RegExp(`^${keyword}\\s+(\\w+)\\s+'([^']+)'\\s*=\\s*(\\[for [^\\n]*?:\\s*)?\\{`, 'gm');
  for (const match of text.matchAll(pattern)) {
    const open = match.index + match[0].length - 1;
    found.push({ symbol: match[1]!, type: match[2]!, body: text.slice(open, closing(text, open) + 1) });
  }
  return found;
}

/** The text of `key: [ … ]` or `key: { … }` inside a block. */
function property(body: string, key: string): string | undefined {
  const match = new RegExp(`\\b${key}:\\s*([\\[{])`).exec(body);
  if (!match) return undefined;
  const open = match.index + match[0].length - 1;
  return body.slice(open, closing(body, open) + 1);
}

const stringValue = (body: string, key: string) => new RegExp(`\\b${key}:\\s*'([^']*)'`).exec(body)?.[1];
const strings = (arrayText: string) => [...arrayText.matchAll(/'([^']*)'/g)].map((m) => m[1]!);

interface Param {
  name: string;
  type: string;
  hasDefault: boolean;
  defaultText?: string;
}

function params(text: string): Param[] {
  return [...text.matchAll(/^param\s+(\w+)\s+(\w+)(\s*=\s*(.*))?$/gm)].map((m) => ({
    name: m[1]!,
    type: m[2]!,
    hasDefault: m[3] !== undefined,
    defaultText: m[4]?.trim(),
  }));
}

const outputs = (text: string) => [...text.matchAll(/^output\s+(\w+)\s+\w+\s*=/gm)].map((m) => m[1]!);

// --- the templates -----------------------------------------------------------------------------------------------

const main = stripComments(read('main.bicep'));
const cosmos = stripComments(read('modules/cosmos.bicep'));
const bot = stripComments(read('modules/bot.bicep'));
const resources = [...blocks(main, 'resource'), ...blocks(cosmos, 'resource'), ...blocks(bot, 'resource')];
const ofType = (type: string) => resources.filter((r) => r.type.startsWith(`${type}@`));
const one = (type: string) => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

function appSettings(): Map<string, string> {
  const site = one('Microsoft.Web/sites');
  const array = property(site.body, 'appSettings');
  if (!array) throw new Error('the web app has no appSettings');
  const settings = new Map<string, string>();
  let index = 1;
  while (index < array.length - 1) {
    const open = array.indexOf('{', index);
    if (open < 0) break;
    const end = closing(array, open);
    const entry = array.slice(open, end + 1);
    const name = stringValue(entry, 'name');
    const value = /\bvalue:\s*(.+)/.exec(entry)?.[1]?.trim();
    if (!name || value === undefined) throw new Error(`app setting without name or value: ${entry}`);
    if (settings.has(name)) throw new Error(`app setting ${name} is set twice`);
    settings.set(name, value);
    index = end + 1;
  }
  return settings;
}

describe('infra/ Bicep, read without a compiler', () => {
  it('the reader sees balanced brackets and the resources it expects', () => {
    for (const text of [main, cosmos, bot]) expect(() => closing(`{${text}}`, 0)).not.toThrow();
    expect(resources.map((r) => r.type.split('@')[0]).sort()).toEqual([
      'Microsoft.BotService/botServices',
      'Microsoft.BotService/botServices/channels',
      'Microsoft.DocumentDB/databaseAccounts',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers',
      'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments',
      'Microsoft.Insights/components',
      'Microsoft.Insights/diagnosticSettings',
      'Microsoft.ManagedIdentity/userAssignedIdentities',
      'Microsoft.OperationalInsights/workspaces',
      'Microsoft.Web/serverfarms',
      'Microsoft.Web/sites',
    ]);
  });

  it('sets every variable the app needs in production on the web app', () => {
    const settings = appSettings();
    for (const name of Object.keys(NOT_SET_IN_APP_SERVICE)) expect(CONFIG_VARIABLES, `${name} is no longer a config variable`).toContain(name);
    const needed = [...CONFIG_VARIABLES.filter((name) => !(name in NOT_SET_IN_APP_SERVICE)), ...PLATFORM_SETTINGS];
    const missing = needed.filter((name) => !settings.has(name));
    expect(missing, 'set these in infra/main.bicep (or list them in NOT_SET_IN_APP_SERVICE with the reason)').toEqual([]);
    expect(settings.get('MicrosoftAppType')).toBe('botAppType');
    expect(settings.get('AZURE_CLIENT_ID')).toBe('identity.properties.clientId');
    expect(settings.get('COSMOS_ENDPOINT')).toBe('cosmos.outputs.endpoint');
  });

  it('sets no secret: no key, no password, no listKeys anywhere', () => {
    const settings = appSettings();
    for (const secret of SECRETS) expect(settings.has(secret), secret).toBe(false);
    for (const text of [main, cosmos, bot]) {
      expect(text).not.toMatch(/listKeys|listConnectionStrings|primaryMasterKey|secondaryMasterKey/i);
      // no property that carries a secret (descriptions may name them)
      expect(text).not.toMatch(/^\s*(clientSecret|appPassword|password|primaryKey)\s*:/im);
    }
    const parameterFile = JSON.parse(read('main.parameters.json')) as { parameters: Record<string, unknown> };
    for (const name of Object.keys(parameterFile.parameters)) expect(name).not.toMatch(/password|secret|key$/i);
  });

  it('creates exactly the containers of src/app.ts, each partitioned on /pk, with no TTL, every path indexed and the composite indexes the queries order by', () => {
    const declared = /^var containerNames = (\[[\s\S]*?^\])/m.exec(cosmos)?.[1];
    expect(declared, 'var containerNames in modules/cosmos.bicep').toBeDefined();
    expect(strings(declared!)).toEqual([...CONTAINERS]);

    const container = one('Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers');
    expect(cosmos).toMatch(/^resource containers '[^']+' = \[for name in containerNames: \{/m);
    expect(stringValue(container.body, 'id') ?? /\bid:\s*(\w+)/.exec(container.body)?.[1]).toBe('name');
    const partitionKey = property(container.body, 'partitionKey')!;
    expect(strings(property(partitionKey, 'paths')!)).toEqual(['/pk']);
    expect(stringValue(partitionKey, 'kind')).toBe('Hash');
    expect(container.body).not.toMatch(/defaultTtl|analyticalStorageTtl/);
    // Every path stays indexed (the default), and the composite indexes are the ones the ordered queries need.
    const indexing = property(container.body, 'indexingPolicy')!;
    expect(indexing).toMatch(/includedPaths:\s*\[\s*\{\s*path:\s*'\/\*'\s*\}\s*\]/);
    expect(indexing).toMatch(/compositeIndexes:\s*contains\(compositeIndexes, name\) \? compositeIndexes\[name\] : \[\]/);
    const composite = /^var compositeIndexes = (\{[\s\S]*?^\})/m.exec(cosmos)?.[1] ?? '';
    const paths = (block: string) => [...block.matchAll(/path: '([^']+)'/g)].map((m) => m[1]);
    const reminders = /reminders: \[([\s\S]*?)\n  \]/.exec(composite)?.[1] ?? '';
    expect(paths(reminders)).toEqual(['/status', '/dueAt', '/conversationKey', '/status', '/dueAt']);
    const items = /'action-items': \[([\s\S]*?)\n  \]/.exec(composite)?.[1] ?? '';
    expect(paths(items)).toEqual(['/ix/state', '/ix/listKey']);
  });

  it('keeps Cosmos DB keyless, serverless by default, in Sweden Central, with the Data Contributor role for the identity', () => {
    const account = one('Microsoft.DocumentDB/databaseAccounts');
    expect(account.body).toMatch(/disableLocalAuth:\s*true/);
    expect(account.body).toMatch(/capabilities:\s*serverless \?/);
    expect(params(cosmos).find((p) => p.name === 'serverless')?.defaultText).toBe('true');
    expect(params(main).find((p) => p.name === 'location')?.defaultText).toBe("'swedencentral'");
    expect(params(main).find((p) => p.name === 'cosmosServerless')?.defaultText).toBe('true');

    const role = one('Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments');
    expect(cosmos).toMatch(/var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'/);
    expect(role.body).toMatch(/roleDefinitionId:\s*'\$\{account\.id\}\/sqlRoleDefinitions\/\$\{dataContributorRoleId\}'/);
    expect(role.body).toMatch(/principalId:\s*dataContributorPrincipalId/);
    expect(main).toMatch(/dataContributorPrincipalId:\s*identity\.properties\.principalId/);
  });

  it('runs the web app on Node 22 LTS, HTTPS only, with the health check on /healthz, started by node itself', () => {
    const site = one('Microsoft.Web/sites').body;
    const siteConfig = property(site, 'siteConfig')!;
    expect(stringValue(siteConfig, 'linuxFxVersion')).toBe('NODE|22-lts');
    expect(stringValue(siteConfig, 'healthCheckPath')).toBe('/healthz');
    // Node itself, not npm: SIGTERM must reach the process that drains (npm would be in between).
    expect(stringValue(siteConfig, 'appCommandLine')).toBe('node dist/src/index.js');
    expect(stringValue(siteConfig, 'ftpsState')).toBe('Disabled');
    expect(stringValue(siteConfig, 'minTlsVersion')).toBe('1.2');
    expect(siteConfig).toMatch(/alwaysOn:\s*true/);
    expect(site).toMatch(/httpsOnly:\s*true/);
    expect(site).toMatch(/type:\s*'UserAssigned'/);
    const packageJson = JSON.parse(readFileSync(join(INFRA, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(packageJson.scripts['start:prod']).toBe('node dist/src/index.js');
  });

  it('registers the bot with the managed identity by default and enables the Teams channel', () => {
    expect(params(main).find((p) => p.name === 'botAppType')?.defaultText).toBe("'UserAssignedMSI'");
    const botResource = one('Microsoft.BotService/botServices').body;
    expect(botResource).toMatch(/msaAppType:\s*appType/);
    expect(botResource).toMatch(/msaAppMSIResourceId:/);
    expect(stringValue(one('Microsoft.BotService/botServices/channels').body, 'channelName')).toBe('MsTeamsChannel');
    expect(main).toMatch(/messagingEndpoint:\s*'\$\{publicBaseUrl\}\/api\/messages'/);
  });

  it('outputs, under their .env names, everything npm run package needs', () => {
    const names = outputs(main);
    expect(names.filter((n) => PACKAGE_INPUTS.includes(n)).sort()).toEqual([...PACKAGE_INPUTS].sort());
    expect(names).toEqual(expect.arrayContaining(['COSMOS_ENDPOINT', 'COSMOS_DATABASE']));
    // An output that looks like an environment variable is one the app or the packager knows.
    const known = new Set([...CONFIG_VARIABLES, ...PACKAGE_INPUTS, ...PLATFORM_SETTINGS]);
    for (const name of names.filter((n) => /^[A-Z][A-Z0-9_]+$|^Microsoft/.test(n))) expect(known.has(name), name).toBe(true);
  });

  it('calls each module with parameters it declares, and with every parameter it requires', () => {
    for (const module of blocks(main, 'module')) {
      const declared = params(stripComments(read(module.type)));
      const passed = [...property(module.body, 'params')!.matchAll(/^\s*(\w+):/gm)].map((m) => m[1]!);
      const unknown = passed.filter((name) => !declared.some((p) => p.name === name));
      const required = declared.filter((p) => !p.hasDefault && !passed.includes(p.name)).map((p) => p.name);
      expect({ module: module.type, unknown, required }).toEqual({ module: module.type, unknown: [], required: [] });
    }
    const parameterFile = JSON.parse(read('main.parameters.json')) as { parameters: Record<string, unknown> };
    const mainParams = params(main).map((p) => p.name);
    for (const name of Object.keys(parameterFile.parameters)) expect(mainParams, `main.parameters.json: ${name}`).toContain(name);
  });
});
