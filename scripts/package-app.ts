/**
 * Builds the Teams app package: fills manifest/manifest.template.json from the environment, validates it offline
 * against its JSON schema (@microsoft/app-manifest ships the schemas), checks en-US.json and the icons, and writes
 * appPackage/shk-core-team-bot.zip (manifest.json, en-US.json, color.png, outline.png at the zip root).
 *
 *   npm run package [-- --allow-localhost]
 *
 * Environment: the bot's settings (read through loadConfig, so `.env` rules apply) plus TEAMS_APP_ID, a GUID of
 * your own for the Teams app, stable across versions. Needed: TEAMS_APP_ID, MicrosoftAppId (the bot's Entra app
 * id) and an https PUBLIC_BASE_URL. The tab's single sign-on (webApplicationInfo): TAB_APP_ID, the Entra app that
 * exposes the tab's API (default MicrosoftAppId; required with UserAssignedMSI, because a managed identity cannot
 * expose an API), and TAB_APP_ID_URI (default api://<host of PUBLIC_BASE_URL>/<tab app id>, as loadConfig resolves
 * it for the bot's app id). The tabs' URLs are built on PUBLIC_BASE_URL. The bot secret is not needed to package. Variables already set in the environment win over
 * `.env`. Exits 1 listing every problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { decodeRgba8, nonWhitePixels, readPngHeader } from './lib/png.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_MANIFEST_DIR = join(ROOT, 'manifest');
export const DEFAULT_OUT_FILE = join(ROOT, 'appPackage', 'shk-core-team-bot.zip');
/** The files of the package, all at the zip root. */
export const PACKAGE_FILES = ['manifest.json', 'en-US.json', 'color.png', 'outline.png'] as const;
export const ICON_SIZES = { 'color.png': 192, 'outline.png': 32 } as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Teams limits for the localized strings (same as the manifest schema's). */
const MAX_COMMAND_TITLE = 32;
const MAX_COMMAND_DESCRIPTION = 128;
const MAX_COMMANDS_PER_LIST = 10;
const MAX_TAB_NAME = 128;
const STRING_LIMITS: Record<string, number> = { 'name.short': 30, 'name.full': 100, 'description.short': 80, 'description.full': 4000 };

type RawEnv = Record<string, string | undefined>;

export interface PackageOptions {
  /** Default process.env merged over `.env` (see readEnv). */
  env?: RawEnv;
  /** Accept a localhost PUBLIC_BASE_URL (it must still be https). */
  allowLocalhost?: boolean;
  manifestDir?: string;
  outFile?: string;
}

export interface PackageResult {
  outFile: string;
  manifest: Record<string, unknown>;
  files: string[];
}

export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`Teams app package not written:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageError';
  }
}

/** `.env` in the working directory (if any) with the real environment taking precedence. */
export function readEnv(file = '.env'): RawEnv {
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}

const isLocalHost = (host: string) =>
  host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]' || host === '0.0.0.0';

/** The bot secret only matters at run time; packaging works without it. */
// Secrets and the run mode matter to the running bot, not to the package (the missing app id is said below).
const irrelevantForPackaging = (problem: string) => /^(MicrosoftAppPassword|MicrosoftAppTenantId): required|^MicrosoftAppId: not set|^LOCAL_MODE:/.test(problem);

interface Values {
  teamsAppId?: string;
  botAppId?: string;
  publicHostname?: string;
  /** PUBLIC_BASE_URL without a trailing slash (tab URLs are built on it). */
  publicBaseUrl?: string;
  /** webApplicationInfo.id: TAB_APP_ID, default MicrosoftAppId (the app registration that exposes the tab's API). */
  tabAppId?: string;
  /** webApplicationInfo.resource: TAB_APP_ID_URI, default api://<host of PUBLIC_BASE_URL>/<tab app id>. */
  tabAppIdUri?: string;
}

/** Every problem with the environment, and the placeholder values where they are usable. */
export function resolveValues(env: RawEnv, allowLocalhost = false): { values: Values; problems: string[] } {
  const problems: string[] = [];
  const values: Values = {};
  let config: Config | undefined;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems.filter((p) => !irrelevantForPackaging(p)));
  }

  const teamsAppId = env.TEAMS_APP_ID?.trim();
  if (!teamsAppId) problems.push('TEAMS_APP_ID: required — a GUID of your own for the Teams app (e.g. from `node -e "console.log(crypto.randomUUID())"`), kept the same across versions');
  else if (!GUID.test(teamsAppId)) problems.push(`TEAMS_APP_ID: must be a GUID like 00000000-0000-0000-0000-000000000000, got "${teamsAppId}"`);
  else values.teamsAppId = teamsAppId;

  const botAppId = config ? config.bot.appId : env.MicrosoftAppId?.trim();
  if (!botAppId) problems.push('MicrosoftAppId: required — the bot\'s Entra app id (Azure Bot → Configuration); empty means local mode, which Teams cannot use');
  else if (!GUID.test(botAppId)) problems.push(`MicrosoftAppId: must be a GUID (the Entra application id), got "${botAppId}"`);
  else values.botAppId = botAppId;

  const rawBase = env.PUBLIC_BASE_URL?.trim();
  if (!rawBase) {
    problems.push('PUBLIC_BASE_URL: required — the public https URL of the bot (empty means http://localhost, which Teams cannot reach)');
  } else {
    // Without a config (other problems), the raw value; when it is no URL at all, loadConfig has said so.
    let url: URL | undefined;
    try {
      url = new URL(config?.publicBaseUrl ?? rawBase);
    } catch {
      if (config) throw new Error(`unexpected: loadConfig accepted PUBLIC_BASE_URL ${config.publicBaseUrl}`);
    }
    if (url) {
      if (url.protocol !== 'https:') problems.push(`PUBLIC_BASE_URL: must use https (Teams loads images and tabs only over https), got "${rawBase}"`);
      if (isLocalHost(url.hostname) && !allowLocalhost) problems.push(`PUBLIC_BASE_URL: ${url.hostname} is not reachable from Teams; use the public host name (or pass --allow-localhost for a local test package)`);
      if (url.protocol === 'https:' && (!isLocalHost(url.hostname) || allowLocalhost)) {
        values.publicHostname = url.hostname;
        values.publicBaseUrl = url.href.replace(/\/+$/, '');
      }
    }
  }

  // The tab's single sign-on: the Entra app that exposes the API (webApplicationInfo.id) and its Application ID URI
  // (webApplicationInfo.resource). By default the bot's own app registration (SingleTenant/MultiTenant). A managed
  // identity cannot expose an API, so with UserAssignedMSI the tab needs an app registration of its own: TAB_APP_ID.
  const appType = config?.bot.appType ?? env.MicrosoftAppType?.trim();
  const tabAppId = env.TAB_APP_ID?.trim() || undefined;
  if (tabAppId && !GUID.test(tabAppId)) {
    // loadConfig reports a malformed TAB_APP_ID too (it is a config variable); say it once.
    if (!problems.some((p) => p.startsWith('TAB_APP_ID:'))) problems.push(`TAB_APP_ID: must be a GUID (the tab's Entra application id), got "${tabAppId}"`);
  } else if (!tabAppId && appType === 'UserAssignedMSI') {
    problems.push('TAB_APP_ID: required when MicrosoftAppType is UserAssignedMSI — a managed identity cannot expose an API, so the tab\'s single sign-on needs an Entra app registration of its own (see docs/deploy.md)');
  } else values.tabAppId = config?.tab.appId ?? tabAppId ?? values.botAppId;

  if (values.tabAppId && values.publicBaseUrl) {
    const host = new URL(values.publicBaseUrl).host;
    // loadConfig resolves TAB_APP_ID_URI and its default; without a usable config, the same rule here.
    const tabAppIdUri = config?.tab.appIdUri ?? (env.TAB_APP_ID_URI?.trim() || `api://${host}/${values.tabAppId}`);
    const match = /^api:\/\/([^/]+)\/(?:botid-)?([^/]+)$/.exec(tabAppIdUri);
    // Teams issues the SSO token only when the Application ID URI names the tab's domain, and Entra accepts
    // api://<host>/<id> only with the app's own id at the end.
    if (match?.[1] !== host || match[2] !== values.tabAppId) {
      problems.push(`TAB_APP_ID_URI: must be api://${host}/${values.tabAppId} (host of PUBLIC_BASE_URL, then the tab's app id), got "${tabAppIdUri}"`);
    } else values.tabAppIdUri = tabAppIdUri;
  }
  return { values, problems };
}

