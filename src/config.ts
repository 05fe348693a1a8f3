import { z } from 'zod';

/**
 * The one place that reads the environment. Every variable is declared here with its default and meaning;
 * `.env.example` lists the same variables (a test keeps the two in step).
 */

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());

const url = (what: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .url({ message: `${what} must be an absolute http(s) URL` })
      .refine((value) => /^https?:\/\//.test(value), `${what} must start with http:// or https://`)
      .transform((value) => value.replace(/\/+$/, ''))
      .optional(),
  );

const isValidTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('sv-SE', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const schema = z
  .object({
    PORT: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ message: 'PORT must be a whole number from 0 to 65535' }).int().min(0).max(65535).default(3978),
    ),
    HOST: z.preprocess(emptyToUndefined, z.string().optional()),
    LOCAL_MODE: z.preprocess(
      (value) => (typeof value === 'string' ? emptyToUndefined(value.trim().toLowerCase()) : value),
      z.enum(['true', 'false'], { message: 'LOCAL_MODE must be true or false' }).optional(),
    ),
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppTenantId: optionalString,
    MicrosoftAppType: z.preprocess(
      emptyToUndefined,
      z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
    ),
    COSMOS_ENDPOINT: url('COSMOS_ENDPOINT'),
    COSMOS_KEY: optionalString,
    COSMOS_DATABASE: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'COSMOS_DATABASE may only contain letters, digits, - and _').default('shk-bot')),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
    CREATE_NEW_STORE: z.preprocess(
      (value) => (typeof value === 'string' ? emptyToUndefined(value.trim().toLowerCase()) : value),
      z.enum(['true', 'false'], { message: 'CREATE_NEW_STORE must be true or false' }).default('false'),
    ),
    PUBLIC_BASE_URL: url('PUBLIC_BASE_URL'),
    TAB_APP_ID: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'TAB_APP_ID must be the GUID of an Entra app registration').optional(),
    ),
    TAB_APP_ID_URI: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^api:\/\/\S+$/, 'TAB_APP_ID_URI must look like api://<host>/<app id>').optional(),
    ),
    DEV_TENANT_ID: z.preprocess(emptyToUndefined, z.string().default('5c0e2a4d-7b1f-4e39-9a6c-3f2d8e1b0a57')),
    DEFAULT_LOCALE: z.preprocess(emptyToUndefined, z.enum(['sv', 'en']).default('sv')),
    TIME_ZONE: z.preprocess(
      emptyToUndefined,
      z.string().refine(isValidTimeZone, 'TIME_ZONE must be an IANA time zone such as Europe/Stockholm').default('Europe/Stockholm'),
    ),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    SHUTDOWN_TIMEOUT_MS: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ message: 'SHUTDOWN_TIMEOUT_MS must be a number of milliseconds' }).int().min(0).max(120_000).default(10_000),
    ),
  });

type RawEnv = Record<string, string | undefined>;

/** The default bot type: Azure no longer accepts new multi-tenant bot registrations (since 2025-07-31). */
export const DEFAULT_APP_TYPE = 'SingleTenant';

/** Set by Azure App Service on every web app: the process runs in production, never in local mode. */
const APP_SERVICE_VARIABLES = ['WEBSITE_SITE_NAME', 'WEBSITE_INSTANCE_ID', 'WEBSITE_HOSTNAME'] as const;

const isLoopbackHost = (host: string): boolean => {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare.endsWith('.localhost') || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare);
};

/**
 * Signs that this process runs in production, where local mode (no authentication) must never be used.
 * Each is a sentence for the refusal message.
 */
function productionSigns(value: (name: string) => string | undefined): string[] {
  const signs: string[] = [];
  if (value('COSMOS_ENDPOINT')) signs.push('COSMOS_ENDPOINT is set (the production store)');
  const base = value('PUBLIC_BASE_URL');
  if (base) {
    let host: string | undefined;
    try {
      host = new URL(base).hostname;
    } catch {
      host = undefined;
    }
    if (host !== undefined && !isLoopbackHost(host)) signs.push(`PUBLIC_BASE_URL is a public address (${host})`);
  }
  if (value('MicrosoftAppType') === 'UserAssignedMSI') signs.push('MicrosoftAppType is UserAssignedMSI (a managed identity in Azure)');
  for (const name of APP_SERVICE_VARIABLES) {
    if (value(name)) {
      signs.push(`${name} is set (Azure App Service)`);
      break;
    }
  }
  return signs;
}

/** Rules across variables, checked on the raw values so they are reported even when others are invalid. */
function crossFieldProblems(raw: RawEnv): string[] {
  const value = (name: string) => (raw[name]?.trim() ? raw[name]!.trim() : undefined);
  const problems: string[] = [];
  const appId = value('MicrosoftAppId');
  const type = value('MicrosoftAppType') ?? DEFAULT_APP_TYPE;
  const localMode = value('LOCAL_MODE')?.toLowerCase() === 'true';
  if (!appId && !localMode) {
    problems.push(
      'MicrosoftAppId: not set. Set MicrosoftAppId, MicrosoftAppTenantId and MicrosoftAppPassword (or MicrosoftAppType=UserAssignedMSI) ' +
        'to run for Teams, or LOCAL_MODE=true to run locally without any authentication (npm start and npm run playground do that)',
    );
  }
  if (appId && localMode) {
    problems.push('LOCAL_MODE: true, but MicrosoftAppId is set; local mode accepts unauthenticated requests, so choose one of them');
  }
  if (!appId && localMode) {
    const signs = productionSigns(value);
    if (signs.length > 0) {
      problems.push(
        `LOCAL_MODE: refused, this looks like production (${signs.join('; ')}). Local mode accepts anyone's requests ` +
          'without authentication; set MicrosoftAppId and its credentials instead',
      );
    }
  }
  if (appId) {
    if (type !== 'UserAssignedMSI' && !value('MicrosoftAppPassword')) {
      problems.push(`MicrosoftAppPassword: required when MicrosoftAppId is set and MicrosoftAppType is ${type}`);
    }
    if (type !== 'MultiTenant' && !value('MicrosoftAppTenantId')) {
      problems.push(`MicrosoftAppTenantId: required when MicrosoftAppType is ${type}`);
    }
  } else if (localMode && (value('MicrosoftAppPassword') || value('MicrosoftAppTenantId'))) {
    problems.push('MicrosoftAppId: empty, but MicrosoftAppPassword or MicrosoftAppTenantId is set; set all of them or none (local mode)');
  }
  if (value('COSMOS_KEY') && !value('COSMOS_ENDPOINT')) {
    problems.push('COSMOS_ENDPOINT: empty, but COSMOS_KEY is set');
  }
  return problems;
}

