import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cardAction, message, PEOPLE, where, type Person } from '../helpers/activities.js';
import { formValues } from '../helpers/card-text.js';
import { cardOf, cardText, startCoreTeamBot, type TestBot } from '../helpers/test-app.js';
import { understand, UNDERSTAND_MAX_CHARS } from '../../src/domain/phrasing/understand.js';

/**
 * What Core Team members actually type, through POST /api/messages as Teams delivers it. Each row names what the
 * person must get: the command that ran (recognised by what the bot answered), a greeting, thanks, a farewell,
 * "Menade du …?" with the suggested command, or the plain hint. The clock is Tue 27 Feb 2024 10:00 Stockholm.
 */

type Expected =
  | { run: keyof typeof RAN; contains?: string }
  | { suggest: string }
  | 'greeting' | 'thanks' | 'farewell' | 'hint';

/** How each command's answer is recognised (Swedish and English). */
const RAN = {
  help: /Det här kan SHK-boten|What the SHK bot can do/,
  myTasks: /Mina (öppna |försenade )?uppgifter|Du har inga uppgifter|My (open |overdue )?tasks|You have no tasks/,
  tasks: /(Öppna|Försenade|Alla) uppgifter här|Inga uppgifter att visa|(Open|Overdue|All) tasks here|No tasks to show/,
  newTask: /Skapad av|Created by/,
  remind: /^Jag påminner|^I will remind/,
  reminders: /Kommande påminnelser här|Inga påminnelser är planerade|Upcoming reminders|No reminders/,
  initiatives: /Inga initiativ ännu|No initiatives yet/,
  evaluate: /Bedömning: |Evaluation: |Det finns inget initiativ som heter|There is no initiative called/,
  close: /Jag hittar ingen öppen bedömningsrunda|I cannot find an open evaluation round/,
  compare: /Jag hittar inte:|I cannot find:/,
  newMeeting: /Nytt möte|New meeting/,
  minutes: /Klistra in protokollet|Paste the minutes/,
  meetings: /Inga möten sparade här|No meetings saved here/,
  meeting: /Jag hittar inget möte här|I cannot find a meeting here/,
  decisions: /Inga beslut hittades|No decisions found/,
  followUp: /Det finns inget tidigare möte|There is no earlier meeting/,
  language: /Jag skriver på|I am writing in|I will write in|from now on/,
  myData: /Det här har jag sparat om dig|What I have stored about you/,
  deleteMyData: /Vill du att jag raderar|Do you want me to delete/,
} as const;

