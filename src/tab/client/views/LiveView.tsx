import { Button, Dropdown, Field, makeStyles, MessageBar, MessageBarBody, Option, Text, Textarea, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { LiveResponse, TabItem, TabLiveNote } from '../../shared/api.js';
import { Empty, Loading } from '../components/States.js';
import { useMounted } from '../components/util.js';
import { useTab } from '../context.js';

/**
 * The meeting side panel (#17): the live notes of the meeting going on in this chat, editable here, and the
 * chat's open att-göra. In a private channel the bot cannot post, so this is where the notes are taken.
 */

type Kind = TabLiveNote['kind'];
const KINDS: Kind[] = ['decision', 'todo', 'note'];

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '720px' },
  card: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusLarge, boxShadow: tokens.shadow2, padding: tokens.spacingHorizontalM },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  group: { margin: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalXXS}`, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
  rowBody: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0, overflowWrap: 'anywhere' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  formRow: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
});

export function LiveView() {
  const { api, t, host, conversation, reportError, refreshKey } = useTab();
  const styles = useStyles();
  const mounted = useMounted();
  const [data, setData] = useState<LiveResponse>();
  const [items, setItems] = useState<TabItem[]>([]);
  const [kind, setKind] = useState<Kind>('note');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!conversation) return;
    let current = true;
    Promise.all([api.live(conversation), api.items(conversation)]).then(
      ([live, list]) => {
        if (!current) return;
        setData(live);
        setItems(list.items.filter((i) => i.status === 'open'));
      },
      (e: unknown) => current && reportError(e),
    );
    return () => {
      current = false;
    };
  }, [api, conversation, refreshKey, reportError]);

  const add = useCallback(async () => {
    if (!conversation || !text.trim()) return;
    setBusy(true);
    try {
      const next = await api.addLiveNote(conversation, kind, text);
      if (mounted.current) {
        setData(next);
        setText('');
      }
    } catch (e) {
      reportError(e);
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, [api, conversation, kind, text, mounted, reportError]);

  const remove = useCallback(
    async (id: string) => {
      if (!conversation) return;
      try {
        const next = await api.removeLiveNote(conversation, id);
        if (mounted.current) setData(next);
      } catch (e) {
        reportError(e);
      }
    },
    [api, conversation, mounted, reportError],
  );

  const kindLabel = (k: Kind) => t(`live.notes.kind.${k}`);
  const privateNotice = host.privateChannel && (
    <MessageBar intent="info">
      <MessageBarBody>{t('tab.live.privateChannel')}</MessageBarBody>
    </MessageBar>
  );
  if (!conversation) return <Empty title={t('tab.live.none')} />;
  if (!data) return <Loading label={t('tab.loading')} />;
  const live = data.live;
  return (
    <div className={styles.stack}>
      {privateNotice}
      {!live ? (
        <Empty title={t('tab.live.none')} />
      ) : (
        <section className={styles.card} aria-labelledby="live-title">
          <h2 id="live-title" className={styles.title}>
            {t('tab.live.title')} · {live.title}
          </h2>
          <Text size={200} className={styles.muted}>
            {live.noteTaker ? t('live.brief.noteTaker', { name: live.noteTaker }) : t('live.brief.noNoteTaker')}
          </Text>
          {live.notes.length === 0 && <p className={styles.muted}>{t('live.notes.empty')}</p>}
          {KINDS.map((k) => {
            const notes = live.notes.filter((n) => n.kind === k);
            if (notes.length === 0) return null;
            return (
              <div key={k}>
                <h3 className={styles.group}>{t(k === 'decision' ? 'live.notes.decisions' : k === 'todo' ? 'live.notes.todos' : 'live.notes.notes')}</h3>
                <ul className={styles.list}>
                  {notes.map((n) => (
                    <li key={n.id} className={styles.row}>
                      <span className={styles.rowBody}>
                        <Text>{n.text}</Text>
                        <Text size={200} className={styles.muted}>
                          {n.line}
                        </Text>
                      </span>
                      {n.removable && live.status === 'open' && (
                        <Button size="small" appearance="subtle" aria-label={`${t('tab.live.remove')}: ${n.text}`} onClick={() => void remove(n.id)}>
                          {t('tab.live.remove')}
                        </Button>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
          {live.status === 'open' && (
            <form
              className={styles.form}
              onSubmit={(e) => {
                e.preventDefault();
                void add();
              }}
            >
              <div className={styles.formRow}>
                <Field label={t('live.notes.kind')}>
                  <Dropdown value={kindLabel(kind)} selectedOptions={[kind]} onOptionSelect={(_, d) => setKind((d.optionValue as Kind) ?? 'note')}>
                    {KINDS.map((k) => (
                      <Option key={k} value={k}>
                        {kindLabel(k)}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
              </div>
              <Field label={t('live.notes.text')}>
                <Textarea value={text} maxLength={1000} placeholder={t('live.notes.textPlaceholder')} onChange={(_, d) => setText(d.value)} />
              </Field>
              <div>
                <Button type="submit" appearance="primary" disabled={busy || !text.trim()}>
                  {t('tab.live.add')}
                </Button>
              </div>
            </form>
          )}
        </section>
      )}
      <section className={styles.card} aria-labelledby="live-items">
        <h2 id="live-items" className={styles.title}>
          {t('tab.live.openTodos')}
        </h2>
        {items.length === 0 ? (
          <Text className={styles.muted}>{t('live.brief.noOpenTodos')}</Text>
        ) : (
          <ul className={styles.list}>
            {items.map((item) => (
              <li key={item.id} className={styles.rowBody}>
                <Text>{item.title}</Text>
                <Text size={200} className={styles.muted}>
                  {[item.assignees.map((a) => a.name).join(', '), item.due?.label].filter(Boolean).join(' · ')}
                </Text>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
