import { describe, expect, it } from 'vitest';
import { createActionItem, completeActionItem } from '../../../src/domain/action-items/action-item.js';
import type { Meeting } from '../../../src/domain/meetings/meeting.js';
import { anonymiseActionItem, anonymiseMeeting, anonymiseReminder, anonymiseRound, isPrivateActionItem } from '../../../src/domain/privacy/anonymise.js';
import { dataSubject, isSubjectName, neutralPerson } from '../../../src/domain/privacy/data-subject.js';
import { recordsAbout, redactOthers } from '../../../src/domain/privacy/personal-data.js';
import type { Reminder } from '../../../src/domain/reminders/reminder.js';
import type { Round } from '../../../src/domain/scoring/round.js';
import { PEOPLE, TENANT } from '../../helpers/activities.js';

const NOW = new Date('2024-02-27T09:00:00Z');
const petra = dataSubject(PEOPLE.petra);
const neutral = neutralPerson('Borttagen person');
const channel = 'channel:19:core-team-aldre@thread.tacv2';

describe('Who the data subject is', () => {
  it('is found by Teams id or object id; a bare name only by the full name, ignoring case and spacing', () => {
    const widened = dataSubject({ id: PEOPLE.petra.id, name: 'Petra Edoff' }, [{ aadObjectId: PEOPLE.petra.aadObjectId, name: 'Petra  Edoff (SHK)' }]);
    expect(widened.keys).toEqual([PEOPLE.petra.id, PEOPLE.petra.aadObjectId]);
    expect(isSubjectName(widened, ' petra   edoff ')).toBe(true);
    expect(isSubjectName(widened, 'Petra')).toBe(false); // a first name alone could be anyone
    expect(isSubjectName(widened, 'Petra Edoff (SHK)')).toBe(true);
  });
});

