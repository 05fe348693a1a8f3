/**
 * The configurable tab's configuration page (config.html): the user picks the view the tab opens with; Save
 * stores contentUrl = /tab/index.html?view=… for this channel or chat.
 */
import { Field, makeStyles, MessageBar, MessageBarBody, Radio, RadioGroup, Text, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { translator } from '../../i18n/index.js';
import { ThemedShell } from './App.js';
import { mountPage, START_VIEWS, type Host, type ThemeName, type ViewName } from './host.js';

const useStyles = makeStyles({
  page: { padding: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '640px' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

export function ConfigPage({ host }: { host: Host }) {
  const styles = useStyles();
  const t = useMemo(() => translator(host.locale), [host.locale]);
  const [view, setView] = useState<ViewName>(host.startView);
  const [theme, setTheme] = useState<ThemeName>(host.theme);
  const viewLabel = (v: ViewName) => t(v === 'items' ? 'tab.views.items' : v === 'initiatives' ? 'tab.views.initiatives' : 'tab.views.meetings');

  useEffect(() => {
    document.documentElement.lang = host.locale;
    document.title = t('tab.config.title');
    host.onThemeChange(setTheme);
    host.notifySuccess();
  }, [host, t]);

  useEffect(() => {
    const pages = host.teams?.pages;
    if (!pages) return;
    pages.config.registerOnSaveHandler((event) => {
      const origin = window.location.origin;
      pages.config
        .setConfig({
          entityId: `shk-core-team-${view}`,
          contentUrl: `${origin}/tab/index.html?view=${view}`,
          websiteUrl: `${origin}/tab/index.html?view=${view}`,
          suggestedDisplayName: t('tab.config.displayName', { view: viewLabel(view) }),
        })
        .then(
          () => event.notifySuccess(),
          (error: unknown) => event.notifyFailure(error instanceof Error ? error.message : String(error)),
        );
    });
    pages.config.setValidityState(true);
  }, [host, view, t]);

  return (
    <ThemedShell theme={theme}>
      <main className={styles.page}>
        <h1 className={styles.heading}>{t('tab.config.title')}</h1>
        <Text>{t('tab.config.intro')}</Text>
        <Field label={t('tab.config.startView')}>
          <RadioGroup value={view} onChange={(_, d) => setView(d.value as ViewName)}>
            {START_VIEWS.map((v) => (
              <Radio key={v} value={v} label={viewLabel(v)} />
            ))}
          </RadioGroup>
        </Field>
        {!host.inTeams && (
          <MessageBar intent="info">
            <MessageBarBody>{t('tab.config.outsideTeams')}</MessageBarBody>
          </MessageBar>
        )}
      </main>
    </ThemedShell>
  );
}

void mountPage((host) => <ConfigPage host={host} />);
