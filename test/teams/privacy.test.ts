import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTAINERS } from '../../src/app.js';
import { FixedClock } from '../../src/domain/ports.js';
import { partitionKey } from '../../src/store/document-store.js';
import { subjectTag } from '../../src/teams/privacy/privacy-cards.js';
import { cardAction, executeActions, installed, message, OTHER_TENANT, PEOPLE, TENANT, where } from '../helpers/activities.js';
import { startCosmosServer, type CosmosTestServer } from '../helpers/cosmos-server.js';
import { formValues } from '../helpers/card-text.js';
import { cardOf, cardText, startCoreTeamBot, startTestBot, type TestBot } from '../helpers/test-app.js';

/** Tue 27 Feb 2024 10:00 in Stockholm, the Core Team meeting. */
const MEETING_DAY = '2024-02-27T09:00:00Z';
const CRITERIA = ['citizenValue', 'partnership', 'innovation', 'sustainability', 'focusAreaFit'];
const scores = (...values: number[]) => Object.fromEntries(CRITERIA.map((id, i) => [`score_${id}`, String(values[i])]));


const PETRA_TRACES = [PEOPLE.petra.id, PEOPLE.petra.aadObjectId, PEOPLE.petra.name];

describe('"mina data" and "radera mina data": a person\'s export and erasure, through POST /api/messages', () => {
  let bot: TestBot & { clock: FixedClock };
  let serviceUrl: string;
  const channel = where.channel('1709030000001');
  const personal = (person: any = PEOPLE.petra) => where.personal(person);

  beforeEach(async () => {
    bot = await startCoreTeamBot({ now: MEETING_DAY, overrides: { roundProgressDelayMs: 5 } });
    serviceUrl = bot.connector.url;
  });
  afterEach(() => bot.stop());

  const say = (text: string, from: any, at: any, mentions: any[] = []) =>
    bot.post(message(text, { serviceUrl, from, at, mentionBot: at.conversation.conversationType !== 'personal', mentions }));
  const click = (verb: string, data: Record<string, unknown>, from: any, at: any, replyToId?: string) =>
    bot.post(cardAction(verb, data, { serviceUrl, from, at, replyToId }));
  const all = async (container: string) => bot.app.store.container<any>(container).queryAcross('', {});
  /** Every document of every container, keyed by container/pk/id, with its ETag: "did anything change?" */
  async function snapshot(): Promise<Map<string, any>> {
    const docs = new Map<string, any>();
    // Not the ids of handled activities (bookkeeping against retried POSTs, no personal data): every turn adds one.
    for (const name of CONTAINERS.filter((n) => n !== 'processed-activities')) for (const doc of await all(name)) docs.set(`${name}/${doc.pk}/${doc.id}`, doc);
    return docs;
  }
  const etags = (docs: Map<string, any>) => new Map([...docs].map(([key, doc]) => [key, doc._etag]));
  const lastCard = () => cardOf(bot.connector.sent.at(-1)!.body);

  /**
   * A month of Core Team work: Petra has a personal chat with the bot and a reminder there; Christine gives her an
   * att-göra in the channel, Petra notes one for herself in the channel and one privately; Johan has his own item;
   * Petra and Johan answer a round (one closed before the erasure, one still open); Christine saves a meeting with
   * Petra as participant, note-taker and to-do owner; Petra asks the bot to remind the channel.
   */
  async function seed() {
    await bot.post(installed({ serviceUrl, from: PEOPLE.petra, at: personal() }));
    await bot.post(installed({ serviceUrl, from: PEOPLE.christine, at: channel }));
    await say('att-göra <at>Petra Edoff</at> skicka mail om ensamhetspengen senast fredag', PEOPLE.christine, channel, [PEOPLE.petra]);
    await say('att-göra <at>Johan Lindström</at> kontakta Anne om servicetjänster', PEOPLE.christine, channel, [PEOPLE.johan]);
    await say('att-göra boka lokal för Öppen verkstad senast 2024-03-15', PEOPLE.petra, channel);
    await say('att-göra ringa tandläkaren senast 2024-03-04', PEOPLE.petra, personal());
    await say('påminn mig 2024-03-01 kl 9 om veckobrevet', PEOPLE.petra, personal());
    await say('påminn oss 2024-04-02 kl 9 om KPR-mötet', PEOPLE.petra, channel);

    const rounds = async () => (await all('rounds')).filter((r) => r.type === 'round');
    for (const name of ['Måltider och möten', 'Ängsgärdet']) {
      await say(`bedöm ${name} <at>Petra Edoff</at> <at>Johan Lindström</at>`, PEOPLE.christine, channel, [PEOPLE.petra, PEOPLE.johan]);
      // A new name: Christine adds it as a new initiative from the card the bot asks with.
      const create = executeActions(lastCard()).find((a) => a.data.create === 'new')!;
      await click(create.verb, { ...create.data, focusArea: 'elderly', phase: 'concept' }, PEOPLE.christine, channel);
      const round = (await rounds()).find((r) => r.initiativeName === name);
      await click('round.submit', { roundId: round.id, ...scores(4, 3, 5, 4, 4), comment_citizenValue: 'Stort behov hos äldre i Västerås.' }, PEOPLE.petra, channel);
      await click('round.submit', { roundId: round.id, ...scores(2, 3, 3, 4, 2) }, PEOPLE.johan, channel);
    }
    const closed = (await rounds()).find((r) => r.initiativeName === 'Måltider och möten');
    await click('round.closeConfirmed', { roundId: closed.id }, PEOPLE.christine, channel);

    await say('nytt möte', PEOPLE.christine, channel);
    const form = lastCard();
    const values = {
      ...formValues(form),
      title: 'Core Team möte, 27 februari',
      date: '2024-02-27',
      participants: 'Petra Edoff, Samhällskontraktet\nChristine Wäneskog, Västerås stad',
      decisions: 'Vi går vidare med Måltider och möten.',
      todos: 'Petra Edoff: skicka inbjudan senast 2024-03-05\nChristine: boka KPR senast 2024-03-08',
      noteTaker: 'Petra Edoff',
    };
    const saved = await click('meeting.save', { ...form.actions[0].data, ...values }, PEOPLE.christine, channel);
    expect(saved.status).toBe(200);
    const rounds2 = await rounds();
    return { closed: rounds2.find((r) => r.initiativeName === 'Måltider och möten'), open: rounds2.find((r) => r.initiativeName === 'Ängsgärdet') };
  }

  async function askForMyData(from: any = PEOPLE.petra) {
    bot.connector.clear();
    await say('mina data', from, personal(from));
    const card = lastCard();
    const url: string = card.actions.find((a: any) => a.type === 'Action.OpenUrl').url;
    return { card, url: url.replace(/^http:\/\/localhost:\d+/, bot.url) };
  }

  it('Petra writes "mina data" in her personal chat: a summary card, and a link to a JSON file with her records and nobody else\'s', async () => {
    await seed();
    const { card, url } = await askForMyData();
    const text = cardText(card);
    expect(text).toContain('Det här har jag sparat om dig');
    // One row per kind of record: the count, then what it counts.
    const rows = card.body.filter((e: any) => e.type === 'ColumnSet').map((row: any) => row.columns.map((column: any) => column.items[0].text));
    const facts = Object.fromEntries(rows.map(([count, title]: string[]) => [title, count]));
    expect(facts).toEqual({
      'Uppgifter där du är ansvarig': '4', // Christine's, her own two, the meeting's to-do
      'Uppgifter som du har skapat': '2',
      'Dina svar i bedömningar': '2',
      'Möten där du nämns (deltagare, ansvarig, antecknat av)': '1',
      // To her personal chat: "påminn mig", her private item's two and the chat's Monday digest; "påminn oss" in the channel.
      'Påminnelser till dig eller som du har bett om': '5',
      'Vem du är (namn, Teams-id, e-post)': '2', // one under each of her ids
      'Vår personliga chatt (så att jag kan skicka påminnelser)': '1',
      'Annat: bedömningsrundor, initiativ och mötesutkast': '2', // the two rounds that name her as evaluator
    });
    expect(url).toMatch(new RegExp(`/exports/${TENANT}/[0-9a-f]{32}\\.json$`));

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[0-9a-f]{32}\.json"$/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.text();
    const data = JSON.parse(body);
    expect(data.person).toEqual({ name: 'Petra Edoff', ids: expect.arrayContaining([PEOPLE.petra.id, PEOPLE.petra.aadObjectId]) });
    const titles = data.records.actionItems.map((i: any) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['Skicka mail om ensamhetspengen', 'Boka lokal för Öppen verkstad', 'Ringa tandläkaren', 'Skicka inbjudan']));
    expect(titles).not.toContain('Kontakta Anne om servicetjänster');
    expect(data.records.evaluationAnswers).toHaveLength(2);
    expect(data.records.evaluationAnswers.every((a: any) => a.scores.citizenValue === 4 && a.evaluator.aadObjectId === PEOPLE.petra.aadObjectId)).toBe(true);
    expect(data.records.meetings.map((m: any) => m.title)).toEqual(['Core Team möte, 27 februari']);
    expect(data.records.personalConversations).toHaveLength(1);
    // Other people appear by name where they share a record with her, never with their ids.
    for (const other of [PEOPLE.christine, PEOPLE.johan, PEOPLE.anne, PEOPLE.marianne]) {
      expect(body).not.toContain(other.id);
      expect(body).not.toContain(other.aadObjectId);
    }
    // Johan's answers are his: their scores (2, 3, 3, 4, 2) are not in Petra's file.
    expect(data.records.evaluationAnswers.some((a: any) => a.scores.citizenValue === 2)).toBe(false);
  });

  it('the download link works for 15 minutes, then answers 404; forged links answer 404', async () => {
    await seed();
    const { url } = await askForMyData();
    bot.clock.advance(14 * 60_000);
    expect((await fetch(url)).status).toBe(200);
    const token = url.match(/([0-9a-f]{32})\.json$/)![1]!;
    for (const forged of [
      url.replace(TENANT, OTHER_TENANT),
      url.replace(token, '0'.repeat(32)),
      url.replace(`${token}.json`, `${token}.png`),
      url.replace(`${token}.json`, `${token.toUpperCase()}.json`),
      url.replace(TENANT, encodeURIComponent(`${TENANT}|x`)),
    ]) {
      const response = await fetch(forged);
      expect(response.status, forged).toBe(404);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    bot.clock.advance(60_000 + 1);
    const expired = await fetch(url);
    expect(expired.status).toBe(404);
    // The expired export is gone from the store, not just hidden.
    expect((await all('exports')).filter((e) => e.id === token)).toEqual([]);
  });

  it('an export nobody downloads is deleted by the background sweep once its link has expired', async () => {
    await seed();
    const { url } = await askForMyData();
    const token = url.match(/([0-9a-f]{32})\.json$/)![1]!;
    const stored = async () => (await all('exports')).filter((e) => e.id === token);
    expect(await bot.app.jobs.exportSweeper.runOnce()).toBe(0);
    expect(await stored()).toHaveLength(1);
    bot.clock.advance(15 * 60_000 + 1);
    expect(await bot.app.jobs.exportSweeper.runOnce()).toBeGreaterThanOrEqual(1);
    expect(await stored()).toEqual([]);
  });

  it('in a channel both commands say they work in the personal chat, and nothing changes', async () => {
    await seed();
    const before = await snapshot();
    bot.connector.clear();
    for (const command of ['mina data', 'radera mina data', 'my data', 'delete my data']) {
      await say(command, PEOPLE.petra, channel);
      expect(bot.connector.sent.at(-1)!.body.text).toMatch(/bara i vår personliga chatt|only do that in our personal chat/);
    }
    // A confirmation clicked in the channel is refused too.
    const refused = await click('privacy.confirmDelete', { subject: subjectTag(PEOPLE.petra) }, PEOPLE.petra, channel);
    expect(refused.body.value).toContain('bara i vår personliga chatt');
    const after = await snapshot();
    expect(etags(after)).toEqual(etags(before));
    expect(await all('exports')).toEqual([]);
  });

  it('Petra confirms "radera mina data": her own records are deleted, shared ones keep her part without her name, others\' data is untouched', async () => {
    const { closed, open } = await seed();
    const before = await snapshot();
    const johansItem = (await all('action-items')).find((i) => i.title === 'Kontakta Anne om servicetjänster');
    const johansAnswers = (await all('answers')).filter((a) => a.evaluator.aadObjectId === PEOPLE.johan.aadObjectId);
    const closedResult = closed.result;

    bot.connector.clear();
    await say('radera mina data', PEOPLE.petra, personal());
    const confirm = lastCard();
    const confirmText = cardText(confirm);
    expect(confirmText).toContain('Det här raderas helt');
    expect(confirmText).toContain('organisationens handlingar');
    expect(confirmText).toContain('”Borttagen person”');
    expect(confirmText).toContain('Det går inte att ångra');
    // Asking changes nothing.
    expect(etags(await snapshot())).toEqual(etags(before));

    const yes = confirm.actions.find((a: any) => a.verb === 'privacy.confirmDelete');
    const response = await click(yes.verb, yes.data, PEOPLE.petra, personal(), 'confirm-1');
    const result = cardText(response.body.value);
    expect(result).toContain('Klart – dina data är raderade');
    expect(result).toContain('Svar i bedömningar\n2');
    expect(result).toContain('Möten\n1');
    expect(bot.connector.updates.some((u) => u.activityId === 'confirm-1')).toBe(true);

    // Nothing in the whole store names Petra or carries her ids any more.
    const dump = JSON.stringify([...(await snapshot()).values()]);
    for (const trace of PETRA_TRACES) expect(dump).not.toContain(trace);

    // Deleted: member records, the personal chat, reminders to her, her private item.
    expect((await all('members')).filter((m) => m.aadObjectId === PEOPLE.petra.aadObjectId || m.teamsId === PEOPLE.petra.id)).toEqual([]);
    expect((await all('conversations')).filter((c) => c.kind === 'personal')).toEqual([]);
    expect((await all('reminders')).filter((r) => r.conversationKey.startsWith('chat:a:personal'))).toEqual([]);
    const items = await all('action-items');
    expect(items.map((i) => i.title)).not.toContain('Ringa tandläkaren');

    // Anonymised: the items stay, with a neutral person and no ids.
    const mail = items.find((i) => i.title === 'Skicka mail om ensamhetspengen');
    expect(mail.assignees).toEqual([{ name: 'Borttagen person' }]);
    expect(mail.assigneeKeys).toEqual([]);
    expect(mail.createdBy.aadObjectId).toBe(PEOPLE.christine.aadObjectId);
    const own = items.find((i) => i.title === 'Boka lokal för Öppen verkstad');
    expect(own.createdBy).toEqual({ name: 'Borttagen person' });
    expect(own.history.every((h: any) => h.by.name === 'Borttagen person')).toBe(true);
    // The channel's posted card of the item was refreshed so it no longer names her.
    expect(bot.connector.updates.some((u) => u.activityId === mail.card.activityId && !JSON.stringify(u.body).includes('Petra'))).toBe(true);

    const meeting = (await all('meetings'))[0];
    expect(meeting.participants).toEqual([
      { name: 'Borttagen person', organisation: 'Samhällskontraktet' },
      { name: 'Christine Wäneskog', organisation: 'Västerås stad' },
    ]);
    expect(meeting.noteTaker).toBe('Borttagen person');
    expect(meeting.todos[0]).toMatchObject({ ownerName: 'Borttagen person', owner: { name: 'Borttagen person' } });
    expect(meeting.todos[0].owner.aadObjectId).toBeUndefined();
    expect(meeting.decisions).toEqual(['Vi går vidare med Måltider och möten.']);

    const channelReminder = (await all('reminders')).find((r) => r.kind === 'custom' && r.payload.text?.includes('KPR'));
    expect(channelReminder.payload.person).toEqual({ name: 'Borttagen person' });

    // Answers: still two per round, Petra's under a new id with a neutral evaluator and the same scores.
    for (const round of [closed, open]) {
      const answers = await bot.app.store.container<any>('answers').query(partitionKey(TENANT, 'round', round.id));
      expect(answers).toHaveLength(2);
      const anonymous = answers.find((a: any) => a.evaluator.name === 'Borttagen person');
      expect(anonymous.id).toMatch(new RegExp(`^${round.id}\\.erased-[0-9a-f]{32}$`));
      expect(anonymous.scores).toEqual({ citizenValue: 4, partnership: 3, innovation: 5, sustainability: 4, focusAreaFit: 4 });
      expect(anonymous.erasure).toBeUndefined();
    }
    // The closed round's result is the same numbers; only the name on her comment changed.
    const closedAfter = (await all('rounds')).find((r) => r.id === closed.id);
    expect(closedAfter.result.criteria).toEqual(closedResult.criteria);
    expect(closedAfter.result.overallMean).toBe(closedResult.overallMean);
    expect(closedAfter.result.comments).toEqual([{ criterionId: 'citizenValue', text: 'Stort behov hos äldre i Västerås.', by: 'Borttagen person' }]);
    expect(closedAfter.evaluators.map((e: any) => e.name)).toEqual(['Borttagen person', 'Johan Lindström']);

    // Other people's data is exactly as it was.
    const after = await snapshot();
    expect(after.get(`action-items/${johansItem.pk}/${johansItem.id}`)._etag).toBe(johansItem._etag);
    for (const answer of johansAnswers) expect(after.get(`answers/${answer.pk}/${answer.id}`)._etag).toBe(answer._etag);
    expect((await all('members')).some((m) => m.aadObjectId === PEOPLE.johan.aadObjectId)).toBe(true);
  });

  it('the open round closes after the erasure with the same result it would have had: her scores still count', async () => {
    const { open } = await seed();
    await say('radera mina data', PEOPLE.petra, personal());
    const yes = lastCard().actions.find((a: any) => a.verb === 'privacy.confirmDelete');
    await click(yes.verb, yes.data, PEOPLE.petra, personal());
    await click('round.closeConfirmed', { roundId: open.id }, PEOPLE.christine, channel);
    const closed = (await all('rounds')).find((r) => r.id === open.id);
    expect(closed.status).toBe('closed');
    expect(closed.result.answers).toBe(2);
    // Petra 4 3 5 4 4 and Johan 2 3 3 4 2.
    expect(closed.result.criteria.map((c: any) => c.mean)).toEqual([3, 3, 4, 4, 3]);
    expect(closed.result.overallMean).toBeCloseTo(3.4);
    expect(closed.result.comments).toEqual([{ criterionId: 'citizenValue', text: 'Stort behov hos äldre i Västerås.', by: 'Borttagen person' }]);
  });

  it('a second "radera mina data" finds nothing shared left to change', async () => {
    await seed();
    await say('radera mina data', PEOPLE.petra, personal());
    const yes = lastCard().actions.find((a: any) => a.verb === 'privacy.confirmDelete');
    await click(yes.verb, yes.data, PEOPLE.petra, personal());
    const before = await snapshot();

    bot.connector.clear();
    const again = await click(yes.verb, yes.data, PEOPLE.petra, personal());
    const text = cardText(again.body.value);
    expect(text).not.toContain('Finns kvar utan ditt namn');
    // The only thing deleted again is the record of this very chat, which the new message itself created.
    expect(text).toContain('Vår personliga chatt\n1');
    const after = await snapshot();
    expect(etags(after)).toEqual(etags(before));
  });

  it('forged or foreign confirmations are refused and change nothing', async () => {
    await seed();
    const before = await snapshot();
    // Johan clicks a confirmation made for Petra (in his own personal chat).
    const foreign = await click('privacy.confirmDelete', { subject: subjectTag(PEOPLE.petra) }, PEOPLE.johan, personal(PEOPLE.johan));
    expect(foreign.body.value).toContain('gjordes åt någon annan');
    // Malformed data: no subject, a subject that is not a tag, an unknown verb.
    const missing = await click('privacy.confirmDelete', {}, PEOPLE.petra, personal());
    expect(missing.body.value.code).toBe('invalidInput');
    const malformed = await click('privacy.confirmDelete', { subject: '<script>' }, PEOPLE.petra, personal());
    expect(malformed.body.value.code).toBe('invalidInput');
    const unknown = await click('privacy.deleteEverything', { subject: subjectTag(PEOPLE.petra) }, PEOPLE.petra, personal());
    expect(unknown.body.value.code).toBe('unknownAction');
    // Cancelling changes nothing either.
    const cancel = await click('privacy.cancelDelete', { subject: subjectTag(PEOPLE.petra) }, PEOPLE.petra, personal());
    expect(cardText(cancel.body.value)).toBe('Jag har inte raderat något.');

    const after = await snapshot();
    // Johan's personal chat is new (his clicks created it); everything that existed is unchanged.
    for (const [key, etag] of etags(before)) expect(after.get(key)?._etag, key).toBe(etag);
    expect([...after.keys()].filter((key) => !before.has(key)).every((key) => key.startsWith('conversations/'))).toBe(true);
  });

  it('in English: "my data" and "delete my data" answer in English and the neutral name is "Deleted person"', async () => {
    await seed();
    bot.connector.clear();
    await bot.post(message('my data', { serviceUrl, from: PEOPLE.petra, at: personal(), locale: 'en-US' }));
    expect(cardText(lastCard())).toContain('What I have stored about you');
    await bot.post(message('delete my data', { serviceUrl, from: PEOPLE.petra, at: personal(), locale: 'en-US' }));
    const yes = lastCard().actions.find((a: any) => a.verb === 'privacy.confirmDelete');
    const done = await bot.post(cardAction(yes.verb, yes.data, { serviceUrl, from: PEOPLE.petra, at: personal(), locale: 'en-US' }));
    expect(cardText(done.body.value)).toContain('Done – your data has been deleted');
    const mail = (await all('action-items')).find((i) => i.title === 'Skicka mail om ensamhetspengen');
    expect(mail.assignees).toEqual([{ name: 'Deleted person' }]);
  });
});

