import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Field,
  makeStyles,
  SearchBox,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { MeetingsResponse, TabMeeting, TabMeetingTodo } from '../../shared/api.js';
import { Empty, Loading } from '../components/States.js';
import { useDebounced, useMounted } from '../components/util.js';
import { useTab } from '../context.js';

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM, marginBottom: tokens.spacingVerticalM },
  search: { width: '360px', maxWidth: '100%' },
  muted: { color: tokens.colorNeutralForeground3 },
  accordion: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusLarge, boxShadow: tokens.shadow2, overflow: 'hidden' },
  headerText: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: tokens.spacingHorizontalS },
  headerTitle: { fontWeight: tokens.fontWeightSemibold },
  panel: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1.1fr) minmax(0, 1fr)',
    '@media (max-width: 760px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalL}`,
  },
  block: { minWidth: 0 },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  blockTitle: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  plainList: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  todo: { display: 'grid', gridTemplateColumns: '76px 1fr', columnGap: tokens.spacingHorizontalS, alignItems: 'start' },
  status: { justifySelf: 'start', marginTop: '2px' },
  todoBody: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  facts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, padding: `0 ${tokens.spacingHorizontalM}`, color: tokens.colorNeutralForeground2 },
});

export function MeetingsView() {
  const { api, t, me, conversation, reportError, refreshKey } = useTab();
  const styles = useStyles();
  const mounted = useMounted();
  const conversationTitles = new Map(me.conversations.map((c) => [c.key, c.title]));
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [data, setData] = useState<MeetingsResponse>();
  const [loading, setLoading] = useState(true);
  const [open, setOpen] = useState<string[]>([]);

  useEffect(() => {
    let current = true;
    setLoading(true);
    api.meetings(conversation, q || undefined).then(
      (response) => {
        if (!current || !mounted.current) return;
        setData(response);
        setLoading(false);
        // Keep what the reader opened when it is still in the list; otherwise open the newest meeting.
        setOpen((current) =>
          current.some((id) => response.meetings.some((m) => m.id === id)) ? current : response.meetings[0] ? [response.meetings[0].id] : [],
        );
      },
      (error: unknown) => {
        if (!current) return;
        setLoading(false);
        reportError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [api, conversation, q, reportError, mounted, refreshKey]);

  return (
    <div>
      <div className={styles.toolbar} role="search">
        <Field label={t('tab.meetings.searchLabel')} size="small">
          <SearchBox
            className={styles.search}
            size="small"
            placeholder={t('tab.meetings.searchPlaceholder')}
            value={text}
            onChange={(_, d) => setText(d.value)}
          />
        </Field>
        {loading && data && <Spinner size="tiny" aria-label={t('tab.meetings.loading')} />}
        {data && !loading && (
          <Text size={200} className={styles.muted} role="status">
            {data.meetings.length === 1
              ? t(q ? 'tab.meetings.countForOne' : 'tab.meetings.countOne', { q })
              : t(q ? 'tab.meetings.countFor' : 'tab.meetings.count', { count: data.meetings.length, q })}
          </Text>
        )}
      </div>
      {!data ? (
        <Loading label={t('tab.meetings.loading')} />
      ) : !data.meetings.length ? (
        q ? (
          <Empty title={t('tab.meetings.noneFor', { q })} hint={t('tab.meetings.noneForHint')} />
        ) : (
          <Empty title={t('tab.meetings.none')} hint={t('tab.meetings.noneHint')} />
        )
      ) : (
        <Accordion
          multiple
          collapsible
          openItems={open}
          onToggle={(_, d) => setOpen(d.openItems as string[])}
          className={styles.accordion}
        >
          {data.meetings.map((m) => (
            <AccordionItem key={m.id} value={m.id} className={styles.item} data-meeting-id={m.id}>
              <AccordionHeader as="h2" size="large">
                <span className={styles.headerText}>
                  <span className={styles.headerTitle}>{m.title}</span>
                  <Text size={200} className={styles.muted}>
                    {[m.dateLabel, m.time, m.kindLabel, conversation ? undefined : conversationTitles.get(m.conversationKey)].filter(Boolean).join(' · ')}
                  </Text>
                </span>
              </AccordionHeader>
              <AccordionPanel>
                <MeetingDetail meeting={m} />
              </AccordionPanel>
            </AccordionItem>
          ))}
        </Accordion>
      )}
    </div>
  );
}

function TodoStatus({ todo }: { todo: TabMeetingTodo }) {
  const { t } = useTab();
  if (!todo.item)
    return (
      <Badge appearance="outline" color="subtle" size="small">
        {t('tab.todo.notLinked')}
      </Badge>
    );
  if (todo.item.status === 'done')
    return (
      <Badge appearance="filled" color="success" size="small">
        {t('tab.todo.done')}
      </Badge>
    );
  if (todo.item.overdue)
    return (
      <Badge appearance="filled" color="danger" size="small">
        {t('tab.todo.overdue')}
      </Badge>
    );
  return (
    <Badge appearance="tint" color="informative" size="small">
      {t('tab.todo.open')}
    </Badge>
  );
}

function MeetingDetail({ meeting: m }: { meeting: TabMeeting }) {
  const { t, me } = useTab();
  const organisation = (value: string) => me.organisations.find((o) => o.id === value)?.name ?? value;
  const styles = useStyles();
  const people = (list: TabMeeting['participants']) => (
    <ul className={styles.list}>
      {list.map((p) => (
        <li key={p.name}>
          {p.name}
          {p.organisation && <span className={styles.muted}>{` – ${organisation(p.organisation)}`}</span>}
        </li>
      ))}
    </ul>
  );
  const facts = [
    m.place && t('tab.meetings.place', { place: m.place }),
    m.noteTaker && t('tab.meetings.noteTaker', { name: m.noteTaker }),
    m.nextMeeting && t('tab.meetings.nextMeeting', { when: m.nextMeeting }),
  ].filter((f): f is string => Boolean(f));
  return (
    <>
      {facts.length > 0 && (
        <div className={styles.facts}>
          {facts.map((f) => (
            <Text size={200} key={f}>
              {f}
            </Text>
          ))}
        </div>
      )}
      <div className={styles.panel}>
        <div className={styles.stack}>
          <TextListBlock title={t('tab.meetings.keyPoints')} lines={m.keyPoints} empty={t('tab.meetings.noKeyPoints')} />
          {m.other.length > 0 && <TextListBlock title={t('tab.meetings.other')} lines={m.other} />}
        </div>
        <div className={styles.stack}>
          <TextListBlock title={t('tab.meetings.decisions')} lines={m.decisions} empty={t('tab.meetings.noDecisions')} />
          <div className={styles.block}>
            <h3 className={styles.blockTitle}>{t('tab.meetings.todos')}</h3>
            {m.todos.length ? (
              <ul className={styles.plainList}>
                {m.todos.map((todo, i) => (
                  <li key={i} className={styles.todo}>
                    <span className={styles.status}>
                      <TodoStatus todo={todo} />
                    </span>
                    <span className={styles.todoBody}>
                      <Text>{todo.text}</Text>
                      {(todo.owner || todo.due) && (
                        <Text size={200} className={styles.muted}>
                          {[todo.owner, todo.due?.label].filter(Boolean).join(' · ')}
                        </Text>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <Text size={200} className={styles.muted}>
                {t('tab.meetings.noTodos')}
              </Text>
            )}
          </div>
          <div className={styles.block}>
            <h3 className={styles.blockTitle}>{t('tab.meetings.participants', { count: m.participants.length })}</h3>
            {people(m.participants)}
            {m.absent.length > 0 && (
              <>
                <h3 className={styles.blockTitle} style={{ marginTop: tokens.spacingVerticalS }}>
                  {t('tab.meetings.absent', { count: m.absent.length })}
                </h3>
                {people(m.absent)}
              </>
            )}
          </div>
        </div>
      </div>
    </>
  );
}

/** A titled block of the meeting's lines (key points, decisions, other), or its empty text when there are none. */
function TextListBlock(props: { title: string; lines: string[]; empty?: string }) {
  const styles = useStyles();
  return (
    <div className={styles.block}>
      <h3 className={styles.blockTitle}>{props.title}</h3>
      {props.lines.length ? (
        <ul className={styles.list}>
          {props.lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      ) : (
        <Text size={200} className={styles.muted}>
          {props.empty}
        </Text>
      )}
    </div>
  );
}
