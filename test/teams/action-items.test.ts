import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/domain/ports.js';
import { partitionKey, tenantPrefix } from '../../src/store/document-store.js';
import { storedItem } from '../helpers/stored-item.js';
import { cardAction, message, OTHER_TENANT, PEOPLE, TENANT, where } from '../helpers/activities.js';
import { cardOf, cardText, startCoreTeamBot, type TestBot } from '../helpers/test-app.js';

/** Tue 27 Feb 2024 10:00 in Stockholm, the day of the Core Team meeting in the seed minutes. */
const MEETING_DAY = '2024-02-27T09:00:00Z';

describe('Att-göra in Teams, through POST /api/messages', () => {
  let bot: TestBot & { clock: FixedClock };
  let clock: FixedClock;
  let serviceUrl: string;
  const channel = (thread = '1709024400000') => where.channel(thread);

  beforeAll(async () => {
    bot = await startCoreTeamBot({ now: MEETING_DAY });
    clock = bot.clock;
    serviceUrl = bot.connector.url;
  });
  afterAll(() => bot.stop());
  beforeEach(() => {
    bot.connector.clear();
    clock.set(MEETING_DAY);
  });

  const items = () => bot.app.store.container<any>('action-items').queryAcross(tenantPrefix(TENANT));
  const item = async (id: string) => (await storedItem(bot.app.store, TENANT, id));

  /** Marianne creates an item in the channel and returns the stored item and its posted card. */
  async function create(text: string, options: { from?: any; at?: any; mentions?: any[]; locale?: string } = {}) {
    const before = new Set((await items()).map((i: any) => i.id));
    const response = await bot.post(message(`att-göra ${text}`, { serviceUrl, from: options.from ?? PEOPLE.marianne, at: options.at ?? channel(), mentionBot: true, mentions: options.mentions, locale: options.locale }));
    expect(response.status).toBe(200);
    const created = (await items()).filter((i: any) => !before.has(i.id));
    return { created, reply: bot.connector.sent.at(-1)! };
  }

  describe('creating', () => {
    it('Marianne writes "@SHK-boten att-göra @Petra Edoff skicka mail om ensamhetspengen och samla intresserade senast fredag" in the channel', async () => {
      const { created, reply } = await create('<at>Petra Edoff</at> skicka mail om ensamhetspengen och samla intresserade senast fredag', { mentions: [PEOPLE.petra] });
      expect(created).toHaveLength(1);
      const stored = created[0];
      expect(stored).toMatchObject({
        title: 'Skicka mail om ensamhetspengen och samla intresserade',
        assignees: [{ id: PEOPLE.petra.id, aadObjectId: PEOPLE.petra.aadObjectId, name: 'Petra Edoff' }],
        due: { date: '2024-03-01' },
        status: 'open',
        createdBy: { id: PEOPLE.marianne.id, name: PEOPLE.marianne.name },
        conversationKey: 'channel:19:core-team-aldre@thread.tacv2',
        revision: 1,
      });
      expect(stored.history).toEqual([expect.objectContaining({ change: 'created' })]);
      // The card is posted in the thread and remembered, so it can be updated in place.
      expect(stored.card).toEqual({ conversationId: '19:core-team-aldre@thread.tacv2;messageid=1709024400000', activityId: expect.stringMatching(/^activity-/) });

      const card = cardOf(reply.body);
      const text = cardText(card);
      expect(text).toContain('Skicka mail om ensamhetspengen och samla intresserade');
      expect(text).toContain('fre 1 mars');
      expect(text).toContain('<at>Petra Edoff</at>');
      expect(text).toContain('Marianne Kiiskilä, tis 27 februari kl. 10.00');
      // Teams notifies Petra: the card mentions her by AAD id.
      expect(card.msteams.entities).toEqual([{ type: 'mention', text: '<at>Petra Edoff</at>', mentioned: { id: PEOPLE.petra.aadObjectId, name: 'Petra Edoff' } }]);
    });

    it('without anyone mentioned the sender is responsible; "jag" also means the sender', async () => {
      const alone = await create('boka lokal för Öppen verkstad', { from: PEOPLE.johan });
      expect(alone.created[0].assignees).toEqual([expect.objectContaining({ id: PEOPLE.johan.id })]);
      const withMe = await create('jag och <at>Anne Almqvist</at> tar fram förslag på tema senast 15 mars', { from: PEOPLE.johan, mentions: [PEOPLE.anne] });
      expect(withMe.created[0].assignees.map((p: any) => p.name)).toEqual(['Johan Lindström', 'Anne Almqvist']);
      expect(withMe.created[0].title).toBe('Tar fram förslag på tema');
      expect(withMe.created[0].due).toEqual({ date: '2024-03-15' });
    });

    it('several assignees, a week number and a time: "vecka 12 kl 10"', async () => {
      const { created } = await create('<at>Christine Wäneskog</at> <at>Petra Edoff</at> skicka info om Salus mea till KPR vecka 12 kl 10', { mentions: [PEOPLE.christine, PEOPLE.petra] });
      expect(created[0].assignees.map((p: any) => p.name)).toEqual(['Christine Wäneskog', 'Petra Edoff']);
      expect(created[0].due).toEqual({ date: '2024-03-22', time: '10:00' });
    });

    it('aliases "todo", "uppgift" and "ny uppgift" work, with "by" in English', async () => {
      for (const command of ['todo send the minutes by friday', 'uppgift skicka protokollet senast fredag', 'ny uppgift skicka protokollet i morgon']) {
        const before = (await items()).length;
        await bot.post(message(command, { serviceUrl, from: PEOPLE.anne, at: channel(), mentionBot: true }));
        expect((await items()).length, command).toBe(before + 1);
      }
    });

    it('in personal chat with English Teams, the card is in English', async () => {
      const response = await bot.post(message('todo prepare the budget slides by next tuesday', { serviceUrl, from: PEOPLE.anne, at: where.personal(PEOPLE.anne), locale: 'en-US' }));
      expect(response.status).toBe(200);
      const text = cardText(cardOf(bot.connector.sent[0]!.body));
      expect(text).toContain('Prepare the budget slides');
      expect(text).toContain('Tue 5 March');
      expect(text).toContain('Assigned to');
    });

    it.each([
      ['a date that has passed', 'skicka mail senast 2024-02-01', '”2024-02-01” har redan varit'],
      ['an impossible date', 'skicka mail senast 31 februari', 'Jag förstår inte datumet'],
      ['no title', '', 'Skriv vad som ska göras'],
      ['only a date', 'senast fredag', 'Skriv vad som ska göras'],
      ['a title over 500 characters', 'x'.repeat(501), 'under 500 tecken'],
    ])('%s gets a clear message and nothing is created', async (_what, text, expected) => {
      const before = (await items()).length;
      await bot.post(message(`att-göra ${text}`, { serviceUrl, from: PEOPLE.petra, at: channel(), mentionBot: true }));
      expect(bot.connector.sent.at(-1)!.body.text).toContain(expected);
      expect((await items()).length).toBe(before);
    });
  });

  describe('acting on the card', () => {
    async function newItem(text = 'skicka mail om ensamhetspengen senast fredag') {
      const { created } = await create(text);
      bot.connector.clear();
      return created[0];
    }
    const click = (verb: string, data: Record<string, unknown>, options: { from?: any; at?: any; replyToId?: string } = {}) =>
      bot.post(cardAction(verb, data, { serviceUrl, from: options.from ?? PEOPLE.petra, at: options.at ?? channel(), replyToId: options.replyToId }));

    it('Petra ticks "Klar": she gets the done card, the posted message is updated for everyone, history records it', async () => {
      const created = await newItem();
      const response = await click('actionItem.complete', { id: created.id, revision: 1 }, { replyToId: created.card.activityId });
      expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect(cardText(response.body.value)).toContain('Markerad som klar.');
      expect(cardText(response.body.value)).toContain('Öppna igen');
      expect(bot.connector.updates).toHaveLength(1);
      expect(bot.connector.updates[0]!.activityId).toBe(created.card.activityId);
      const forEveryone = cardText(cardOf(bot.connector.updates[0]!.body));
      expect(forEveryone).toContain('Klar');
      expect(forEveryone).not.toContain('Markerad som klar.');
      const stored = await item(created.id);
      expect(stored).toMatchObject({ status: 'done', revision: 2, completedBy: { name: 'Petra Edoff' } });
      expect(stored.history.map((h: any) => h.change)).toEqual(['created', 'completed']);

      const reopened = await click('actionItem.reopen', { id: created.id, revision: 2 }, { replyToId: created.card.activityId });
      expect(cardText(reopened.body.value)).toContain('Öppnad igen.');
      expect(await item(created.id)).toMatchObject({ status: 'open', revision: 3 });
    });

    it('"Skjut upp" by a day, a week, or to a picked date', async () => {
      const created = await newItem();
      await click('actionItem.snooze', { id: created.id, revision: 1, days: 1 });
      expect((await item(created.id)).due).toEqual({ date: '2024-03-02' });
      await click('actionItem.snooze', { id: created.id, revision: 2, days: 7 });
      expect((await item(created.id)).due).toEqual({ date: '2024-03-09' });
      const picked = await click('actionItem.snooze', { id: created.id, revision: 3, snoozeDate: '2024-04-19' });
      expect(cardText(picked.body.value)).toContain('Nytt datum: fre 19 april.');
      expect((await item(created.id)).due).toEqual({ date: '2024-04-19' });
      expect((await item(created.id)).history.filter((h: any) => h.change === 'snoozed')).toHaveLength(3);
    });

    it('snoozing to a past or missing date is refused on the card and changes nothing', async () => {
      const created = await newItem();
      const past = await click('actionItem.snooze', { id: created.id, revision: 1, snoozeDate: '2024-02-01' });
      expect(cardText(past.body.value)).toContain('har redan varit');
      const none = await click('actionItem.snooze', { id: created.id, revision: 1, snoozeDate: '' });
      expect(cardText(none.body.value)).toContain('Jag förstår inte datumet');
      expect(await item(created.id)).toMatchObject({ revision: 1, due: { date: '2024-03-01' } });
    });

    it('"Ändra" shows the form only to the clicker; "Spara" changes title, date and people', async () => {
      const created = await newItem();
      const form = await click('actionItem.edit', { id: created.id, revision: 1 });
      expect(form.body.value.body.some((e: any) => e.type === 'Input.Text' && e.value === 'Skicka mail om ensamhetspengen')).toBe(true);
      expect(bot.connector.updates).toHaveLength(0);

      const saved = await click('actionItem.save', { id: created.id, revision: 1, title: 'Skicka mail om ensamhetspengen till alla parter', due: '2024-03-08', assignees: `${PEOPLE.petra.aadObjectId},${PEOPLE.anne.aadObjectId}` }, { replyToId: created.card.activityId });
      expect(cardText(saved.body.value)).toContain('Ändringarna är sparade.');
      const stored = await item(created.id);
      expect(stored).toMatchObject({ title: 'Skicka mail om ensamhetspengen till alla parter', due: { date: '2024-03-08' }, revision: 2 });
      expect(stored.assignees.map((p: any) => p.name)).toEqual(['Petra Edoff', 'Anne Almqvist']);
      expect(stored.history.at(-1)).toMatchObject({ change: 'edited', by: { name: 'Petra Edoff' } });
      expect(bot.connector.updates).toHaveLength(1);
      // Two people: "Ansvariga".
      expect(cardText(saved.body.value)).toContain('Ansvariga');
      // Opening the form again (from the card as it now stands) shows who is responsible, by name.
      const edit = saved.body.value.actions.find((a: any) => a.verb === 'actionItem.edit');
      const again = (await click(edit.verb, edit.data)).body.value;
      const people = again.body.find((e: any) => e.id === 'assignees');
      expect(people.value.split(',')).toEqual([PEOPLE.petra.aadObjectId, PEOPLE.anne.aadObjectId]);
      for (const value of people.value.split(',')) expect(people.choices.find((c: any) => c.value === value)?.title).toMatch(/Petra Edoff|Anne Almqvist/);
    });

    it('saving an empty or over-long title is refused and nothing is written', async () => {
      const created = await newItem();
      for (const title of ['   ', 'y'.repeat(600)]) {
        const response = await click('actionItem.save', { id: created.id, revision: 1, title, due: '2024-03-01' });
        expect(response.body.statusCode).toBe(200);
        expect(response.body.value.body[0].color).toBe('Attention');
      }
      expect(await item(created.id)).toMatchObject({ revision: 1, title: 'Skicka mail om ensamhetspengen' });
    });

    it('"Ta bort" asks first; confirming removes it from the lists and tells everyone', async () => {
      const created = await newItem();
      const question = await click('actionItem.delete', { id: created.id, revision: 1 });
      expect(cardText(question.body.value)).toContain('Vill du ta bort uppgiften');
      expect((await item(created.id)).deletedAt).toBeUndefined();

      const cancelled = await click('actionItem.cancel', { id: created.id });
      expect(cardText(cancelled.body.value)).toContain('Skicka mail om ensamhetspengen');

      const confirmed = await click('actionItem.confirmDelete', { id: created.id, revision: 1 }, { replyToId: created.card.activityId });
      expect(cardText(confirmed.body.value)).toContain('togs bort av Petra Edoff');
      expect(cardText(cardOf(bot.connector.updates[0]!.body))).toContain('togs bort av Petra Edoff');
      expect((await item(created.id)).history.at(-1).change).toBe('deleted');

      bot.connector.clear();
      await bot.post(message('uppgifter alla', { serviceUrl, from: PEOPLE.petra, at: channel(), mentionBot: true }));
      expect(cardText(cardOf(bot.connector.sent[0]!.body))).not.toContain(created.id);
      const again = await click('actionItem.complete', { id: created.id, revision: 2 });
      expect(again.body).toMatchObject({ statusCode: 404 });
    });

    it('two people click at the same moment: one change wins, the other is told and sees the final state', async () => {
      const created = await newItem();
      const [a, b] = await Promise.all([
        click('actionItem.complete', { id: created.id, revision: 1 }, { from: PEOPLE.petra }),
        click('actionItem.snooze', { id: created.id, revision: 1, days: 7 }, { from: PEOPLE.christine }),
      ]);
      const stored = await item(created.id);
      expect(stored.revision).toBe(2);
      const texts = [cardText(a.body.value), cardText(b.body.value)];
      expect(texts.filter((t) => t.includes('Någon annan hann ändra uppgiften samtidigt'))).toHaveLength(1);
      // Whoever lost sees the winner's state.
      const loser = texts.find((t) => t.includes('Någon annan hann'))!;
      if (stored.status === 'done') expect(loser).toContain('Öppna igen');
      else expect(loser).toContain('fre 8 mars');
    });

    it('a card showing an old revision cannot overwrite a newer state', async () => {
      const created = await newItem();
      await click('actionItem.snooze', { id: created.id, revision: 1, days: 1 });
      const stale = await click('actionItem.complete', { id: created.id, revision: 1 });
      expect(cardText(stale.body.value)).toContain('Någon annan hann ändra');
      expect(await item(created.id)).toMatchObject({ status: 'open', revision: 2 });
    });

    it.each([
      ['an unknown id', () => ({ id: '00000000-0000-4000-8000-00000000dead', revision: 1 }), 404],
      ['a malformed id', () => ({ id: '../../etc/passwd', revision: 1 }), 400],
      ['no id at all', () => ({ revision: 1 }), 400],
    ])('%s is refused and nothing is written', async (_what, data, status) => {
      const created = await newItem();
      const response = await click('actionItem.complete', data());
      expect(response.body.statusCode).toBe(status);
      expect(await item(created.id)).toMatchObject({ revision: 1 });
    });

    it("an id from another tenant or from a conversation the clicker has no part in is not found", async () => {
      const created = await newItem();
      const fromOtherTenant = await click('actionItem.complete', { id: created.id, revision: 1 }, { at: where.channel('1', OTHER_TENANT) });
      expect(fromOtherTenant.body.statusCode).toBe(404);
      const outsider = { id: '29:outsider', name: 'Okänd Person', aadObjectId: '00000000-0000-4000-8000-0000000000ff' };
      const fromOtherChat = await click('actionItem.complete', { id: created.id, revision: 1 }, { from: outsider, at: where.personal(outsider) });
      expect(fromOtherChat.body.statusCode).toBe(404);
      expect(await item(created.id)).toMatchObject({ revision: 1, status: 'open' });
    });
  });

  describe('listing', () => {
    it('"uppgifter" shows the channel\'s open items overdue first; "försenade" only overdue; "alla" includes done', async () => {
      const at = where.channel('1709100000000', TENANT, '19:listing-channel@thread.tacv2');
      const make = (text: string) => bot.post(message(`att-göra ${text}`, { serviceUrl, from: PEOPLE.christine, at, mentionBot: true }));
      await make('ta fram material till KPR senast 2024-03-05');
      await make('boka möte med arbetsutskottet senast 2024-02-28');
      await make('fundera på tema för nästa längre möte');
      clock.set('2024-03-01T09:00:00Z'); // the second one is now overdue
      const list = await bot.app.services.actionItems.listForConversation(TENANT, 'channel:19:listing-channel@thread.tacv2', 'open');
      await bot.app.services.actionItems.act(TENANT, list.find((i) => i.title.startsWith('Fundera'))!.id, undefined, { person: PEOPLE.christine, conversationKey: 'channel:19:listing-channel@thread.tacv2' }, { type: 'complete' });
      bot.connector.clear();

      await bot.post(message('uppgifter', { serviceUrl, from: PEOPLE.petra, at, mentionBot: true }));
      const open = cardText(cardOf(bot.connector.sent[0]!.body));
      expect(open).toContain('Öppna uppgifter här');
      expect(open.indexOf('Boka möte med arbetsutskottet')).toBeLessThan(open.indexOf('Ta fram material till KPR'));
      expect(open).toContain('ons 28 februari (försenad)');
      expect(open).not.toContain('Fundera');

      await bot.post(message('försenade', { serviceUrl, from: PEOPLE.petra, at, mentionBot: true }));
      const overdue = cardText(cardOf(bot.connector.sent[1]!.body));
      expect(overdue).toContain('Boka möte');
      expect(overdue).not.toContain('Ta fram material');

      await bot.post(message('uppgifter alla', { serviceUrl, from: PEOPLE.petra, at, mentionBot: true }));
      expect(cardText(cardOf(bot.connector.sent[2]!.body))).toContain('Fundera på tema');
    });

    it('"mina uppgifter" in personal chat lists Petra\'s items from every channel and chat; "Klar" there updates the channel card too', async () => {
      const group = where.groupChat();
      await bot.post(message('att-göra <at>Petra Edoff</at> ring Matilda om KPR senast 2024-03-04', { serviceUrl, from: PEOPLE.christine, at: group, mentions: [PEOPLE.petra] }));
      const { created } = await create('<at>Petra Edoff</at> uppdatera budgeten för Civilsamhället som partner senast 2024-03-06', { mentions: [PEOPLE.petra] });
      bot.connector.clear();

      await bot.post(message('mina uppgifter', { serviceUrl, from: PEOPLE.petra, at: where.personal(PEOPLE.petra) }));
      const card = cardOf(bot.connector.sent[0]!.body);
      const text = cardText(card);
      expect(text).toContain('Mina öppna uppgifter');
      expect(text).toContain('Ring Matilda om KPR');
      expect(text).toContain('Uppdatera budgeten');

      // Tick one done from the list in personal chat.
      const response = await bot.post(
        cardAction('actionItem.complete', { id: created[0].id, revision: 1, list: { scope: 'mine', filter: 'open', page: 0 } }, { serviceUrl, from: PEOPLE.petra, at: where.personal(PEOPLE.petra), replyToId: 'list-message-1' }),
      );
      // The notice says which item is done (title cut at 40 characters) and offers Ångra; its row is gone.
      const after = response.body.value;
      expect(cardText(after)).toContain('”Uppdatera budgeten för Civilsamhället …” är klar.');
      expect(cardText(after).split('\n').filter((line: string) => line.startsWith('Uppdatera budgeten'))).toEqual([]);
      // The list everyone else sees is updated without the notice.
      expect(cardText(cardOf(bot.connector.updates.find((u) => u.activityId === 'list-message-1')!.body))).not.toContain('är klar');
      await bot.connector.waitFor((calls) => calls.some((c) => c.kind === 'update' && c.activityId === created[0].card.activityId));
      const channelCard = bot.connector.updates.find((u) => u.activityId === created[0].card.activityId)!;
      expect(channelCard.conversationId).toBe(created[0].card.conversationId);
      expect(cardText(cardOf(channelCard.body))).toContain('Öppna igen');

      // Ångra, pressed on the list card Petra got back, opens it again and shows it in the list.
      const undo = after.body.flatMap((e: any) => (e.type === 'ActionSet' ? e.actions : [])).find((a: any) => a.title === 'Ångra');
      expect(undo).toMatchObject({ verb: 'actionItem.reopen', data: { id: created[0].id, list: { scope: 'mine', filter: 'open', page: 0 } } });
      const undone = await bot.post(cardAction(undo.verb, undo.data, { serviceUrl, from: PEOPLE.petra, at: where.personal(PEOPLE.petra), replyToId: 'list-message-1' }));
      expect(cardText(undone.body.value)).toContain('Öppnad igen.');
      expect(cardText(undone.body.value)).toContain('Uppdatera budgeten');
      expect((await items()).find((i: any) => i.id === created[0].id).status).toBe('open');
    });

    it('a long list is paged with "Visa fler"', async () => {
      const at = where.channel('1709200000000', TENANT, '19:paging-channel@thread.tacv2');
      for (let i = 1; i <= 11; i++) await bot.post(message(`att-göra punkt ${i} senast 2024-03-${String(i + 1).padStart(2, '0')}`, { serviceUrl, from: PEOPLE.anne, at, mentionBot: true }));
      bot.connector.clear();
      await bot.post(message('uppgifter', { serviceUrl, from: PEOPLE.anne, at, mentionBot: true }));
      const first = cardOf(bot.connector.sent[0]!.body);
      expect(cardText(first)).toContain('1–8 av 11');
      const more = first.actions.find((a: any) => a.title === 'Visa fler');
      const response = await bot.post(cardAction('actionItem.list', more.data, { serviceUrl, from: PEOPLE.anne, at }));
      expect(cardText(response.body.value)).toContain('9–11 av 11');
      expect(cardText(response.body.value)).toContain('Punkt 11');
    });
  });
});
