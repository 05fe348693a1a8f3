import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionItem, type ActionItem } from '../../src/domain/action-items/action-item.js';
import { itemIdIn, listKey } from '../../src/domain/action-items/list-order.js';
import { ActionItemRepository } from '../../src/store/action-item-repository.js';
import { PEOPLE, TENANT } from '../helpers/activities.js';
import { cosmosTestStore, sqliteTestStore, type TestStore } from '../helpers/test-stores.js';

/**
 * Keyset pages of att-göra (the tab's `?after=`): a page is the items after the previous page's last list key, in
 * list order; over several conversations the pages are merged in one order. Same answers on SQLite and Cosmos.
 */
const CHANNEL = 'channel:19:pages@thread.tacv2';
const CHAT = 'chat:19:pages-chat@thread.v2';
const NOW = new Date('2024-03-01T09:00:00Z');

function item(conversationKey: string, n: number, due?: string): ActionItem {
  return createActionItem(
    {
      id: itemIdIn(conversationKey, `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`),
      tenantId: TENANT,
      conversationKey,
      title: `Uppgift ${n}`,
      assignees: [PEOPLE.petra],
      ...(due ? { due: { date: due } } : {}),
      createdBy: PEOPLE.petra,
    },
    new Date(NOW.getTime() + n * 1000),
  );
}

function describeOn(kind: string, open: () => Promise<TestStore>): void {
  describe(`Keyset pages of att-göra on ${kind}`, () => {
    let opened: TestStore;
    let items: ActionItemRepository;
    beforeAll(async () => {
      opened = await open();
      items = new ActionItemRepository(opened.store);
      const dues = ['2024-03-05', '2024-03-05', '2024-03-09', undefined, '2024-04-01', '2024-03-02', undefined];
      for (const [n, due] of dues.entries()) await items.create(item(n % 2 === 0 ? CHANNEL : CHAT, n, due));
    }, 60_000);
    afterAll(() => opened?.close());

    const pages = async (keys: string[], size: number) => {
      const seen: ActionItem[][] = [];
      let after: string | undefined;
      for (let guard = 0; guard < 20; guard++) {
        const page = await items.listForConversations(TENANT, keys, { state: 'open', limit: size, ...(after === undefined ? {} : { after }) });
        if (page.length === 0) break;
        seen.push(page);
        after = listKey(page.at(-1)!);
      }
      return seen;
    };

    it('pages of two hold every item once, in list order, in one conversation and merged over two', async () => {
      for (const keys of [[CHANNEL], [CHANNEL, CHAT]]) {
        const all = await items.listForConversations(TENANT, keys, { state: 'open' });
        const paged = await pages(keys, 2);
        expect(paged.flat().map((i) => i.id)).toEqual(all.map((i) => i.id));
        expect(paged.flat().map(listKey)).toEqual(all.map(listKey).sort());
        expect(paged.every((page) => page.length <= 2)).toBe(true);
      }
      expect((await items.listForConversations(TENANT, [CHANNEL, CHAT], { state: 'open' })).length).toBe(7);
    });
  });
}

describeOn('sqlite', () => sqliteTestStore('shk-item-pages-'));
describeOn('cosmos', () => cosmosTestStore('item-pages'));
