import { makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
    color: tokens.colorNeutralForeground3,
    textAlign: 'center',
  },
});

export function Loading(props: { label: string }) {
  const styles = useStyles();
  return (
    <div className={styles.box}>
      <Spinner size="small" label={props.label} />
    </div>
  );
}

export function Empty(props: { title: string; hint?: string }) {
  const styles = useStyles();
  return (
    <div className={styles.box} role="status">
      <Text weight="semibold">{props.title}</Text>
      {props.hint && <Text size={200}>{props.hint}</Text>}
    </div>
  );
}