export interface Config {
  port: number;
  host: string;
  /**
   * Empty app id = local mode (only with LOCAL_MODE=true and no sign of production): unauthenticated activities are
   * accepted (Agents Playground, tests).
   */
  bot: {
    appId?: string;
    appPassword?: string;
    appTenantId?: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
  /** Absent = the embedded SQLite store under dataDir. Without a key, DefaultAzureCredential is used. */
  cosmos?: { endpoint: string; key?: string; databaseId: string };
  dataDir: string;
  /** Start on a new, empty SQLite store even though the one recorded beside DATA_DIR held data. */
  createNewStore: boolean;
  /** Base URL under which Teams fetches chart images and the tab; defaults to http://localhost:<port>. */
  publicBaseUrl: string;
  /**
   * The tab's Teams SSO: tokens must be issued for `appIdUri` (the Application ID URI the Entra app exposes,
   * default api://<host of publicBaseUrl>/<app id>) or the app id itself. In local mode there is no SSO and
   * the tab uses a dev identity in `devTenantId` (the Agents Playground's tenant by default).
   */
  tab: { appId?: string; appIdUri?: string; devTenantId: string };
  defaultLocale: 'sv' | 'en';
  timeZone: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  shutdownTimeoutMs: number;
  localMode: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment; throws ConfigError listing every problem at once. `localModeRequested` (the `--local`
 * flag npm start passes) asks for local mode like LOCAL_MODE=true, unless MicrosoftAppId or LOCAL_MODE is set.
 */
export function loadConfig(raw: RawEnv = process.env, options: { localModeRequested?: boolean } = {}): Config {
  const env = options.localModeRequested && !raw.MicrosoftAppId?.trim() && !raw.LOCAL_MODE?.trim() ? { ...raw, LOCAL_MODE: 'true' } : raw;
  const parsed = schema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`)),
    ...crossFieldProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const localMode = !e.MicrosoftAppId && e.LOCAL_MODE === 'true';
  return {
    port: e.PORT,
    // Local mode is reachable from this machine only, unless HOST says otherwise.
    host: e.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0'),
    bot: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appTenantId: e.MicrosoftAppTenantId,
      appType: e.MicrosoftAppType ?? DEFAULT_APP_TYPE,
    },
    cosmos: e.COSMOS_ENDPOINT ? { endpoint: e.COSMOS_ENDPOINT, key: e.COSMOS_KEY, databaseId: e.COSMOS_DATABASE } : undefined,
    dataDir: e.DATA_DIR,
    createNewStore: e.CREATE_NEW_STORE === 'true',
    publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`,
    tab: tabSettings(e),
    defaultLocale: e.DEFAULT_LOCALE,
    timeZone: e.TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    localMode,
  };
}

/**
 * The tab's single sign-on app: TAB_APP_ID (default the bot's app id; a managed-identity bot cannot expose an
 * API, so it needs an app registration of its own) and its Application ID URI.
 */
function tabSettings(e: z.infer<typeof schema>): Config['tab'] {
  const appId = e.TAB_APP_ID ?? e.MicrosoftAppId;
  const host = new URL(e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).host;
  return {
    ...(e.MicrosoftAppId && appId ? { appId, appIdUri: e.TAB_APP_ID_URI ?? `api://${host}/${appId}` } : {}),
    devTenantId: e.DEV_TENANT_ID,
  };
}

const secret = (value: string | undefined) => (value ? '***' : '(not set)');

/** What is safe to log: secrets replaced by *** (set) or (not set). */
export function redactedSummary(config: Config): Record<string, unknown> {
  return {
    port: config.port,
    host: config.host,
    mode: config.localMode ? 'local (no app id, unauthenticated)' : `${config.bot.appType}`,
    microsoftAppId: config.bot.appId ?? '(not set)',
    microsoftAppPassword: secret(config.bot.appPassword),
    microsoftAppTenantId: config.bot.appTenantId ?? '(not set)',
    store: config.cosmos ? 'cosmos' : 'sqlite',
    cosmosEndpoint: config.cosmos?.endpoint ?? '(not set)',
    cosmosKey: config.cosmos ? (config.cosmos.key ? '***' : '(managed identity)') : '(not set)',
    cosmosDatabase: config.cosmos?.databaseId ?? '(not used)',
    dataDir: config.cosmos ? '(not used)' : config.dataDir,
    publicBaseUrl: config.publicBaseUrl,
    tabAppId: config.tab.appId ?? '(local mode: dev identity)',
    tabAppIdUri: config.tab.appIdUri ?? '(local mode: dev identity)',
    defaultLocale: config.defaultLocale,
    timeZone: config.timeZone,
    logLevel: config.logLevel,
  };
}

/** Every environment variable the product reads (kept in step with .env.example by a test). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);
