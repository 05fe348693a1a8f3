import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/domain/ports.js';
import { partitionKey } from '../../src/store/document-store.js';
import { cardAction, cardRefresh, executeActions, message, PEOPLE, TENANT, where } from '../helpers/activities.js';
import { cardOf, cardText, startCoreTeamBot, type TestBot } from '../helpers/test-app.js';
import { cardProblems } from '../helpers/validate-card.js';

/**
 * Round cards that know who is looking (Universal Actions `refresh`), tried as Teams does it: the bot posts one
 * shared card; each viewer's client sends the card's refresh action (trigger "automatic") and shows what the
 * bot answers to that person only. Buttons are pressed from the card each person actually sees.
 */

const MEETING_DAY = '2024-02-27T09:00:00Z';
const CRITERIA = ['citizenValue', 'partnership', 'innovation', 'sustainability', 'focusAreaFit'];
const scores = (...values: number[]) => Object.fromEntries(CRITERIA.map((id, i) => [`score_${id}`, String(values[i])]));
const titles = (card: any) => executeActions(card).map((a) => a.title);

describe('Round cards: each person their own view, the creator the controls', () => {
  let bot: TestBot & { clock: FixedClock };
  let serviceUrl: string;
  let thread = 1709100000000;
  const channel = () => where.channel(String(thread));

  beforeAll(async () => {
    bot = await startCoreTeamBot({ now: MEETING_DAY, overrides: { roundProgressDelayMs: 20 } });
    serviceUrl = bot.connector.url;
  });
  afterAll(() => bot.stop());
  beforeEach(() => {
    bot.connector.clear();
    bot.clock.set(MEETING_DAY);
    thread++;
  });

  const store = () => bot.app.store;
  const rounds = () => store().container<any>('rounds').query(partitionKey(TENANT));
  const initiatives = () => store().container<any>('initiatives').query(partitionKey(TENANT));
  const say = (text: string, from: any = PEOPLE.petra, mentions: any[] = [], at = channel()) =>
    bot.post(message(text, { serviceUrl, from, at, mentionBot: at.conversation.conversationType !== 'personal', mentions }));
  const press = async (card: any, verb: string, from: any, replyToId: string, inputs: Record<string, unknown> = {}) => {
    const action = executeActions(card).find((a) => a.verb === verb);
    expect(action, `${verb} on the card ${from.name} sees (${titles(card).join(', ')})`).toBeDefined();
    return bot.post(cardAction(action!.verb, { ...action!.data, ...inputs }, { serviceUrl, from, at: channel(), replyToId }));
  };

  /** Petra starts a round (pressing "Lägg upp … och starta rundan" when the name is new); the round and its posted card. */
  async function start(name: string, evaluators: any[] = [PEOPLE.christine, PEOPLE.johan, PEOPLE.anne], extra = '') {
    const before = bot.connector.sent.length;
    const known = new Set((await rounds()).map((r: any) => r.id));
    await say(`bedöm ${name} ${evaluators.map((p) => `<at>${p.name}</at>`).join(' ')} ${extra}`.trim(), PEOPLE.petra, evaluators);
    const choice = bot.connector.sent.slice(before).map((c) => cardOf(c.body)).find((card) => card && executeActions(card).some((a) => a.verb === 'round.start'));
    if (choice) {
      const create = executeActions(choice).find((a) => a.data.create === 'new')!;
      await bot.post(cardAction('round.start', { ...create.data, focusArea: 'elderly', phase: 'concept' }, { serviceUrl, from: PEOPLE.petra, at: channel() }));
    }
    const round = (await rounds()).find((r: any) => !known.has(r.id) && r.initiativeName === name);
    const posted = bot.connector.sent.find((c) => c.responseId === round.card.activityId)!;
    return { round, shared: cardOf(posted.body), activityId: round.card.activityId as string };
  }

  /** The shared card as it stands now (the latest update of the posted message). */
  const sharedNow = (activityId: string, fallback: any) => {
    const update = bot.connector.updates.filter((u) => u.activityId === activityId).at(-1);
    return update ? cardOf(update.body) : fallback;
  };

  /** What `person`'s Teams client shows: the answer to the card's automatic refresh. */
  async function viewAs(card: any, person: any, activityId: string) {
    const response = await bot.post(cardRefresh(card, { serviceUrl, from: person, at: channel(), replyToId: activityId }));
    expect(response.body.statusCode).toBe(200);
    expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardProblems(response.body.value)).toEqual([]);
    return response.body.value;
  }

  it('the posted card refreshes for the creator and the evaluators; each sees their own view, a bystander sees who evaluates', async () => {
    const { shared, activityId } = await start('Måltider och möten');
    expect(shared.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'round.view', data: { roundId: expect.any(String) } },
      userIds: [PEOPLE.petra.id, PEOPLE.christine.id, PEOPLE.johan.id, PEOPLE.anne.id],
    });
    // The shared card carries no button meant for someone else.
    expect(shared.actions ?? []).toEqual([]);
    expect(cardText(shared)).toContain('Ingen av 3 har svarat än');

    const christine = await viewAs(shared, PEOPLE.christine, activityId);
    expect(titles(christine)).toEqual(['Bedöm']);
    expect(cardText(christine)).toContain('Du har inte svarat än.');
    expect(christine.refresh).toEqual(shared.refresh);

    const marianne = await viewAs(shared, PEOPLE.marianne, activityId);
    expect(titles(marianne)).toEqual([]);
    expect(cardText(marianne)).toContain('Du är inte utvärderare i den här rundan.');
    expect(cardText(marianne)).toContain('Utvärderare: <at>Christine Wäneskog</at>, <at>Johan Lindström</at>, <at>Anne Almqvist</at>');

    const petra = await viewAs(shared, PEOPLE.petra, activityId);
    expect(titles(petra)).toEqual(['Påminn dem', 'Spara ny sista dag', 'Stäng rundan']);
    expect(cardText(petra)).toContain('Har inte svarat: Christine Wäneskog, Johan Lindström, Anne Almqvist');
    expect(petra.actions.map((a: any) => a.title)).toEqual(['Stäng rundan']);
    expect(JSON.stringify(petra)).toContain('"title":"Ändra sista dag"');
    expect(cardText(petra)).not.toContain('Du har inte svarat än.');
    expect(cardText(petra)).not.toContain('Du är inte utvärderare');
  });

  it('after answering, the evaluator keeps seeing their scores and the mean: the shared progress update does not take it away', async () => {
    const { shared, activityId } = await start('Seniorrestaurangen');
    const form = await press(await viewAs(shared, PEOPLE.christine, activityId), 'round.open', PEOPLE.christine, activityId);
    expect(form.body.value.actions[0].verb).toBe('round.submit');
    const saved = await bot.post(cardAction('round.submit', { roundId: form.body.value.actions[0].data.roundId, ...scores(4, 3, 5, 4, 4) }, { serviceUrl, from: PEOPLE.christine, at: channel(), replyToId: activityId }));
    expect(cardText(saved.body.value)).toContain('Tack! Din bedömning av Seniorrestaurangen är sparad.');
    await press(await viewAs(shared, PEOPLE.johan, activityId), 'round.open', PEOPLE.johan, activityId);
    await bot.post(cardAction('round.submit', { roundId: form.body.value.actions[0].data.roundId, ...scores(2, 3, 3, 4, 4) }, { serviceUrl, from: PEOPLE.johan, at: channel(), replyToId: activityId }));

    // The progress update replaces the posted message for everyone…
    await bot.connector.waitFor(() => bot.connector.updates.some((u) => u.activityId === activityId && cardText(cardOf(u.body)).includes('2 av 3 har svarat')));
    const updated = sharedNow(activityId, shared);
    expect(updated.refresh.userIds).toContain(PEOPLE.christine.id);
    expect(cardText(updated)).not.toContain('Din bedömning av');
    // …and each client's refresh of it brings back that person's own view, every time they look.
    for (let look = 0; look < 2; look++) {
      const christine = await viewAs(updated, PEOPLE.christine, activityId);
      const text = cardText(christine);
      expect(text).toContain('Din bedömning av Seniorrestaurangen');
      expect(text).toContain('Din bedömning av');
      expect(text).toContain('Medel');
      expect(text).toContain('3,0'); // Invånarnytta: (4 + 2) / 2
      expect(text).toContain('Medelvärdet bygger på 2 svar.');
      expect(titles(christine)).toEqual(['Ändra mina svar']);
    }
    const anne = await viewAs(updated, PEOPLE.anne, activityId);
    expect(titles(anne)).toEqual(['Bedöm']);
    expect(cardText(anne)).not.toContain('Din bedömning av');
  });

  it('an anonymous round shows no running mean (two answers would give each other away) until it is closed', async () => {
    const { round, shared, activityId } = await start('Pensionärernas bössa', [PEOPLE.christine, PEOPLE.johan], 'anonymt');
    for (const [person, values] of [[PEOPLE.christine, [5, 5, 5, 5, 5]], [PEOPLE.johan, [1, 1, 1, 1, 1]]] as const) {
      await bot.post(cardAction('round.submit', { roundId: round.id, ...scores(...values) }, { serviceUrl, from: person, at: channel(), replyToId: activityId }));
    }
    const christine = await viewAs(shared, PEOPLE.christine, activityId);
    const text = cardText(christine);
    expect(text).toContain('Din bedömning av');
    expect(text).toContain('Anonym runda: medelvärdet visas först när rundan har stängts.');
    expect(text).not.toContain('Medel');
    expect(text).not.toContain('3,0');
    // The creator (not an evaluator) sees progress and who is missing, never anyone's scores.
    const petra = await viewAs(shared, PEOPLE.petra, activityId);
    expect(cardText(petra)).not.toMatch(/Din bedömning|Medel/);
    expect(cardText(petra)).toContain('Alla utvärderare har svarat.');
    await press(await press(petra, 'round.close', PEOPLE.petra, activityId).then((r) => r.body.value), 'round.closeConfirmed', PEOPLE.petra, activityId);
    const after = await viewAs(sharedNow(activityId, shared), PEOPLE.christine, activityId);
    expect(cardText(after)).toContain('Slutligt medelvärde av 2 svar.');
    expect(cardText(after)).toContain('3,0');
  });

  it('a round open to anyone, or with more than 60 people, has no userIds and a "Visa min vy" button instead', async () => {
    const { shared, activityId } = await start('Digital inkludering', []);
    expect(shared.refresh.userIds).toBeUndefined();
    expect(titles(shared)).toEqual(['Visa min vy']);
    expect(cardText(shared)).toContain('Tryck Visa min vy');
    const mine = await press(shared, 'round.view', PEOPLE.marianne, activityId);
    expect(titles(mine.body.value)).toEqual(['Bedöm']);

    bot.connector.roster = [...bot.connector.roster, ...Array.from({ length: 61 }, (_, i) => ({ id: `29:member-${i}`, name: `Medlem ${i}`, aadObjectId: `00000000-0000-4000-8000-1000000${String(i).padStart(5, '0')}` }))];
    const many = Array.from({ length: 61 }, (_, i) => ({ id: `29:member-${i}`, name: `Medlem ${i}` }));
    const big = await start('Stora rundan', many);
    expect(big.shared.refresh.userIds).toBeUndefined();
    expect(titles(big.shared)).toEqual(['Visa min vy']);
    const member = await press(big.shared, 'round.view', many[7], big.activityId);
    expect(titles(member.body.value)).toEqual(['Bedöm']);
    const bystander = await press(big.shared, 'round.view', PEOPLE.marianne, big.activityId);
    expect(titles(bystander.body.value)).toEqual([]);
  });

  it('a stale Bedöm pressed by someone who is not an evaluator says who the evaluators are', async () => {
    const { round, activityId } = await start('Salus mea', [PEOPLE.christine, PEOPLE.johan]);
    const stale = await bot.post(cardAction('round.open', { roundId: round.id }, { serviceUrl, from: PEOPLE.marianne, at: channel(), replyToId: activityId }));
    expect(stale.body.value).toBe('Du är inte utvärderare i den här rundan (utvärderare: Christine Wäneskog, Johan Lindström).');
  });

  it('only the creator closes, and is asked first; a round closed by mistake reopens with its answers', async () => {
    const { round, shared, activityId } = await start('Framtidens äldreboende');
    await bot.post(cardAction('round.submit', { roundId: round.id, ...scores(4, 4, 4, 4, 4) }, { serviceUrl, from: PEOPLE.christine, at: channel(), replyToId: activityId }));
    // A bystander pressing a stale "Stäng rundan" changes nothing.
    const stale = await bot.post(cardAction('round.close', { roundId: round.id }, { serviceUrl, from: PEOPLE.johan, at: channel(), replyToId: activityId }));
    expect(stale.body.value).toBe('Bara Petra Edoff, som startade rundan, kan stänga den.');
    const forged = await bot.post(cardAction('round.closeConfirmed', { roundId: round.id }, { serviceUrl, from: PEOPLE.johan, at: channel(), replyToId: activityId }));
    expect(forged.body.value).toBe('Bara Petra Edoff, som startade rundan, kan stänga den.');

    const asked = (await press(await viewAs(shared, PEOPLE.petra, activityId), 'round.close', PEOPLE.petra, activityId)).body.value;
    expect(cardText(asked)).toContain('1 av 3 har svarat. Stänga ändå?');
    expect(titles(asked)).toEqual(['Ja, stäng rundan', 'Avbryt']);
    const cancelled = (await press(asked, 'round.view', PEOPLE.petra, activityId)).body.value;
    expect(titles(cancelled)).toContain('Stäng rundan');
    expect((await rounds()).find((r: any) => r.id === round.id).status).toBe('open');

    bot.connector.clear();
    const closed = (await press(asked, 'round.closeConfirmed', PEOPLE.petra, activityId)).body.value;
    expect(cardText(closed)).toContain('Rundan är stängd');
    expect(titles(closed)).toEqual(['Öppna rundan igen']);
    expect(cardText(cardOf(bot.connector.sent.find((c) => cardOf(c.body))!.body))).toContain('Resultat: Framtidens äldreboende');
    const closedShared = sharedNow(activityId, shared);
    expect(cardText(closedShared)).toContain('Rundan är stängd');
    expect((await initiatives()).find((i: any) => i.name === 'Framtidens äldreboende').latestResult.roundId).toBe(round.id);

    // Johan's client shows no reopen button; a forged press is refused.
    expect(titles(await viewAs(closedShared, PEOPLE.johan, activityId))).toEqual([]);
    const notHis = await bot.post(cardAction('round.reopen', { roundId: round.id }, { serviceUrl, from: PEOPLE.johan, at: channel(), replyToId: activityId }));
    expect(notHis.body.value).toBe('Bara Petra Edoff, som startade rundan, kan göra det.');

    const reopened = (await press(await viewAs(closedShared, PEOPLE.petra, activityId), 'round.reopen', PEOPLE.petra, activityId)).body.value;
    expect(cardText(reopened)).toContain('Rundan är öppen igen. De 1 svar som fanns är kvar.');
    expect(cardText(reopened)).toContain('1 av 3 har svarat');
    const stored = (await rounds()).find((r: any) => r.id === round.id);
    expect(stored).toMatchObject({ status: 'open', reopenedAt: expect.any(String) });
    expect(stored.result).toBeUndefined();
    expect((await initiatives()).find((i: any) => i.name === 'Framtidens äldreboende').latestResult).toBeUndefined();
    expect(cardText(sharedNow(activityId, shared))).not.toContain('Rundan är stängd');
    const christine = await viewAs(sharedNow(activityId, shared), PEOPLE.christine, activityId);
    expect(titles(christine)).toEqual(['Ändra mina svar']);
  });

  it('the creator moves the deadline (not into the past) and everyone sees the new date', async () => {
    const { round, shared, activityId } = await start('Trygghetslösning', [PEOPLE.christine], 'senast fredag');
    const petra = await viewAs(shared, PEOPLE.petra, activityId);
    const past = (await press(petra, 'round.extend', PEOPLE.petra, activityId, { deadline: '2024-02-20' })).body.value;
    expect(cardText(past)).toContain('Välj ett datum från och med i dag. Sista dagen ändrades inte.');
    expect((await rounds()).find((r: any) => r.id === round.id).deadline).toEqual({ date: '2024-03-01' });
    const later = (await press(petra, 'round.extend', PEOPLE.petra, activityId, { deadline: '2024-03-08' })).body.value;
    expect(cardText(later)).toContain('Sista svarsdag är nu fre 8 mars.');
    expect((await rounds()).find((r: any) => r.id === round.id).deadline).toEqual({ date: '2024-03-08' });
    expect(cardText(sharedNow(activityId, shared))).toContain('Svara senast fre 8 mars.');
    const notHis = await bot.post(cardAction('round.extend', { roundId: round.id, deadline: '2024-04-01' }, { serviceUrl, from: PEOPLE.christine, at: channel(), replyToId: activityId }));
    expect(notHis.body.value).toBe('Bara Petra Edoff, som startade rundan, kan göra det.');
  });

  it('"Påminn" sends one private message to each evaluator who has not answered, at most once a day', async () => {
    // Anne has a personal chat with the bot; Johan has not.
    await say('hjälp', PEOPLE.anne, [], where.personal(PEOPLE.anne));
    const { round, shared, activityId } = await start('Wolt-piloten');
    await bot.post(cardAction('round.submit', { roundId: round.id, ...scores(3, 3, 3, 3, 3) }, { serviceUrl, from: PEOPLE.christine, at: channel(), replyToId: activityId }));
    const notHis = await bot.post(cardAction('round.remind', { roundId: round.id }, { serviceUrl, from: PEOPLE.johan, at: channel(), replyToId: activityId }));
    expect(notHis.body.value).toBe('Bara Petra Edoff, som startade rundan, kan göra det.');

    bot.connector.clear();
    const petra = await viewAs(shared, PEOPLE.petra, activityId);
    expect(cardText(petra)).toContain('Har inte svarat: Johan Lindström, Anne Almqvist');
    const reminded = (await press(petra, 'round.remind', PEOPLE.petra, activityId)).body.value;
    expect(cardText(reminded)).toContain('Jag har skickat en påminnelse till Anne Almqvist.');
    expect(cardText(reminded)).toContain('Jag kunde inte nå Johan Lindström');
    await bot.connector.waitFor(() => bot.connector.sent.some((c) => c.conversationId === `a:personal-${PEOPLE.anne.id}`));
    const toAnne = bot.connector.sent.filter((c) => c.conversationId === `a:personal-${PEOPLE.anne.id}`);
    expect(toAnne).toHaveLength(1);
    expect(toAnne[0]!.body.text).toBe('Hej! Petra Edoff påminner dig om att bedöma **Wolt-piloten**. Öppna rundans kort i kanalen och tryck **Bedöm**.');
    // Nothing for Christine, who answered, and nothing in the channel.
    expect(bot.connector.sent.filter((c) => c.kind === 'send' && c.conversationId !== `a:personal-${PEOPLE.anne.id}`)).toEqual([]);

    const again = (await press(petra, 'round.remind', PEOPLE.petra, activityId)).body.value;
    expect(cardText(again)).toContain('Du har redan påmint i dag.');
    bot.clock.set('2024-02-28T08:00:00Z');
    await press(petra, 'round.remind', PEOPLE.petra, activityId);
    await bot.connector.waitFor(() => bot.connector.sent.filter((c) => c.conversationId === `a:personal-${PEOPLE.anne.id}`).length === 2);
  });

  it('"bedöm" with a name that does not exist asks: one of the close matches, or a new initiative with focus area and phase', async () => {
    await start('Måltider och möten');
    const countBefore = (await initiatives()).length;
    bot.connector.clear();
    await say('bedöm Måltider o möten <at>Johan Lindström</at> senast fredag', PEOPLE.petra, [PEOPLE.johan]);
    const choice = cardOf(bot.connector.sent[0]!.body);
    const replyToId = bot.connector.sent[0]!.responseId!;
    expect(cardText(choice)).toContain('Det finns inget initiativ som heter ”Måltider o möten”.');
    expect(cardText(choice)).toContain('Menade du Måltider och möten?');
    expect(titles(choice)).toEqual(['Bedöm Måltider och möten', 'Lägg upp och starta rundan']);
    expect(await rounds().then((r) => r.filter((x: any) => x.initiativeName === 'Måltider o möten'))).toEqual([]);

    const bystander = await press(choice, 'round.start', PEOPLE.anne, replyToId);
    expect(bystander.body.value).toBe('Bara Petra Edoff, som skrev kommandot, kan välja här.');
    const picked = await press(choice, 'round.start', PEOPLE.petra, replyToId);
    expect(cardText(picked.body.value)).toBe('Petra Edoff valde Måltider och möten. Bedömningsrundan finns nedan.');
    expect(bot.connector.updates.at(-1)!.activityId).toBe(replyToId);
    const started = (await rounds()).filter((r: any) => r.initiativeName === 'Måltider och möten' && r.evaluators.length === 1);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ deadline: { date: '2024-03-01' }, evaluators: [{ name: 'Johan Lindström' }], createdBy: { name: 'Petra Edoff' } });
    expect((await initiatives()).length).toBe(countBefore);

    bot.connector.clear();
    await say('bedöm Ungdomsmottagningen', PEOPLE.petra);
    const fresh = cardOf(bot.connector.sent[0]!.body);
    expect(titles(fresh)).toEqual(['Lägg upp och starta rundan']);
    await press(fresh, 'round.start', PEOPLE.petra, bot.connector.sent[0]!.responseId!, { focusArea: 'childrenAndYouth', phase: 'idea' });
    expect((await initiatives()).find((i: any) => i.name === 'Ungdomsmottagningen')).toMatchObject({ focusArea: 'childrenAndYouth', phase: 'idea' });
    expect(bot.connector.sent.map((c) => c.body.text).filter(Boolean)).toEqual(['Initiativet Ungdomsmottagningen är upplagt: Alla barn och unga lyckas, Idéfas.']);
  });
});
