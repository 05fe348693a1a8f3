/**
 * A RecordingConnector (test/helpers, via recording.ts) in its own process, standing in for the Bot Connector service that one
 * bot under test replies to. The parent asks it for a summary of what it received over IPC (or the calls themselves,
 * with bodies), and can give it the roster it answers member look-ups from.
 *
 *   node --import tsx bench/connector-server.ts   → prints {"event":"ready","role":"connector","url":"http://127.0.0.1:N/",...}
 */
import { recordedCalls, startBenchConnector, summarise, type CallFilter, type RosterMember, type SummaryOptions } from './recording.js';
import { processStats, serveChild } from './ipc.js';

const { connector, connectionsAccepted } = await startBenchConnector();

const child = serveChild({
  role: 'connector',
  handlers: {
    stats: () => processStats({ connectionsAccepted: connectionsAccepted() }),
    summary: (options) => summarise(connector.calls, (options ?? {}) as SummaryOptions),
    calls: (filter) => recordedCalls(connector.calls, (filter ?? {}) as CallFilter),
    clear: () => {
      connector.clear();
      return true;
    },
    /** The members TeamsInfo.getMember / getMembers find (GET …/members/{id}). */
    setRoster: (roster) => {
      connector.roster = (roster ?? []) as RosterMember[];
      return true;
    },
  },
  stop: () => connector.stop(),
});

child.announce({ url: connector.url });