const SWEDISH: Array<[string, Expected]> = [
  // The five from the issue
  ['hej', 'greeting'],
  ['visa mina uppgifter', { run: 'myTasks' }],
  ['Kan du påminna mig på måndag om att ringa Matilda?', { run: 'remind', contains: 'ringa Matilda' }],
  ['vad har jag för uppgifter', { run: 'myTasks' }],
  ['tack!', 'thanks'],
  // Greetings, thanks, goodbye
  ['Hej!', 'greeting'],
  ['God morgon!', 'greeting'],
  ['hejsan', 'greeting'],
  ['Hallå där', 'greeting'],
  ['tjena', 'greeting'],
  ['Tack så mycket!', 'thanks'],
  ['tusen tack', 'thanks'],
  ['tack för hjälpen', 'thanks'],
  ['Hej då!', 'farewell'],
  ['ha det bra', 'farewell'],
  // My tasks
  ['Hej! Kan du visa mina uppgifter?', { run: 'myTasks' }],
  ['snälla visa mina uppgifter', { run: 'myTasks' }],
  ['lista mina uppgifter', { run: 'myTasks' }],
  ['vilka uppgifter har jag?', { run: 'myTasks' }],
  ['har jag några försenade uppgifter', { run: 'myTasks' }],
  ['vad ska jag göra idag?', { run: 'myTasks' }],
  ['Skulle du kunna visa mina försenade uppgifter, tack?', { run: 'myTasks' }],
  ['mina uppgifter tack', { suggest: 'mina uppgifter' }],
  ['jag vill se mina uppgifter', { run: 'myTasks' }],
  // This conversation's tasks
  ['visa uppgifterna', { run: 'tasks' }],
  ['lista alla uppgifter', { run: 'tasks' }],
  ['visa försenade uppgifter', { run: 'tasks' }],
  ['vilka uppgifter finns här?', { run: 'tasks' }],
  ['vad har vi för uppgifter', { run: 'tasks' }],
  // New task: the title keeps its words
  ['skapa en uppgift: skicka mail om ensamhetspengen senast fredag', { run: 'newTask', contains: 'Skicka mail om ensamhetspengen' }],
  ['Kan du lägga till en uppgift att boka lokal för Öppen verkstad?', { run: 'newTask', contains: 'Boka lokal för Öppen verkstad' }],
  ['jag vill skapa en ny uppgift: ringa Anna i morgon', { run: 'newTask', contains: 'Ringa Anna' }],
  ['ny att-göra tacka Anna för underlaget', { run: 'newTask', contains: 'Tacka Anna för underlaget' }],
  ['skriv upp en uppgift: kontakta KPR om mötet, tack', { run: 'newTask', contains: 'Kontakta KPR om mötet' }],
  // Reminders: the text keeps its words
  ['påminn mig om att tacka Anna i morgon kl 9', { run: 'remind', contains: 'att tacka Anna' }],
  ['kan du påminna oss på fredag kl 10 om KPR-mötet', { run: 'remind', contains: 'KPR-mötet' }],
  ['snälla påminn mig i morgon om budgeten', { run: 'remind', contains: 'budgeten' }],
  ['sätt en påminnelse till oss på torsdag om styrgruppen', { run: 'remind', contains: 'styrgruppen' }],
  ['Skulle du kunna påminna mig varje måndag kl 9 om veckobrevet?', { run: 'remind', contains: 'veckobrevet' }],
  ['visa påminnelserna', { run: 'reminders' }],
  ['vilka påminnelser finns här?', { run: 'reminders' }],
  // Evaluations
  ['visa initiativen', { run: 'initiatives' }],
  ['vilka initiativ finns det?', { run: 'initiatives' }],
  ['starta en bedömning av Måltider och möten senast fredag', { run: 'evaluate', contains: 'Måltider och möten' }],
  ['kan du stänga rundan för Ängsgärdet?', { run: 'close' }],
  ['jämföra Salus mea, Ängsgärdet', { run: 'compare' }],
  // Meetings
  ['skapa ett nytt möte', { run: 'newMeeting' }],
  ['jag vill anteckna ett möte', { run: 'newMeeting' }],
  ['visa mötena', { run: 'meetings' }],
  ['visa mötet 27 februari', { run: 'meeting' }],
  ['visa besluten om budget', { run: 'decisions' }],
  ['vilka beslut har vi tagit?', { run: 'decisions' }],
  ['kan du visa uppföljningen', { run: 'followUp' }],
  ['läs in protokollet', { run: 'minutes' }],
  // Help, own data
  ['vad kan du göra?', { run: 'help' }],
  ['hur funkar du?', { run: 'help' }],
  ['hjälp mig', { run: 'help' }],
  ['vad har du sparat om mig?', { run: 'myData' }],
  ['visa mina data', { run: 'myData' }],
  // Typos and near misses: a suggestion, nothing runs
  ['uppgiter', { suggest: 'uppgifter' }],
  ['min uppgifter', { suggest: 'mina uppgifter' }],
  ['hjälpp', { suggest: 'hjälp' }],
  ['påminelser', { suggest: 'påminnelser' }],
  ['mötena', { suggest: 'möten' }],
  ['påminn Anna om mötet', { suggest: 'påminn mig|oss ‹när› om ‹vad›' }],
  // Not commands: nothing runs
  ['vad tycker du om fika?', 'hint'],
  ['kan du fixa kaffe?', 'hint'],
  ['jag gillar verkligen det här', 'hint'],
  ['Ska vi ses på torsdag?', 'hint'],
];

