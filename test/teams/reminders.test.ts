import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/domain/ports.js';
import { partitionKey } from '../../src/store/document-store.js';
import { cardAction, installed, message, PEOPLE, TENANT, where } from '../helpers/activities.js';
import { executeActions } from '../helpers/activities.js';
import { cardOf, cardText, startCoreTeamBot, startTestBot, type TestBot } from '../helpers/test-app.js';

/** Tue 27 Feb 2024 10:00 in Stockholm. */
const MEETING_DAY = '2024-02-27T09:00:00Z';

describe('Reminders: real scheduler, store and recording connector, fake clock', () => {
  let bot: TestBot & { clock: FixedClock };
  let serviceUrl: string;
  let thread = 1709200000000;
  const channelId = '19:reminders-channel@thread.tacv2';
  const channel = () => where.channel(String(thread), TENANT, channelId);

  beforeAll(async () => {
    bot = await startCoreTeamBot({ now: MEETING_DAY });
    serviceUrl = bot.connector.url;
    // Petra has the bot in her personal chat; Johan does not.
    await bot.post(installed({ serviceUrl, from: PEOPLE.petra, at: where.personal(PEOPLE.petra) }));
    await bot.post(installed({ serviceUrl, from: PEOPLE.christine, at: channel() }));
  });
  afterAll(() => bot.stop());
  beforeEach(() => {
    bot.connector.clear();
    bot.clock.set(MEETING_DAY);
    thread++;
  });

  const run = async (at: string) => {
    bot.clock.set(at);
    return bot.app.jobs.reminders.runOnce();
  };
  const say = (text: string, from: any = PEOPLE.christine, mentions: any[] = []) => bot.post(message(text, { serviceUrl, from, at: channel(), mentionBot: true, mentions }));
  const sentTo = (conversationId: string) => bot.connector.sent.filter((c) => c.kind === 'send' && c.conversationId === conversationId);
  const reminders = () => bot.app.store.container<any>('reminders').query(partitionKey(TENANT));

  it('an att-göra due Friday reminds Petra in her personal chat on Wednesday (two working days before) and on Friday, at 09:00', async () => {
    await say('att-göra <at>Petra Edoff</at> skicka mail om ensamhetspengen senast fredag', PEOPLE.christine, [PEOPLE.petra]);
    bot.connector.clear();
    expect((await run('2024-02-28T07:59:00Z')).sent).toBe(0); // Wed 08:59
    await run('2024-02-28T08:00:00Z'); // Wed 09:00
    const personal = sentTo(`a:personal-${PEOPLE.petra.id}`);
    expect(personal).toHaveLength(1);
    const text = cardText(cardOf(personal[0]!.body));
    expect(text).toContain('Skicka mail om ensamhetspengen');
    expect(text).toContain('Ska vara klart fre 1 mars.');
    expect(text).toContain('Sluta påminna');
    expect((await run('2024-02-29T08:00:00Z')).sent).toBe(0); // nothing on Thursday
    await run('2024-03-01T08:00:00Z'); // Fri 09:00
    expect(sentTo(`a:personal-${PEOPLE.petra.id}`)).toHaveLength(2);
    expect(cardText(cardOf(sentTo(`a:personal-${PEOPLE.petra.id}`)[1]!.body))).toContain('Ska vara klart i dag.');
    expect((await run('2024-03-01T09:00:00Z')).sent).toBe(0); // each once
  });

  it('someone without a personal chat is @mentioned in the item\'s thread instead', async () => {
    await say('att-göra <at>Johan Lindström</at> kontakta Anne senast 2024-03-05', PEOPLE.christine, [PEOPLE.johan]);
    bot.connector.clear();
    await run('2024-03-01T08:00:00Z'); // two working days before Tue 5 March = Fri 1 March
    const inThread = bot.connector.sent.filter((c) => c.kind === 'send' && c.conversationId === `${channelId};messageid=${thread}`);
    expect(inThread).toHaveLength(1);
    const card = cardOf(inThread[0]!.body);
    expect(card.msteams.entities).toEqual([{ type: 'mention', text: '<at>Johan Lindström</at>', mentioned: { id: PEOPLE.johan.aadObjectId, name: 'Johan Lindström' } }]);
  });

  it('Easter moves the early reminder back: due Tuesday 2 April → Wednesday 27 March (Good Friday and Easter Monday are holidays)', async () => {
    await say('att-göra boka lokal senast 2024-04-02');
    const id = (await reminders()).find((r: any) => r.kind === 'actionItem' && r.payload.stage === 'early' && r.dueAt.startsWith('2024-03-27'));
    expect(id?.dueAt).toBe('2024-03-27T08:00:00.000Z');
    const due = (await reminders()).find((r: any) => r.payload.itemId === id.payload.itemId && r.payload.stage === 'due');
    expect(due.dueAt).toBe('2024-04-02T07:00:00.000Z'); // 09:00 summer time
  });

  it('ticking an item done cancels its reminders; moving its date moves them', async () => {
    await say('att-göra skicka protokollet senast 2024-03-08');
    const card = cardOf(bot.connector.sent.at(-1)!.body);
    const ref = card.actions.find((a: any) => a.type === 'Action.ShowCard').card.actions[0].data;
    await bot.post(cardAction('actionItem.snooze', { ...ref, snoozeDate: '2024-03-15' }, { serviceUrl, from: PEOPLE.christine, at: channel() }));
    const moved = (await reminders()).filter((r: any) => r.payload.itemId === ref.id);
    expect(moved.map((r: any) => r.dueAt).sort()).toEqual(['2024-03-13T08:00:00.000Z', '2024-03-15T08:00:00.000Z']);
    await bot.post(cardAction('actionItem.complete', { id: ref.id, revision: 2 }, { serviceUrl, from: PEOPLE.christine, at: channel() }));
    expect((await reminders()).filter((r: any) => r.payload.itemId === ref.id).map((r: any) => r.status)).toEqual(['cancelled', 'cancelled']);
    bot.connector.clear();
    await run('2024-03-15T08:00:00Z');
    expect(bot.connector.sent.filter((c) => cardText(cardOf(c.body)).includes('Skicka protokollet'))).toHaveLength(0);
  });

  it('"påminn oss 2 april kl 9 om KPR-mötet: …" reminds the channel at 09:00 Swedish summer time', async () => {
    await say('påminn oss 2 april kl 9 om KPR-mötet: skicka material till Matilda och Christine');
    expect(bot.connector.sent.at(-1)!.body.text).toBe('Jag påminner er här tis 2 april kl. 09.00: KPR-mötet: skicka material till Matilda och Christine');
    bot.connector.clear();
    const kpr = () => sentTo(channelId).filter((c) => cardText(cardOf(c.body)).includes('KPR-mötet: skicka material till Matilda och Christine'));
    await run('2024-04-02T06:59:00Z');
    expect(kpr()).toHaveLength(0);
    await run('2024-04-02T07:00:00Z');
    expect(kpr()).toHaveLength(1);
  });

  it('"påminn mig varje måndag kl 9 om …" repeats every Monday at 09:00, across the change to summer time', async () => {
    await say('påminn mig varje måndag kl 9 om veckobrevet', PEOPLE.petra);
    expect(bot.connector.sent.at(-1)!.body.text).toContain('Jag påminner dig varje måndag kl. 09.00, med början mån 4 mars kl. 09.00: veckobrevet');
    bot.connector.clear();
    for (const monday of ['2024-03-04T08:00:00Z', '2024-03-11T08:00:00Z', '2024-03-18T08:00:00Z', '2024-03-25T08:00:00Z', '2024-04-01T07:00:00Z']) {
      await run(monday);
    }
    const petra = sentTo(`a:personal-${PEOPLE.petra.id}`).filter((c) => cardText(cardOf(c.body)).includes('veckobrevet'));
    expect(petra).toHaveLength(5);
    const reminder = (await reminders()).find((r: any) => r.payload.text === 'veckobrevet');
    expect(reminder.dueAt).toBe('2024-04-08T07:00:00.000Z');
  });

  it('Monday 09:00 digest lists overdue and this week\'s items of the channel', async () => {
    const digestChannel = '19:digest-channel@thread.tacv2';
    const at = where.channel('1', TENANT, digestChannel);
    await bot.post(installed({ serviceUrl, from: PEOPLE.christine, at }));
    for (const text of ['att-göra ta fram budgetunderlag senast 2024-02-29', 'att-göra boka workshop med KPR senast 2024-03-07', 'att-göra långsiktig plan senast 2024-06-01']) {
      await bot.post(message(text, { serviceUrl, from: PEOPLE.christine, at, mentionBot: true }));
    }
    bot.connector.clear();
    await run('2024-03-04T08:00:00Z');
    const digest = sentTo(digestChannel).map((c) => cardText(cardOf(c.body))).find((t) => t.includes('Veckans uppgifter'));
    expect(digest).toBeDefined();
    expect(digest).toContain('Ta fram budgetunderlag');
    expect(digest).toContain('Boka workshop med KPR');
    expect(digest).not.toContain('Långsiktig plan');
    // Each row can be ticked done from the digest; the clicker then sees the channel's open items.
    const card = cardOf(sentTo(digestChannel).find((c) => cardText(cardOf(c.body)).includes('Veckans uppgifter'))!.body);
    const done = JSON.parse(JSON.stringify(card)).body.flatMap((b: any) => b.items ?? []).flatMap((i: any) => i.columns ?? []).flatMap((col: any) => col.items ?? []).flatMap((i: any) => i.actions ?? [])[0];
    const response = await bot.post(cardAction(done.verb, done.data, { serviceUrl, from: PEOPLE.christine, at }));
    expect(cardText(response.body.value)).toMatch(/^Öppna uppgifter här\n.*\n”(Ta fram budgetunderlag|Boka workshop med KPR)” är klar\.\nÅngra/);
  });

  it('"påminnelser" lists what is coming; "Ta bort" stops one', async () => {
    await say('påminn oss 10 april kl 13 om att skicka inbjudan');
    await say('påminnelser');
    const list = cardOf(bot.connector.sent.at(-1)!.body);
    expect(cardText(list)).toContain('att skicka inbjudan');
    const target = (await reminders()).find((r: any) => r.payload.text === 'att skicka inbjudan');
    // The list's "Ta bort" carries the reminder's id.
    expect(JSON.stringify(list)).toContain(`"reminderId":"${target.id}"`);
    // "Ta bort" asks first, on the clicker's card; Avbryt leaves it; "Ja, ta bort" stops it.
    const remove = executeActions(list).find((a) => a.verb === 'reminder.confirmStop' && a.data.reminderId === target.id)!;
    const asked = (await bot.post(cardAction(remove.verb, remove.data, { serviceUrl, from: PEOPLE.christine, at: channel() }))).body.value;
    expect(cardText(asked)).toContain('Ta bort påminnelsen ”att skicka inbjudan”?');
    expect((await reminders()).find((r: any) => r.id === target.id).status).toBe('pending');
    const cancel = executeActions(asked).find((a) => a.verb === 'reminder.list')!;
    const kept = (await bot.post(cardAction(cancel.verb, cancel.data, { serviceUrl, from: PEOPLE.christine, at: channel() }))).body.value;
    expect(cardText(kept)).not.toContain('Ta bort påminnelsen');
    expect((await reminders()).find((r: any) => r.id === target.id).status).toBe('pending');
    const yes = executeActions(asked).find((a) => a.verb === 'reminder.stop')!;
    expect(yes).toMatchObject({ title: 'Ja, ta bort', data: { reminderId: target.id, view: 'list' } });
    const response = await bot.post(cardAction(yes.verb, yes.data, { serviceUrl, from: PEOPLE.christine, at: channel() }));
    expect(cardText(response.body.value)).toContain('Den här påminnelsen är avslutad.');
    expect((await reminders()).find((r: any) => r.id === target.id).status).toBe('cancelled');
  });

  it('"påminnelser" in a channel lists its own reminders first and counts the automatic per-item ones', async () => {
    for (const text of ['att-göra <at>Anne Almqvist</at> ring Matilda senast 2024-03-08', 'att-göra <at>Johan Lindström</at> boka lokal senast 2024-03-08']) {
      await say(text, PEOPLE.christine, [text.includes('Anne') ? PEOPLE.anne : PEOPLE.johan]);
    }
    await say('påminn oss 9 april kl 9 om styrgruppen');
    bot.connector.clear();
    await say('påminnelser');
    const text = cardText(cardOf(bot.connector.sent[0]!.body));
    const automatic = (await reminders()).filter((r: any) => r.kind === 'actionItem' && r.status === 'pending' && r.conversationKey === `channel:${channelId}`).length;
    expect(automatic).toBeGreaterThanOrEqual(4);
    expect(text).toContain('styrgruppen');
    expect(text).not.toContain('Ring Matilda');
    expect(text).toMatch(new RegExp(`… och ${automatic} automatiska påminnelser om uppgifter`));
    expect(text.indexOf('styrgruppen')).toBeLessThan(text.indexOf('automatiska'));
  });

  it('bad reminder requests get a clear message and nothing is planned', async () => {
    const before = (await reminders()).length;
    await say('påminn oss om KPR-mötet');
    expect(bot.connector.sent.at(-1)!.body.text).toContain('Skriv när');
    await say('påminn mig 2020-01-01 om något');
    expect(bot.connector.sent.at(-1)!.body.text).toContain('har redan varit');
    await say('påminn mig i morgon kl 9');
    expect(bot.connector.sent.at(-1)!.body.text).toContain('Skriv vad jag ska påminna om');
    expect((await reminders()).length).toBe(before);
    const forged = await bot.post(cardAction('reminder.stop', { reminderId: 'custom-00000000-0000-4000-8000-000000000000' }, { serviceUrl, from: PEOPLE.christine, at: channel() }));
    expect(forged.body.statusCode).toBe(404);
  });

  it('a 403 (the bot was removed) stops that conversation\'s reminders and records why', async () => {
    const gone = where.groupChat();
    await bot.post(message('påminn oss i morgon kl 9 om fikat', { serviceUrl, from: PEOPLE.anne, at: gone }));
    bot.connector.clear();
    bot.connector.respondNext({ status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'removed' } } });
    await run('2024-02-28T08:00:00Z');
    const reminder = (await reminders()).find((r: any) => r.payload.text === 'fikat');
    expect(reminder).toMatchObject({ status: 'failed' });
    expect(reminder.lastError).toContain('403');
    expect(await bot.app.services.conversations.get(TENANT, 'chat:19:group-chat-ct@thread.v2')).toMatchObject({ active: false });
  });

  it('a saved meeting with a next meeting date reminds the channel the working day before, with the open to-dos', async () => {
    await say('nytt möte');
    const form = cardOf(bot.connector.sent.at(-1)!.body);
    const values = { title: 'Core Team möte, 27 februari', kind: 'coreTeam', date: '2024-02-27', participants: 'Petra Edoff, Samhällskontraktet', todos: 'Petra: skicka mail om ensamhetspengen senast 2024-03-22', nextMeeting: '2024-03-26' };
    await bot.post(cardAction('meeting.save', { ...form.actions[0].data, ...values }, { serviceUrl, from: PEOPLE.marianne, at: channel() }));
    const reminder = (await reminders()).find((r: any) => r.kind === 'meeting' && r.payload.nextMeeting === '2024-03-26');
    expect(reminder.dueAt).toBe('2024-03-25T08:00:00.000Z'); // Monday 09:00, winter time
    bot.connector.clear();
    await run('2024-03-25T08:00:00Z');
    const text = sentTo(channelId).map((c) => cardText(cardOf(c.body))).find((t) => t.includes('Nästa möte: tis 26 mars'));
    expect(text).toBeDefined();
    expect(text).toContain('Skicka mail om ensamhetspengen');
  });

  it('"Påminn igen om 1 timme" on a reminder sends it again an hour later; "Sluta påminna" replaces the card', async () => {
    await say('påminn oss i morgon kl 10 om att boka Plaza hotell');
    bot.connector.clear();
    await run('2024-02-28T09:00:00Z');
    const sent = sentTo(channelId).find((c) => cardText(cardOf(c.body)).includes('att boka Plaza hotell'))!;
    const card = cardOf(sent.body);
    const again = card.actions.find((a: any) => a.type === 'Action.ShowCard').card.body[0].actions[0];
    // The one-off says what it is about and who asked; its button is Klar, not "Sluta påminna".
    expect(cardText(card)).toContain('Christine Wäneskog bad mig påminna er om det här.');
    expect(executeActions(card).map((a) => a.title)).toEqual(['Klar', 'Igen om 1 timme', 'Igen i morgon', 'Igen om en vecka']);
    const response = await bot.post(cardAction(again.verb, again.data, { serviceUrl, from: PEOPLE.anne, at: channel(), replyToId: 'reminder-1' }));
    // After snoozing, the card (for everyone) says when it comes again.
    expect(cardText(response.body.value)).toContain('Jag påminner igen ons 28 februari kl. 11.00.');
    expect(cardText(cardOf(bot.connector.updates.find((u) => u.activityId === 'reminder-1')!.body))).toContain('Jag påminner igen ons 28 februari kl. 11.00.');
    bot.connector.clear();
    await run('2024-02-28T10:00:00Z');
    expect(sentTo(channelId).filter((c) => cardText(cardOf(c.body)).includes('att boka Plaza hotell'))).toHaveLength(1);
    const done = card.actions.find((a: any) => a.verb === 'reminder.stop');
    expect(done.title).toBe('Klar');
    const stopped = await bot.post(cardAction(done.verb, done.data, { serviceUrl, from: PEOPLE.anne, at: channel(), replyToId: 'reminder-1' }));
    expect(cardText(stopped.body.value)).toBe('Klart: att boka Plaza hotell');
  });
});

