/**
 * Where the tab runs: inside Teams (teams-js context) or in a plain browser (query parameters). Decides theme,
 * locale, the conversation in scope and the start view, and gives the SSO token when in Teams.
 */
import type { ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { localeFromTag, type Locale } from '../../i18n/index.js';

export type ThemeName = 'default' | 'dark' | 'contrast';
export type ViewName = 'items' | 'initiatives' | 'meetings' | 'live';
export const VIEWS: readonly ViewName[] = ['items', 'initiatives', 'meetings', 'live'];
/** What a channel or chat tab may open with (the live notes open by themselves in a meeting). */
export const START_VIEWS: readonly ViewName[] = ['items', 'initiatives', 'meetings'];

export interface Host {
  inTeams: boolean;
  theme: ThemeName;
  locale: Locale;
  /** The language tag sent as Accept-Language ("sv-SE", "en-us"). */
  languageTag: string;
  /** Fixed by where the tab sits (channel tab, group chat tab); undefined = the user picks (personal tab, browser). */
  conversationKey?: string;
  /** A conversation asked for in the URL outside Teams: preselected, but the user may change it. */
  initialConversation?: string;
  frameContext?: string;
  /** The tab sits in a Teams meeting (side panel, meeting chat or details tab): the live notes come first (#17). */
  inMeeting?: boolean;
  /** A private channel: the bot cannot post there, so the notes are taken here in the tab. */
  privateChannel?: boolean;
  startView: ViewName;
  /** Resolves the Authorization header value, or undefined when there is none (outside Teams). */
  authorization(): Promise<string | undefined>;
  /** teams-js, loaded only inside Teams (on load it fetches its list of valid origins from a CDN). */
  teams?: TeamsJs;
  onThemeChange(handler: (theme: ThemeName) => void): void;
  notifySuccess(): void;
}

type TeamsJs = typeof import('@microsoft/teams-js');

const INIT_TIMEOUT_MS = 1500;

export const themeName = (value: string | null | undefined): ThemeName =>
  value === 'dark' ? 'dark' : value === 'contrast' ? 'contrast' : 'default';

const viewName = (value: string | null): ViewName => (VIEWS as readonly string[]).includes(value ?? '') ? (value as ViewName) : 'items';

/** teams-js when it could talk to a Teams host within the time limit, else undefined. */
async function initializeTeams(): Promise<TeamsJs | undefined> {
  // A top-level page that no one opened and no native host embeds cannot be in Teams: skip the wait.
  const framed = window.parent !== window || Boolean(window.opener) || 'nativeInterface' in window;
  if (!framed) return undefined;
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), INIT_TIMEOUT_MS));
  const init = import('@microsoft/teams-js').then(
    (teams) => teams.app.initialize().then(() => teams),
    () => undefined,
  );
  return Promise.race([init.catch(() => undefined), timeout]);
}

export async function detectHost(search: string = window.location.search): Promise<Host> {
  const params = new URLSearchParams(search);
  const startView = viewName(params.get('view'));
  const teams = await initializeTeams();
  if (teams) {
    const { app, authentication } = teams;
    const context = await app.getContext();
    const tag = context.app.locale || 'sv-SE';
    const channelId = context.channel?.id;
    const chatId = context.chat?.id;
    const conversationKey = channelId ? `channel:${channelId}` : chatId ? `chat:${chatId}` : undefined;
    let cachedToken: { value: string; at: number } | undefined;
    return {
      inTeams: true,
      teams,
      theme: themeName(context.app.theme),
      locale: localeFromTag(tag),
      languageTag: tag,
      conversationKey,
      frameContext: context.page.frameContext,
      // teams-js Context: meeting.id in meetings; page.frameContext 'sidePanel' in the side panel;
      // channel.membershipType 'Private' in private channels (learn.microsoft.com/microsoftteams/platform/tabs/how-to/access-teams-context).
      inMeeting: Boolean(context.meeting?.id) || context.page.frameContext === 'sidePanel',
      privateChannel: String(context.channel?.membershipType ?? '') === 'Private',
      startView: viewName(params.get('view') ?? context.page.subPageId ?? (context.meeting?.id || context.page.frameContext === 'sidePanel' ? 'live' : null)),
      async authorization() {
        // teams-js caches the token itself; this only saves the round trip to the host for a burst of requests.
        if (cachedToken && Date.now() - cachedToken.at < 60_000) return `Bearer ${cachedToken.value}`;
        try {
          const token = await authentication.getAuthToken();
          cachedToken = { value: token, at: Date.now() };
          return `Bearer ${token}`;
        } catch {
          return undefined; // the API answers 401, which the page shows
        }
      },
      onThemeChange(handler) {
        app.registerOnThemeChangeHandler((theme) => handler(themeName(theme)));
      },
      notifySuccess() {
        void app.notifySuccess();
      },
    };
  }
  const tag = params.get('locale') ?? 'sv';
  return {
    inTeams: false,
    theme: themeName(params.get('theme')),
    locale: localeFromTag(tag),
    languageTag: tag,
    initialConversation: params.get('conversation') ?? undefined,
    inMeeting: startView === 'live',
    privateChannel: params.get('private') === '1',
    startView,
    authorization: async () => undefined,
    onThemeChange() {},
    notifySuccess() {},
  };
}

/** Starts a tab page: detects the host, then renders the page into #root. */
export async function mountPage(page: (host: Host) => ReactElement): Promise<void> {
  const host = await detectHost();
  const element = document.getElementById('root');
  if (!element) throw new Error('#root missing');
  createRoot(element).render(page(host));
}