const ENGLISH: Array<[string, Expected]> = [
  ['hi', 'greeting'],
  ['Good morning!', 'greeting'],
  ['thanks!', 'thanks'],
  ['Thank you so much', 'thanks'],
  ['bye', 'farewell'],
  ['Can you show my tasks please?', { run: 'myTasks' }],
  ['what are my tasks', { run: 'myTasks' }],
  ['what do I have to do?', { run: 'myTasks' }],
  ['show overdue tasks', { run: 'tasks' }],
  ['list the tasks', { run: 'tasks' }],
  ['add a task: call Anne about the grant by Friday', { run: 'newTask', contains: 'Call Anne about the grant' }],
  ['could you create a task to book the room', { run: 'newTask', contains: 'Book the room' }],
  ['please remind us on Monday at 9 to send the agenda', { run: 'remind', contains: 'send the agenda' }],
  ['can you remind me tomorrow at 9 to call Anne?', { run: 'remind', contains: 'call Anne' }],
  ['show reminders', { run: 'reminders' }],
  ['what can you do?', { run: 'help' }],
  ['how does this work', { run: 'help' }],
  ['list the meetings', { run: 'meetings' }],
  ['show my data', { run: 'myData' }],
  ['remindres', { suggest: 'reminders' }],
  ['my taks', { suggest: 'my tasks' }],
  ['what do you think about the weather', 'hint'],
];

