import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FixedClock } from '../../src/domain/ports.js';
import { partitionKey, tenantPrefix } from '../../src/store/document-store.js';
import { storedItem } from '../helpers/stored-item.js';
import { cardAction, message, PEOPLE, TENANT, where } from '../helpers/activities.js';
import { docxOf } from '../helpers/docx.js';
import { formValues } from '../helpers/card-text.js';
import { cardOf, cardText, startCoreTeamBot, type TestBot } from '../helpers/test-app.js';
import { cardProblems } from '../helpers/validate-card.js';

/** Every Action.Execute in a card, also those inside an ActionSet in a column. */
function findActions(node: any): any[] {
  if (!node || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap(findActions);
  return [...(node.type === 'Action.Execute' ? [node] : []), ...Object.values(node).flatMap(findActions)];
}

const seed = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'seeds', name), 'utf8');
const CORE_TEAM_MINUTES = seed('core-team-2024-02-27-minutes.txt');

/** The day after the Core Team meeting: Marianne writes it up. */
const DAY_AFTER = '2024-02-28T09:00:00Z';


describe('Meetings: summaries, decisions and follow-ups, through POST /api/messages', () => {
  let bot: TestBot & { clock: FixedClock };
  let serviceUrl: string;
  const channel = where.channel('1709110000000', TENANT, '19:meetings-channel@thread.tacv2');

  beforeAll(async () => {
    bot = await startCoreTeamBot({ now: DAY_AFTER });
    serviceUrl = bot.connector.url;
  });
  afterAll(() => bot.stop());
  beforeEach(() => {
    bot.connector.clear();
    bot.clock.set(DAY_AFTER);
  });

  const meetings = () => bot.app.store.container<any>('meetings').query(partitionKey(TENANT));
  const say = (text: string, options: { from?: any; at?: any } = {}) => {
    const at = options.at ?? channel;
    return bot.post(message(text, { serviceUrl, from: options.from ?? PEOPLE.marianne, at, mentionBot: at.conversation.conversationType !== 'personal' }));
  };
  const click = (verb: string, data: Record<string, unknown>, options: { from?: any; at?: any; replyToId?: string } = {}) =>
    bot.post(cardAction(verb, data, { serviceUrl, from: options.from ?? PEOPLE.marianne, at: options.at ?? channel, replyToId: options.replyToId }));

  /** Pastes the seed minutes and returns the preview card (nothing saved yet). */
  async function pasteSeed() {
    const before = (await meetings()).length;
    await say(`protokoll\n${CORE_TEAM_MINUTES}`);
    expect((await meetings()).length).toBe(before);
    return cardOf(bot.connector.sent.at(-1)!.body);
  }

  it('Marianne pastes the Core Team minutes: the preview shows what was understood, nothing is saved yet', async () => {
    const preview = await pasteSeed();
    const values = formValues(preview);
    expect(values.title).toBe('Core Team möte, 27 februari');
    expect(values.date).toBe('2024-02-27');
    expect(values.participants!.split('\n')).toEqual([
      'Christine Wäneskog, Västerås stad',
      'Anne Almqvist, Västerås stad',
      'Johan Lindström, Eskilstuna kommun',
      'Patrik Nilsson, Eskilstuna kommun',
      'Petra Edoff, Samhällskontraktet',
      'Marianne Kiiskilä, Samhällskontraktet',
      'Blerim Salihi, Samhällskontraktet',
    ]);
    expect(values.decisions).toMatch(/budget/i);
    expect(values.todos).toMatch(/Petra/);
    // "Vid tangenterna / Marianne": the participant Marianne Kiiskilä (issue #16).
    expect(values.noteTaker).toBe('Marianne Kiiskilä');
    expect(cardText(preview)).toContain('Kontrollera protokollet innan du sparar');
  });

  it('confirming saves the meeting, turns to-dos into action items owned by the right people, and posts the summary', async () => {
    const preview = await pasteSeed();
    const values = formValues(preview);
    const save = preview.actions.find((a: any) => a.verb === 'meeting.save');
    const response = await click('meeting.save', { ...save.data, ...values }, { replyToId: 'preview-1' });
    expect(response.body.statusCode).toBe(200);
    const text = cardText(response.body.value);
    expect(text).toContain('Mötet är sparat.');
    expect(text).toContain('Västerås stad');
    expect(text).toContain('Christine Wäneskog, Anne Almqvist');

    const [meeting] = (await meetings()).filter((m: any) => m.title === 'Core Team möte, 27 februari');
    expect(meeting).toMatchObject({ date: '2024-02-27', kind: 'coreTeam', source: 'minutes', noteTaker: 'Marianne Kiiskilä', card: { activityId: 'preview-1' } });
    expect(meeting.participants).toHaveLength(7);
    expect(meeting.other.length + meeting.keyPoints.length).toBeGreaterThan(0);

    // Petra's mail about the loneliness grant is Petra's action item, linked to the meeting.
    const petrasTodo = meeting.todos.find((t: any) => t.ownerName === 'Petra Edoff');
    expect(petrasTodo).toBeDefined();
    const item = (await storedItem(bot.app.store, TENANT, petrasTodo.actionItemId));
    expect(item).toMatchObject({ assignees: [{ aadObjectId: PEOPLE.petra.aadObjectId }], source: { kind: 'meeting', meetingId: meeting.id } });
    // The summary card for everyone replaced the preview.
    expect(bot.connector.updates.at(-1)!.activityId).toBe('preview-1');
    expect(cardOf(bot.connector.updates.at(-1)!.body).msteams.entities.some((e: any) => e.mentioned.id === PEOPLE.petra.aadObjectId)).toBe(true);
  });

  it('an owner that matches nobody stays as text and is flagged; the item stays with the note-taker', async () => {
    await say('nytt möte');
    const form = cardOf(bot.connector.sent.at(-1)!.body);
    const values = { ...formValues(form), title: 'Arbetsmöte Servicetjänster', date: '2024-02-26', participants: 'Petra Edoff, Samhällskontraktet', todos: 'Okänd Person: boka lokal senast 2024-03-05\nPetra: skicka inbjudan' };
    const response = await click('meeting.save', { ...form.actions[0].data, ...values });
    const text = cardText(response.body.value);
    expect(text).toContain('Okänd Person (hittades inte i Teams – uppgiften ligger hos Marianne Kiiskilä)');
    const [meeting] = (await meetings()).filter((m: any) => m.title === 'Arbetsmöte Servicetjänster');
    expect(meeting.todos[0]).toMatchObject({ ownerName: 'Okänd Person', text: 'Boka lokal', due: { date: '2024-03-05' } });
    expect(meeting.todos[0].owner).toBeUndefined();
    expect(meeting.todos[1]).toMatchObject({ ownerName: 'Petra Edoff', owner: { aadObjectId: PEOPLE.petra.aadObjectId } });
  });

  describe('minutes as SHK writes them (issue #16)', () => {
    const corpus = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'minutes', name), 'utf8');

    it('"senast fredag" in minutes of Tuesday 27 January saved a week later is due Friday 30 January, and the title keeps no date', async () => {
      bot.clock.set('2026-02-03T09:00:00Z');
      await say(`protokoll\n${corpus('04-name-comma-org-typos.txt')}`);
      const preview = cardOf(bot.connector.sent.at(-1)!.body);
      const values = formValues(preview);
      expect(values.date).toBe('2026-01-27');
      expect(values.todos!.split('\n')[0]).toBe('Petra: Petra skickar mail om ansökan till alla parter senast 2026-01-30');
      // Typos and short forms are written as the partners are called.
      expect(values.participants!.split('\n')).toContain('Lena Sjöberg, Region Sörmland');
      expect(values.participants!.split('\n')).toContain('Marianne Kiiskilä, Samhällskontraktet');
      expect(values.noteTaker).toBe('Johan Lindström');
      expect(values.nextMeeting).toBe('2026-02-24');

      const save = preview.actions.find((a: any) => a.verb === 'meeting.save');
      const response = await click('meeting.save', { ...save.data, ...values }, { replyToId: 'preview-senast' });
      expect(cardText(response.body.value)).toContain('Mötet är sparat.');
      const [meeting] = (await meetings()).filter((m: any) => m.date === '2026-01-27');
      const petras = meeting.todos.find((t: any) => t.ownerName === 'Petra Edoff');
      expect(petras).toMatchObject({ text: 'Petra skickar mail om ansökan till alla parter', due: { date: '2026-01-30' } });
      const item = await storedItem(bot.app.store, TENANT, petras.actionItemId);
      expect(item).toMatchObject({ title: 'Petra skickar mail om ansökan till alla parter', due: { date: '2026-01-30' }, assignees: [{ aadObjectId: PEOPLE.petra.aadObjectId }] });
    });

    it('each upcoming date on the saved summary has "Påminn oss": pressed on the card the bot posted, it reminds the channel once', async () => {
      bot.clock.set('2025-12-08T09:00:00Z');
      await say(`protokoll\n${corpus('09-unknown-organisations.txt')}`);
      const preview = cardOf(bot.connector.sent.at(-1)!.body);
      const saved = await click('meeting.save', { ...preview.actions.find((a: any) => a.verb === 'meeting.save').data, ...formValues(preview) }, { replyToId: 'preview-remind' });
      expect(saved.body.statusCode).toBe(200);
      // The card everyone sees: the summary that replaced the preview.
      const summary = cardOf(bot.connector.updates.at(-1)!.body);
      expect(cardProblems(summary)).toEqual([]);
      const buttons = findActions(summary).filter((a) => a.verb === 'meeting.remind');
      expect(buttons.map((b) => b.title)).toEqual(['Påminn oss', 'Påminn oss']);
      expect(cardText(summary)).toContain('14 januari kl. 13.15 – 14.45, Träffpunkt Kristina');

      // Petra, not the one who saved, presses the first date (14 January).
      const pressed = await click('meeting.remind', buttons[0]!.data, { from: PEOPLE.petra, replyToId: 'preview-remind' });
      expect(pressed.body.statusCode).toBe(200);
      expect(cardText(pressed.body.value)).toContain('Jag påminner er här tis 13 jan');
      const forEveryone = cardOf(bot.connector.updates.at(-1)!.body);
      expect(cardText(forEveryone)).toContain('Påminnelse satt');
      expect(findActions(forEveryone).filter((a) => a.verb === 'meeting.remind')).toHaveLength(1);
      const reminders = (await bot.app.store.container<any>('reminders').query(partitionKey(TENANT))).filter((r: any) => r.id.startsWith(`upcoming-${buttons[0]!.data.meetingId}`));
      expect(reminders).toHaveLength(1);
      expect(reminders[0]).toMatchObject({ kind: 'custom', status: 'pending', dueAt: '2026-01-13T08:00:00.000Z', payload: { audience: 'us' } });
      expect(reminders[0].payload.text).toContain('14 januari');

      // Marianne presses the same button on her (older) copy: still one reminder, and she is told.
      const again = await click('meeting.remind', buttons[0]!.data, { from: PEOPLE.marianne, replyToId: 'preview-remind' });
      expect(cardText(again.body.value)).toContain('Det finns redan en påminnelse om det här datumet');
      expect((await bot.app.store.container<any>('reminders').query(partitionKey(TENANT))).filter((r: any) => r.id.startsWith(`upcoming-${buttons[0]!.data.meetingId}`))).toHaveLength(1);

      // A date that has passed by the time someone presses: a clear message, nothing created.
      bot.clock.set('2026-03-12T09:00:00Z');
      const late = await click('meeting.remind', buttons[1]!.data, { from: PEOPLE.petra });
      expect(JSON.stringify(late.body.value)).toContain('Det datumet har redan passerat');
    });

    it('a date without a year and nothing in the text to date it: the preview asks to check the year', async () => {
      bot.clock.set('2026-05-20T09:00:00Z');
      await say(`protokoll\n${corpus('02-names-on-following-lines-markdown.txt')}`);
      const preview = cardOf(bot.connector.sent.at(-1)!.body);
      expect(formValues(preview).date).toBe('2026-05-14');
      expect(cardText(preview)).toContain('kontrollera året (2026)');
      // Markdown from a Google Docs export is gone from every field.
      expect(formValues(preview).todos).toBe('Anne: Anne bokar lokal till workshopen\nKarin: Karin kontaktar regionens kommunikatörer om nyhetsbrevet');
    });

    it('in personal chat, where the roster is just the two of us, owners are found among the members the bot already knows', async () => {
      // The channel's roster was read earlier (the saves above), so the bot knows the Core Team in this tenant.
      const roster = bot.connector.roster;
      bot.connector.roster = [{ id: PEOPLE.marianne.id, name: PEOPLE.marianne.name, aadObjectId: PEOPLE.marianne.aadObjectId }];
      try {
        const personal = where.personal(PEOPLE.marianne);
        await say(`protokoll\n${CORE_TEAM_MINUTES.replace('Core Team möte, 27 februari', 'Core Team möte (personligt), 27 februari')}`, { at: personal });
        const preview = cardOf(bot.connector.sent.at(-1)!.body);
        const values = formValues(preview);
        const response = await click('meeting.save', { ...preview.actions.find((a: any) => a.verb === 'meeting.save').data, ...values }, { at: personal });
        const text = cardText(response.body.value);
        expect(text).not.toContain('hittades inte i Teams');
        const [meeting] = (await meetings()).filter((m: any) => m.title === 'Core Team möte (personligt), 27 februari');
        expect(meeting.todos.map((t: any) => t.owner?.aadObjectId)).toEqual([PEOPLE.johan.aadObjectId, PEOPLE.petra.aadObjectId]);
      } finally {
        bot.connector.roster = roster;
      }
    });
  });

  it('"möten", "möte 27 februari", "beslut budget" and "uppföljning" read the saved meetings', async () => {
    bot.connector.clear();
    await say('möten');
    expect(cardText(cardOf(bot.connector.sent[0]!.body))).toContain('Core Team möte, 27 februari');
    await say('möte 27 februari');
    expect(cardText(cardOf(bot.connector.sent[1]!.body))).toContain('Core Team möte, 27 februari');
    await say('möte 1 januari');
    expect(bot.connector.sent[2]!.body.text).toContain('Jag hittar inget möte här den dagen');
    await say('beslut budget');
    const decisions = cardText(cardOf(bot.connector.sent[3]!.body));
    expect(decisions).toContain('Beslut som innehåller ”budget”');
    expect(decisions).toMatch(/budget/i);

    bot.clock.set('2024-03-26T08:00:00Z'); // the next Core Team meeting
    await say('uppföljning');
    const followUp = cardText(cardOf(bot.connector.sent[4]!.body));
    expect(followUp).toContain('Uppföljning från Core Team möte, 27 februari');
    expect(followUp).toMatch(/av \d+ är fortfarande öppna/);
  });

  it('two people edit the same meeting at once: one change wins, the other is told and nothing is lost', async () => {
    const [meeting] = (await meetings()).filter((m: any) => m.title === 'Core Team möte, 27 februari');
    const form = (await click('meeting.edit', { meetingId: meeting.id })).body.value;
    const values = formValues(form);
    const data = form.actions[0].data;
    const [a, b] = await Promise.all([
      click('meeting.save', { ...data, ...values, place: 'Teams' }, { from: PEOPLE.marianne }),
      click('meeting.save', { ...data, ...values, place: 'Elite Stadshotell, Eskilstuna' }, { from: PEOPLE.petra }),
    ]);
    const texts = [cardText(a.body.value), cardText(b.body.value)];
    expect(texts.filter((t) => t.includes('Någon annan hann ändra mötet samtidigt'))).toHaveLength(1);
    const [after] = (await meetings()).filter((m: any) => m.id === meeting.id);
    expect(after.revision).toBe(meeting.revision + 1);
    expect(after.history.at(-1)).toMatchObject({ change: 'edited', fields: ['place'] });
    expect(after.todos.map((t: any) => t.actionItemId)).toEqual(meeting.todos.map((t: any) => t.actionItemId));
  });

  it('in personal chat, "protokoll" alone asks for the text, and the next message is read as minutes', async () => {
    const personal = where.personal(PEOPLE.marianne);
    await say('protokoll', { at: personal });
    expect(bot.connector.sent[0]!.body.text).toContain('Klistra in protokollet i nästa meddelande');
    await say(CORE_TEAM_MINUTES, { at: personal });
    expect(cardText(cardOf(bot.connector.sent[1]!.body))).toContain('Kontrollera protokollet');
    // Only once: the message after that is a normal message again.
    await say('vad händer nu', { at: personal });
    expect(bot.connector.sent[2]!.body.text).toContain('Jag förstod inte');
  });

  it('"protokoll" alone in a channel posts a card with a large box; the minutes pasted there become the preview for everyone', async () => {
    bot.clock.set('2026-01-28T09:00:00Z');
    await say('protokoll');
    const pasteCard = cardOf(bot.connector.sent.at(-1)!.body);
    expect(cardProblems(pasteCard)).toEqual([]);
    const box = pasteCard.body.flatMap((e: any) => e.items ?? [e]).find((e: any) => e.type === 'Input.Text');
    expect(box).toMatchObject({ id: 'minutes', isMultiline: true, height: 'stretch', maxLength: 200_000 });
    const read = pasteCard.actions.find((a: any) => a.verb === 'meeting.paste');
    expect(read.title).toBe('Läs in');

    // An empty box: told, nothing stored.
    const draftsBefore = (await bot.app.store.container<any>('meeting-drafts').query(partitionKey(TENANT))).length;
    const empty = await click('meeting.paste', { ...read.data, minutes: '  ' }, { from: PEOPLE.petra, replyToId: 'paste-1' });
    expect(JSON.stringify(empty.body.value)).toContain('Rutan var tom');
    expect((await bot.app.store.container<any>('meeting-drafts').query(partitionKey(TENANT))).length).toBe(draftsBefore);

    // Petra pastes minutes with their line breaks into the box and presses Läs in.
    const minutes = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'minutes', '04-name-comma-org-typos.txt'), 'utf8');
    const response = await click('meeting.paste', { ...read.data, minutes }, { from: PEOPLE.petra, replyToId: 'paste-1' });
    expect(response.body.statusCode).toBe(200);
    const values = formValues(response.body.value);
    expect(values.date).toBe('2026-01-27');
    expect(values.participants!.split('\n')).toHaveLength(6);
    // Everyone sees the preview in the paste card's place.
    expect(bot.connector.updates.at(-1)!.activityId).toBe('paste-1');
    expect(formValues(cardOf(bot.connector.updates.at(-1)!.body)).title).toBe('Core team-möte');
  });

  it('in a group chat too, "protokoll" alone brings the paste card', async () => {
    await say('protokoll', { at: where.groupChat(TENANT) });
    expect(cardOf(bot.connector.sent.at(-1)!.body).actions.some((a: any) => a.verb === 'meeting.paste')).toBe(true);
  });

  it.each([
    ['huge minutes', `protokoll ${'x'.repeat(1_000_001)}`, 'Protokollet är för långt'],
  ])('%s get a clear message and nothing is saved', async (_what, text, expected) => {
    const before = (await meetings()).length;
    await say(text);
    expect(bot.connector.sent.at(-1)!.body.text).toContain(expected);
    expect((await meetings()).length).toBe(before);
  });

  it('hostile text (markdown links, card JSON, control characters) is kept as plain text, never as markup', async () => {
    const hostile = 'Möte 5 mars\nDeltagare:\n[Klicka här](https://evil.example), Ondskans AB\n${title} {"type":"AdaptiveCard"}\u0007\nBeslut: **allt** godkänns';
    await say(`protokoll ${hostile}`);
    const preview = cardOf(bot.connector.sent.at(-1)!.body);
    const values = formValues(preview);
    const save = await click('meeting.save', { ...preview.actions[0].data, ...values, date: values.date || '2024-02-27', title: values.title || 'Möte' });
    const card = save.body.value;
    const json = JSON.stringify(card);
    expect(json).not.toContain('](https://evil.example)');
    expect(json).not.toContain('\u0007');
  });

  it('a form without a title or with an impossible date is refused and nothing is saved', async () => {
    const before = (await meetings()).length;
    const noTitle = await click('meeting.save', { title: ' ', kind: 'coreTeam', date: '2024-02-27' });
    expect(noTitle.body.value).toContain('Mötet behöver en rubrik');
    const badDate = await click('meeting.save', { title: 'Möte', kind: 'coreTeam', date: '2024-02-31' });
    expect(badDate.body.value).toContain('Jag förstår inte datumet');
    const badKind = await click('meeting.save', { title: 'Möte', kind: 'fika', date: '2024-02-27' });
    expect(badKind.body.statusCode).toBe(400);
    expect((await meetings()).length).toBe(before);
  });

  it('cancelling a preview drops the draft and says so', async () => {
    const preview = await pasteSeed();
    const cancel = preview.actions.find((a: any) => a.verb === 'meeting.cancel');
    const response = await click('meeting.cancel', cancel.data, { replyToId: 'preview-2' });
    expect(cardText(response.body.value)).toContain('Inläsningen avbröts');
    const drafts = await bot.app.store.container<any>('meeting-drafts').query(partitionKey(TENANT));
    expect(drafts.find((d: any) => d.id === cancel.data.draftId)).toBeUndefined();
  });

  it('minutes the parser finds little in still get a preview, with what to check written in Swedish', async () => {
    await say('protokoll Vi pratade om läget i projekten och kom inte fram till något.');
    const preview = cardOf(bot.connector.sent.at(-1)!.body);
    const text = cardText(preview);
    expect(text).toContain('Att kontrollera: inget datum hittades; inga deltagare hittades');
    expect(text).toContain('Vi pratade om läget i projekten');
  });

  describe('a Word file in personal chat', () => {
    const fileMessage = (name: string, at = where.personal(PEOPLE.marianne)) => ({
      ...message('', { serviceUrl, from: PEOPLE.marianne, at }),
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          name,
          contentUrl: `${serviceUrl}files/${name}`,
          content: { downloadUrl: `${serviceUrl}files/${name}`, uniqueId: 'file-1', fileType: name.split('.').pop() },
        },
      ],
    });

    it('is read with mammoth and shown as a preview, like pasted minutes', async () => {
      bot.connector.files.set('protokoll.docx', await docxOf(CORE_TEAM_MINUTES.split('\n')));
      await bot.post(fileMessage('protokoll.docx'));
      const values = formValues(cardOf(bot.connector.sent.at(-1)!.body));
      expect(values.title).toBe('Core Team möte, 27 februari');
      expect(values.participants!.split('\n')).toHaveLength(7);
      const drafts = await bot.app.store.container<any>('meeting-drafts').query(partitionKey(TENANT));
      expect(drafts.some((d: any) => d.source === 'docx')).toBe(true);
    });

    it('a file that is not really a Word document gets a clear message and nothing is stored', async () => {
      const before = (await bot.app.store.container<any>('meeting-drafts').query(partitionKey(TENANT))).length;
      bot.connector.files.set('trasig.docx', Buffer.from('inte en zip-fil'));
      await bot.post(fileMessage('trasig.docx'));
      expect(bot.connector.sent.at(-1)!.body.text).toContain('Jag kan inte läsa filen som ett Word-dokument');
      await bot.post(fileMessage('saknas.docx'));
      expect(bot.connector.sent.at(-1)!.body.text).toContain('Jag kunde inte hämta filen');
      expect((await bot.app.store.container<any>('meeting-drafts').query(partitionKey(TENANT))).length).toBe(before);
    });

    it('in a channel the bot asks for it in personal chat instead', async () => {
      bot.connector.files.set('protokoll.docx', await docxOf(['Möte']));
      await bot.post({ ...fileMessage('protokoll.docx', channel), text: '<at>SHK-boten</at>', entities: [{ type: 'mention', text: '<at>SHK-boten</at>', mentioned: { id: '28:shk-bot-app-id', name: 'SHK-boten' } }] });
      expect(bot.connector.sent.at(-1)!.body.text).toContain('Skicka Word-filen till mig i en personlig chatt');
    });
  });
});
