import {
  Badge,
  Button,
  Checkbox,
  Dropdown,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Switch,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ItemsResponse, TabItem } from '../../shared/api.js';
import { ApiError } from '../api.js';
import { ExportButtons } from '../components/ExportButtons.js';
import { Empty, Loading } from '../components/States.js';
import { useMounted } from '../components/util.js';
import { useTab } from '../context.js';

const useStyles = makeStyles({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalM,
  },
  filter: { minWidth: '180px' },
  dropdown: { minWidth: '180px', maxWidth: '260px' },
  spacer: { flexGrow: 1 },
  board: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  column: {
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingVerticalS,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minWidth: 0,
  },
  columnHeader: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, padding: `0 ${tokens.spacingHorizontalXS}` },
  columnTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  card: {
    display: 'flex',
    gap: tokens.spacingHorizontalXS,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalS} 0`,
    borderLeft: `3px solid transparent`,
  },
  overdueCard: { borderLeft: `3px solid ${tokens.colorPaletteRedBorder2}` },
  doneCard: { opacity: 0.85 },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0, paddingTop: '6px' },
  title: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  doneTitle: { color: tokens.colorNeutralForeground3 },
  meta: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: tokens.colorNeutralForeground3 },
  count: { color: tokens.colorNeutralForeground3 },
  more: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM, marginTop: tokens.spacingVerticalM },
});

type Column = 'overdue' | 'open' | 'done';

const byDue = (a: TabItem, b: TabItem) => (a.due?.date ?? '9999') + (a.due?.time ?? '') < (b.due?.date ?? '9999') + (b.due?.time ?? '') ? -1 : 1;
const byCompleted = (a: TabItem, b: TabItem) => ((a.completedAt ?? '') < (b.completedAt ?? '') ? 1 : -1);

export function ItemsView() {
  const { api, t, me, conversation, reportError, refreshKey } = useTab();
  const styles = useStyles();
  const mounted = useMounted();
  const [data, setData] = useState<ItemsResponse>();
  const [loading, setLoading] = useState(true);
  const [notice, setNotice] = useState<string>();
  const [pending, setPending] = useState<Set<string>>(new Set());
  const [person, setPerson] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [meeting, setMeeting] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const response = await api.items(conversation);
      if (mounted.current) setData(response);
    } catch (error) {
      reportError(error);
    } finally {
      if (mounted.current) setLoading(false);
    }
  }, [api, conversation, reportError, mounted]);
  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  /** The next page, added to what is shown (an item that moved between pages meanwhile is not shown twice). */
  async function loadMore() {
    const after = data?.next;
    if (after === undefined || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await api.items(conversation, after);
      if (mounted.current)
        setData((d) => {
          if (!d) return page;
          const seen = new Set(d.items.map((i) => i.id));
          const { next: _previous, ...rest } = d;
          return { ...rest, items: [...d.items, ...page.items.filter((i) => !seen.has(i.id))], total: page.total, ...(page.next !== undefined ? { next: page.next } : {}) };
        });
    } catch (error) {
      reportError(error);
    } finally {
      if (mounted.current) setLoadingMore(false);
    }
  }

  const organisations = useMemo(() => new Map(me.organisations.map((o) => [o.id, o.name])), [me.organisations]);
  const conversationTitles = useMemo(() => new Map(me.conversations.map((c) => [c.key, c.title])), [me.conversations]);
  const people = useMemo(() => {
    const found = new Map<string, string>();
    for (const item of data?.items ?? []) for (const p of item.assignees) found.set(p.key, p.name);
    return [...found].map(([key, name]) => ({ key, name })).sort((a, b) => a.name.localeCompare(b.name));
  }, [data]);
  const meetings = useMemo(() => {
    const found = new Map<string, { id: string; title: string; date: string }>();
    for (const item of data?.items ?? []) if (item.meeting) found.set(item.meeting.id, item.meeting);
    return [...found.values()].sort((a, b) => (a.date < b.date ? 1 : -1));
  }, [data]);

  const visible = useMemo(
    () =>
      (data?.items ?? []).filter(
        (item) =>
          (!person || item.assignees.some((p) => p.key === person)) &&
          (!organisation || item.assignees.some((p) => p.organisation === organisation)) &&
          (!meeting || item.meeting?.id === meeting) &&
          (!overdueOnly || item.overdue),
      ),
    [data, person, organisation, meeting, overdueOnly],
  );
  const columns: Record<Column, TabItem[]> = useMemo(
    () => ({
      overdue: visible.filter((i) => i.status === 'open' && i.overdue).sort(byDue),
      open: visible.filter((i) => i.status === 'open' && !i.overdue).sort(byDue),
      done: visible.filter((i) => i.status === 'done').sort(byCompleted),
    }),
    [visible],
  );

  async function change(item: TabItem, to: 'complete' | 'reopen') {
    setPending((s) => new Set(s).add(item.id));
    setNotice(undefined);
    try {
      const { item: changed } = await api.changeItem(item.id, to, item.revision);
      reportError(undefined);
      if (mounted.current) setData((d) => d && { ...d, items: d.items.map((i) => (i.id === changed.id ? changed : i)) });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setNotice(t('tab.items.conflict', { title: item.title }));
        await load();
      } else reportError(error);
    } finally {
      if (mounted.current)
        setPending((s) => {
          const next = new Set(s);
          next.delete(item.id);
          return next;
        });
    }
  }

  const filtered = Boolean(person || organisation || meeting || overdueOnly);
  const personName = people.find((p) => p.key === person)?.name;
  const organisationName = organisation ? organisations.get(organisation) : undefined;
  const meetingTitle = meetings.find((m) => m.id === meeting)?.title;

  const renderItem = (item: TabItem) => {
    const done = item.status === 'done';
    const labelId = `item-title-${item.id}`;
    return (
      <li key={item.id} className={`${styles.card} ${item.overdue && !done ? styles.overdueCard : ''} ${done ? styles.doneCard : ''}`} data-item-id={item.id}>
        <Checkbox
          checked={done}
          disabled={pending.has(item.id)}
          aria-label={done ? t('tab.items.reopenLabel', { title: item.title }) : t('tab.items.completeLabel', { title: item.title })}
          aria-describedby={labelId}
          onChange={() => void change(item, done ? 'reopen' : 'complete')}
        />
        <div className={styles.body}>
          <Text id={labelId} strikethrough={done} className={`${styles.title} ${done ? styles.doneTitle : ''}`}>
            {item.title}
          </Text>
          <div className={styles.meta}>
            {item.due && (
              <Badge appearance={item.overdue && !done ? 'filled' : 'tint'} color={item.overdue && !done ? 'danger' : 'informative'} size="small">
                {item.overdue && !done ? t('tab.items.overdueSince', { date: item.due.label }) : item.due.label}
              </Badge>
            )}
            <Text size={200}>
              {item.assignees.length
                ? item.assignees.map((p) => (p.organisation && organisations.get(p.organisation) ? `${p.name} (${organisations.get(p.organisation)})` : p.name)).join(', ')
                : t('tab.items.nobody')}
            </Text>
          </div>
          {item.meeting && (
            <Text size={200} className={styles.count}>
              {t('tab.items.fromMeeting', { title: item.meeting.title })}
            </Text>
          )}
          {!conversation && conversationTitles.get(item.conversationKey) && (
            <Text size={200} className={styles.count}>
              {conversationTitles.get(item.conversationKey)}
            </Text>
          )}
          {done && item.completedBy && (
            <Text size={200} className={styles.count}>
              {t('tab.items.doneBy', { name: item.completedBy })}
            </Text>
          )}
        </div>
      </li>
    );
  };

  const column = (id: Column, title: string, empty: string) => (
    <section className={styles.column} aria-labelledby={`column-${id}`} key={id}>
      <div className={styles.columnHeader}>
        <h2 id={`column-${id}`} className={styles.columnTitle}>
          {title}
        </h2>
        <Badge appearance="tint" color={id === 'overdue' && columns[id].length ? 'danger' : 'subtle'} size="small">
          {columns[id].length}
        </Badge>
      </div>
      {columns[id].length ? <ul className={styles.list}>{columns[id].map(renderItem)}</ul> : <Empty title={empty} />}
    </section>
  );

  const hasItems = Boolean(data?.items.length);
  const shown = data?.items.length ?? 0;
  const total = Math.max(data?.total ?? shown, shown);
  const number = (n: number) => new Intl.NumberFormat(me.locale === 'sv' ? 'sv-SE' : 'en-GB').format(n);
  return (
    <div>
      {hasItems && (
        <div className={styles.toolbar}>
          <FilterDropdown
            label={t('tab.filter.person')}
            all={t('tab.filter.everyone')}
            selected={person}
            selectedText={personName}
            options={people.map((p) => ({ value: p.key, text: p.name }))}
            onSelect={setPerson}
          />
          <FilterDropdown
            label={t('tab.filter.organisation')}
            all={t('tab.filter.allOrganisations')}
            selected={organisation}
            selectedText={organisationName}
            options={me.organisations.map((o) => ({ value: o.id, text: o.name }))}
            onSelect={setOrganisation}
          />
          <FilterDropdown
            label={t('tab.filter.meeting')}
            all={t('tab.filter.allMeetings')}
            selected={meeting}
            selectedText={meetingTitle}
            options={meetings.map((m) => ({ value: m.id, text: m.title }))}
            onSelect={setMeeting}
          />
          <Switch label={t('tab.filter.overdueOnly')} checked={overdueOnly} onChange={(_, d) => setOverdueOnly(d.checked)} />
          {filtered && (
            <Button
              size="small"
              appearance="subtle"
              onClick={() => {
                setPerson('');
                setOrganisation('');
                setMeeting('');
                setOverdueOnly(false);
              }}
            >
              {t('tab.filter.clear')}
            </Button>
          )}
          <span className={styles.spacer} />
          <ExportButtons what="items" query={{ conversation }} />
        </div>
      )}
      {notice && (
        <MessageBar intent="warning" role="status" style={{ marginBottom: tokens.spacingVerticalS }}>
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {loading && !data ? (
        <Loading label={t('tab.items.loading')} />
      ) : !data?.items.length ? (
        <Empty title={t('tab.items.none')} hint={t('tab.items.noneHint')} />
      ) : !visible.length ? (
        <Empty title={t('tab.items.noneFiltered')} hint={t('tab.items.noneFilteredHint')} />
      ) : (
        <div className={styles.board}>
          {column('overdue', t('tab.items.column.overdue'), t('tab.items.empty.overdue'))}
          {!overdueOnly && column('open', t('tab.items.column.open'), t('tab.items.empty.open'))}
          {!overdueOnly && column('done', t('tab.items.column.done'), t('tab.items.empty.done'))}
        </div>
      )}
      {hasItems && (
        <div className={styles.more}>
          <Text size={200} className={styles.count} role="status" data-testid="items-count">
            {t('tab.items.showing', { shown: number(shown), total: number(total) })}
          </Text>
          {data?.next !== undefined && shown < total && (
            <Button size="small" disabled={loadingMore} onClick={() => void loadMore()}>
              {loadingMore ? t('tab.items.loadingMore') : t('tab.items.loadMore', { count: number(Math.min(200, total - shown)) })}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

/** One filter of the toolbar: the first option (value '') means no filter. */
function FilterDropdown(props: {
  label: string;
  all: string;
  selected: string;
  selectedText: string | undefined;
  options: Array<{ value: string; text: string }>;
  onSelect: (value: string) => void;
}) {
  const styles = useStyles();
  return (
    <Field label={props.label} size="small">
      <Dropdown
        className={styles.dropdown}
        size="small"
        value={props.selectedText ?? props.all}
        selectedOptions={[props.selected]}
        onOptionSelect={(_, d) => props.onSelect(d.optionValue ?? '')}
      >
        <Option value="">{props.all}</Option>
        {props.options.map((o) => (
          <Option key={o.value} value={o.value}>
            {o.text}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
