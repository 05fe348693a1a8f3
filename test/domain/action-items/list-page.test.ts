import { describe, expect, it } from 'vitest';
import { ActionItemService, LIST_COUNT_CAP } from '../../../src/domain/action-items/action-item-service.js';
import { createActionItem, type ActionItem } from '../../../src/domain/action-items/action-item.js';
import { itemIdIn } from '../../../src/domain/action-items/list-order.js';
import { FixedClock } from '../../../src/domain/ports.js';
import { ActionItemRepository } from '../../../src/store/action-item-repository.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';

const TENANT = 'tenant-list';
const CHANNEL = 'channel:19:list@thread.tacv2';
const TZ = 'Europe/Stockholm';
const PETRA = { id: '29:petra', name: 'Petra Edoff' };

/** Lists are ordered, counted and cut by the store: what the list card's pages show, on a real SQLite store. */
describe('att-göra lists, page by page', () => {
  async function setup(dues: Array<string | undefined>, options: { done?: number[] } = {}) {
    const clock = new FixedClock('2024-03-06T10:30:00.000Z'); // Wednesday 11:30 in Stockholm
    const store = SqliteStore.open({ file: ':memory:' });
    const repository = new ActionItemRepository(store);
    const service = new ActionItemService(repository, clock, TZ);
    const items: ActionItem[] = [];
    for (const [i, due] of dues.entries()) {
      let item = createActionItem(
        { id: itemIdIn(CHANNEL, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`), tenantId: TENANT, conversationKey: CHANNEL, title: `Uppgift ${i}`, assignees: [PETRA], createdBy: PETRA, ...(due ? { due: due.includes(' ') ? { date: due.split(' ')[0]!, time: due.split(' ')[1]! } : { date: due } } : {}) },
        new Date(Date.UTC(2024, 2, 1, 9, i)),
      );
      if (options.done?.includes(i)) item = { ...item, status: 'done', completedAt: '2024-03-05T09:00:00.000Z', completedBy: PETRA };
      await repository.create(item);
      items.push(item);
    }
    return { service, store, titles: (list: ActionItem[]) => list.map((item) => item.title) };
  }

  it('overdue first (a time today already passed, then earlier days), then by due date, undated last; done ones only in "alla"', async () => {
    const { service, store, titles } = await setup(['2024-03-08', undefined, '2024-03-06 11:00', '2024-03-06', '2024-03-01', '2024-03-07 09:00', '2024-03-02'], { done: [6] });
    const open = await service.pageForConversation(TENANT, CHANNEL, 'open', 0, 8);
    expect(titles(open.items)).toEqual(['Uppgift 4', 'Uppgift 2', 'Uppgift 3', 'Uppgift 5', 'Uppgift 0', 'Uppgift 1']);
    expect(open.total).toBe(6);
    const overdue = await service.pageForConversation(TENANT, CHANNEL, 'overdue', 0, 8);
    expect(titles(overdue.items)).toEqual(['Uppgift 4', 'Uppgift 2']);
    const all = await service.pageForConversation(TENANT, CHANNEL, 'all', 0, 8);
    expect(titles(all.items)).toEqual(['Uppgift 4', 'Uppgift 2', 'Uppgift 3', 'Uppgift 5', 'Uppgift 0', 'Uppgift 1', 'Uppgift 6']);
    expect((await service.pageForPerson(TENANT, PETRA, 'all', 0, 8)).total).toBe(7);
    await store.close();
  });

  it('a later page continues where the first ended, across the open and done parts; a page past the end shows the last', async () => {
    const dues = Array.from({ length: 12 }, (_, i) => `2024-04-${String(i + 1).padStart(2, '0')}`);
    const { service, store, titles } = await setup(dues, { done: [0, 1, 2] });
    const second = await service.pageForConversation(TENANT, CHANNEL, 'all', 1, 8);
    expect(second).toMatchObject({ total: 12, page: 1 });
    expect(titles(second.items)).toEqual(['Uppgift 11', 'Uppgift 0', 'Uppgift 1', 'Uppgift 2']);
    const beyond = await service.pageForPerson(TENANT, PETRA, 'open', 7, 8);
    expect(beyond).toMatchObject({ total: 9, page: 1 });
    expect(titles(beyond.items)).toEqual(['Uppgift 11']);
    await store.close();
  });

  it(`counts up to ${LIST_COUNT_CAP} and says there are more`, async () => {
    const { service, store } = await setup(Array.from({ length: LIST_COUNT_CAP + 3 }, () => '2024-05-01'));
    const first = await service.pageForConversation(TENANT, CHANNEL, 'open', 0, 8);
    expect(first).toMatchObject({ total: LIST_COUNT_CAP, more: true });
    expect(first.items).toHaveLength(8);
    expect((await service.pageForConversation(TENANT, CHANNEL, 'overdue', 0, 8)).more).toBeUndefined();
    expect(await service.listForConversation(TENANT, CHANNEL, 'open')).toHaveLength(LIST_COUNT_CAP + 3);
    await store.close();
  });
});
