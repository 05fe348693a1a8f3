import { Button, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ExportFormat } from '../../shared/api.js';
import type { Query } from '../api.js';
import { useTab } from '../context.js';
import { saveBlob } from './util.js';

const useStyles = makeStyles({ row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' } });

/** CSV and Excel downloads of items or round results, fetched with the auth header. */
export function ExportButtons(props: { what: 'items' | 'rounds'; query?: Query }) {
  const { api, t, reportError } = useTab();
  const styles = useStyles();
  const [busy, setBusy] = useState<ExportFormat>();

  async function download(format: ExportFormat) {
    setBusy(format);
    try {
      const { blob, fileName } = await api.export(props.what, format, props.query);
      saveBlob(blob, fileName);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(undefined);
    }
  }

  const label = (format: ExportFormat) => t(format === 'csv' ? `tab.export.${props.what}.csv` : `tab.export.${props.what}.xlsx`);
  return (
    <div className={styles.row} role="group" aria-label={t(`tab.export.${props.what}.group`)}>
      {(['xlsx', 'csv'] as const).map((format) => (
        <Button
          key={format}
          size="small"
          appearance={format === 'xlsx' ? 'primary' : 'secondary'}
          disabled={busy !== undefined}
          icon={busy === format ? <Spinner size="extra-tiny" /> : undefined}
          onClick={() => void download(format)}
        >
          {label(format)}
        </Button>
      ))}
    </div>
  );
}
