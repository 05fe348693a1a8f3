import { randomUUID } from 'node:crypto';
import https from 'node:https';
import { CosmosClient, type CosmosClientOptions } from '@azure/cosmos';
import { describe, expect, it } from 'vitest';
import { CosmosStore } from '../../src/store/cosmos-store.js';
import { StoreError } from '../../src/store/document-store.js';
import { startCosmosServer } from '../helpers/cosmos-server.js';
import { CONTRACT_CONTAINER, describeDocumentStoreContract } from './document-store.contract.js';

describeDocumentStoreContract('cosmos (@vercel/cosmosdb-server)', async () => {
  const server = await startCosmosServer();
  const store = await CosmosStore.open({
    endpoint: server.endpoint,
    key: server.key,
    databaseId: 'contract',
    containers: [CONTRACT_CONTAINER],
    clientOptions: server.clientOptions,
  });
  return {
    store,
    async teardown() {
      await store.close();
      await server.close();
    },
  };
});

const realEndpoint = process.env.COSMOS_TEST_ENDPOINT;
const realKey = process.env.COSMOS_TEST_KEY;

describe.runIf(Boolean(realEndpoint && realKey))('against COSMOS_TEST_ENDPOINT', () => {
  describeDocumentStoreContract('cosmos (COSMOS_TEST_ENDPOINT)', async () => {
    const endpoint = realEndpoint as string;
    const key = realKey as string;
    // The emulator serves a self-signed certificate; trust it for this client only.
    const local = ['localhost', '127.0.0.1'].includes(new URL(endpoint).hostname);
    const clientOptions: Partial<CosmosClientOptions> = local
      ? { agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }), connectionPolicy: { enableEndpointDiscovery: false } }
      : {};
    const databaseId = `shk-contract-${randomUUID().slice(0, 8)}`;
    const store = await CosmosStore.open({ endpoint, key, databaseId, containers: [CONTRACT_CONTAINER], clientOptions });
    return {
      store,
      async teardown() {
        await store.close();
        const admin = new CosmosClient({ ...clientOptions, endpoint, key });
        try {
          await admin.database(databaseId).delete();
        } catch (error) {
          // Nothing to clean up if open() never got as far as creating it.
          if ((error as { code?: unknown }).code !== 404) throw error;
        } finally {
          admin.dispose();
        }
      },
    };
  });
});

describe('CosmosStore specifics', () => {
  it('names what is missing from the options', async () => {
    const missingAll = CosmosStore.open({ endpoint: '', databaseId: '', containers: [] });
    await expect(missingAll).rejects.toThrowError(StoreError);
    await expect(missingAll).rejects.toThrowError(/missing endpoint, databaseId/);

    const missingDb = CosmosStore.open({ endpoint: 'https://example.invalid:8081/', databaseId: '', containers: [] });
    await expect(missingDb).rejects.toThrowError(/missing databaseId$/);

    await expect(
      CosmosStore.open({ endpoint: 'https://example.invalid/', key: '', databaseId: 'db', containers: [] }),
    ).rejects.toThrowError(/key is empty/);
    await expect(
      CosmosStore.open({ endpoint: 'not a url', key: 'k', databaseId: 'db', containers: ['Bad Name'] }),
    ).rejects.toThrowError(/endpoint "not a url" is not a URL.*Invalid container name/);
    await expect(
      CosmosStore.open({ endpoint: 'https://example.invalid/', key: 'k', credential: { getToken: async () => null }, databaseId: 'db', containers: [] }),
    ).rejects.toThrowError(/either key or credential/);
    await expect(
      CosmosStore.open(undefined as unknown as Parameters<typeof CosmosStore.open>[0]),
    ).rejects.toThrowError(/missing options/);
  });

  it('reports ok:false within a few seconds once its server is gone', async () => {
    const server = await startCosmosServer();
    const store = await CosmosStore.open({
      endpoint: server.endpoint,
      key: server.key,
      databaseId: 'health',
      containers: [],
      clientOptions: server.clientOptions,
    });
    try {
      expect(await store.health()).toEqual({ ok: true, kind: 'cosmos' });
      await server.close();
      const started = Date.now();
      const health = await store.health();
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(health.ok).toBe(false);
      expect(health.kind).toBe('cosmos');
      expect(health.detail).toBeTruthy();
      // Operations fail as Unavailable (with the SDK error as cause), not as "not found".
      const error = await store
        .container('lazy-after-death')
        .get('t|x', 'x')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('Unavailable');
    } finally {
      await store.close();
      await server.close();
    }
  });

  it('fails open() with Unavailable when the endpoint does not answer', async () => {
    const server = await startCosmosServer();
    await server.close();
    const error = await CosmosStore.open({
      endpoint: server.endpoint,
      key: server.key,
      databaseId: 'gone',
      containers: ['docs'],
      clientOptions: server.clientOptions,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('Unavailable');
    expect((error as StoreError).message).toMatch(/Could not open Cosmos database "gone"/);
  });

  it('refuses a container that is not partitioned on /pk', async () => {
    const server = await startCosmosServer();
    const admin = new CosmosClient({ endpoint: server.endpoint, key: server.key, ...server.clientOptions });
    try {
      const { database } = await admin.databases.createIfNotExists({ id: 'wrong' });
      await database.containers.createIfNotExists({ id: 'by-tenant', partitionKey: { paths: ['/tenantId'] } });
      const open = CosmosStore.open({
        endpoint: server.endpoint,
        key: server.key,
        databaseId: 'wrong',
        containers: ['by-tenant'],
        clientOptions: server.clientOptions,
      });
      await expect(open).rejects.toThrowError(/partitioned on \["\/tenantId"\], expected \["\/pk"\]/);
    } finally {
      admin.dispose();
      await server.close();
    }
  });

  it('creates a container it was not opened with on first use, once', async () => {
    const server = await startCosmosServer();
    const store = await CosmosStore.open({
      endpoint: server.endpoint,
      key: server.key,
      databaseId: 'lazy',
      containers: [],
      clientOptions: server.clientOptions,
    });
    try {
      const later = store.container<{ id: string; pk: string; tenantId: string }>('later');
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => later.create({ id: `d${i}`, pk: 't|x', tenantId: 't' })),
      );
      expect(results).toHaveLength(5);
      const admin = new CosmosClient({ endpoint: server.endpoint, key: server.key, ...server.clientOptions });
      try {
        const { resources } = await admin.database('lazy').containers.readAll().fetchAll();
        expect(resources.map((c) => c.id)).toEqual(['later']);
        expect(resources[0]?.partitionKey?.paths).toEqual(['/pk']);
      } finally {
        admin.dispose();
      }
    } finally {
      await store.close();
      await server.close();
    }
  });
});