describe('Words people type, through POST /api/messages', () => {
  let bot: TestBot;
  let serviceUrl: string;

  beforeAll(async () => {
    bot = await startCoreTeamBot();
    serviceUrl = bot.connector.url;
  });
  afterAll(() => bot.stop());
  beforeEach(() => bot.connector.clear());

  /** Everything the person reads in the bot's answer (texts and card texts). */
  function answer(): { text: string; cards: any[] } {
    const sent = bot.connector.sent;
    return {
      text: sent.map((s) => [s.body.text ?? '', cardOf(s.body) ? cardText(cardOf(s.body)) : ''].join('\n')).join('\n'),
      cards: sent.map((s) => cardOf(s.body)).filter(Boolean),
    };
  }

  function check(typed: string, expected: Expected) {
    const { text, cards } = answer();
    expect(bot.connector.sent.length, `no answer to "${typed}"`).toBeGreaterThan(0);
    const suggested = /Menade du|Did you mean/.test(text);
    if (expected === 'hint') {
      expect(text).toMatch(/^Jag förstod inte|^I did not understand/);
      expect(suggested).toBe(false);
      expect(cards).toHaveLength(0);
      return;
    }
    if (expected === 'greeting') return expect(text).toMatch(/^(Hej|Hi) (Petra|Anne)!/);
    if (expected === 'thanks') return expect(text).toMatch(/^(Varsågod|You are welcome)!/);
    if (expected === 'farewell') return expect(text).toMatch(/^(Hej då|Bye)!/);
    if ('suggest' in expected) {
      expect(suggested, text).toBe(true);
      expect(text).toContain(`**${expected.suggest}**`);
      return;
    }
    expect(suggested, text).toBe(false);
    expect(text, `"${typed}" should have run ${expected.run}`).toMatch(RAN[expected.run]);
    if (expected.contains) expect(text).toContain(expected.contains);
  }

  it('has at least 60 Swedish and 20 English phrasings', () => {
    expect(SWEDISH.length).toBeGreaterThanOrEqual(60);
    expect(ENGLISH.length).toBeGreaterThanOrEqual(20);
  });

  // Each phrasing in a personal chat of its own, so one row's state (e.g. waiting for minutes) cannot answer another.
  let row = 0;
  const petra = (): Person => ({ ...PEOPLE.petra, id: `29:petra-row-${++row}` });
  const anne = (): Person => ({ ...PEOPLE.anne, id: `29:anne-row-${++row}` });

  it.each(SWEDISH)('sv: "%s"', async (typed, expected) => {
    const from = petra();
    const response = await bot.post(message(typed, { serviceUrl, from, at: where.personal(from) }));
    expect(response.status).toBe(200);
    check(typed, expected);
  });

  it.each(ENGLISH)('en: "%s"', async (typed, expected) => {
    const from = anne();
    const response = await bot.post(message(typed, { serviceUrl, from, at: where.personal(from), locale: 'en-US' }));
    expect(response.status).toBe(200);
    check(typed, expected);
  });

  it('in a channel the bot answers "ni" and greets the one who wrote', async () => {
    await bot.post(message('Hej!', { serviceUrl, from: PEOPLE.christine, at: where.channel('1700000000101'), mentionBot: true }));
    expect(answer().text).toMatch(/^Hej Christine! .*hjälpa er med/);
    bot.connector.clear();
    await bot.post(message('tack!', { serviceUrl, from: PEOPLE.christine, at: where.channel('1700000000101'), mentionBot: true }));
    expect(answer().text.trim()).toBe('Varsågod! Säg till om ni behöver något mer.');
  });

  it('a task title that sounds like a command keeps every word', async () => {
    await bot.post(message('att-göra tacka Anna, tack', { serviceUrl, from: PEOPLE.petra }));
    expect(answer().text).toContain('Tacka Anna, tack');
    bot.connector.clear();
    await bot.post(message('påminn mig i morgon om att visa mina uppgifter för Anna, tack', { serviceUrl, from: PEOPLE.petra }));
    expect(answer().text.trim()).toMatch(/^Jag påminner dig .*: att visa mina uppgifter för Anna, tack$/);
  });

  it('"Menade du …?": pressing the suggested command runs it and answers the question for everyone', async () => {
    const at = where.channel('1700000000102');
    await bot.post(message('min uppgifter', { serviceUrl, from: PEOPLE.johan, at, mentionBot: true }));
    const card = cardOf(bot.connector.sent[0]!.body);
    expect(cardText(card)).toContain('Menade du: **mina uppgifter**?');
    const run = card.actions.find((a: any) => a.title === 'mina uppgifter');
    expect(run.type).toBe('Action.Execute');
    bot.connector.clear();
    const replyToId = 'suggestion-1';
    const response = await bot.post(cardAction(run.verb, run.data, { serviceUrl, from: PEOPLE.johan, at, replyToId }));
    expect(response.status).toBe(200);
    expect(response.body.statusCode).toBe(200);
    expect(cardText(response.body.value)).toContain('Johan Lindström valde **mina uppgifter**');
    expect(answer().text).toMatch(RAN.myTasks);
    expect(bot.connector.updates.some((u) => u.activityId === replyToId)).toBe(true);
  });

  it('a suggestion for a command that needs more shows its usage and no run button', async () => {
    await bot.post(message('påminn Anna om mötet', { serviceUrl, from: PEOPLE.petra }));
    const card = cardOf(bot.connector.sent[0]!.body);
    expect(cardText(card)).toContain('**påminn mig|oss ‹när› om ‹vad›**');
    expect(card.actions.map((a: any) => a.title)).toEqual(['Hjälp']);
  });

  it('a long text is not paraphrased, and understanding is bounded', () => {
    expect(understand(`kan du visa mina uppgifter ${'x'.repeat(UNDERSTAND_MAX_CHARS)}`)).toEqual({ kind: 'unknown' });
    const started = performance.now();
    understand(`kan du ${'snälla '.repeat(300)}visa mina uppgifter`);
    expect(understand(`${'kan du '.repeat(10)}visa mina uppgifter`).kind).toBe('command');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('The help card\'s buttons, pressed from the posted card', () => {
  let bot: TestBot;
  let serviceUrl: string;

  beforeAll(async () => {
    bot = await startCoreTeamBot();
    serviceUrl = bot.connector.url;
  });
  afterAll(() => bot.stop());
  beforeEach(() => bot.connector.clear());

  async function helpCardIn(at: ReturnType<typeof where.channel>, from: Person = PEOPLE.petra, mentionBot = true) {
    await bot.post(message('hjälp', { serviceUrl, from, at, mentionBot }));
    const card = cardOf(bot.connector.sent[0]!.body);
    bot.connector.clear();
    const quick = card.body.filter((b: any) => b.type === 'ActionSet').flatMap((set: any) => set.actions);
    const button = (title: string) => quick.find((a: any) => a.title === title);
    return { card, button };
  }

  async function press(action: any, at: ReturnType<typeof where.channel>, inputs: Record<string, string> = {}, from: Person = PEOPLE.petra) {
    return bot.post(cardAction(action.verb, { ...action.data, ...inputs }, { serviceUrl, from, at, replyToId: 'help-card-1' }));
  }

  it('shows Ny uppgift, Mina uppgifter, Nytt möte and Påminn oss in a channel (Påminn mig in personal chat)', async () => {
    const { button } = await helpCardIn(where.channel('1700000000201'));
    for (const title of ['Ny uppgift', 'Mina uppgifter', 'Nytt möte', 'Påminn oss']) expect(button(title), title).toBeDefined();
    const personal = await helpCardIn(where.personal(PEOPLE.petra), PEOPLE.petra, false);
    expect(personal.button('Påminn mig')).toBeDefined();
  });

  it('Ny uppgift: the form creates the task for the one who pressed, with its date, and closes', async () => {
    const at = where.channel('1700000000202');
    const { button } = await helpCardIn(at);
    const form = button('Ny uppgift').card;
    expect(Object.keys(formValues(form))).toEqual(['taskText', 'taskDue']);
    const create = form.actions[0];
    const response = await press(create, at, { taskText: 'Skicka underlaget till KPR', taskDue: '2024-03-08' }, PEOPLE.christine);
    expect(response.body.statusCode).toBe(200);
    expect(cardText(response.body.value)).toContain('Det här kan SHK-boten');
    const item = cardText(cardOf(bot.connector.sent[0]!.body));
    expect(item).toContain('Skicka underlaget till KPR');
    expect(item).toContain('Christine Wäneskog');
    expect(item).toMatch(/8 mars/);
  });

  it('Ny uppgift without a text asks for one and creates nothing', async () => {
    const at = where.channel('1700000000203');
    const { button } = await helpCardIn(at);
    await press(button('Ny uppgift').card.actions[0], at, { taskText: '  ', taskDue: '' });
    expect(bot.connector.sent[0]!.body.text).toContain('Skriv vad som ska göras');
  });

  it('Mina uppgifter lists the presser\'s tasks', async () => {
    const at = where.channel('1700000000204');
    await bot.post(message('att-göra skicka mail om ensamhetspengen senast fredag', { serviceUrl, from: PEOPLE.johan, at, mentionBot: true }));
    bot.connector.clear();
    const { button } = await helpCardIn(at);
    await press(button('Mina uppgifter'), at, {}, PEOPLE.johan);
    const list = cardText(cardOf(bot.connector.sent[0]!.body));
    expect(list).toContain('Mina öppna uppgifter');
    expect(list).toContain('Skicka mail om ensamhetspengen');
  });

  it('Nytt möte opens the meeting form', async () => {
    const at = where.channel('1700000000205');
    const { button } = await helpCardIn(at);
    await press(button('Nytt möte'), at);
    expect(cardText(cardOf(bot.connector.sent[0]!.body))).toContain('Nytt möte');
  });

  it('Påminn oss: when and what make a reminder for the conversation', async () => {
    const at = where.channel('1700000000206');
    const { button } = await helpCardIn(at);
    const form = button('Påminn oss').card;
    await press(form.actions[0], at, { remindWhen: 'fredag kl 9', remindText: 'skicka material till Matilda' });
    expect(bot.connector.sent[0]!.body.text).toMatch(/^Jag påminner er här fre 1 mars kl\. 09\.00: skicka material till Matilda$/);
    bot.connector.clear();
    await bot.post(message('påminnelser', { serviceUrl, from: PEOPLE.anne, at, mentionBot: true }));
    expect(cardText(cardOf(bot.connector.sent[0]!.body))).toContain('skicka material till Matilda');
  });
});
