import { makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Query } from '../api.js';
import { useTab } from '../context.js';

const useStyles = makeStyles({
  frame: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    minHeight: '240px',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: tokens.spacingVerticalS,
  },
  image: { maxWidth: '100%', width: '420px', height: 'auto', display: 'block' },
});

/** The radar chart from /api/tab/radar.svg, loaded with the auth header and shown through a blob URL. */
export function RadarImage(props: { query: Query; alt: string }) {
  const { api, t, theme } = useTab();
  const styles = useStyles();
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState<string>();
  const query = { ...props.query, ...(theme === 'default' ? {} : { theme: 'dark' }) };
  const key = JSON.stringify(query);

  useEffect(() => {
    let cancelled = false;
    let objectUrl: string | undefined;
    setUrl(undefined);
    setFailed(undefined);
    api.radar(query).then(
      (blob) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      },
      (error: unknown) => {
        if (!cancelled) setFailed(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [api, key]);

  return (
    <div className={styles.frame}>
      {url ? (
        <img className={styles.image} src={url} alt={props.alt} />
      ) : failed ? (
        <Text role="alert">{t('tab.radar.failed', { reason: failed })}</Text>
      ) : (
        <Spinner size="small" label={t('tab.radar.loading')} />
      )}
    </div>
  );
}
