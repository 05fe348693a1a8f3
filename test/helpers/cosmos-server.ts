/**
 * An in-process Cosmos DB test server (@vercel/cosmosdb-server, HTTPS with its bundled self-signed certificate)
 * on 127.0.0.1 and an ephemeral port. Only this server's client skips certificate checks (through its own agent);
 * NODE_TLS_REJECT_UNAUTHORIZED is left alone.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { CosmosClientOptions } from '@azure/cosmos';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { CONTAINERS } from '../../src/app.js';
import { CosmosStore } from '../../src/store/cosmos-store.js';

export interface CosmosTestServer {
  endpoint: string;
  key: string;
  clientOptions: Partial<CosmosClientOptions>;
  /** A store on this server with every container the app uses, in a database of its own. */
  appStore(databaseId: string): Promise<CosmosStore>;
  close(): Promise<void>;
}

/** `onRequest`: called for every HTTP request the server receives (bench/bot-server.ts counts round trips). */
export async function startCosmosServer(options: { onRequest?: () => void } = {}): Promise<CosmosTestServer> {
  const server = createHttpsServer({ keepAlive: true });
  if (options.onRequest) server.on('request', options.onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
  let closed: Promise<void> | undefined;
  const endpoint = `https://127.0.0.1:${port}/`;
  const key = 'any-key';
  const clientOptions: Partial<CosmosClientOptions> = { agent, connectionPolicy: { enableEndpointDiscovery: false } };
  return {
    endpoint,
    key,
    clientOptions,
    appStore: (databaseId) => CosmosStore.open({ endpoint, key, databaseId, containers: [...CONTAINERS], clientOptions }),
    close() {
      closed ??= new Promise<void>((resolve) => {
        agent.destroy();
        // Keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}