describe('Reminders survive a restart', () => {
  it('reminders that fell due while the bot was down are sent at start, marked late', async () => {
    const first = await startCoreTeamBot({ now: MEETING_DAY });
    const dataDir = first.dataDir;
    const at = where.channel('1709300000000', TENANT, '19:restart@thread.tacv2');
    await first.post(installed({ serviceUrl: first.connector.url, from: PEOPLE.christine, at }));
    await first.post(message('påminn oss i morgon kl 9 om att ringa KPR', { serviceUrl: first.connector.url, from: PEOPLE.christine, at, mentionBot: true }));
    await first.app.stop();

    // The bot is down Wednesday morning and comes back at 11:00, with the same data.
    const second = await startTestBot({ dataDir, overrides: { clock: new FixedClock('2024-02-28T10:00:00Z') } });
    try {
      // Same store file; the restarted bot's Teams service is another recording connector.
      const address = (await second.app.services.conversations.get(TENANT, 'channel:19:restart@thread.tacv2'))!;
      await second.app.services.conversations.touch({ ...address, serviceUrl: second.connector.url });
      const result = await second.app.jobs.reminders.runOnce();
      expect(result.sent).toBe(1);
      expect(result.late).toBe(1);
      const card = cardOf(second.connector.sent.find((c) => c.kind === 'send')!.body);
      expect(cardText(card)).toContain('att ringa KPR');
      expect(cardText(card)).toContain('Skickas sent');
    } finally {
      await second.stop();
      await first.connector.stop();
    }
  });
});
