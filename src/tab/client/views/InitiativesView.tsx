import {
  Badge,
  Button,
  Checkbox,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { MAX_COMPARE, type InitiativesResponse, type TabInitiative, type TabResult } from '../../shared/api.js';
import { ExportButtons } from '../components/ExportButtons.js';
import { RadarImage } from '../components/RadarImage.js';
import { Empty, Loading } from '../components/States.js';
import { formatMean, useMounted } from '../components/util.js';
import { useTab } from '../context.js';

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM, marginBottom: tokens.spacingVerticalS },
  spacer: { flexGrow: 1 },
  hint: { color: tokens.colorNeutralForeground3 },
  surface: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
    padding: tokens.spacingVerticalM,
    marginBottom: tokens.spacingVerticalM,
  },
  sectionTitle: { margin: `0 0 ${tokens.spacingVerticalS}`, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  subTitle: { margin: `${tokens.spacingVerticalM} 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  split: { display: 'grid', gridTemplateColumns: 'minmax(280px, 440px) minmax(280px, 1fr)', gap: tokens.spacingHorizontalL, alignItems: 'start', '@media (max-width: 760px)': { gridTemplateColumns: '1fr' } },
  selected: { backgroundColor: tokens.colorSubtleBackgroundSelected },
  nameButton: { fontWeight: tokens.fontWeightSemibold, padding: 0, minWidth: 0, justifyContent: 'flex-start', textAlign: 'left' },
  number: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  scroll: { overflowX: 'auto' },
  // Wide screens get every column; a narrow panel or phone (≤ 560 px) only the name and mean (the rest is in the
  // initiative's detail below), without sideways scrolling.
  wide: { '@media (min-width: 561px)': { minWidth: '640px' } },
  wideOnly: { '@media (max-width: 560px)': { display: 'none' } },
  numberHeader: { '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
  muted: { color: tokens.colorNeutralForeground3 },
  description: { margin: `0 0 ${tokens.spacingVerticalS}` },
  facts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, marginBottom: tokens.spacingVerticalS, alignItems: 'center' },
});

/** Initiatives with their latest results; compare up to five on one radar; one initiative's rounds over time. */
export function InitiativesView() {
  const { api, t, locale, reportError, refreshKey } = useTab();
  const styles = useStyles();
  const mounted = useMounted();
  const [data, setData] = useState<InitiativesResponse>();
  const [compare, setCompare] = useState<string[]>([]);
  const [openId, setOpenId] = useState<string>();

  const load = useCallback(async () => {
    try {
      const response = await api.initiatives();
      if (!mounted.current) return;
      setData(response);
      setOpenId((current) => current ?? response.initiatives.find((i) => i.latest)?.id ?? response.initiatives[0]?.id);
    } catch (error) {
      reportError(error);
    }
  }, [api, reportError, mounted]);
  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  const byId = useMemo(() => new Map((data?.initiatives ?? []).map((i) => [i.id, i])), [data]);
  const compared = compare.map((id) => byId.get(id)).filter((i): i is TabInitiative => Boolean(i?.latest));
  const compareSet = compared[0]?.latest?.criteriaSetId;
  const setName = (id: string | undefined) => data?.criteriaSets.find((s) => s.id === id)?.name ?? id ?? '';
  const mean = (value: number) => formatMean(value, locale);

  if (!data) return <Loading label={t('tab.initiatives.loading')} />;

  const opened = openId ? byId.get(openId) : undefined;
  const canCompare = (i: TabInitiative) =>
    Boolean(i.latest) && (compare.includes(i.id) || (compare.length < MAX_COMPARE && (!compareSet || i.latest?.criteriaSetId === compareSet)));
  const whyNot = (i: TabInitiative) =>
    !i.latest ? t('tab.initiatives.compareNoResult') : compare.length >= MAX_COMPARE ? t('tab.initiatives.compareMax', { max: MAX_COMPARE }) : t('tab.initiatives.compareOtherSet');

  return (
    <div>
      <div className={styles.toolbar}>
        <Text className={styles.hint} size={200}>
          {t('tab.initiatives.compareHint', { max: MAX_COMPARE })}
        </Text>
        <span className={styles.spacer} />
        <ExportButtons what="rounds" />
      </div>

      {!data.initiatives.length ? (
        <Empty title={t('tab.initiatives.none')} hint={t('tab.initiatives.noneHint')} />
      ) : (
        <>
          <section className={styles.surface} aria-labelledby="initiatives-heading">
            <h2 id="initiatives-heading" className={styles.sectionTitle}>
              {t('tab.initiatives.heading', { count: data.initiatives.length })}
            </h2>
            <div className={styles.scroll}>
              <Table size="small" aria-labelledby="initiatives-heading" className={styles.wide}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell style={{ width: '64px' }}>{t('tab.initiatives.col.compare')}</TableHeaderCell>
                    <TableHeaderCell>{t('tab.initiatives.col.name')}</TableHeaderCell>
                    <TableHeaderCell className={styles.wideOnly}>{t('tab.initiatives.col.phase')}</TableHeaderCell>
                    <TableHeaderCell className={styles.wideOnly}>{t('tab.initiatives.col.focusArea')}</TableHeaderCell>
                    <TableHeaderCell className={styles.numberHeader} style={{ width: '72px' }}>{t('tab.initiatives.col.mean')}</TableHeaderCell>
                    <TableHeaderCell className={styles.wideOnly}>{t('tab.initiatives.col.latestRound')}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {data.initiatives.map((i) => (
                    <TableRow key={i.id} className={i.id === openId ? styles.selected : undefined} data-initiative-id={i.id}>
                      <TableCell>
                        <Checkbox
                          checked={compare.includes(i.id)}
                          disabled={!canCompare(i)}
                          title={canCompare(i) ? undefined : whyNot(i)}
                          aria-label={t('tab.initiatives.compareLabel', { name: i.name })}
                          onChange={(_, d) => setCompare((c) => (d.checked ? [...c, i.id] : c.filter((id) => id !== i.id)))}
                        />
                      </TableCell>
                      <TableCell>
                        <Button appearance="transparent" className={styles.nameButton} aria-pressed={i.id === openId} onClick={() => setOpenId(i.id)}>
                          {i.name}
                        </Button>
                      </TableCell>
                      <TableCell className={styles.wideOnly}>
                        <Badge appearance="tint" color="brand" size="small">
                          {i.phaseLabel}
                        </Badge>
                      </TableCell>
                      <TableCell className={styles.wideOnly}>{i.focusAreaLabel}</TableCell>
                      <TableCell className={styles.number}>{i.latest ? mean(i.latest.overallMean) : <span className={styles.muted}>–</span>}</TableCell>
                      <TableCell className={styles.wideOnly}>
                        {i.latest ? (
                          t('tab.initiatives.roundSummary', { date: i.latest.closedLabel, answers: i.latest.answers })
                        ) : (
                          <span className={styles.muted}>{t('tab.initiatives.notEvaluated')}</span>
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </section>

          {compared.length > 0 && (
            <section className={styles.surface} aria-labelledby="compare-heading">
              <h2 id="compare-heading" className={styles.sectionTitle}>
                {compared.length === 1 ? t('tab.initiatives.compareOne') : t('tab.initiatives.compareHeading', { count: compared.length })}
              </h2>
              <div className={styles.split}>
                <RadarImage
                  query={{ initiatives: compared.map((i) => i.id).join(',') }}
                  alt={t('tab.initiatives.compareAlt', { names: compared.map((i) => i.name).join(', ') })}
                />
                <div>
                  <Text size={200} className={styles.muted}>
                    {t('tab.initiatives.criteriaSet', { name: setName(compareSet) })}
                  </Text>
                  <div className={styles.scroll}>
                    <Table size="small" aria-label={t('tab.initiatives.compareTable')}>
                      <TableHeader>
                        <TableRow>
                          <TableHeaderCell>{t('tab.initiatives.col.criterion')}</TableHeaderCell>
                          {compared.map((i) => (
                            <TableHeaderCell key={i.id} className={styles.numberHeader}>
                              {i.name}
                            </TableHeaderCell>
                          ))}
                        </TableRow>
                      </TableHeader>
                      <TableBody>
                        {(compared[0]?.latest?.criteria ?? []).map((c) => (
                          <TableRow key={c.criterionId}>
                            <TableCell>{c.label}</TableCell>
                            {compared.map((i) => {
                              const value = i.latest?.criteria.find((x) => x.criterionId === c.criterionId)?.mean;
                              return (
                                <TableCell key={i.id} className={styles.number}>
                                  {value === undefined ? '–' : mean(value)}
                                </TableCell>
                              );
                            })}
                          </TableRow>
                        ))}
                        <TableRow>
                          <TableCell>
                            <strong>{t('tab.initiatives.overall')}</strong>
                          </TableCell>
                          {compared.map((i) => (
                            <TableCell key={i.id} className={styles.number}>
                              <strong>{i.latest ? mean(i.latest.overallMean) : '–'}</strong>
                            </TableCell>
                          ))}
                        </TableRow>
                      </TableBody>
                    </Table>
                  </div>
                  <Button size="small" appearance="subtle" onClick={() => setCompare([])} style={{ marginTop: tokens.spacingVerticalS }}>
                    {t('tab.initiatives.compareClear')}
                  </Button>
                </div>
              </div>
            </section>
          )}

          {opened && <InitiativeDetail initiative={opened} setName={setName} />}
        </>
      )}
    </div>
  );
}

function ResultTable(props: { result: TabResult; label: string }) {
  const { t, locale } = useTab();
  const styles = useStyles();
  return (
    <Table size="small" aria-label={props.label}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('tab.initiatives.col.criterion')}</TableHeaderCell>
          <TableHeaderCell className={styles.numberHeader} style={{ width: '90px' }}>{t('tab.initiatives.col.mean')}</TableHeaderCell>
          <TableHeaderCell className={styles.numberHeader} style={{ width: '110px' }}>{t('tab.initiatives.col.spread')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.result.criteria.map((c) => (
          <TableRow key={c.criterionId}>
            <TableCell>{c.label}</TableCell>
            <TableCell className={styles.number}>{formatMean(c.mean, locale)}</TableCell>
            <TableCell className={styles.number}>{c.min !== undefined && c.max !== undefined ? `${c.min}–${c.max}` : '–'}</TableCell>
          </TableRow>
        ))}
        <TableRow>
          <TableCell>
            <strong>{t('tab.initiatives.overall')}</strong>
          </TableCell>
          <TableCell className={styles.number}>
            <strong>{formatMean(props.result.overallMean, locale)}</strong>
          </TableCell>
          <TableCell />
        </TableRow>
      </TableBody>
    </Table>
  );
}

function InitiativeDetail(props: { initiative: TabInitiative; setName: (id: string | undefined) => string }) {
  const { t, locale } = useTab();
  const styles = useStyles();
  const i = props.initiative;
  const rounds = i.latest ? [i.latest, ...i.history] : i.history;
  const historyRounds = rounds.filter((r) => r.criteriaSetId === rounds[0]?.criteriaSetId).slice(0, MAX_COMPARE);
  return (
    <section className={styles.surface} aria-labelledby="initiative-heading">
      <h2 id="initiative-heading" className={styles.sectionTitle}>
        {i.name}
      </h2>
      <div className={styles.facts}>
        <Badge appearance="tint" color="brand">
          {i.phaseLabel}
        </Badge>
        <Text size={200}>{i.focusAreaLabel}</Text>
        {i.owner && <Text size={200}>{t('tab.initiatives.owner', { name: i.owner })}</Text>}
      </div>
      {i.description && <p className={styles.description}>{i.description}</p>}
      {!i.latest ? (
        <Empty title={t('tab.initiatives.noResult')} hint={t('tab.initiatives.noResultHint', { name: i.name })} />
      ) : (
        <>
          <h3 className={styles.subTitle}>{t('tab.initiatives.latestHeading', { date: i.latest.closedLabel, answers: i.latest.answers })}</h3>
          <div className={styles.split}>
            <RadarImage query={{ initiatives: i.id }} alt={t('tab.initiatives.radarAlt', { name: i.name, date: i.latest.closedLabel })} />
            <div>
              <Text size={200} className={styles.muted}>
                {t('tab.initiatives.criteriaSet', { name: props.setName(i.latest.criteriaSetId) })}
              </Text>
              <ResultTable result={i.latest} label={t('tab.initiatives.latestTable', { name: i.name })} />
            </div>
          </div>
          <h3 className={styles.subTitle}>{t('tab.initiatives.historyHeading')}</h3>
          {i.history.length === 0 ? (
            <Text size={200} className={styles.muted}>
              {t('tab.initiatives.historyOnlyOne')}
            </Text>
          ) : (
            <div className={styles.split}>
              <RadarImage
                query={{ initiative: i.id, rounds: historyRounds.map((r) => r.roundId).join(',') }}
                alt={t('tab.initiatives.historyAlt', { name: i.name, dates: historyRounds.map((r) => r.closedLabel).join(', ') })}
              />
              <Table size="small" aria-label={t('tab.initiatives.historyHeading')}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t('tab.initiatives.col.closed')}</TableHeaderCell>
                    <TableHeaderCell>{t('tab.initiatives.col.criteriaSet')}</TableHeaderCell>
                    <TableHeaderCell className={styles.numberHeader} style={{ width: '90px' }}>{t('tab.initiatives.col.mean')}</TableHeaderCell>
                    <TableHeaderCell className={styles.numberHeader} style={{ width: '80px' }}>{t('tab.initiatives.col.answers')}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rounds.map((r) => (
                    <TableRow key={r.roundId}>
                      <TableCell>{r.closedLabel}</TableCell>
                      <TableCell>{props.setName(r.criteriaSetId)}</TableCell>
                      <TableCell className={styles.number}>{formatMean(r.overallMean, locale)}</TableCell>
                      <TableCell className={styles.number}>{r.answers}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