const fill = (template: string, values: Required<Values>) =>
  template
    .replaceAll('{{TEAMS_APP_ID}}', values.teamsAppId)
    .replaceAll('{{MicrosoftAppId}}', values.botAppId)
    .replaceAll('{{PUBLIC_HOSTNAME}}', values.publicHostname)
    .replaceAll('{{PUBLIC_BASE_URL}}', values.publicBaseUrl)
    .replaceAll('{{TAB_APP_ID}}', values.tabAppId)
    .replaceAll('{{TAB_APP_ID_URI}}', values.tabAppIdUri);

/** Teams limits the schema cannot check for the localization file (its schema does not compile offline). */
export function localizationProblems(manifest: Record<string, unknown>, localization: Record<string, unknown>, file = 'en-US.json'): string[] {
  const problems: string[] = [];
  const bots = (manifest.bots ?? []) as Array<{ commandLists?: Array<{ commands?: unknown[] }> }>;
  for (const [key, value] of Object.entries(localization)) {
    if (key === '$schema') continue;
    if (typeof value !== 'string') {
      problems.push(`${file}: "${key}" must be a string`);
      continue;
    }
    const command = /^bots\[(\d+)\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$/.exec(key);
    if (command) {
      const [, bot, list, index, field] = command;
      if (!bots[Number(bot)]?.commandLists?.[Number(list)]?.commands?.[Number(index)]) problems.push(`${file}: "${key}" names a command that is not in the manifest`);
      const limit = field === 'title' ? MAX_COMMAND_TITLE : MAX_COMMAND_DESCRIPTION;
      if (value.length > limit) problems.push(`${file}: "${key}" is ${value.length} characters, at most ${limit} allowed ("${value}")`);
    } else if (/^composeExtensions\[\d+\]\.commands\[\d+\]\.(title|description)$/.test(key)) {
      // Message extension commands (#17): title at most 32, description at most 128 characters, as for bot commands.
      const [, extension, index, field] = /^composeExtensions\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$/.exec(key)!;
      const extensions = (manifest.composeExtensions ?? []) as Array<{ commands?: unknown[] }>;
      if (!extensions[Number(extension)]?.commands?.[Number(index)]) problems.push(`${file}: "${key}" names a message extension command that is not in the manifest`);
      const limit = field === 'title' ? MAX_COMMAND_TITLE : MAX_COMMAND_DESCRIPTION;
      if (value.length > limit) problems.push(`${file}: "${key}" is ${value.length} characters, at most ${limit} allowed ("${value}")`);
    } else if (/^staticTabs\[\d+\]\.name$/.test(key)) {
      const tabs = (manifest.staticTabs ?? []) as Array<{ name?: string }>;
      const index = Number(/\[(\d+)\]/.exec(key)![1]);
      if (typeof tabs[index]?.name !== 'string') problems.push(`${file}: "${key}" names a static tab that is not in the manifest (or has no name)`);
      if (value.length > MAX_TAB_NAME) problems.push(`${file}: "${key}" is ${value.length} characters, at most ${MAX_TAB_NAME} allowed`);
    } else if (key in STRING_LIMITS) {
      if (value.length > STRING_LIMITS[key]!) problems.push(`${file}: "${key}" is ${value.length} characters, at most ${STRING_LIMITS[key]} allowed`);
    }
  }
  bots.forEach((bot, b) =>
    bot.commandLists?.forEach((list, l) => {
      if ((list.commands?.length ?? 0) > MAX_COMMANDS_PER_LIST) problems.push(`manifest.json: bots[${b}].commandLists[${l}] has ${list.commands?.length} commands, at most ${MAX_COMMANDS_PER_LIST} allowed`);
    }),
  );
  return problems;
}

/** Size and (for the outline) colour rules of the two icons. */
export function iconProblems(name: keyof typeof ICON_SIZES, png: Buffer): string[] {
  const size = ICON_SIZES[name];
  try {
    const header = readPngHeader(png);
    if (header.width !== size || header.height !== size) return [`${name}: must be ${size}×${size}, is ${header.width}×${header.height}`];
    if (name === 'outline.png') {
      const bad = nonWhitePixels(decodeRgba8(png));
      if (bad.length) return [`outline.png: must be white on transparent; ${bad.length} pixels are neither (first at ${bad[0]})`];
    }
    return [];
  } catch (error) {
    return [`${name}: ${(error as Error).message}`];
  }
}

/** Builds and writes the package; rejects with PackageError listing every problem (nothing is written then). */
export async function packageApp(options: PackageOptions = {}): Promise<PackageResult> {
  const manifestDir = options.manifestDir ?? DEFAULT_MANIFEST_DIR;
  const outFile = options.outFile ?? DEFAULT_OUT_FILE;
  const { values, problems } = resolveValues(options.env ?? readEnv(), options.allowLocalhost ?? false);

  const read = async (name: string) => {
    try {
      return await readFile(join(manifestDir, name));
    } catch {
      problems.push(`${name}: missing in ${manifestDir}${name.endsWith('.png') ? ' (run npx tsx scripts/make-icons.ts)' : ''}`);
      return undefined;
    }
  };
  const template = await read('manifest.template.json');
  const localizationText = await read('en-US.json');
  const icons = { 'color.png': await read('color.png'), 'outline.png': await read('outline.png') };
  for (const [name, png] of Object.entries(icons)) if (png) problems.push(...iconProblems(name as keyof typeof ICON_SIZES, png));

  let localization: Record<string, unknown> | undefined;
  if (localizationText) {
    try {
      localization = JSON.parse(localizationText.toString('utf8')) as Record<string, unknown>;
    } catch (error) {
      problems.push(`en-US.json: not valid JSON (${(error as Error).message})`);
    }
  }

  // Fill with stand-ins when a value is missing, so the schema problems are reported in the same run.
  const complete: Required<Values> = {
    teamsAppId: values.teamsAppId ?? '00000000-0000-0000-0000-000000000000',
    botAppId: values.botAppId ?? '00000000-0000-0000-0000-000000000000',
    publicHostname: values.publicHostname ?? 'example.invalid',
    publicBaseUrl: values.publicBaseUrl ?? 'https://example.invalid',
    tabAppId: values.tabAppId ?? '00000000-0000-0000-0000-000000000000',
    tabAppIdUri: values.tabAppIdUri ?? 'api://example.invalid/00000000-0000-0000-0000-000000000000',
  };
  let manifestText: string | undefined;
  let manifest: Record<string, unknown> | undefined;
  if (template) {
    manifestText = fill(template.toString('utf8'), complete);
    const leftover = manifestText.match(/\{\{[^}]*\}\}/g);
    if (leftover) problems.push(`manifest.template.json: unknown placeholders ${[...new Set(leftover)].join(', ')}`);
    try {
      manifest = JSON.parse(manifestText) as Record<string, unknown>;
    } catch (error) {
      problems.push(`manifest.template.json: not valid JSON after filling (${(error as Error).message})`);
    }
  }
  if (manifest) {
    const schemaErrors = await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest);
    problems.push(...schemaErrors.map((e) => `manifest.json (schema ${String(manifest.manifestVersion)}): ${e}`));
    if (localization) problems.push(...localizationProblems(manifest, localization));
    const languages = ((manifest.localizationInfo as { additionalLanguages?: Array<{ file: string }> } | undefined)?.additionalLanguages ?? []).map((l) => l.file);
    if (languages.join() !== 'en-US.json') problems.push(`manifest.json: localizationInfo.additionalLanguages must name exactly en-US.json, names ${languages.join(', ') || 'nothing'}`);
  }

  if (!problems.length && (!values.teamsAppId || !values.botAppId || !values.publicHostname || !values.publicBaseUrl || !values.tabAppId || !values.tabAppIdUri)) {
    throw new Error('unexpected: a placeholder value is missing but no problem was reported');
  }
  if (problems.length || !manifest || !manifestText || !localizationText || !icons['color.png'] || !icons['outline.png']) {
    throw new PackageError(problems);
  }

  const zip = new JSZip();
  const date = new Date('2000-01-01T00:00:00Z'); // fixed: the same inputs give the same zip
  zip.file('manifest.json', manifestText, { date });
  zip.file('en-US.json', localizationText, { date });
  zip.file('color.png', icons['color.png'], { date });
  zip.file('outline.png', icons['outline.png'], { date });
  const content = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, content);
  return { outFile, manifest, files: [...PACKAGE_FILES] };
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--allow-localhost');
  if (unknown.length) {
    console.error(`Unknown argument(s): ${unknown.join(' ')}\nUsage: npm run package [-- --allow-localhost]`);
    return 1;
  }
  try {
    const result = await packageApp({ allowLocalhost: argv.includes('--allow-localhost') });
    const bot = (result.manifest.bots as Array<{ botId: string }>)[0]?.botId;
    const sso = (result.manifest.webApplicationInfo as { resource?: string } | undefined)?.resource;
    console.log(`Wrote ${result.outFile}\n  Teams app id ${String(result.manifest.id)}, bot ${bot}, domains ${(result.manifest.validDomains as string[]).join(', ')}, tab SSO resource ${sso}`);
    console.log('Upload it in Teams (Apps → Manage your apps → Upload an app) or the Teams admin center.');
    return 0;
  } catch (error) {
    if (error instanceof PackageError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
