import { startChild, type Child } from './children.js';
import { processStats, type ProcessStats } from './ipc.js';
import { recordedCalls, startBenchConnector, summarise, type CallFilter, type ConnectorSummary, type RecordedCall, type RosterMember, type SummaryOptions } from './recording.js';

/**
 * The Bot Connector stand-in a bot replies to: test/helpers' RecordingConnector, either in its own process
 * (default) or in the load generator's process. Both give the same compact summary (recording.ts).
 */

export interface ConnectorHandle {
  where: 'child' | 'parent';
  /** serviceUrl to put in activities. */
  url: string;
  summary(options?: SummaryOptions): Promise<ConnectorSummary>;
  /** The recorded calls themselves, with bodies (keep the filter tight: bodies of cards are large). */
  calls(filter?: CallFilter): Promise<RecordedCall[]>;
  /** Forgets recorded calls (between warm-up runs, scenarios). */
  clear(): Promise<void>;
  /** The members the connector answers roster look-ups (TeamsInfo.getMember) with. */
  setRoster(roster: RosterMember[]): Promise<void>;
  /** CPU of the connector's own process (0 when it runs in the load generator) and connections accepted. */
  stats(): Promise<ProcessStats>;
  stop(): Promise<void>;
}

export async function startConnector(where: 'child' | 'parent', name: string, verbose = false): Promise<ConnectorHandle> {
  if (where === 'parent') {
    const { connector, connectionsAccepted } = await startBenchConnector();
    return {
      where,
      url: connector.url,
      summary: async (options) => summarise(connector.calls, options),
      // A copy, as over IPC: later calls must not change what the caller got.
      calls: async (filter) => structuredClone(recordedCalls(connector.calls, filter)),
      clear: async () => connector.clear(),
      setRoster: async (roster) => {
        connector.roster = roster;
      },
      // Same process as the load generator: CPU is counted there; only the connection count is its own.
      stats: async () => ({ ...processStats({ connectionsAccepted: connectionsAccepted() }), cpuUserUs: 0, cpuSystemUs: 0 }),
      stop: () => connector.stop(),
    };
  }
  const child: Child = await startChild(name, 'connector-server.ts', { verbose });
  const url = child.ready.url;
  if (!url) throw new Error(`${name}: ready message without url`);
  return {
    where,
    url,
    summary: (options) => child.call<ConnectorSummary>('summary', 20_000, options),
    calls: (filter) => child.call<RecordedCall[]>('calls', 20_000, filter),
    clear: async () => {
      await child.call('clear');
    },
    setRoster: async (roster) => {
      await child.call('setRoster', 10_000, roster);
    },
    stats: () => child.stats(),
    stop: () => child.stop(),
  };
}
