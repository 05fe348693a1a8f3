import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FixedClock } from '../../src/domain/ports.js';
import { partitionKey, tenantPrefix } from '../../src/store/document-store.js';
import { storedItem } from '../helpers/stored-item.js';
import { cardAction, CHANNEL_ID, message, meetingEvent, messageAction, messagePayload, PEOPLE, TENANT, where } from '../helpers/activities.js';
import { formValues } from '../helpers/card-text.js';
import { cardOf, cardText, startCoreTeamBot, type TestBot } from '../helpers/test-app.js';
import { cardProblems } from '../helpers/validate-card.js';

const validateCard = (card: unknown) => expect(cardProblems(card)).toEqual([]);

/**
 * The bot in the meeting (#17), through POST /api/messages in Teams' shapes: meeting events, "Inför mötet",
 * live notes from the chat and the card, the end with the preview form, and "Skapa uppgift" on a message.
 */

const MEETING_ID = 'MCMxOTptZWV0aW5nX1kyOXlaUzEwWldGdExXMWhjbk1AdGhyZWFkLnYyIzA=';
/** Tue 26 March 2024, the Core Team meets 09.00–11.00 Stockholm (08.00–10.00 UTC). */
const START = '2024-03-26T08:00:00Z';
const END = '2024-03-26T10:00:00Z';

