/**
 * The one contract every DocumentStore adapter must pass (see src/store/document-store.ts).
 *
 * `setup` is called once for the suite (every test works in its own fresh tenant, so tests do not see each other's
 * documents) and once more by the test that closes a store. Fixtures stay small: the Cosmos test server scans
 * every document of a container on each query.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  partitionKey,
  StoreError,
  tenantPrefix,
  type BaseDocument,
  type Container,
  type DocumentStore,
  type QueryOptions,
  type Stored,
  type StoreErrorCode,
} from '../../src/store/document-store.js';

export interface ContractSetup {
  store: DocumentStore;
  teardown(): Promise<void>;
}

/** Container the adapter is expected to have opened at startup. */
export const CONTRACT_CONTAINER = 'contract-docs';
/** Container the contract uses without announcing it first (Cosmos creates it lazily). */
export const CONTRACT_LAZY_CONTAINER = 'contract-lazy';

interface Doc extends BaseDocument {
  title?: string;
  n?: number | string;
  done?: boolean;
  due?: string;
  tags?: unknown;
  meta?: { owner?: string; prio?: number };
  note?: string | null;
  code?: string;
  writer?: string;
  [key: string]: unknown;
}

const SYSTEM_PROPERTIES = ['_rid', '_self', '_ts', '_attachments'];