describe('Anonymising shared records', () => {
  it('an att-göra: assignees, keys, creator, completer and history lose her; others stay; a second pass changes nothing', () => {
    const item = completeActionItem(
      createActionItem({ id: 'i1', tenantId: TENANT, conversationKey: channel, title: 'Skicka mail', assignees: [PEOPLE.petra, PEOPLE.johan], createdBy: PEOPLE.christine }, NOW),
      PEOPLE.petra,
      NOW,
    );
    const done = anonymiseActionItem(item, petra, neutral)!;
    expect(done.assignees).toEqual([neutral, PEOPLE.johan]);
    expect(done.assigneeKeys).toEqual([PEOPLE.johan.aadObjectId, PEOPLE.johan.id]);
    expect(done.createdBy).toEqual(PEOPLE.christine);
    expect(done.completedBy).toEqual(neutral);
    expect(done.history.map((h) => h.by.name)).toEqual(['Christine Wäneskog', 'Borttagen person']);
    expect(anonymiseActionItem(done, petra, neutral)).toBeUndefined();
  });

  it('an item is hers alone only in her personal chat with nobody else on it', () => {
    const mine = createActionItem({ id: 'i2', tenantId: TENANT, conversationKey: 'chat:a:personal', title: 'Ringa', assignees: [], createdBy: PEOPLE.petra }, NOW);
    expect(isPrivateActionItem(mine, petra, ['chat:a:personal'])).toBe(true);
    expect(isPrivateActionItem({ ...mine, assignees: [PEOPLE.johan] }, petra, ['chat:a:personal'])).toBe(false);
    expect(isPrivateActionItem({ ...mine, conversationKey: channel }, petra, ['chat:a:personal'])).toBe(false);
  });

  it('a meeting: her name as participant, note-taker and to-do owner; the organisation and the decisions stay', () => {
    const meeting = {
      id: 'm1', tenantId: TENANT, conversationKey: channel, title: 'Core Team', kind: 'coreTeam', date: '2024-02-27',
      participants: [{ name: 'Petra Edoff', organisation: 'Samhällskontraktet' }, { name: 'Petra Edoffsson' }],
      absent: [], decisions: ['Petra Edoff presenterar i mars.'], keyPoints: [], other: [], upcoming: [],
      todos: [{ text: 'Skicka inbjudan', ownerName: 'Petra', owner: PEOPLE.petra }, { text: 'Boka', ownerName: 'Petra' }],
      noteTaker: 'petra edoff', source: 'form', createdBy: PEOPLE.christine, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), revision: 1,
      history: [{ at: NOW.toISOString(), by: PEOPLE.christine, change: 'created' }],
    } satisfies Meeting;
    const done = anonymiseMeeting(meeting, petra, neutral)!;
    expect(done.participants).toEqual([{ name: 'Borttagen person', organisation: 'Samhällskontraktet' }, { name: 'Petra Edoffsson' }]);
    expect(done.noteTaker).toBe('Borttagen person');
    // Matched by key: owner and the name as written go; a bare "Petra" with no key could be another Petra: it stays.
    expect(done.todos).toEqual([{ text: 'Skicka inbjudan', ownerName: 'Borttagen person', owner: neutral }, { text: 'Boka', ownerName: 'Petra' }]);
    expect(done.decisions).toEqual(['Petra Edoff presenterar i mars.']); // free text is the minutes as written
    expect(anonymiseMeeting(done, petra, neutral)).toBeUndefined();
  });

  it('a round: named evaluator and her name on result comments, only if she answered it', () => {
    const round = {
      id: 'r1', tenantId: TENANT, initiativeId: 'x', initiativeName: 'Ängsgärdet', criteriaSetId: 'standard', conversationKey: channel,
      createdBy: PEOPLE.christine, createdAt: NOW.toISOString(), anonymous: false, evaluators: [PEOPLE.petra, PEOPLE.johan], status: 'closed',
      result: { criteria: [], overallMean: 3, answers: 2, comments: [{ text: 'Bra', by: 'Petra Edoff' }, { text: 'Dyrt', by: 'Johan Lindström' }] },
    } satisfies Round;
    const done = anonymiseRound(round, petra, neutral, true)!;
    expect(done.evaluators).toEqual([neutral, PEOPLE.johan]);
    expect(done.result!.comments).toEqual([{ text: 'Bra', by: 'Borttagen person' }, { text: 'Dyrt', by: 'Johan Lindström' }]);
    const notAnswered = anonymiseRound({ ...round, evaluators: [PEOPLE.johan] }, petra, neutral, false);
    expect(notAnswered).toBeUndefined(); // a namesake's comment is not hers
  });

  it('a group reminder she asked for keeps going with a neutral name, but not while a scheduler is sending it', () => {
    const reminder: Reminder = {
      id: 'custom-1', tenantId: TENANT, conversationKey: channel, kind: 'custom', dueAt: NOW.toISOString(), status: 'pending', attempts: 0,
      payload: { text: 'KPR', audience: 'us', person: PEOPLE.petra }, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(),
    };
    expect(anonymiseReminder(reminder, petra, neutral, NOW)!.payload.person).toEqual(neutral);
    const sending = { ...reminder, status: 'sending' as const, lease: { owner: 'a', until: new Date(NOW.getTime() + 60_000).toISOString() } };
    expect(anonymiseReminder(sending, petra, neutral, NOW)).toBeUndefined();
  });
});

describe('The export', () => {
  it('keeps other people\'s names but not their ids or e-mail, and keeps only her own keys', () => {
    const value = { assignees: [PEOPLE.petra, { ...PEOPLE.johan, email: 'johan@eskilstuna.se' }], assigneeKeys: [PEOPLE.petra.id, PEOPLE.johan.id], initiative: { id: 'x', name: 'Ängsgärdet', phase: 'pilot' } };
    expect(redactOthers(value, petra)).toEqual({ assignees: [PEOPLE.petra, { name: 'Johan Lindström' }], assigneeKeys: [PEOPLE.petra.id], initiative: value.initiative });
  });

  it('holds only records about her', () => {
    const empty = { members: [], conversations: [], answers: [], rounds: [], initiatives: [], meetings: [], drafts: [], reminders: [], exports: [] };
    const johans = createActionItem({ id: 'j', tenantId: TENANT, conversationKey: channel, title: 'Johans', assignees: [PEOPLE.johan], createdBy: PEOPLE.johan }, NOW);
    const records = recordsAbout({ ...empty, actionItems: [johans] }, petra);
    expect(records.shared.actionItems).toEqual([]);
    expect(records.own.actionItems).toEqual([]);
  });
});
