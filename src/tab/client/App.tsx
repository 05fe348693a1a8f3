import {
  Badge,
  Button,
  Dropdown,
  FluentProvider,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Tab,
  TabList,
  Text,
  tokens,
  type Theme,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { translator, type MessageKey } from '../../i18n/index.js';
import type { MeResponse } from '../shared/api.js';
import { TabApi } from './api.js';
import { ReportButton } from './components/ReportButton.js';
import { Loading } from './components/States.js';
import { TabContext, type TabContextValue } from './context.js';
import type { Host, ThemeName, ViewName } from './host.js';
import { InitiativesView } from './views/InitiativesView.js';
import { ItemsView } from './views/ItemsView.js';
import { MeetingsView } from './views/MeetingsView.js';
import { LiveView } from './views/LiveView.js';

export const THEMES: Record<ThemeName, Theme> = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

/** The views every conversation has, in tab order (the live view only shows in a meeting). */
const LIST_VIEWS: ReadonlyArray<readonly [ViewName, MessageKey]> = [
  ['items', 'tab.views.items'],
  ['initiatives', 'tab.views.initiatives'],
  ['meetings', 'tab.views.meetings'],
];

const useStyles = makeStyles({
  provider: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground1 },
  page: {
    boxSizing: 'border-box',
    maxWidth: '1400px',
    margin: '0 auto',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL} ${tokens.spacingVerticalXXL}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  header: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, fontWeight: tokens.fontWeightSemibold },
  spacer: { flexGrow: 1 },
  scope: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  scopeDropdown: { minWidth: '280px' },
  user: { color: tokens.colorNeutralForeground3 },
  panel: { paddingTop: tokens.spacingVerticalS },
});

export function ThemedShell(props: { theme: ThemeName; children: ReactNode }) {
  const styles = useStyles();
  return (
    // The page background sits on an inner div: Fluent copies the provider's class names onto portals (dropdown
    // lists, tooltips), which must not get a full-height background.
    <FluentProvider theme={THEMES[props.theme]}>
      <div className={styles.provider}>{props.children}</div>
    </FluentProvider>
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function App(props: { host: Host }) {
  const { host } = props;
  const [theme, setTheme] = useState<ThemeName>(host.theme);
  useEffect(() => host.onThemeChange(setTheme), [host]);
  useEffect(() => {
    document.documentElement.lang = host.locale;
    host.notifySuccess();
  }, [host]);
  return (
    <ThemedShell theme={theme}>
      <Main host={host} theme={theme} />
    </ThemedShell>
  );
}

function Main({ host, theme }: { host: Host; theme: ThemeName }) {
  const styles = useStyles();
  const t = useMemo(() => translator(host.locale), [host.locale]);
  const api = useMemo(() => new TabApi(host, t('tab.error.network')), [host, t]);
  const [me, setMe] = useState<MeResponse>();
  const [fatal, setFatal] = useState<string>();
  const [error, setError] = useState<string>();
  const [view, setView] = useState<ViewName>(host.startView);
  const [picked, setPicked] = useState<string>(host.initialConversation ?? '');
  const [refreshKey, setRefreshKey] = useState(0);

  const loadMe = useCallback(() => {
    setFatal(undefined);
    api.me().then(setMe, (e: unknown) => setFatal(errorText(e)));
  }, [api]);
  useEffect(loadMe, [loadMe]);
  useEffect(() => {
    document.title = t('tab.title');
  }, [t]);

  const reportError = useCallback((e: unknown) => setError(e === undefined ? undefined : errorText(e)), []);
  const conversation = host.conversationKey ?? (picked || undefined);

  const value = useMemo<TabContextValue | null>(
    () => (me ? { host, api, t, locale: host.locale, theme, me, conversation, reportError, refreshKey } : null),
    [host, api, t, theme, me, conversation, reportError, refreshKey],
  );

  if (fatal)
    return (
      <div className={styles.page}>
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{t('tab.error.loadTitle')}</MessageBarTitle>
            {fatal}
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={loadMe}>
              {t('tab.action.retry')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      </div>
    );
  if (!value || !me)
    return (
      <div className={styles.page}>
        <Loading label={t('tab.loading')} />
      </div>
    );

  const fixedTitle = host.conversationKey ? me.conversations.find((c) => c.key === host.conversationKey)?.title : undefined;
  const allLabel = t('tab.scope.all');
  const pickedTitle = picked ? (me.conversations.find((c) => c.key === picked)?.title ?? picked) : allLabel;

  return (
    <TabContext.Provider value={value}>
      <div className={styles.page}>
        <header className={styles.header}>
          <h1 className={styles.heading}>{t('tab.title')}</h1>
          {host.conversationKey ? (
            <Text className={styles.user}>{fixedTitle ?? t('tab.scope.thisConversation')}</Text>
          ) : (
            <div className={styles.scope}>
              <label htmlFor="scope-picker">
                <Text size={200}>{t('tab.scope.label')}</Text>
              </label>
              <Dropdown
                id="scope-picker"
                className={styles.scopeDropdown}
                size="small"
                value={pickedTitle}
                selectedOptions={[picked]}
                onOptionSelect={(_, data) => setPicked(data.optionValue ?? '')}
              >
                <Option value="">{allLabel}</Option>
                {me.conversations.map((c) => (
                  <Option key={c.key} value={c.key} text={c.title}>
                    {c.title}
                  </Option>
                ))}
              </Dropdown>
            </div>
          )}
          <span className={styles.spacer} />
          <ReportButton conversation={conversation} />
          <Button
            size="small"
            appearance="subtle"
            onClick={() => {
              setError(undefined);
              setRefreshKey((k) => k + 1);
            }}
          >
            {t('tab.action.refresh')}
          </Button>
          <Text size={200} className={styles.user}>
            {me.user.name}
          </Text>
          {me.user.dev && (
            <Badge appearance="tint" color="warning">
              {t('tab.dev.badge')}
            </Badge>
          )}
        </header>

        {me.user.dev && (
          <MessageBar intent="warning">
            <MessageBarBody>
              <MessageBarTitle>{t('tab.dev.title')}</MessageBarTitle>
              {t('tab.dev.body', { name: me.user.name })}
            </MessageBarBody>
          </MessageBar>
        )}
        {error && (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>
              <MessageBarTitle>{t('tab.error.title')}</MessageBarTitle>
              {error}
            </MessageBarBody>
            <MessageBarActions>
              <Button size="small" onClick={() => setError(undefined)}>
                {t('tab.action.dismiss')}
              </Button>
            </MessageBarActions>
          </MessageBar>
        )}

        <TabList selectedValue={view} onTabSelect={(_, data) => setView(data.value as ViewName)} aria-label={t('tab.views.label')}>
          {(host.inMeeting || view === 'live') && (
            <Tab id="tab-live" value="live" aria-controls="panel">
              {t('tab.live.title')}
            </Tab>
          )}
          {LIST_VIEWS.map(([value, label]) => (
            <Tab key={value} id={`tab-${value}`} value={value} aria-controls="panel">
              {t(label)}
            </Tab>
          ))}
        </TabList>
        <main id="panel" role="tabpanel" aria-labelledby={`tab-${view}`} className={styles.panel}>
          {view === 'live' ? (
            <LiveView key={conversation ?? ''} />
          ) : view === 'items' ? (
            <ItemsView key={conversation ?? ''} />
          ) : view === 'initiatives' ? (
            <InitiativesView />
          ) : (
            <MeetingsView key={conversation ?? ''} />
          )}
        </main>
      </div>
    </TabContext.Provider>
  );
}
