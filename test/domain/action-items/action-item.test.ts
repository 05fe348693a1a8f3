import { describe, expect, it } from 'vitest';
import {
  ActionItemRuleError,
  completeActionItem,
  createActionItem,
  deleteActionItem,
  editActionItem,
  normaliseTitle,
  reopenActionItem,
  snoozeActionItem,
} from '../../../src/domain/action-items/action-item.js';
import { PEOPLE, TENANT } from '../../helpers/activities.js';

const now = new Date('2024-02-27T09:00:00Z');
const later = new Date('2024-02-28T09:00:00Z');
const newItem = () =>
  createActionItem({ id: 'i1', tenantId: TENANT, conversationKey: 'channel:c', title: '  skicka   mail om ensamhetspengen ', assignees: [], createdBy: PEOPLE.petra }, now);

describe('Att-göra rules', () => {
  it('a new item is open, revision 1, owned by its creator when nobody is named, with a tidy title', () => {
    const item = newItem();
    expect(item).toMatchObject({ status: 'open', revision: 1, title: 'Skicka mail om ensamhetspengen', assignees: [PEOPLE.petra] });
    expect(item.assigneeKeys).toEqual([PEOPLE.petra.aadObjectId, PEOPLE.petra.id]);
    expect(item.history).toEqual([{ at: now.toISOString(), by: PEOPLE.petra, change: 'created' }]);
  });

  it('the same person named twice is one assignee', () => {
    const item = createActionItem({ id: 'i', tenantId: TENANT, conversationKey: 'c', title: 't', assignees: [PEOPLE.anne, { ...PEOPLE.anne }], createdBy: PEOPLE.petra }, now);
    expect(item.assignees).toHaveLength(1);
  });

  it('titles must have text and stay within 500 characters', () => {
    expect(() => normaliseTitle(' - ')).toThrow(ActionItemRuleError);
    expect(() => normaliseTitle('x'.repeat(501))).toThrow(/titleTooLong/);
    expect(normaliseTitle('x'.repeat(500))).toHaveLength(500);
  });

  it('done and reopened are recorded with who and when; doing it twice changes nothing', () => {
    const done = completeActionItem(newItem(), PEOPLE.anne, later);
    expect(done).toMatchObject({ status: 'done', completedBy: PEOPLE.anne, completedAt: later.toISOString(), revision: 2 });
    expect(completeActionItem(done, PEOPLE.anne, later)).toBe(done);
    const reopened = reopenActionItem(done, PEOPLE.petra, later);
    expect(reopened.status).toBe('open');
    expect(reopened.completedBy).toBeUndefined();
    expect(reopened.history.map((h) => h.change)).toEqual(['created', 'completed', 'reopened']);
  });

  it('snoozing records the old and new date, and refuses a date that has passed', () => {
    const item = { ...newItem(), due: { date: '2024-03-01' } };
    const snoozed = snoozeActionItem(item, PEOPLE.petra, later, { date: '2024-03-08' }, false);
    expect(snoozed.history.at(-1)).toMatchObject({ change: 'snoozed', details: { from: '2024-03-01', to: '2024-03-08' } });
    expect(() => snoozeActionItem(item, PEOPLE.petra, later, { date: '2024-02-01' }, true)).toThrow(/dueInPast/);
  });

  it('an edit records only what changed; an edit that changes nothing is no change', () => {
    const item = newItem();
    expect(editActionItem(item, PEOPLE.petra, later, { title: 'skicka mail om ensamhetspengen' })).toBe(item);
    const edited = editActionItem(item, PEOPLE.petra, later, { title: 'Ring Matilda', due: { date: '2024-03-04' }, assignees: [PEOPLE.christine] });
    expect(edited.history.at(-1)).toMatchObject({ change: 'edited', details: { title: 'Ring Matilda', due: '2024-03-04', assignees: 'Christine Wäneskog' } });
    expect(edited.assigneeKeys).toEqual([PEOPLE.christine.aadObjectId, PEOPLE.christine.id]);
    const withoutDate = editActionItem(edited, PEOPLE.petra, later, { due: null });
    expect(withoutDate.due).toBeUndefined();
  });

  it('a deleted item cannot be changed any more', () => {
    const deleted = deleteActionItem(newItem(), PEOPLE.petra, later);
    expect(deleted.deletedAt).toBe(later.toISOString());
    expect(() => completeActionItem(deleted, PEOPLE.petra, later)).toThrow(/deleted/);
  });
});