async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<StoreError> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected StoreError(${code}) but it resolved ${JSON.stringify(outcome.value)}`);
  expect(outcome.error, `expected StoreError(${code})`).toBeInstanceOf(StoreError);
  expect((outcome.error as StoreError).code).toBe(code);
  return outcome.error as StoreError;
}

const ids = (docs: Array<{ id: string }>): string[] => docs.map((doc) => doc.id);
const sortedIds = (docs: Array<{ id: string }>): string[] => ids(docs).sort();

export function describeDocumentStoreContract(name: string, setup: () => Promise<ContractSetup>): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let context: ContractSetup | undefined;
    let docs: Container<Doc>;
    let tenant: string;
    let pk: string;

    const store = (): DocumentStore => {
      if (!context) throw new Error('setup failed');
      return context.store;
    };
    const doc = (id: string, fields: Partial<Doc> = {}, partition = pk, tenantId = tenant): Doc => ({
      id,
      pk: partition,
      tenantId,
      ...fields,
    });

    beforeAll(async () => {
      context = await setup();
      docs = context.store.container<Doc>(CONTRACT_CONTAINER);
    });

    afterAll(async () => {
      await context?.teardown();
    });

    beforeEach(() => {
      tenant = `t${randomUUID().slice(0, 8)}`;
      pk = partitionKey(tenant, 'team', 'a');
    });

    describe('point operations', () => {
      it('creates and reads back a document with _etag and without system properties', async () => {
        const input = doc('d1', { title: 'Hello', n: 1, nested: { deep: [1, 'two', { three: true }] } });
        const created = await docs.create(input);
        expect(typeof created._etag).toBe('string');
        expect(created._etag.length).toBeGreaterThan(0);
        expect(created).toEqual({ ...input, _etag: created._etag });

        const read = await docs.get(pk, 'd1');
        expect(read).toEqual({ ...input, _etag: created._etag });
        for (const property of SYSTEM_PROPERTIES) expect(read).not.toHaveProperty(property);
        expect(Object.keys(read ?? {}).sort()).toEqual([...Object.keys(input), '_etag'].sort());
      });

      it('returns undefined for a missing document', async () => {
        expect(await docs.get(pk, 'nope')).toBeUndefined();
        expect(await docs.get(partitionKey(tenant, 'never-written'), 'nope')).toBeUndefined();
      });

      it('rejects creating an existing (pk, id) with Conflict and keeps the original', async () => {
        await docs.create(doc('d1', { title: 'first' }));
        await expectStoreError(docs.create(doc('d1', { title: 'second' })), 'Conflict');
        expect((await docs.get(pk, 'd1'))?.title).toBe('first');
      });

      it('treats the same id in two partitions as two documents', async () => {
        const other = partitionKey(tenant, 'team', 'b');
        await docs.create(doc('same', { title: 'in a' }));
        await docs.create(doc('same', { title: 'in b' }, other));
        expect((await docs.get(pk, 'same'))?.title).toBe('in a');
        expect((await docs.get(other, 'same'))?.title).toBe('in b');
        expect(await docs.delete(other, 'same')).toBe(true);
        expect((await docs.get(pk, 'same'))?.title).toBe('in a');
        expect(await docs.get(other, 'same')).toBeUndefined();
      });

      it('keeps containers apart', async () => {
        const lazy = store().container<Doc>(CONTRACT_LAZY_CONTAINER);
        await docs.create(doc('d1', { title: 'main' }));
        expect(await lazy.get(pk, 'd1')).toBeUndefined();
        await lazy.create(doc('d1', { title: 'lazy' }));
        expect((await lazy.get(pk, 'd1'))?.title).toBe('lazy');
        expect((await docs.get(pk, 'd1'))?.title).toBe('main');
        expect(ids(await lazy.query(pk))).toEqual(['d1']);
      });

      it('upserts: creates, then overwrites with a new etag; an input _etag is ignored', async () => {
        const first = await docs.upsert({ ...doc('u1', { title: 'v1', extra: 'gone later' }), _etag: 'bogus' });
        expect(first._etag).not.toBe('bogus');
        expect(await docs.get(pk, 'u1')).toEqual({ ...doc('u1', { title: 'v1', extra: 'gone later' }), _etag: first._etag });

        const second = await docs.upsert({ ...doc('u1', { title: 'v2' }), _etag: first._etag });
        expect(second._etag).not.toBe(first._etag);
        const read = await docs.get(pk, 'u1');
        expect(read).toEqual({ ...doc('u1', { title: 'v2' }), _etag: second._etag });
        expect(read).not.toHaveProperty('extra');
      });

      it('replaces with the current etag, accepting a document as it was read', async () => {
        const created = await docs.create(doc('r1', { title: 'v1', n: 1 }));
        const read = (await docs.get(pk, 'r1')) as Stored<Doc>;
        const replaced = await docs.replace({ ...read, title: 'v2' }, read._etag);
        expect(replaced._etag).not.toBe(created._etag);
        expect(replaced).toEqual({ ...doc('r1', { title: 'v2', n: 1 }), _etag: replaced._etag });
        expect(await docs.get(pk, 'r1')).toEqual(replaced);
      });

      it('rejects a replace with a stale etag (PreconditionFailed) and keeps the body', async () => {
        const v1 = await docs.create(doc('r1', { title: 'v1' }));
        const v2 = await docs.replace(doc('r1', { title: 'v2' }), v1._etag);
        await expectStoreError(docs.replace(doc('r1', { title: 'stale' }), v1._etag), 'PreconditionFailed');
        expect(await docs.get(pk, 'r1')).toEqual(v2);
      });

      it('rejects a replace of a missing document with NotFound and creates nothing', async () => {
        const other = await docs.create(doc('exists', { title: 'x' }));
        await expectStoreError(docs.replace(doc('missing', { title: 'x' }), other._etag), 'NotFound');
        expect(await docs.get(pk, 'missing')).toBeUndefined();
      });

      it('lets exactly one of 10 concurrent replaces with the same etag win', async () => {
        const created = await docs.create(doc('race', { writer: 'none' }));
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => docs.replace(doc('race', { writer: `w${i}` }), created._etag)),
        );
        const winners = results.filter((r): r is PromiseFulfilledResult<Stored<Doc>> => r.status === 'fulfilled');
        const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(winners).toHaveLength(1);
        for (const loser of losers) {
          expect(loser.reason).toBeInstanceOf(StoreError);
          expect((loser.reason as StoreError).code).toBe('PreconditionFailed');
        }
        const stored = await docs.get(pk, 'race');
        expect(stored?.writer).toBe(winners[0]?.value.writer);
        expect(stored?._etag).toBe(winners[0]?.value._etag);
      });

      it('deletes without etag, reporting whether anything was deleted', async () => {
        await docs.create(doc('d1'));
        expect(await docs.delete(pk, 'd1')).toBe(true);
        expect(await docs.get(pk, 'd1')).toBeUndefined();
        expect(await docs.delete(pk, 'd1')).toBe(false);
        expect(await docs.delete(partitionKey(tenant, 'never-written'), 'd1')).toBe(false);
      });

      it('deletes with the current etag and rejects a stale one', async () => {
        const v1 = await docs.create(doc('d1', { title: 'v1' }));
        const v2 = await docs.replace(doc('d1', { title: 'v2' }), v1._etag);
        await expectStoreError(docs.delete(pk, 'd1', v1._etag), 'PreconditionFailed');
        expect(await docs.get(pk, 'd1')).toEqual(v2);
        expect(await docs.delete(pk, 'd1', v2._etag)).toBe(true);
        expect(await docs.get(pk, 'd1')).toBeUndefined();
        expect(await docs.delete(pk, 'd1', v2._etag)).toBe(false);
      });

      it('upserts several documents of one partition at once, and refuses a batch across partitions', async () => {
        const P = partitionKey(tenant, 'batch');
        const first = await docs.upsertMany([
          { id: 'b1', pk: P, tenantId: tenant, title: 'Ett' },
          { id: 'b2', pk: P, tenantId: tenant, title: 'Två' },
        ]);
        expect(first.map((d) => [d.id, d.title])).toEqual([['b1', 'Ett'], ['b2', 'Två']]);
        expect(first.every((d) => typeof d._etag === 'string' && d._etag.length > 0)).toBe(true);
        const second = await docs.upsertMany([{ ...first[0]!, title: 'Ett igen' }, { id: 'b3', pk: P, tenantId: tenant, title: 'Tre' }]);
        expect(second[0]!._etag).not.toBe(first[0]!._etag);
        expect(sortedIds(await docs.query(P))).toEqual(['b1', 'b2', 'b3']);
        expect((await docs.get(P, 'b1'))?.title).toBe('Ett igen');
        await expect(docs.upsertMany([{ id: 'x1', pk: P, tenantId: tenant }, { id: 'x2', pk: partitionKey(tenant, 'other'), tenantId: tenant }])).rejects.toMatchObject({ code: 'InvalidDocument' });
        expect(await docs.get(P, 'x1')).toBeUndefined();
        expect(await docs.upsertMany([])).toEqual([]);
      });

      it('upserts documents of several partitions with one call, in order, and refuses more than 100', async () => {
        const A = partitionKey(tenant, 'across-a');
        const B = partitionKey(tenant, 'across-b');
        const first = await docs.upsertAcross([
          { id: 'a1', pk: A, tenantId: tenant, title: 'A ett' },
          { id: 'b1', pk: B, tenantId: tenant, title: 'B ett' },
          { id: 'a2', pk: A, tenantId: tenant, title: 'A två' },
        ]);
        expect(first.map((d) => [d.pk, d.id, d.title])).toEqual([[A, 'a1', 'A ett'], [B, 'b1', 'B ett'], [A, 'a2', 'A två']]);
        expect(first.every((d) => typeof d._etag === 'string' && d._etag.length > 0)).toBe(true);
        const again = await docs.upsertAcross([{ ...first[1]!, title: 'B igen' }]);
        expect(again[0]!._etag).not.toBe(first[1]!._etag);
        expect(await docs.get(B, 'b1')).toEqual(again[0]);
        expect(sortedIds(await docs.query(A))).toEqual(['a1', 'a2']);
        const many = Array.from({ length: 101 }, (_, i) => ({ id: `m${i}`, pk: i % 2 ? A : B, tenantId: tenant }));
        await expect(docs.upsertAcross(many)).rejects.toMatchObject({ code: 'InvalidDocument' });
        expect(await docs.get(B, 'm0')).toBeUndefined();
        await expect(docs.upsertAcross([{ id: 'ok', pk: A, tenantId: tenant }, { id: 'bad/id', pk: B, tenantId: tenant }])).rejects.toMatchObject({ code: 'InvalidDocument' });
        expect(await docs.get(A, 'ok')).toBeUndefined();
        expect(await docs.upsertAcross([])).toEqual([]);
      });

      it('round-trips unicode ids and bodies (åäö, emoji)', async () => {
        const body = doc('möte-åäö', {
          title: 'Årsmöte för Ängelholms förening',
          note: 'Gröt 🍚 och “citat” — ok',
          tags: ['ÅÄÖ', 'ñ', '日本'],
        });
        const created = await docs.create(body);
        expect(await docs.get(pk, 'möte-åäö')).toEqual({ ...body, _etag: created._etag });
        const found = await docs.query(pk, { where: [{ field: 'title', op: '=', value: 'Årsmöte för Ängelholms förening' }] });
        expect(ids(found)).toEqual(['möte-åäö']);
        expect(ids(await docs.query(pk, { where: [{ field: 'tags', op: 'arrayContains', value: 'ÅÄÖ' }] }))).toEqual([
          'möte-åäö',
        ]);
      });
    });

    describe('validation', () => {
      it('rejects a partition key forged for another tenant (InvalidDocument) and writes nothing', async () => {
        const victim = `t${randomUUID().slice(0, 8)}`;
        const forgedPk = partitionKey(victim, 'team', 'a');
        await docs.create(doc('target', { title: 'victim data' }, forgedPk, victim));
        const forged = doc('target', { title: 'forged' }, forgedPk, tenant);

        await expectStoreError(docs.create({ ...forged, id: 'fresh' }), 'InvalidDocument');
        await expectStoreError(docs.upsert(forged), 'InvalidDocument');
        const current = (await docs.get(forgedPk, 'target')) as Stored<Doc>;
        await expectStoreError(docs.replace(forged, current._etag), 'InvalidDocument');

        expect(await docs.get(forgedPk, 'fresh')).toBeUndefined();
        expect(await docs.get(forgedPk, 'target')).toEqual(current);
        expect(current.title).toBe('victim data');
      });

      it('rejects documents without tenantId, with a bad id, or with a pk that only resembles the tenant', async () => {
        await expectStoreError(docs.create({ id: 'x', pk, tenantId: '' }), 'InvalidDocument');
        await expectStoreError(docs.create(doc('a/b')), 'InvalidDocument');
        await expectStoreError(docs.create(doc('')), 'InvalidDocument');
        await expectStoreError(docs.create(doc('x', {}, `${tenant}x|team`)), 'InvalidDocument');
        expect(await docs.query(pk)).toEqual([]);
      });

      it('rejects invalid field paths, operators, values and limits with InvalidQuery', async () => {
        const bad: QueryOptions[] = [
          { where: [{ field: 'a..b', op: '=', value: 1 }] },
          { where: [{ field: "title') OR 1=1 --", op: '=', value: 1 }] },
          { where: [{ field: 'a-b', op: 'exists', value: true }] },
          { where: [{ field: '', op: '=', value: 1 }] },
          { where: [{ field: 'title', op: 'like' as '=', value: 'x' }] },
          { where: [{ field: 'tags', op: 'in', value: 'x' as unknown as string[] }] },
          { where: [{ field: 'n', op: '<', value: null }] },
          { orderBy: [{ field: 'title; DROP TABLE documents' }] },
          { orderBy: [{ field: 'title', direction: 'sideways' as 'asc' }] },
          { limit: -1 },
          { limit: 1.5 },
        ];
        for (const options of bad) {
          await expectStoreError(docs.query(pk, options), 'InvalidQuery');
          await expectStoreError(docs.queryAcross(tenantPrefix(tenant), options), 'InvalidQuery');
        }
      });

      it('rejects invalid container names', () => {
        for (const name of ['Docs', 'docs;drop', '', '-docs', 'a'.repeat(64)]) {
          expect(() => store().container(name)).toThrowError(StoreError);
        }
      });
    });

    describe('query', () => {
      let qTenant: string;
      let P: string;
      let P2: string;
      let c: Container<Doc>;
      const q = async (options: QueryOptions): Promise<string[]> => sortedIds(await c.query(P, options));
      const qOrdered = async (options: QueryOptions): Promise<string[]> => ids(await c.query(P, options));

      beforeAll(async () => {
        c = store().container<Doc>(CONTRACT_CONTAINER);
        qTenant = `q${randomUUID().slice(0, 8)}`;
        P = partitionKey(qTenant, 'team', 'a');
        P2 = partitionKey(qTenant, 'team', 'b');
        const base = { tenantId: qTenant };
        const fixture: Doc[] = [
          { ...base, pk: P, id: 'a', title: 'Alfa', n: 1, done: true, due: '2024-01-10', tags: ['x', 'y'], meta: { owner: 'anna', prio: 2 }, note: 'hej' },
          { ...base, pk: P, id: 'b', title: 'Beta', n: 2, done: false, due: '2024-02-01', tags: ['y'], meta: { owner: 'bo', prio: 1 }, note: null },
          { ...base, pk: P, id: 'c', title: 'Gamma', n: 3, done: false, tags: [], meta: { owner: 'anna', prio: 3 } },
          { ...base, pk: P, id: 'd', title: 'Delta', n: 4, done: true, due: '2023-12-24', tags: ['z', 5], meta: { owner: 'cecilia', prio: 2 }, code: '4' },
          { ...base, pk: P, id: 'e', title: 'Åsa', n: 2.5, done: false, due: '2024-03-15', tags: 'x', meta: { owner: 'bo', prio: 2 } },
          { ...base, pk: P2, id: 'a', title: 'Alfa', n: 1, done: true, due: '2024-01-10', tags: ['x'], meta: { owner: 'anna', prio: 2 } },
          { ...base, pk: P2, id: 'z', title: 'Zeta', n: 9, done: true, tags: ['x'], meta: { owner: 'anna', prio: 2 } },
          // Another tenant with the same shape of keys.
          { tenantId: `${qTenant}0`, pk: partitionKey(`${qTenant}0`, 'team', 'a'), id: 'a', title: 'Alfa', n: 1, done: true, tags: ['x'], meta: { owner: 'anna', prio: 2 } },
        ];
        for (const item of fixture) await c.create(item);
      });

      it('returns the whole partition and nothing from other partitions or tenants', async () => {
        expect(await q({})).toEqual(['a', 'b', 'c', 'd', 'e']);
        const fromP = await c.query(P);
        expect(fromP.every((d) => d.pk === P && d.tenantId === qTenant)).toBe(true);
        for (const d of fromP) for (const property of SYSTEM_PROPERTIES) expect(d).not.toHaveProperty(property);
        expect(fromP.every((d) => typeof d._etag === 'string')).toBe(true);
        // 'z' only exists in P2.
        expect(await q({ where: [{ field: 'title', op: '=', value: 'Zeta' }] })).toEqual([]);
        expect(sortedIds(await c.query(P2))).toEqual(['a', 'z']);
        expect(await c.query(partitionKey(qTenant, 'team', 'none'))).toEqual([]);
      });

      it('= on strings, numbers, booleans and nested paths, with strict types', async () => {
        expect(await q({ where: [{ field: 'title', op: '=', value: 'Beta' }] })).toEqual(['b']);
        expect(await q({ where: [{ field: 'n', op: '=', value: 2 }] })).toEqual(['b']);
        expect(await q({ where: [{ field: 'n', op: '=', value: 2.5 }] })).toEqual(['e']);
        expect(await q({ where: [{ field: 'done', op: '=', value: true }] })).toEqual(['a', 'd']);
        expect(await q({ where: [{ field: 'done', op: '=', value: false }] })).toEqual(['b', 'c', 'e']);
        expect(await q({ where: [{ field: 'meta.owner', op: '=', value: 'anna' }] })).toEqual(['a', 'c']);
        expect(await q({ where: [{ field: 'meta.prio', op: '=', value: 2 }] })).toEqual(['a', 'd', 'e']);
        // No coercion between JSON types.
        expect(await q({ where: [{ field: 'code', op: '=', value: '4' }] })).toEqual(['d']);
        expect(await q({ where: [{ field: 'code', op: '=', value: 4 }] })).toEqual([]);
        expect(await q({ where: [{ field: 'n', op: '=', value: '1' }] })).toEqual([]);
        expect(await q({ where: [{ field: 'done', op: '=', value: 1 }] })).toEqual([]);
        expect(await q({ where: [{ field: 'n', op: '=', value: true }] })).toEqual([]);
        // A whole object or array never equals a scalar.
        expect(await q({ where: [{ field: 'meta', op: '=', value: '{"owner":"anna","prio":2}' }] })).toEqual([]);
        // = null is a JSON null, not a missing field.
        expect(await q({ where: [{ field: 'note', op: '=', value: null }] })).toEqual(['b']);
        expect(await q({ where: [{ field: 'missing.path', op: '=', value: 'x' }] })).toEqual([]);
      });

      it('!= matches present fields of the same type only', async () => {
        expect(await q({ where: [{ field: 'n', op: '!=', value: 2 }] })).toEqual(['a', 'c', 'd', 'e']);
        expect(await q({ where: [{ field: 'done', op: '!=', value: true }] })).toEqual(['b', 'c', 'e']);
        // b (null) and c, d, e (missing) have no string note: no match, as in Cosmos.
        expect(await q({ where: [{ field: 'note', op: '!=', value: 'x' }] })).toEqual(['a']);
        expect(await q({ where: [{ field: 'note', op: '!=', value: null }] })).toEqual(['a']);
      });

      it('< <= > >= on numbers, ISO date strings and nested numbers', async () => {
        expect(await q({ where: [{ field: 'n', op: '<', value: 2.5 }] })).toEqual(['a', 'b']);
        expect(await q({ where: [{ field: 'n', op: '<=', value: 2.5 }] })).toEqual(['a', 'b', 'e']);
        expect(await q({ where: [{ field: 'n', op: '>', value: 2.5 }] })).toEqual(['c', 'd']);
        expect(await q({ where: [{ field: 'n', op: '>=', value: 3 }] })).toEqual(['c', 'd']);
        expect(await q({ where: [{ field: 'due', op: '<', value: '2024-02-01' }] })).toEqual(['a', 'd']);
        expect(await q({ where: [{ field: 'due', op: '>=', value: '2024-02-01' }] })).toEqual(['b', 'e']);
        expect(await q({ where: [{ field: 'meta.prio', op: '<', value: 2 }] })).toEqual(['b']);
        // A number field is never "greater" than a string, nor a string than a number.
        expect(await q({ where: [{ field: 'n', op: '>', value: '0' }] })).toEqual([]);
        expect(await q({ where: [{ field: 'title', op: '>', value: 0 }] })).toEqual([]);
      });

      it('combines conditions with AND', async () => {
        expect(
          await q({
            where: [
              { field: 'done', op: '=', value: false },
              { field: 'meta.owner', op: '=', value: 'bo' },
              { field: 'n', op: '>', value: 2 },
            ],
          }),
        ).toEqual(['e']);
      });

      it('in: strings, numbers, mixed, and empty', async () => {
        expect(await q({ where: [{ field: 'meta.owner', op: 'in', value: ['bo', 'cecilia'] }] })).toEqual(['b', 'd', 'e']);
        expect(await q({ where: [{ field: 'n', op: 'in', value: [1, 3, 99] }] })).toEqual(['a', 'c']);
        expect(await q({ where: [{ field: 'n', op: 'in', value: ['1', 4] }] })).toEqual(['d']);
        expect(await q({ where: [{ field: 'code', op: 'in', value: [4, '4'] }] })).toEqual(['d']);
        expect(await q({ where: [{ field: 'n', op: 'in', value: [] }] })).toEqual([]);
      });

      it('arrayContains: strings and numbers, only on arrays', async () => {
        expect(await q({ where: [{ field: 'tags', op: 'arrayContains', value: 'y' }] })).toEqual(['a', 'b']);
        expect(await q({ where: [{ field: 'tags', op: 'arrayContains', value: 5 }] })).toEqual(['d']);
        expect(await q({ where: [{ field: 'tags', op: 'arrayContains', value: '5' }] })).toEqual([]);
        // e has tags: 'x' (a string, not an array).
        expect(await q({ where: [{ field: 'tags', op: 'arrayContains', value: 'x' }] })).toEqual(['a']);
        expect(await q({ where: [{ field: 'title', op: 'arrayContains', value: 'Alfa' }] })).toEqual([]);
      });

      it('exists: present vs absent, JSON null counts as absent', async () => {
        expect(await q({ where: [{ field: 'due', op: 'exists', value: true }] })).toEqual(['a', 'b', 'd', 'e']);
        expect(await q({ where: [{ field: 'due', op: 'exists', value: false }] })).toEqual(['c']);
        expect(await q({ where: [{ field: 'note', op: 'exists', value: true }] })).toEqual(['a']);
        expect(await q({ where: [{ field: 'note', op: 'exists', value: false }] })).toEqual(['b', 'c', 'd', 'e']);
        expect(await q({ where: [{ field: 'meta.owner', op: 'exists', value: true }] })).toEqual(['a', 'b', 'c', 'd', 'e']);
        expect(await q({ where: [{ field: 'meta.nothing', op: 'exists', value: false }] })).toEqual(['a', 'b', 'c', 'd', 'e']);
      });

      it('orders ascending and descending, by nested fields and by several fields', async () => {
        expect(await qOrdered({ orderBy: [{ field: 'n' }] })).toEqual(['a', 'b', 'e', 'c', 'd']);
        expect(await qOrdered({ orderBy: [{ field: 'n', direction: 'desc' }] })).toEqual(['d', 'c', 'e', 'b', 'a']);
        expect(await qOrdered({ orderBy: [{ field: 'title', direction: 'asc' }] })).toEqual(['a', 'b', 'd', 'c', 'e']);
        expect(
          await qOrdered({ orderBy: [{ field: 'meta.prio', direction: 'desc' }, { field: 'meta.owner' }, { field: 'n', direction: 'desc' }] }),
        ).toEqual(['c', 'a', 'e', 'd', 'b']);
        expect(
          await qOrdered({ where: [{ field: 'done', op: '=', value: false }], orderBy: [{ field: 'due', direction: 'desc' }] }),
        ).toEqual(['e', 'b', 'c']);
      });

      it('keeps documents lacking an orderBy field: first ascending, last descending', async () => {
        expect(await qOrdered({ orderBy: [{ field: 'due' }] })).toEqual(['c', 'd', 'a', 'b', 'e']);
        expect(await qOrdered({ orderBy: [{ field: 'due', direction: 'desc' }] })).toEqual(['e', 'b', 'a', 'd', 'c']);
      });

      it('limits after ordering, and without ordering', async () => {
        expect(await qOrdered({ orderBy: [{ field: 'n', direction: 'desc' }], limit: 2 })).toEqual(['d', 'c']);
        expect(await qOrdered({ where: [{ field: 'done', op: '=', value: false }], orderBy: [{ field: 'n' }], limit: 1 })).toEqual(['b']);
        const unordered = await c.query(P, { limit: 3 });
        expect(unordered).toHaveLength(3);
        expect(unordered.every((d) => d.pk === P)).toBe(true);
        expect(await c.query(P, { limit: 0 })).toEqual([]);
        expect(await c.query(P, { limit: 100 })).toHaveLength(5);
      });

      it('orders by one field a condition fixes to one type, with a limit (the server orders: TOP … ORDER BY)', async () => {
        expect(await qOrdered({ where: [{ field: 'due', op: '>=', value: '' }], orderBy: [{ field: 'due' }], limit: 3 })).toEqual(['d', 'a', 'b']);
        expect(await qOrdered({ where: [{ field: 'due', op: '<', value: '2024-03-01' }], orderBy: [{ field: 'due', direction: 'desc' }], limit: 2 })).toEqual(['b', 'a']);
        expect(await qOrdered({ where: [{ field: 'n', op: '>', value: 1 }], orderBy: [{ field: 'n' }], limit: 10 })).toEqual(['b', 'e', 'c', 'd']);
      });

      it('arrayContainsAny: any of several values, each document once', async () => {
        expect(await q({ where: [{ field: 'tags', op: 'arrayContainsAny', value: ['y', 'z'] }] })).toEqual(['a', 'b', 'd']);
        expect(await q({ where: [{ field: 'tags', op: 'arrayContainsAny', value: ['x', 'y'] }] })).toEqual(['a', 'b']);
        expect(await q({ where: [{ field: 'tags', op: 'arrayContainsAny', value: [5, 'nothing'] }] })).toEqual(['d']);
        expect(await q({ where: [{ field: 'tags', op: 'arrayContainsAny', value: ['5'] }] })).toEqual([]);
        expect(sortedIds(await c.queryAcross(`${qTenant}|`, { where: [{ field: 'tags', op: 'arrayContainsAny', value: ['x'] }] }))).toEqual(['a', 'a', 'z']);
      });

      it('counts matching documents in a partition and across partitions, without reading them', async () => {
        expect(await c.count(P)).toBe(5);
        expect(await c.count(P, { where: [{ field: 'done', op: '=', value: false }] })).toBe(3);
        expect(await c.count(P, { where: [{ field: 'tags', op: 'arrayContains', value: 'y' }] })).toBe(2);
        expect(await c.count(partitionKey(qTenant, 'team', 'none'))).toBe(0);
        expect(await c.countAcross(`${qTenant}|`)).toBe(7);
        expect(await c.countAcross(`${qTenant}|`, { where: [{ field: 'done', op: '=', value: true }] })).toBe(4);
        expect(await c.countAcross(`${qTenant}|`, { where: [{ field: 'tags', op: 'arrayContainsAny', value: ['x'] }] })).toBe(3);
        // A capped count: at most `limit`.
        expect(await c.count(P, { limit: 2 })).toBe(2);
        expect(await c.count(P, { where: [{ field: 'done', op: '=', value: false }], limit: 10 })).toBe(3);
        expect(await c.countAcross(`${qTenant}|`, { limit: 6 })).toBe(6);
      });

      it('keeps array look-ups right after a document changes or is deleted', async () => {
        const id = `arr-${randomUUID().slice(0, 8)}`;
        const created = await c.create({ tenantId: qTenant, pk: P2, id, title: 'Arr', tags: ['old'] });
        const find = async (tag: string) => ids(await c.query(P2, { where: [{ field: 'tags', op: 'arrayContains', value: tag }] }));
        expect(await find('old')).toEqual([id]);
        const replaced = await c.replace({ ...created, tags: ['new'] }, created._etag);
        expect(await find('old')).toEqual([]);
        expect(await find('new')).toEqual([id]);
        await c.upsert({ ...replaced, tags: 'new' });
        expect(await find('new')).toEqual([]);
        await c.upsert({ ...replaced, tags: ['again'] });
        await c.delete(P2, id);
        expect(await find('again')).toEqual([]);
      });
    });

    describe('queryAcross', () => {
      it("returns the given tenant's partitions only, not a tenant whose id merely starts the same", async () => {
        const lookalike = `${tenant}0`;
        await docs.create(doc('a1', { n: 1 }, partitionKey(tenant, 'team', 'a')));
        await docs.create(doc('b1', { n: 2 }, partitionKey(tenant, 'team', 'b')));
        await docs.create(doc('c1', { n: 3 }, partitionKey(tenant, 'user', 'x')));
        await docs.create(doc('x1', { n: 1 }, partitionKey(lookalike, 'team', 'a'), lookalike));

        const all = await docs.queryAcross(tenantPrefix(tenant));
        expect(sortedIds(all)).toEqual(['a1', 'b1', 'c1']);
        expect(all.every((d) => d.tenantId === tenant && d.pk.startsWith(tenantPrefix(tenant)))).toBe(true);

        expect(sortedIds(await docs.queryAcross(partitionKey(tenant, 'team') + '|'))).toEqual(['a1', 'b1']);
        expect(ids(await docs.queryAcross(tenantPrefix(tenant), { where: [{ field: 'n', op: '>=', value: 2 }], orderBy: [{ field: 'n', direction: 'desc' }] }))).toEqual([
          'c1',
          'b1',
        ]);
        expect(ids(await docs.queryAcross(tenantPrefix(tenant), { orderBy: [{ field: 'n' }], limit: 2 }))).toEqual(['a1', 'b1']);
        expect(sortedIds(await docs.queryAcross(tenantPrefix(lookalike)))).toEqual(['x1']);
      });

      it('treats % and _ in a prefix literally', async () => {
        const wild = `${tenant}_%`;
        const plain = `${tenant}ab`;
        await docs.create(doc('w1', {}, partitionKey(wild, 'team'), wild));
        await docs.create(doc('p1', {}, partitionKey(plain, 'team'), plain));
        await docs.create(doc('p2', {}, partitionKey(`${tenant}_x`, 'team'), `${tenant}_x`));
        expect(ids(await docs.queryAcross(tenantPrefix(wild)))).toEqual(['w1']);
        expect(ids(await docs.queryAcross(tenantPrefix(plain)))).toEqual(['p1']);
      });
    });

    describe('lifecycle', () => {
      it('reports health', async () => {
        const health = await store().health();
        expect(health).toMatchObject({ ok: true, kind: store().kind });
      });

      it('after close: health not ok, operations reject Unavailable, close is idempotent', async () => {
        const own = await setup();
        try {
          const c = own.store.container<Doc>(CONTRACT_CONTAINER);
          await c.create(doc('before-close'));
          await own.store.close();
          await own.store.close();

          const health = await own.store.health();
          expect(health.ok).toBe(false);
          expect(health.kind).toBe(own.store.kind);
          await expectStoreError(c.get(pk, 'before-close'), 'Unavailable');
          await expectStoreError(c.create(doc('after-close')), 'Unavailable');
          await expectStoreError(c.upsert(doc('after-close')), 'Unavailable');
          await expectStoreError(c.replace(doc('before-close'), 'x'), 'Unavailable');
          await expectStoreError(c.delete(pk, 'before-close'), 'Unavailable');
          await expectStoreError(c.query(pk), 'Unavailable');
          await expectStoreError(c.queryAcross(tenantPrefix(tenant)), 'Unavailable');
          await expectStoreError(own.store.container<Doc>(CONTRACT_LAZY_CONTAINER).get(pk, 'x'), 'Unavailable');
        } finally {
          await own.teardown();
        }
      });
    });
  });
}
