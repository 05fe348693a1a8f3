import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/domain/ports.js';
import { partitionKey } from '../../src/store/document-store.js';
import { cardAction, cardRefresh, executeActions, message, PEOPLE, TENANT, where } from '../helpers/activities.js';
import { cardOf, cardText, startCoreTeamBot, type TestBot } from '../helpers/test-app.js';

const MEETING_DAY = '2024-02-27T09:00:00Z';
const CRITERIA = ['citizenValue', 'partnership', 'innovation', 'sustainability', 'focusAreaFit'];

const scores = (...values: Array<number | string>) => Object.fromEntries(CRITERIA.map((id, i) => [`score_${id}`, values[i]]));

describe('Evaluation rounds on the spider diagram, through POST /api/messages', () => {
  let bot: TestBot & { clock: FixedClock };
  let clock: FixedClock;
  let serviceUrl: string;
  let thread = 1709030000000;
  const channel = () => where.channel(String(thread));

  beforeAll(async () => {
    bot = await startCoreTeamBot({ now: MEETING_DAY, overrides: { roundProgressDelayMs: 30 } });
    clock = bot.clock;
    serviceUrl = bot.connector.url;
  });
  afterAll(() => bot.stop());
  beforeEach(() => {
    bot.connector.clear();
    clock.set(MEETING_DAY);
    thread++;
  });

  const store = () => bot.app.store;
  const rounds = () => store().container<any>('rounds').query(partitionKey(TENANT));
  const answers = (roundId: string) => store().container<any>('answers').query(partitionKey(TENANT, 'round', roundId));
  const say = (text: string, from: any = PEOPLE.petra, options: { mentions?: any[]; at?: any } = {}) =>
    bot.post(message(text, { serviceUrl, from, at: options.at ?? channel(), mentionBot: true, mentions: options.mentions }));
  const click = (verb: string, data: Record<string, unknown>, from: any, options: { replyToId?: string; at?: any } = {}) =>
    bot.post(cardAction(verb, data, { serviceUrl, from, at: options.at ?? channel(), replyToId: options.replyToId }));

  /** Petra starts a round for `name` with the three evaluators; returns the stored round. */
  async function startRound(name: string, extra = '', evaluators: any[] = [PEOPLE.christine, PEOPLE.johan, PEOPLE.anne]) {
    const before = new Set((await rounds()).map((r: any) => r.id));
    const mentionText = evaluators.map((p) => `<at>${p.name}</at>`).join(' ');
    const sentBefore = bot.connector.sent.length;
    const response = await say(`bedöm ${name} ${mentionText} ${extra}`.trim(), PEOPLE.petra, { mentions: evaluators });
    expect(response.status).toBe(200);
    // A new name: the bot asks whether it is a new initiative; Petra presses "Lägg upp … och starta rundan".
    const choice = bot.connector.sent.slice(sentBefore).map((c) => cardOf(c.body)).find((card) => card && executeActions(card).some((a) => a.verb === 'round.start'));
    if (choice) {
      const create = executeActions(choice).find((a) => a.data.create === 'new')!;
      const chosen = await click('round.start', { ...create.data, focusArea: 'elderly', phase: 'concept' }, PEOPLE.petra);
      expect(chosen.body.statusCode).toBe(200);
    }
    const round = (await rounds()).find((r: any) => !before.has(r.id));
    expect(round, `round for ${name}`).toBeDefined();
    // The card Teams shows everyone, as posted (each viewer's client then asks for its own view).
    round.posted = cardOf(bot.connector.sent.find((c) => c.responseId === round.card.activityId)!.body);
    return round;
  }

  /** The card Teams shows `person` for the posted round card: what the refresh invoke answers. */
  async function viewAs(round: any, person: any) {
    const update = bot.connector.updates.filter((u) => u.activityId === round.card.activityId).at(-1);
    const shared = update ? cardOf(update.body) : round.posted;
    const response = await bot.post(cardRefresh(shared, { serviceUrl, from: person, at: channel(), replyToId: round.card.activityId }));
    expect(response.body.statusCode).toBe(200);
    return response.body.value;
  }

  /** Petra closes from her own view: Stäng rundan, then "Ja, stäng rundan" on the question it asks. */
  async function closeAsCreator(round: any) {
    const mine = await viewAs(round, PEOPLE.petra);
    const close = executeActions(mine).find((a) => a.verb === 'round.close')!;
    const asked = await click(close.verb, close.data, PEOPLE.petra, { replyToId: round.card.activityId });
    const confirm = executeActions(asked.body.value).find((a) => a.verb === 'round.closeConfirmed')!;
    return click(confirm.verb, confirm.data, PEOPLE.petra, { replyToId: round.card.activityId });
  }

  it('Petra starts "bedöm Måltider och möten @Christine @Johan @Anne senast fredag": a round card with the five criteria and 0 av 3', async () => {
    const round = await startRound('Måltider och möten', 'senast fredag');
    expect(round).toMatchObject({
      initiativeName: 'Måltider och möten',
      criteriaSetId: 'standard',
      deadline: { date: '2024-03-01' },
      anonymous: false,
      status: 'open',
      evaluators: [{ name: 'Christine Wäneskog' }, { name: 'Johan Lindström' }, { name: 'Anne Almqvist' }],
      card: { activityId: expect.stringMatching(/^activity-/) },
    });
    const texts = bot.connector.sent.map((c) => c.body.text ?? cardText(cardOf(c.body)));
    expect(texts[0]).toContain('Det finns inget initiativ som heter ”Måltider och möten”');
    expect(texts[1]).toContain('Initiativet Måltider och möten är upplagt: Välmående och självständiga äldre, Konceptfas.');
    const card = texts[2]!;
    for (const name of ['Invånarnytta', 'Partnerskap & samproduktion', 'Innovationshöjd', 'Hållbarhet', 'Koppling till fokusområdena']) expect(card).toContain(name);
    expect(card).toContain('Ingen av 3 har svarat än');
    expect(card).toContain('Svara senast fre 1 mars.');
  });

  it('Christine opens the form, answers, sees her scores next to the mean; the round card shows 1 av 3', async () => {
    const round = await startRound('Ängsgärdet');
    const form = await click('round.open', { roundId: round.id }, PEOPLE.christine);
    const choiceSets = form.body.value.body.flatMap((e: any) => e.items ?? []).filter((e: any) => e.type === 'Input.ChoiceSet');
    expect(choiceSets.map((e: any) => e.id)).toEqual(CRITERIA.map((id) => `score_${id}`));
    expect(cardText(form.body.value)).toContain('Hur stor är den potentiella målgruppen?');

    const answered = await click('round.submit', { roundId: round.id, ...scores('4', '3', '5', '4', '4'), comment_citizenValue: 'Stort behov i Västerås.' }, PEOPLE.christine);
    const text = cardText(answered.body.value);
    expect(text).toContain('Tack! Din bedömning av Ängsgärdet är sparad.');
    expect(text).toContain('Medelvärdet bygger på 1 svar.');
    expect(await answers(round.id)).toHaveLength(1);

    await bot.connector.waitFor((calls) => calls.some((c) => c.kind === 'update' && c.activityId === round.card.activityId));
    expect(cardText(cardOf(bot.connector.updates.at(-1)!.body))).toContain('1 av 3 har svarat');
  });

  it('answering again replaces the earlier answer (one document per evaluator) until the round closes', async () => {
    const round = await startRound('Salus mea');
    await click('round.submit', { roundId: round.id, ...scores(1, 1, 1, 1, 1) }, PEOPLE.johan);
    const again = await click('round.submit', { roundId: round.id, ...scores(5, 5, 5, 5, 5) }, PEOPLE.johan);
    expect(cardText(again.body.value)).toContain('är uppdaterad');
    const stored = await answers(round.id);
    expect(stored).toHaveLength(1);
    expect(stored[0].scores).toEqual(Object.fromEntries(CRITERIA.map((id) => [id, 5])));
    const form = await click('round.open', { roundId: round.id }, PEOPLE.johan);
    expect(form.body.value.body.flatMap((e: any) => e.items ?? []).find((e: any) => e.id === 'score_innovation').value).toBe('5');
  });

  it.each([
    ['a score of 6', scores(6, 3, 3, 3, 3), 'måste vara ett heltal från 1 till 5'],
    ['a score of 0', scores(0, 3, 3, 3, 3), 'måste vara ett heltal från 1 till 5'],
    ['a decimal score', scores('3.5', 3, 3, 3, 3), 'måste vara ett heltal från 1 till 5'],
    ['a missing score', scores(3, 3, 3, 3), 'Koppling till fokusområdena saknas'],
    ['a made-up criterion', { ...scores(3, 3, 3, 3, 3), score_budget: 5 }, 'Formuläret hör inte till den här rundan'],
  ])('%s is refused with a clear message and nothing is stored', async (_what, data, expected) => {
    const round = await startRound('Servicetjänster');
    const response = await click('round.submit', { roundId: round.id, ...data }, PEOPLE.anne);
    expect(response.body.statusCode).toBe(200);
    expect(response.body.value).toContain(expected);
    expect(await answers(round.id)).toHaveLength(0);
  });

  it('a restricted round refuses people who are not named evaluators', async () => {
    const round = await startRound('Civilsamhället som partner');
    const opened = await click('round.open', { roundId: round.id }, PEOPLE.marianne);
    expect(opened.body.value).toBe('Du är inte utvärderare i den här rundan (utvärderare: Christine Wäneskog, Johan Lindström, Anne Almqvist).');
    const forged = await click('round.submit', { roundId: round.id, ...scores(5, 5, 5, 5, 5) }, PEOPLE.marianne);
    expect(forged.body.value).toBe('Du är inte utvärderare i den här rundan (utvärderare: Christine Wäneskog, Johan Lindström, Anne Almqvist).');
    expect(await answers(round.id)).toHaveLength(0);
  });

  it('only the creator can close; closing posts the result with means, range, chart and comments, and the chart is served', async () => {
    const round = await startRound('Framtidens äldreboende');
    await click('round.submit', { roundId: round.id, ...scores(4, 3, 4, 5, 4), comment_innovation: 'Nytt grepp för Västerås.' }, PEOPLE.christine);
    await click('round.submit', { roundId: round.id, ...scores(5, 4, 3, 4, 5), overallComment: 'Bra att KPR är med.' }, PEOPLE.johan);

    await say('stäng Framtidens äldreboende', PEOPLE.johan);
    expect(bot.connector.sent.at(-1)!.body.text).toBe('Bara Petra Edoff, som startade rundan, kan stänga den.');
    expect((await rounds()).find((r: any) => r.id === round.id).status).toBe('open');

    bot.connector.clear();
    await say('stäng Framtidens äldreboende', PEOPLE.petra);
    const stored = (await rounds()).find((r: any) => r.id === round.id);
    expect(stored).toMatchObject({ status: 'closed', closedBy: { name: 'Petra Edoff' }, result: { answers: 2 } });
    expect(stored.result.criteria.map((c: any) => [c.criterionId, c.mean, c.min, c.max, c.count])).toEqual([
      ['citizenValue', 4.5, 4, 5, 2],
      ['partnership', 3.5, 3, 4, 2],
      ['innovation', 3.5, 3, 4, 2],
      ['sustainability', 4.5, 4, 5, 2],
      ['focusAreaFit', 4.5, 4, 5, 2],
    ]);
    expect(stored.result.overallMean).toBeCloseTo(4.1, 10);

    const result = cardOf(bot.connector.sent.find((c) => cardOf(c.body))!.body);
    const text = cardText(result);
    expect(text).toContain('Resultat: Framtidens äldreboende');
    expect(text).toContain('4,5');
    expect(text).toContain('3–4');
    expect(text).toContain('4,1');
    expect(text).toContain('Nytt grepp för Västerås.');
    expect(text).toContain('Christine Wäneskog');
    const image = result.body.find((e: any) => e.type === 'Image');
    expect(image.url).toMatch(/^http:\/\/localhost:\d+\/charts\/[^/]+\/[0-9a-f]{32}\.png$/);

    const path = new URL(image.url).pathname;
    const png = await fetch(`${bot.url}${path}`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    expect((await fetch(`${bot.url}${path.replace(/[0-9a-f]{32}/, '0'.repeat(32))}`)).status).toBe(404);

    // The round card now says it is closed, for everyone.
    expect(cardText(cardOf(bot.connector.updates.filter((u) => u.activityId === round.card.activityId).at(-1)!.body))).toContain('Rundan är stängd');
    // The initiative keeps the result.
    const [initiative] = await store().container<any>('initiatives').query(partitionKey(TENANT), { where: [{ field: 'nameKey', op: '=', value: 'framtidens äldreboende' }] });
    expect(initiative.latestResult).toMatchObject({ roundId: round.id, overallMean: 4.1, answers: 2, means: { citizenValue: 4.5 } });

    // An answer after closing gets the closed card and is not stored.
    const late = await click('round.submit', { roundId: round.id, ...scores(1, 1, 1, 1, 1) }, PEOPLE.anne);
    expect(cardText(late.body.value)).toContain('Rundan är stängd');
    expect(cardText(late.body.value)).toContain('ditt svar räknas inte');
    expect(await answers(round.id)).toHaveLength(2);
  });

  it('an anonymous round shows comments without names', async () => {
    const round = await startRound('Pensionärernas bössa', 'anonymt');
    expect(round.anonymous).toBe(true);
    await click('round.submit', { roundId: round.id, ...scores(3, 4, 3, 4, 3), comment_partnership: 'Fler företag vill vara med.' }, PEOPLE.anne);
    bot.connector.clear();
    await closeAsCreator(round);
    const text = cardText(cardOf(bot.connector.sent.find((c) => cardOf(c.body))!.body));
    expect(text).toContain('Fler företag vill vara med.');
    expect(text).toContain('Kommentarerna visas utan namn.');
    expect(text).not.toContain('Anne Almqvist');
  });

  it('"kriterier konceptfas" uses the concept-phase criteria', async () => {
    const round = await startRound('Seniorrestaurangen', 'kriterier konceptfas');
    expect(round.criteriaSetId).toBe('concept');
    const form = await click('round.open', { roundId: round.id }, PEOPLE.anne);
    expect(cardText(form.body.value)).toContain('Genomförbarhet');
  });

  it('"initiativ" lists initiatives with phase and latest mean; "jämför" draws them on one radar', async () => {
    for (const [name, values] of [['Wolt-piloten', [4, 4, 4, 4, 4]], ['Äldrebössan', [2, 3, 2, 3, 2]]] as const) {
      const round = await startRound(name);
      await click('round.submit', { roundId: round.id, ...scores(...values) }, PEOPLE.christine);
      await closeAsCreator(round);
    }
    bot.connector.clear();
    await say('initiativ');
    const list = cardText(cardOf(bot.connector.sent[0]!.body));
    expect(list).toContain('Wolt-piloten');
    expect(list).toContain('Senaste medelvärde 4,0 (1 svar');
    expect(list).toContain('Konceptfas');

    await say('jämför Wolt-piloten, Äldrebössan');
    const compare = cardOf(bot.connector.sent[1]!.body);
    expect(cardText(compare)).toContain('Jämförelse');
    const image = compare.body.find((e: any) => e.type === 'Image');
    expect((await fetch(`${bot.url}${new URL(image.url).pathname}`)).status).toBe(200);

    await say('jämför Wolt-piloten, Finns inte');
    expect(bot.connector.sent[2]!.body.text).toContain('Jag hittar inte: Finns inte');
    await say('jämför Wolt-piloten');
    expect(bot.connector.sent[3]!.body.text).toContain('Skriv två till fem initiativ');
  });

  it('a round closes by itself at its deadline and posts the result in its thread', async () => {
    const round = await startRound('Trygghetslösning', 'senast 2024-03-01');
    await click('round.submit', { roundId: round.id, ...scores(4, 4, 4, 4, 4) }, PEOPLE.johan);
    bot.connector.clear();
    expect(await bot.app.jobs.roundCloser.runOnce()).toBe(0);
    clock.set('2024-03-01T22:59:00Z'); // 23:59 Stockholm: not yet
    expect(await bot.app.jobs.roundCloser.runOnce()).toBe(0);
    clock.set('2024-03-02T07:00:00Z');
    // Earlier tests left a round due "fredag" (1 March) open too: it closes in the same pass.
    expect(await bot.app.jobs.roundCloser.runOnce()).toBeGreaterThanOrEqual(1);
    expect(await bot.app.jobs.roundCloser.runOnce()).toBe(0);
    const posted = bot.connector.sent.filter((c) => c.kind === 'send' && c.conversationId === round.card.conversationId);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.conversationId).toBe(round.card.conversationId);
    expect(cardText(cardOf(posted[0]!.body))).toContain('Resultat: Trygghetslösning');
    expect((await rounds()).find((r: any) => r.id === round.id)).toMatchObject({ status: 'closed', closedBy: 'deadline' });
  });

  it('40 evaluators answer at the same moment: every answer stored once, exact means, progress ends at 40', async () => {
    const round = await startRound('Digital inkludering', '', []);
    const people = Array.from({ length: 40 }, (_, i) => ({ id: `29:evaluator-${i}`, name: `Utvärderare ${i}`, aadObjectId: `00000000-0000-4000-8000-0000000${String(i).padStart(5, '0')}` }));
    const responses = await Promise.all(people.map((person, i) => click('round.submit', { roundId: round.id, ...scores((i % 5) + 1, 3, 3, 3, (i % 2) + 4) }, person)));
    expect(responses.every((r) => r.body.statusCode === 200 && r.body.type === 'application/vnd.microsoft.card.adaptive')).toBe(true);
    const stored = await answers(round.id);
    expect(stored).toHaveLength(40);
    expect(new Set(stored.map((a: any) => a.evaluator.id)).size).toBe(40);
    await bot.connector.waitFor(() => bot.connector.updates.some((u) => u.activityId === round.card.activityId && cardText(cardOf(u.body)).includes('40 har svarat')), 5000);
    // Coalesced: far fewer card updates than answers.
    expect(bot.connector.updates.filter((u) => u.activityId === round.card.activityId).length).toBeLessThan(20);
    await closeAsCreator(round);
    const closed = (await rounds()).find((r: any) => r.id === round.id);
    expect(closed.result.criteria[0]).toMatchObject({ mean: 3, min: 1, max: 5, count: 40 });
    expect(closed.result.criteria[4]).toMatchObject({ mean: 4.5, count: 40 });
  });

  it('a round id from another conversation is not found', async () => {
    const round = await startRound('Hälsoekonomi');
    const response = await click('round.open', { roundId: round.id }, PEOPLE.christine, { at: where.groupChat() });
    expect(response.body.statusCode).toBe(404);
    const forged = await click('round.submit', { roundId: round.id, ...scores(3, 3, 3, 3, 3) }, PEOPLE.christine, { at: where.groupChat() });
    expect(forged.body.statusCode).toBe(404);
    expect(await answers(round.id)).toHaveLength(0);
  });

  it('"bedöm" without a name, or with a date that has passed, gets a clear message and starts nothing', async () => {
    const before = (await rounds()).length;
    await say('bedöm');
    expect(bot.connector.sent[0]!.body.text).toContain('Skriv vilket initiativ som ska bedömas');
    await say('bedöm Något senast 2024-01-01');
    expect(bot.connector.sent[1]!.body.text).toContain('har redan varit');
    await say('bedöm Något kriterier okända');
    expect(bot.connector.sent[2]!.body.text).toContain('Jag känner inte till kriterierna');
    expect((await rounds()).length).toBe(before);
  });

  it('"nytt initiativ Ängsgärdet" opens a form; saving records focus area, phase, owner and description; names stay unique', async () => {
    await say('nytt initiativ Ängsgärdet testbädd');
    const form = cardOf(bot.connector.sent[0]!.body);
    expect(form.body.find((e: any) => e.id === 'name').value).toBe('Ängsgärdet testbädd');
    const saved = await click(
      'initiative.save',
      { initiativeId: '', name: 'Ängsgärdet testbädd', focusArea: 'elderly', phase: 'idea', owner: PEOPLE.anne.aadObjectId, description: 'Konkreta idéer inför utvärdering.' },
      PEOPLE.petra,
      { replyToId: 'form-1' },
    );
    const text = cardText(saved.body.value);
    expect(text).toContain('Initiativet är sparat.');
    expect(text).toContain('Idéfas');
    expect(text).toContain('Välmående och självständiga äldre');
    expect(text).toContain('Anne Almqvist');
    expect(bot.connector.updates.at(-1)!.activityId).toBe('form-1');
    const [stored] = await store().container<any>('initiatives').query(partitionKey(TENANT), { where: [{ field: 'nameKey', op: '=', value: 'ängsgärdet testbädd' }] });
    expect(stored).toMatchObject({ phase: 'idea', focusArea: 'elderly', owner: { aadObjectId: PEOPLE.anne.aadObjectId }, description: 'Konkreta idéer inför utvärdering.' });

    // Moving it to the concept phase later, from "initiativ <namn>" → Ändra.
    bot.connector.clear();
    await say('initiativ ängsgärdet testbädd');
    const card = cardOf(bot.connector.sent[0]!.body);
    const edit = await click('initiative.edit', card.actions[0].data, PEOPLE.petra);
    expect(edit.body.value.body.find((e: any) => e.id === 'phase').value).toBe('idea');
    await click('initiative.save', { initiativeId: stored.id, name: 'Ängsgärdet testbädd', focusArea: 'elderly', phase: 'concept' }, PEOPLE.petra);
    const [moved] = await store().container<any>('initiatives').query(partitionKey(TENANT), { where: [{ field: 'id', op: '=', value: stored.id }] });
    expect(moved.phase).toBe('concept');

    // A second initiative may not take the same name.
    const clash = await click('initiative.save', { initiativeId: '', name: 'ÄNGSGÄRDET  testbädd', focusArea: 'other', phase: 'idea' }, PEOPLE.petra);
    expect(clash.body.value).toContain('Det finns redan ett initiativ som heter');
    const bad = await click('initiative.save', { initiativeId: '', name: 'X', focusArea: 'mars', phase: 'idea' }, PEOPLE.petra);
    expect(bad.body.statusCode).toBe(400);
  });
});