describe('The bot in the meeting, through POST /api/messages', () => {
  let bot: TestBot & { clock: FixedClock };
  const chat = where.meetingChat();

  beforeAll(async () => {
    bot = await startCoreTeamBot({ now: '2024-02-28T09:00:00Z' });
    bot.connector.roster = Object.values(PEOPLE).map((p, i) => ({
      id: p.id,
      name: p.name,
      aadObjectId: p.aadObjectId,
      email: [`${p.name.split(' ')[0]!.toLowerCase()}@samhallskontraktet.se`, 'christine.waneskog@vasteras.se', 'johan.lindstrom@eskilstuna.se', 'anne.almqvist@mdu.se', 'marianne@samhallskontraktet.se'][i],
    }));
    bot.connector.meetings.set(MEETING_ID, {
      details: { id: MEETING_ID, msGraphResourceId: '', scheduledStartTime: START, scheduledEndTime: END, joinUrl: 'https://teams.microsoft.com/l/meetup-join/x', title: 'Core Team möte mars', type: 'Scheduled' },
      conversation: { isGroup: true, conversationType: 'groupChat', id: chat.conversation.id },
      organizer: { id: PEOPLE.petra.id, aadObjectId: PEOPLE.petra.aadObjectId },
    });
  });
  afterAll(() => bot.stop());
  beforeEach(() => bot.connector.clear());

  const serviceUrl = () => bot.connector.url;
  const say = (text: string, from: any = PEOPLE.petra, at: any = chat, mentions: any[] = []) =>
    bot.post(message(text, { serviceUrl: serviceUrl(), from, at, mentionBot: true, mentions }));
  const click = (verb: string, data: Record<string, unknown>, from: any, replyToId: string, at: any = chat) =>
    bot.post(cardAction(verb, data, { serviceUrl: serviceUrl(), from, at, replyToId }));
  const event = (kind: 'start' | 'end', time: string, at: any = chat) => bot.post(meetingEvent(kind, { time, title: 'Core Team möte mars' }, { serviceUrl: serviceUrl(), at }));
  const actionOf = (card: any, verb: string) => {
    const found: any[] = [];
    const visit = (node: any) => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === 'object') {
        if (node.verb === verb) found.push(node);
        Object.values(node).forEach(visit);
      }
    };
    visit(card);
    return found;
  };
  const live = async () => (await bot.app.store.container<any>('live-meetings').query(partitionKey(TENANT))).filter((m: any) => m.conversationKey.includes('meeting_Y29y'));

  let previousTodoItemId: string;
  let briefId: string;
  let notesId: string;
  let latestBrief: any;

  it('before: last month\'s meeting in this chat is saved with a decision and Petra\'s to-do', async () => {
    await say('nytt möte');
    const form = cardOf(bot.connector.sent.at(-1)!.body);
    const values = { ...formValues(form), title: 'Core Team möte februari', date: '2024-02-27', decisions: 'Budgeten för 2024 godkänns', todos: 'Petra: skicka inbjudan till workshopen senast 2024-03-28' };
    const saved = await click('meeting.save', { ...form.actions[0].data, ...values }, PEOPLE.petra, 'form-1');
    expect(cardText(saved.body.value)).toContain('Mötet är sparat.');
    const [meeting] = (await bot.app.store.container<any>('meetings').query(partitionKey(TENANT))).filter((m: any) => m.title === 'Core Team möte februari');
    previousTodoItemId = meeting.todos[0].actionItemId;
    expect(previousTodoItemId).toBeDefined();
    // And one more open item with a deadline within two weeks of the next meeting.
    await say('att-göra <at>Anne Almqvist</at> boka lokal för öppna verkstaden senast 2024-04-02', PEOPLE.petra, chat, [PEOPLE.anne]);
  });

  it('meetingStart posts "Inför mötet" once: open to-dos with Klar, decisions, deadlines, rounds, Börja anteckna', async () => {
    bot.clock.set('2024-03-26T08:01:00Z');
    const response = await event('start', START);
    expect(response.status).toBe(200);
    expect(bot.connector.sent).toHaveLength(1);
    const brief = cardOf(bot.connector.sent[0]!.body);
    validateCard(brief);
    const text = cardText(brief);
    expect(text).toContain('Inför mötet');
    expect(text).toContain('Core Team möte mars');
    expect(text).toContain('Öppna uppgifter från förra mötet (Core Team möte februari');
    expect(text).toContain('Skicka inbjudan till workshopen');
    expect(text).toContain('Budgeten för 2024 godkänns');
    expect(text).toMatch(/Deadlines de närmaste 14 dagarna\n- Boka lokal för öppna verkstaden – Anne Almqvist/);
    expect(text).toContain('Inga pågående bedömningar.');
    expect(actionOf(brief, 'meeting.live.complete')).toHaveLength(1);
    expect(actionOf(brief, 'meeting.live.takeNotes')).toHaveLength(1);
    briefId = bot.connector.sent[0]!.body.id ?? 'activity-brief';

    // Teams resends the event (and a second delivery arrives at the same time): nothing more is posted.
    await Promise.all([event('start', START), event('start', START)]);
    expect(bot.connector.sent).toHaveLength(1);
    expect(await live()).toHaveLength(1);
  });

  it('Johan presses Börja anteckna: he is at the keyboard, the notes card appears, the brief says so for everyone', async () => {
    const [meeting] = await live();
    briefId = meeting.briefCard.activityId;
    const takeNotes = await click('meeting.live.takeNotes', { liveId: meeting.id }, PEOPLE.johan, briefId);
    expect(takeNotes.body.statusCode).toBe(200);
    expect(cardText(takeNotes.body.value)).toContain('Du för anteckningarna');
    // The notes card is posted in the chat; the brief for everyone names Johan and no longer offers the button.
    const notes = cardOf(bot.connector.sent.at(-1)!.body);
    validateCard(notes);
    expect(cardText(notes)).toContain('Mötesanteckningar');
    expect(cardText(notes)).toContain('antecknat av Johan Lindström');
    expect(actionOf(notes, 'meeting.live.finish')).toHaveLength(0); // the shared card is neutral
    expect(notes.refresh).toMatchObject({ action: { verb: 'meeting.live.view' }, userIds: [PEOPLE.johan.id] });
    const shared = cardOf(bot.connector.updates.find((u) => u.activityId === briefId)!.body);
    latestBrief = shared;
    expect(cardText(shared)).toContain('Antecknat av: Johan Lindström');
    expect(actionOf(shared, 'meeting.live.takeNotes')).toHaveLength(0);
    notesId = (await live())[0].notesCard.activityId;

    // Petra presses it on her (older) copy of the brief: Johan already takes the notes.
    const second = await click('meeting.live.takeNotes', { liveId: meeting.id }, PEOPLE.petra, briefId);
    expect(second.body.value).toContain('Johan Lindström antecknar redan');
    expect((await live())[0].noteTaker.id).toBe(PEOPLE.johan.id);
  });

  it('beslut:, att-göra and notera in the chat land in the notes; the card updates in place for everyone', async () => {
    await say('beslut: Vi prioriterar konceptet Trygg hemgång till pilot', PEOPLE.christine);
    await say('att-göra <at>Petra Edoff</at> skicka underlaget till styrelsen senast 2024-04-05', PEOPLE.johan, chat, [PEOPLE.petra]);
    await say('notera Anne visar nya siffror från MDU nästa gång', PEOPLE.anne);
    expect(bot.connector.sent).toHaveLength(0); // no new messages: the one card changed
    const updates = bot.connector.updates.filter((u) => u.activityId === notesId);
    expect(updates).toHaveLength(3);
    const notes = cardOf(updates.at(-1)!.body);
    validateCard(notes);
    const text = cardText(notes);
    expect(text).toContain('Vi prioriterar konceptet Trygg hemgång till pilot');
    expect(text).toContain('Skicka underlaget till styrelsen');
    expect(text).toMatch(/Petra Edoff · fre 5 apr/);
    expect(text).toContain('Anne visar nya siffror från MDU nästa gång');
    // Nothing is an att-göra yet: that happens when the summary is saved.
    const items = await bot.app.store.container<any>('action-items').queryAcross(tenantPrefix(TENANT));
    expect(items.some((i: any) => /underlaget till styrelsen/i.test(i.title))).toBe(false);
  });

  it('the note card\'s fields: a bystander adds a line and sees the neutral card; the note-taker\'s view has Avsluta', async () => {
    const [meeting] = await live();
    const added = await click('meeting.live.add', { liveId: meeting.id, kind: 'decision', text: 'Nästa möte hålls i Eskilstuna' }, PEOPLE.christine, notesId);
    expect(cardText(added.body.value)).toContain('Tillagt i anteckningarna.');
    expect(actionOf(added.body.value, 'meeting.live.finish')).toHaveLength(0);
    expect(cardText(cardOf(bot.connector.updates.at(-1)!.body))).toContain('Nästa möte hålls i Eskilstuna');
    // Johan's client refreshes the card (refresh.userIds): his view offers Avsluta.
    const johans = await click('meeting.live.view', { liveId: meeting.id }, PEOPLE.johan, notesId);
    expect(actionOf(johans.body.value, 'meeting.live.finish').map((a) => a.title)).toEqual(['Avsluta och sammanfatta']);
    // Empty and huge texts change nothing.
    const empty = await click('meeting.live.add', { liveId: meeting.id, kind: 'note', text: '   ' }, PEOPLE.christine, notesId);
    expect(empty.body.value).toContain('Skriv vad som ska antecknas');
    const huge = await click('meeting.live.add', { liveId: meeting.id, kind: 'note', text: 'x'.repeat(1_001) }, PEOPLE.christine, notesId);
    expect(huge.body.value).toContain('för lång');
    expect((await live())[0].notes).toHaveLength(4);
    // A forged liveId is refused.
    const forged = await click('meeting.live.add', { liveId: 'f'.repeat(32), kind: 'note', text: 'hej' }, PEOPLE.christine, notesId);
    expect(forged.body.statusCode).toBe(404);
  });

  it('Klar on "Inför mötet" closes last meeting\'s to-do and the brief shows it for everyone', async () => {
    // The button as the brief shows it now (after Johan took the notes).
    expect((await storedItem(bot.app.store, TENANT, previousTodoItemId)).status).toBe('open');
    const klar = actionOf(latestBrief, 'meeting.live.complete')[0];
    expect(klar.data.id).toBe(previousTodoItemId);
    const done = await click('meeting.live.complete', klar.data, PEOPLE.petra, briefId);
    expect(cardText(done.body.value)).toContain('Markerad som klar.');
    const item = await storedItem(bot.app.store, TENANT, previousTodoItemId);
    expect(item.status).toBe('done');
    const shared = cardOf(bot.connector.updates.at(-1)!.body);
    expect(cardText(shared)).not.toContain('Skicka inbjudan till workshopen');
  });

  it('meetingEnd: the notes card ends for everyone, Johan\'s view is the preview form filled from notes, roster and details', async () => {
    bot.clock.set('2024-03-26T10:01:00Z');
    await event('end', END);
    expect(bot.connector.sent).toHaveLength(0); // Johan takes notes: no "Vill ni spara" message
    const ended = cardOf(bot.connector.updates.find((u) => u.activityId === notesId)!.body);
    expect(cardText(ended)).toContain('Mötet är slut. Johan Lindström går igenom anteckningarna och sparar sammanfattningen.');
    expect(actionOf(ended, 'meeting.live.add')).toHaveLength(0);

    const [meeting] = await live();
    // A bystander's "Granska och spara" only tells who saves.
    const bystander = await click('meeting.live.finish', { liveId: meeting.id }, PEOPLE.anne, notesId);
    expect(bystander.body.value).toContain('Det är Johan Lindström som antecknar');

    const view = await click('meeting.live.view', { liveId: meeting.id }, PEOPLE.johan, notesId);
    const form = view.body.value;
    validateCard(form);
    const values = formValues(form);
    expect(values).toMatchObject({ title: 'Core Team möte mars', kind: 'coreTeam', date: '2024-03-26', startTime: '09:00', endTime: '11:00', place: 'Teams', noteTaker: 'Johan Lindström' });
    expect(values.participants!.split('\n')).toEqual([
      'Petra Edoff, Samhällskontraktet',
      'Christine Wäneskog, Västerås stad',
      'Johan Lindström, Eskilstuna kommun',
      'Anne Almqvist, Mälardalens universitet',
      'Marianne Kiiskilä, Samhällskontraktet',
    ]);
    expect(values.decisions).toBe('Vi prioriterar konceptet Trygg hemgång till pilot\nNästa möte hålls i Eskilstuna');
    expect(values.todos).toBe('Petra Edoff: Skicka underlaget till styrelsen senast 2024-04-05');
    expect(values.keyPoints).toBe('Anne visar nya siffror från MDU nästa gång');
    expect(cardText(form)).toContain('Sammanfatta mötet');

    // Confirm: saved as today's meeting, Petra's att-göra created and armed, the summary replaces the notes card.
    const save = actionOf(form, 'meeting.save')[0];
    const saved = await click('meeting.save', { ...save.data, ...values }, PEOPLE.johan, notesId);
    expect(cardText(saved.body.value)).toContain('Mötet är sparat.');
    const summary = cardOf(bot.connector.updates.at(-1)!.body);
    expect(bot.connector.updates.at(-1)!.activityId).toBe(notesId);
    expect(cardText(summary)).toContain('Core Team möte mars');
    const [stored] = (await bot.app.store.container<any>('meetings').query(partitionKey(TENANT))).filter((m: any) => m.title === 'Core Team möte mars');
    expect(stored).toMatchObject({ date: '2024-03-26', startTime: '09:00', endTime: '11:00' });
    const item = await storedItem(bot.app.store, TENANT, stored.todos[0].actionItemId);
    expect(item).toMatchObject({ assignees: [{ aadObjectId: PEOPLE.petra.aadObjectId }], due: { date: '2024-04-05' }, status: 'open' });
    const reminders = await bot.app.store.container<any>('reminders').query(partitionKey(TENANT));
    expect(reminders.some((r: any) => JSON.stringify(r).includes(item.id))).toBe(true);

    // Teams resends meetingEnd later: nothing is said twice, the summary stays.
    bot.connector.clear();
    await event('end', END);
    expect(bot.connector.sent).toHaveLength(0);
    expect(bot.connector.updates).toHaveLength(0);
    // And the chat is an ordinary chat again: att-göra creates the item at once.
    await say('att-göra <at>Anne Almqvist</at> skicka siffrorna senast 2024-04-10', PEOPLE.petra, chat, [PEOPLE.anne]);
    expect(cardText(cardOf(bot.connector.sent.at(-1)!.body))).toContain('Skicka siffrorna');
  });

  describe('meetings where nobody took notes', () => {
    it('meetingEnd asks once "Mötet är slut. Vill ni spara en sammanfattning?" with the form', async () => {
      const other = where.meetingChat('19:meeting_b3RoZXI@thread.v2', MEETING_ID);
      bot.clock.set('2024-04-23T08:00:00Z');
      await event('start', '2024-04-23T08:00:00Z', other);
      bot.connector.clear();
      bot.clock.set('2024-04-23T09:00:00Z');
      await event('end', '2024-04-23T09:00:00Z', other);
      await event('end', '2024-04-23T09:00:00Z', other);
      expect(bot.connector.sent).toHaveLength(1);
      const card = cardOf(bot.connector.sent[0]!.body);
      validateCard(card);
      expect(cardText(card)).toContain('Mötet är slut. Vill ni spara en sammanfattning?');
      expect(formValues(card)).toMatchObject({ date: '2024-03-26', startTime: '09:00' }); // the details Teams gave
    });

    it('a meetingEnd without a start, with a failing details call: the form still comes, once, and says what is missing', async () => {
      const third = where.meetingChat('19:meeting_dGhpcmQ@thread.v2', 'MCMxOTptZWV0aW5nX2RHaHBjbVFAdGhyZWFkLnYyIzA=');
      bot.clock.set('2024-05-14T12:05:00Z');
      await event('end', '2024-05-14T12:00:00Z', third);
      await event('end', '2024-05-14T12:00:00Z', third);
      expect(bot.connector.sent).toHaveLength(1);
      const card = cardOf(bot.connector.sent[0]!.body);
      expect(cardText(card)).toContain('jag kunde inte hämta mötets detaljer från Teams');
      expect(formValues(card).date).toBe('2024-05-14');
    });

    it('a late meetingStart (hours after the start) posts nothing', async () => {
      const fourth = where.meetingChat('19:meeting_Zm91cnRo@thread.v2', 'MCMxOTptZWV0aW5nX1ptOTFjblJvQHRocmVhZC52MiMw');
      bot.clock.set('2024-06-11T15:00:00Z');
      await event('start', '2024-06-11T08:00:00Z', fourth);
      expect(bot.connector.sent).toHaveLength(0);
    });

    it('notera outside a meeting says there is no meeting going on', async () => {
      await say('notera något', PEOPLE.petra, where.groupChat());
      expect(bot.connector.sent.at(-1)!.body.text).toContain('Här finns inget möte som jag antecknar för');
    });
  });

  describe('"Skapa uppgift" on a message', () => {
    const root = where.channel(undefined, TENANT, CHANNEL_ID);
    const payload = messagePayload('<p>Kan någon ta fram <b>statistiken</b> över hemtjänsten till &quot;nästa möte&quot;?</p>', { id: '1711440000000' });

    it('fetchTask opens a dialog prefilled with the text, the author as owner, and a date field', async () => {
      bot.clock.set('2024-03-26T12:00:00Z');
      const response = await bot.post(messageAction('fetchTask', payload, { serviceUrl: serviceUrl(), from: PEOPLE.petra, at: root }));
      expect(response.status).toBe(200);
      expect(response.body.task.type).toBe('continue');
      expect(response.body.task.value.title).toBe('Skapa uppgift');
      const card = response.body.task.value.card.content;
      validateCard(card);
      const values = formValues(card);
      expect(values.title).toBe('Kan någon ta fram statistiken över hemtjänsten till "nästa möte"?');
      expect(values.assignee).toBe(PEOPLE.christine.aadObjectId);
      expect(values.due).toBe('');
      expect(cardText(card)).toContain('Från Christine Wäneskog');
      expect(card.actions[0].type).toBe('Action.Submit');
    });

    it('submitAction creates the item in the channel and posts its card in the message\'s thread, linked to it; Klar works', async () => {
      const data = { title: 'Ta fram statistiken över hemtjänsten', assignee: PEOPLE.christine.aadObjectId, due: '2024-04-05', messageId: payload.id };
      const response = await bot.post(messageAction('submitAction', payload, { serviceUrl: serviceUrl(), from: PEOPLE.petra, at: root, data }));
      expect(response.status).toBe(200);
      expect(response.body ?? {}).toEqual({});
      const posted = bot.connector.sent.at(-1)!;
      expect(posted.conversationId).toBe(`${CHANNEL_ID};messageid=1711440000000`);
      const card = cardOf(posted.body);
      validateCard(card);
      const text = cardText(card);
      expect(text).toContain('Ta fram statistiken över hemtjänsten');
      expect(text).toContain('[Visa meddelandet](https://teams.microsoft.com/l/message/');
      const items = await bot.app.store.container<any>('action-items').queryAcross(tenantPrefix(TENANT));
      const item = items.find((i: any) => i.title === 'Ta fram statistiken över hemtjänsten');
      expect(item).toMatchObject({ conversationKey: expect.stringContaining(CHANNEL_ID), assignees: [{ aadObjectId: PEOPLE.christine.aadObjectId }], due: { date: '2024-04-05' }, source: { kind: 'message', url: payload.linkToMessage } });
      expect(item.card.activityId).toBe(posted.body.id ?? item.card.activityId);

      // Christine presses Klar on the card she received.
      const complete = card.actions.find((a: any) => a.verb === 'actionItem.complete');
      const done = await click('actionItem.complete', complete.data, PEOPLE.christine, item.card.activityId, where.channel('1711440000000'));
      expect(cardText(done.body.value)).toContain('Klar');
      expect((await storedItem(bot.app.store, TENANT, item.id)).status).toBe('done');
    });

    it('a date in the past or an empty title shows the dialog again with the problem; nothing is created', async () => {
      const before = (await bot.app.store.container<any>('action-items').queryAcross(tenantPrefix(TENANT))).length;
      const past = await bot.post(messageAction('submitAction', payload, { serviceUrl: serviceUrl(), from: PEOPLE.petra, at: root, data: { title: 'X', assignee: '', due: '2020-01-01' } }));
      expect(past.body.task.type).toBe('continue');
      expect(cardText(past.body.task.value.card.content)).toMatch(/2020-01-01/);
      const empty = await bot.post(messageAction('submitAction', payload, { serviceUrl: serviceUrl(), from: PEOPLE.petra, at: root, data: { title: '  ', assignee: '', due: '' } }));
      expect(cardText(empty.body.task.value.card.content)).toContain('Skriv vad som ska göras.');
      const unknown = await bot.post(messageAction('fetchTask', payload, { serviceUrl: serviceUrl(), from: PEOPLE.petra, at: root, commandId: 'somethingElse' }));
      expect(unknown.body.task.type).toBe('message');
      expect((await bot.app.store.container<any>('action-items').queryAcross(tenantPrefix(TENANT))).length).toBe(before);
    });
  });
});
