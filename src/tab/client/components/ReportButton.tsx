import { Button, Spinner, Tooltip } from '@fluentui/react-components';
import { useState } from 'react';
import { useTab } from '../context.js';
import { saveBlob } from './util.js';

/**
 * "Styrelserapport": the board report (.docx) for what the tab shows — this conversation, or the picked one, or all
 * the user's conversations — for the time since the last board meeting. Fetched with the auth header like the
 * Excel exports, so only someone the tab lets in gets it.
 */
export function ReportButton(props: { conversation?: string }) {
  const { api, t, reportError } = useTab();
  const [busy, setBusy] = useState(false);

  async function download() {
    setBusy(true);
    try {
      const { blob, fileName } = await api.report(props.conversation);
      saveBlob(blob, fileName);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Tooltip content={t('tab.report.hint')} relationship="description">
      <Button size="small" appearance="primary" disabled={busy} icon={busy ? <Spinner size="extra-tiny" /> : undefined} onClick={() => void download()}>
        {t('tab.report.button')}
      </Button>
    </Tooltip>
  );
}