/** The same export and erasure on the production adapter, so every query the privacy repository makes runs on Cosmos SQL. */
describe('"mina data" and "radera mina data" on Cosmos DB (real SDK, cosmosdb-server)', () => {
  let cosmos: CosmosTestServer;
  let bot: TestBot;
  let serviceUrl: string;
  const channel = where.channel('1709000000042');

  beforeAll(async () => {
    cosmos = await startCosmosServer();
    const store = await cosmos.appStore('shk-bot-privacy-test');
    bot = await startTestBot({ overrides: { store, clock: new FixedClock(MEETING_DAY), roundProgressDelayMs: 5 } });
    serviceUrl = bot.connector.url;
    bot.connector.roster = Object.values(PEOPLE).map((p) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId }));
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await cosmos?.close();
  });

  it('exports and erases Petra across partitions (answers live in a partition per round)', async () => {
    const say = (text: string, from: any, at: any, mentions: any[] = []) =>
      bot.post(message(text, { serviceUrl, from, at, mentionBot: at.conversation.conversationType !== 'personal', mentions }));
    await bot.post(installed({ serviceUrl, from: PEOPLE.petra, at: where.personal(PEOPLE.petra) }));
    await say('att-göra <at>Petra Edoff</at> skicka mail om ensamhetspengen', PEOPLE.christine, channel, [PEOPLE.petra]);
    await say('bedöm Måltider och möten <at>Petra Edoff</at>', PEOPLE.christine, channel, [PEOPLE.petra]);
    const choice = cardOf(bot.connector.sent.at(-1)!.body);
    const create = executeActions(choice).find((a) => a.data.create === 'new')!;
    await bot.post(cardAction(create.verb, { ...create.data, focusArea: 'elderly', phase: 'concept' }, { serviceUrl, from: PEOPLE.christine, at: channel }));
    const round = (await bot.app.store.container<any>('rounds').query(partitionKey(TENANT))).find((r) => r.type === 'round');
    await bot.post(cardAction('round.submit', { roundId: round.id, ...scores(4, 3, 5, 4, 4) }, { serviceUrl, from: PEOPLE.petra, at: channel }));

    await say('mina data', PEOPLE.petra, where.personal(PEOPLE.petra));
    const card = cardOf(bot.connector.sent.at(-1)!.body);
    const url = card.actions.find((a: any) => a.type === 'Action.OpenUrl').url.replace(/^http:\/\/localhost:\d+/, bot.url);
    const data: any = await (await fetch(url)).json();
    expect(data.records.actionItems.map((i: any) => i.title)).toEqual(['Skicka mail om ensamhetspengen']);
    expect(data.records.evaluationAnswers).toHaveLength(1);

    await say('radera mina data', PEOPLE.petra, where.personal(PEOPLE.petra));
    const yes = cardOf(bot.connector.sent.at(-1)!.body).actions.find((a: any) => a.verb === 'privacy.confirmDelete');
    const done = await bot.post(cardAction(yes.verb, yes.data, { serviceUrl, from: PEOPLE.petra, at: where.personal(PEOPLE.petra) }));
    expect(cardText(done.body.value)).toContain('Svar i bedömningar\n1');
    const answers = await bot.app.store.container<any>('answers').query(partitionKey(TENANT, 'round', round.id));
    expect(answers.map((a: any) => a.evaluator)).toEqual([{ name: 'Borttagen person' }]);
    const dump = JSON.stringify(await Promise.all(CONTAINERS.map((name) => bot.app.store.container<any>(name).queryAcross('', {}))));
    for (const trace of PETRA_TRACES) expect(dump).not.toContain(trace);
  }, 60_000);
});
