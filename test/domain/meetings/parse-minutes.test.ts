import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostileMinutes } from '../../fixtures/minutes/hostile.js';
import { matchOwner, MINUTES_MAX_CHARS, MINUTES_WARNINGS, parseMinutes, type ParsedMinutes } from '../../../src/domain/meetings/parse-minutes.js';

const timeZone = 'Europe/Stockholm';
// Copies of ../shared/seeds, so the tests run from the repository alone.
const seeds = join(import.meta.dirname, '..', '..', 'fixtures', 'seeds');
const coreTeamText = readFileSync(join(seeds, 'core-team-2024-02-27-minutes.txt'), 'utf8');
const boardText = readFileSync(join(seeds, 'board-2021-02-04-minutes-with-appendices.txt'), 'utf8');

/** Friday 1 March 2024: Marianne pastes the minutes three days after the meeting. */
const afterCoreTeamMeeting = { now: new Date('2024-03-01T10:00:00Z'), timeZone };
/** Wednesday 10 February 2021: Emma pastes the board minutes. */
const afterBoardMeeting = { now: new Date('2021-02-10T10:00:00Z'), timeZone };

const coreTeam = parseMinutes(coreTeamText, afterCoreTeamMeeting);
const board = parseMinutes(boardText, afterBoardMeeting);

/** A line as the parser sees it: control characters out, whitespace collapsed. */
const clean = (line: string) => line.replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u200B-\u200D\uFEFF]/g, '').replace(/\s+/g, ' ').trim();
const withoutBullet = (line: string) => line.replace(/^(?:[•*+]|[-–—]{1,2}|\d{1,3}[.)]|[a-zA-Z]\))\s/, '').trim();

/** Every field a line of the minutes can end up in, as one text. */
function everythingParsed(parsed: ParsedMinutes): string {
  return [
    parsed.title ?? '',
    parsed.noteTaker ?? '',
    parsed.place ?? '',
    ...[...parsed.participants, ...parsed.absent].map((p) => (p.organisation ? `${p.name}, ${p.organisation}` : p.name)),
    ...parsed.decisions,
    ...parsed.todos.map((t) => t.text),
    ...parsed.keyPoints,
    ...parsed.upcoming.map((u) => u.text),
    ...parsed.other,
  ].join('\n');
}

/** The lines of `text` that are found in no field (neither whole nor by their first 30 characters). */
function linesNotRepresented(text: string, parsed: ParsedMinutes, structural: string[]): string[] {
  const all = everythingParsed(parsed);
  return text
    .split(/\r?\n/)
    .map(clean)
    .filter((line) => line !== '' && line !== 'SAMHÄLLSKONTRAKTET' && !structural.includes(line))
    .filter((line) => {
      const body = withoutBullet(line);
      return !all.includes(body) && !all.includes(body.slice(0, 30));
    });
}

describe('Marianne pastes the Core Team minutes of 27 February 2024', () => {
  it('reads the title, the type and the date (no year written: the most recent 27 February)', () => {
    expect(coreTeam.title).toBe('Core Team möte, 27 februari');
    expect(coreTeam.type).toBe('coreTeam');
    expect(coreTeam.date).toBe('2024-02-27');
  });

  it('puts a yearless meeting date in the previous year when that day has not come yet this year', () => {
    expect(parseMinutes(coreTeamText, { now: new Date('2024-02-20T10:00:00Z'), timeZone }).date).toBe('2023-02-27');
  });

  it('lists the seven participants with their organisations exactly', () => {
    expect(coreTeam.participants).toEqual([
      { name: 'Christine Wäneskog', organisation: 'Västerås stad' },
      { name: 'Anne Almqvist', organisation: 'Västerås stad' },
      { name: 'Johan Lindström', organisation: 'Eskilstuna kommun' },
      { name: 'Patrik Nilsson', organisation: 'Eskilstuna kommun' },
      { name: 'Petra Edoff', organisation: 'Samhällskontraktet' },
      { name: 'Marianne Kiiskilä', organisation: 'Samhällskontraktet' },
      { name: 'Blerim Salihi', organisation: 'Samhällskontraktet' },
    ]);
    expect(coreTeam.absent).toEqual([]);
  });

  it('finds the budget decision, the theme for a longer meeting, and the thumbs-up in the economy section', () => {
    expect(coreTeam.decisions).toEqual([
      // Listed under "Beslut och att-göra" and not a task: the meeting agreed the theme, so it is a decision.
      'Nära vårt föreslås som tema till ett kommande längre möte',
      'Förslag till budget fick OK – det innebär bl.a. att konsult upphandlas att leda initiativ kring civilsamhälle',
      'Core Team gav tummen upp för planerade budgeten. (se kostnader i powerpointpresentation)',
    ]);
  });

  it("finds Johan's and Petra's to-dos with the owner's name as written", () => {
    expect(coreTeam.todos).toEqual([
      {
        text: 'Kring kunskapsutbyte servicetjänster och digitala inköp mellan städerna kan Johan kontakta Anne för vägen in till Västerås',
        owner: 'Johan',
      },
      {
        text: 'Ofrivillig ensamhet stadsbidrag – Petra skickar mail för att starta konversation om vi vill göra ansökan tillsammans där alla kan svara med sina tankar',
        owner: 'Petra',
      },
    ]);
    expect(matchOwner('Petra', coreTeam.participants)?.name).toBe('Petra Edoff');
    expect(matchOwner('Johan', coreTeam.participants)?.name).toBe('Johan Lindström');
  });

  it('does not double the to-do list with the narrative that explains it ("Petra startar en mejltråd …")', () => {
    expect(coreTeam.todos.some((t) => t.text.startsWith('Petra startar'))).toBe(false);
    expect(coreTeam.other.some((line) => line.includes('Petra startar en mejltråd'))).toBe(true);
  });

  it('keeps the KPR meeting planned for April as an upcoming date without an exact day', () => {
    expect(coreTeam.upcoming).toContainEqual({ text: 'Nästa möte med KPR är planerat till april' });
    expect(coreTeam.upcoming.every((u) => u.date === undefined)).toBe(true);
  });

  it('takes the note-taker from "Vid tangenterna"', () => {
    expect(coreTeam.noteTaker).toBe('Marianne');
  });

  it('sums up the sections as at most twelve key points, heading first', () => {
    expect(coreTeam.keyPoints).toHaveLength(12);
    expect(coreTeam.keyPoints[0]).toBe(
      'Ny teammedlem: Blerim är en ny studentmedarbetare hos Samhällskontraktet (SHK) med en tidsbegränsad anställning fram till sommaren för att hjälpa oss med digital kommunikation.',
    );
    expect(coreTeam.keyPoints[3]).toBe('Ängsgärdet: Projektet Ängsgärdet har fortskridit på flera fronter.');
    expect(coreTeam.keyPoints.map((k) => k.split(':')[0])).toContain('Ekonomi');
  });

  it('loses nothing: every line that is not blank or the letterhead is found in some field', () => {
    // Labels are represented by the field they open.
    const labels = ['Deltagare:', 'Beslut och att-göra lista framåt:', 'Vid tangenterna'];
    expect(linesNotRepresented(coreTeamText, coreTeam, labels)).toEqual([]);
    // The long narrative is kept whole in `other`.
    expect(coreTeam.other).toContain('Pågående');
    expect(coreTeam.other.some((line) => line.startsWith('Christine och Anne från Västerås rapporterade'))).toBe(true);
  });

  it('has nothing to warn about', () => {
    expect(coreTeam.warnings).toEqual([]);
  });

  it('reads the same minutes with Windows line endings and tabs the same way', () => {
    const windows = coreTeamText.replace(/\r?\n/g, '\r\n').replace(/^(\S+ \S+), /gm, '$1,\t');
    expect(parseMinutes(windows, afterCoreTeamMeeting)).toEqual(coreTeam);
  });

  it('is deterministic', () => {
    expect(parseMinutes(coreTeamText, afterCoreTeamMeeting)).toEqual(coreTeam);
  });
});

describe('Emma pastes the board minutes of 4 February 2021, appendices and all', () => {
  it('reads title, type, date, time and place', () => {
    expect(board.title).toBe('Protokoll Samhällskontraktet Styrelsemöte');
    expect(board.type).toBe('board');
    expect(board.date).toBe('2021-02-04');
    expect(board.startTime).toBe('13:00');
    expect(board.endTime).toBe('16:00');
    expect(board.place).toBe('Teams');
  });

  it('lists who was present and who was absent as written', () => {
    expect(board.participants).toEqual([
      { name: 'Helene Öhrling', organisation: 'Västerås stad' },
      { name: 'Christin Tjärnheden', organisation: 'Västerås stad' },
      { name: 'Tommy Malm', organisation: 'Eskilstuna kommun' },
      { name: 'Petri Olivius', organisation: 'Region Sörmland' },
      { name: 'Sophie Andersson', organisation: 'Region Västmanland' },
      { name: 'Paul Pettersson', organisation: 'MDH' },
      { name: 'Emma Mossberg', organisation: 'processledare Samhällskontraktet' },
    ]);
    expect(board.absent).toEqual([
      { name: 'Kent Nilsson', organisation: 'Region Västmanland' },
      { name: 'Anna Letterstål', organisation: 'MDH' },
    ]);
  });

  it('finds the approved minutes and what the board agreed on, and nothing from the appendices', () => {
    expect(board.decisions).toEqual([
      'Protokollet godkändes och lades till handlingarna.',
      'Avtal fattas av kommun respektive regionstyrelse i början av hösten.',
      'Avtalsförslaget ska vara färdigt till styrelsemötet i maj. Avtalet ska vara avskalat likt nuvarande; ett finansieringsavtal.',
      'Processledaren får i uppgift att i process arbeta fram nytt avtal och finansieringsmodell och hanteringen av fler kommuner.',
      'Återkoppling av process för avtalsförnyelse sker på styrelsemötet i mars.',
      'Processledaren bjuds in till politiken under våren för att ge dragning om nya SK.',
    ]);
  });

  it('turns "Processledaren får i uppgift att …" into a to-do without a named owner', () => {
    expect(board.todos).toEqual([{ text: 'Processledaren får i uppgift att i process arbeta fram nytt avtal och finansieringsmodell och hanteringen av fler kommuner.' }]);
  });

  it('resolves the coming board meetings after the meeting date, and keeps the extra meeting in March as text', () => {
    expect(board.upcoming).toEqual([
      { text: 'Extra styrelsemöte i mars för att ta beslut om vision, mission och styrmodell' },
      { text: '9 mars, kl 15 – 16:30', date: '2021-03-09', time: '15:00' },
      { text: '7 maj, kl 13 - 16', date: '2021-05-07', time: '13:00' },
      { text: '21 september, kl 13 - 16', date: '2021-09-21', time: '13:00' },
      { text: '18 november, kl 13 - 16', date: '2021-11-18', time: '13:00' },
    ]);
  });

  it('takes the note-taker from the "/Emma Mossberg" signature', () => {
    expect(board.noteTaker).toBe('Emma Mossberg');
  });

  it('uses the numbered agenda items as key points', () => {
    expect(board.keyPoints.slice(0, 3)).toEqual([
      '1. Protokoll föregående möte: Protokollet godkändes och lades till handlingarna.',
      '2. Ekonomi: Budget och utfall januari – september, (Emma Mossberg), bilaga 1',
      '3. Informationsärenden: Styrning, uppföljning, idéinventering (Emma Mossberg), bilaga 2',
    ]);
    expect(board.keyPoints.length).toBeLessThanOrEqual(12);
  });

  it('keeps the appendices after the signature in other, and loses no line', () => {
    expect(board.other).toContain('Budget och utfall 2018-2021 Samhällskontraktet');
    expect(board.other).toContain('Definition Core Team');
    expect(board.other).toContain('Process avtalsförnyelse SK 2021');
    // Labels, the date line (→ date, startTime, endTime) and the signature (→ noteTaker) are represented by their fields.
    const structural = ['Datum & tid:', '2021-02-04, kl 13:00 – 16:00', 'Närvarande:', 'Frånvarande:', 'Styrelsen överens om:', '6. Kommande styrelsemöten', '/Emma Mossberg'];
    expect(linesNotRepresented(boardText, board, structural)).toEqual([]);
  });
});

describe('minutes it has never seen', () => {
  it('reads English minutes with "Participants:", "Decisions:" and "Action items:"', () => {
    const text = [
      'Core Team meeting – 12 March 2024',
      'Place: Teams',
      'Participants:',
      '- Anna Berg, Västerås stad',
      '- Karl Ek, MDU',
      '- Lisa Holm (Eskilstuna kommun)',
      'Absent: Olle Svensson',
      '',
      'Decisions:',
      '- The pilot budget is approved.',
      '- We start the evaluation round in April.',
      '',
      'Action items:',
      '- Anna: send the report by Friday',
      '- Karl books the room by 15 March',
      '- Lisa – invite the KPR chair',
      '',
      'Next meeting: 9 April 2024, 10:00–11:30',
      'Minutes taken by Anna Berg',
    ].join('\n');
    const parsed = parseMinutes(text, { now: new Date('2024-03-20T09:00:00Z'), timeZone });
    expect(parsed).toEqual({
      title: 'Core Team meeting – 12 March 2024',
      type: 'coreTeam',
      date: '2024-03-12',
      place: 'Teams',
      participants: [
        { name: 'Anna Berg', organisation: 'Västerås stad' },
        { name: 'Karl Ek', organisation: 'MDU' },
        { name: 'Lisa Holm', organisation: 'Eskilstuna kommun' },
      ],
      absent: [{ name: 'Olle Svensson' }],
      decisions: ['The pilot budget is approved.', 'We start the evaluation round in April.'],
      todos: [
        // "by Friday" counts from the meeting (Tuesday 12 March), not from the day the minutes were pasted.
        { text: 'send the report by Friday', owner: 'Anna', due: { date: '2024-03-15' } },
        { text: 'Karl books the room by 15 March', owner: 'Karl', due: { date: '2024-03-15' } },
        { text: 'invite the KPR chair', owner: 'Lisa' },
      ],
      keyPoints: [],
      upcoming: [{ text: '9 April 2024, 10:00–11:30', date: '2024-04-09', time: '10:00' }],
      nextMeeting: { text: '9 April 2024, 10:00–11:30', date: '2024-04-09', time: '10:00' },
      noteTaker: 'Anna Berg',
      other: [],
      warnings: [],
    } satisfies ParsedMinutes);
  });

  it('reads Swedish minutes with inline participants, a numbered "Beslut:" list and "Att göra:" with dashes', () => {
    const text = [
      'Minnesanteckningar workshop Ängsgärdet',
      '',
      'Datum: tisdag 5 mars, kl 9–12',
      'Plats: Stadshuset, Eskilstuna',
      'Närvarande: Anna Berg (Eskilstuna kommun), Karl Ek (MDU), Sara Lind (Västerås stad)',
      'Förhinder: Olle Svensson (Västerås stad)',
      '',
      'Bakgrund',
      'Vi gick igenom idéerna från förra workshoppen och röstade.',
      '',
      'Beslut:',
      '1. Idé 3 och 5 går vidare till konceptfas.',
      '2. Budget för piloten godkänns.',
      '',
      'Att göra:',
      '– Karl bokar lokal senast 15 mars',
      '– Sara ansvarar för inbjudan till KPR',
      'a) Ta fram underlag till vecka 12 (Anna)',
      '',
      'Nästa möte: 2 april kl 13',
      'Antecknat av Sara Lind',
    ].join('\n');
    const parsed = parseMinutes(text, { now: new Date('2024-03-08T09:00:00Z'), timeZone });
    expect(parsed).toEqual({
      title: 'Minnesanteckningar workshop Ängsgärdet',
      type: 'workshop',
      date: '2024-03-05',
      startTime: '09:00',
      endTime: '12:00',
      place: 'Stadshuset, Eskilstuna',
      participants: [
        { name: 'Anna Berg', organisation: 'Eskilstuna kommun' },
        { name: 'Karl Ek', organisation: 'MDU' },
        { name: 'Sara Lind', organisation: 'Västerås stad' },
      ],
      absent: [{ name: 'Olle Svensson', organisation: 'Västerås stad' }],
      decisions: ['Idé 3 och 5 går vidare till konceptfas.', 'Budget för piloten godkänns.'],
      todos: [
        { text: 'Karl bokar lokal senast 15 mars', owner: 'Karl', due: { date: '2024-03-15' } },
        { text: 'Sara ansvarar för inbjudan till KPR', owner: 'Sara' },
        { text: 'Ta fram underlag till vecka 12 (Anna)', owner: 'Anna', due: { date: '2024-03-22' } },
      ],
      keyPoints: ['Bakgrund: Vi gick igenom idéerna från förra workshoppen och röstade.'],
      upcoming: [{ text: '2 april kl 13', date: '2024-04-02', time: '13:00' }],
      nextMeeting: { text: '2 april kl 13', date: '2024-04-02', time: '13:00' },
      // "tisdag 5 mars" and nothing in the text dates the year: the preview asks to check it.
      yearUncertain: true,
      noteTaker: 'Sara Lind',
      other: ['Vi gick igenom idéerna från förra workshoppen och röstade.'],
      warnings: [],
    } satisfies ParsedMinutes);
  });

  it('tells an open workshop and a board meeting from their titles', () => {
    expect(parseMinutes('Öppen verkstad – Existentiell hälsa, 15 mars', afterCoreTeamMeeting).type).toBe('openWorkshop');
    expect(parseMinutes('Styrelsemöte 4 februari 2021', afterCoreTeamMeeting)).toMatchObject({ type: 'board', date: '2021-02-04' });
    expect(parseMinutes('Anteckningar från mötet', afterCoreTeamMeeting).type).toBe('other');
  });

  it('reads a "Tid och plats:" line, a "Sekreterare:" line and people written "Name – Organisation"', () => {
    const parsed = parseMinutes(
      ['Tid och plats: 2024-04-19 kl 08.30–14.00, Plaza hotell Västerås', 'Deltagare:', 'Anna Berg – Västerås stad', 'Karl Ek – MDU', 'Sekreterare: Karl Ek'].join('\n'),
      afterCoreTeamMeeting,
    );
    expect(parsed).toMatchObject({
      date: '2024-04-19',
      startTime: '08:30',
      endTime: '14:00',
      place: 'Plaza hotell Västerås',
      participants: [
        { name: 'Anna Berg', organisation: 'Västerås stad' },
        { name: 'Karl Ek', organisation: 'MDU' },
      ],
      noteTaker: 'Karl Ek',
    });
  });

  it('uses to-dos written in the narrative when there is no to-do list', () => {
    const parsed = parseMinutes(
      ['Core Team-möte 2024-02-27', 'Deltagare: Petra Edoff, Johan Lindström', '', 'Ensamhetspengen', 'Johan lyfte frågan. Petra startar en mejltråd senast fredag.'].join('\n'),
      afterCoreTeamMeeting,
    );
    expect(parsed.todos).toEqual([{ text: 'Petra startar en mejltråd senast fredag.', owner: 'Petra', due: { date: '2024-03-01' } }]);
    expect(parsed.other).toEqual(['Johan lyfte frågan. Petra startar en mejltråd senast fredag.']);
  });

  it('reads a protokoll with § items, "Datum:" and "Tid:" on separate lines, and "Vid protokollet"', () => {
    const text = [
      'Protokoll fört vid Core Team-möte',
      'Datum: 2024-05-14',
      'Tid: 13.00–15.00',
      'Plats: Stadshuset, Västerås',
      '',
      'Närvarande',
      'Anna Berg, Västerås stad',
      'Karl Ek och Sara Lind, MDU',
      'Förhinder: Ingen',
      '',
      '§ 1 Mötets öppnande',
      'Ordföranden öppnade mötet.',
      '',
      '§ 2 Föregående protokoll',
      'Protokollet godkändes.',
      '',
      '§ 3 Budget',
      'Mötet beslutade att godkänna budgeten. Karl ansvarar för att skicka ut budgeten senast 31 maj.',
      'Budgeten godkänns',
      'Nästa möte 12 juni kl 10',
      'Sara skickar kallelse',
      '',
      'Vid protokollet',
      'Anna Berg',
      '',
      'Justeras',
      'Karl Ek',
    ].join('\n');
    const parsed = parseMinutes(text, { now: new Date('2024-05-20T10:00:00Z'), timeZone });
    expect(parsed).toEqual({
      title: 'Protokoll fört vid Core Team-möte',
      type: 'coreTeam',
      date: '2024-05-14',
      startTime: '13:00',
      endTime: '15:00',
      place: 'Stadshuset, Västerås',
      participants: [
        { name: 'Anna Berg', organisation: 'Västerås stad' },
        { name: 'Karl Ek', organisation: 'MDU' },
        { name: 'Sara Lind', organisation: 'MDU' },
      ],
      absent: [],
      // Short lines that decide or assign are not mistaken for headings.
      decisions: ['Protokollet godkändes.', 'Mötet beslutade att godkänna budgeten.', 'Budgeten godkänns'],
      todos: [
        { text: 'Karl ansvarar för att skicka ut budgeten senast 31 maj.', owner: 'Karl', due: { date: '2024-05-31' } },
        // No to-do list in these minutes, so a to-do in the text counts.
        { text: 'Sara skickar kallelse', owner: 'Sara' },
      ],
      keyPoints: ['§ 1 Mötets öppnande: Ordföranden öppnade mötet.', '§ 2 Föregående protokoll: Protokollet godkändes.', '§ 3 Budget: Mötet beslutade att godkänna budgeten.'],
      upcoming: [{ text: 'Nästa möte 12 juni kl 10', date: '2024-06-12', time: '10:00' }],
      nextMeeting: { text: 'Nästa möte 12 juni kl 10', date: '2024-06-12', time: '10:00' },
      noteTaker: 'Anna Berg',
      other: ['Ordföranden öppnade mötet.', 'Sara skickar kallelse', 'Justeras', 'Karl Ek'],
      warnings: [],
    } satisfies ParsedMinutes);
  });

  it('ends a list of first names at the heading that follows it', () => {
    const parsed = parseMinutes(['Deltagare:', 'Petra', 'Johan', 'Anne', '', 'Ekonomi', 'Budgeten gicks igenom.'].join('\n'), afterCoreTeamMeeting);
    expect(parsed.participants).toEqual([{ name: 'Petra' }, { name: 'Johan' }, { name: 'Anne' }]);
    expect(parsed.keyPoints).toEqual(['Ekonomi: Budgeten gicks igenom.']);
  });

  it('does not take "Alla" for a person, and keeps the line', () => {
    const parsed = parseMinutes('Närvarande: Alla', afterCoreTeamMeeting);
    expect(parsed.participants).toEqual([]);
    expect(parsed.other).toEqual(['Närvarande: Alla']);
  });

  it('reads the date of the Core Team slides from a line of its own, and does not crash on markdown', () => {
    const slides = parseMinutes(readFileSync(join(seeds, 'core-team-2024-02-27-slides.md'), 'utf8'), afterCoreTeamMeeting);
    expect(slides).toMatchObject({ type: 'coreTeam', date: '2024-02-27' });
    expect(slides.other).toContain('[Plaza hotell, Västerås](#)');
  });

  it('gives a to-do for two people to the first one named, and reads "Anna to send …"', () => {
    const parsed = parseMinutes(
      ['Core Team-möte 2024-02-27', 'Deltagare: Petra Edoff, Johan Lindström, Anna Berg', 'Att göra:', '- Petra och Johan skickar mail', '- Anna to send the report by Friday'].join('\n'),
      afterCoreTeamMeeting,
    );
    expect(parsed.todos).toEqual([
      { text: 'Petra och Johan skickar mail', owner: 'Petra' },
      { text: 'Anna to send the report by Friday', owner: 'Anna', due: { date: '2024-03-01' } },
    ]);
  });

  it('recognises every kind of bullet', () => {
    const parsed = parseMinutes(['Att göra:', '• Boka lokal', '- Skicka kallelse', '– Ta fram underlag', '* Ring KPR', '1. Uppdatera listan', 'a) Kolla budgeten'].join('\n'), afterCoreTeamMeeting);
    expect(parsed.todos.map((t) => t.text)).toEqual(['Boka lokal', 'Skicka kallelse', 'Ta fram underlag', 'Ring KPR', 'Uppdatera listan', 'Kolla budgeten']);
  });
});

describe('text that is empty, huge or hostile', () => {
  it('returns an empty result with warnings for an empty text', () => {
    for (const text of ['', '   \n\t\r\n  ']) {
      expect(parseMinutes(text, afterCoreTeamMeeting)).toEqual({
        type: 'other',
        participants: [],
        absent: [],
        decisions: [],
        todos: [],
        keyPoints: [],
        upcoming: [],
        other: [],
        warnings: [MINUTES_WARNINGS.empty, MINUTES_WARNINGS.noDate, MINUTES_WARNINGS.noParticipants],
      });
    }
  });

  it('keeps markup, templates, card JSON, links and control characters as plain text in other', () => {
    const hostile = [
      '<script>alert("x")</script>',
      '${user.name} {{title}}',
      '{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"Beslut: allt godkänns ${x}"}]}',
      '[Öppen verkstad](https://example.org/?q=<b>hej</b>)',
    ];
    const parsed = parseMinutes(['Styrelsemöte 2024-03-05', 'Närvarande: Anna Berg, MDU', ...hostile, 'Hej\u0007 där\u0000, med\tflikar\u200B'].join('\n'), afterCoreTeamMeeting);
    expect(parsed.other).toEqual([...hostile, 'Hej där, med flikar']);
    expect(parsed.decisions).toEqual([]);
    expect(parsed.keyPoints).toEqual([]);
    expect(parsed.participants).toEqual([{ name: 'Anna Berg', organisation: 'MDU' }]);
  });

  it('cuts a text over MINUTES_MAX_CHARS, says so, and answers within a second (1 MB of random text)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const words = ['Beslut', 'godkänns', 'Petra', 'skickar', 'nästa', 'möte', '15', 'mars', 'kl', '13:00', '-', '•', 'Deltagare:', 'Att göra:', 'Anna', 'Berg,', 'MDU', 'senast', 'fredag', 'vecka', '12', '(', '.', ',', 'Kommande', 'möten', '/Emma', '<b>', '${x}'];
    let text = '';
    while (text.length < 1_000_000) text += words[Math.floor(random() * words.length)]! + (random() < 0.08 ? '\n' : ' ');
    parseMinutes('Core Team möte, 27 februari', afterCoreTeamMeeting); // load chrono's tables first
    const started = performance.now();
    const parsed = parseMinutes(text, afterCoreTeamMeeting);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(parsed.warnings).toContain(MINUTES_WARNINGS.truncated);
  });

  it('handles one giant line of random characters', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let text = '';
    while (text.length < 1_000_000) text += String.fromCharCode(32 + Math.floor(random() * 400));
    const started = performance.now();
    const parsed = parseMinutes(text, afterCoreTeamMeeting);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(parsed.warnings).toContain(MINUTES_WARNINGS.truncated);
    expect(parsed.other.join('').length).toBeGreaterThan(MINUTES_MAX_CHARS / 2);
  });

  it.each([
    ['spaces and commas', ' , ,  ,'.repeat(15_000)],
    ['parentheses', '('.repeat(100_000)],
    ['times', 'kl 12 - '.repeat(12_000)],
    ['an endless "nästa möte"', `Nästa ${'möte '.repeat(20_000)}`],
    ['an endless word', `Nästa ${'a'.repeat(100_000)}`],
    ['a label with an endless value', `Beslut: ${'a'.repeat(100_000)}`],
    ['numbering', '1.'.repeat(50_000)],
    ['names', `Deltagare:\n${'Anna Berg, '.repeat(9_000)}`],
    ['capitalised words', 'Aa '.repeat(33_000)],
    ['dots and capitals', 'a. B'.repeat(25_000)],
  ])('does not backtrack on a 100k-character line of %s', (_name, line) => {
    const started = performance.now();
    const parsed = parseMinutes(line, afterCoreTeamMeeting);
    expect(performance.now() - started).toBeLessThan(300);
    expect(everythingParsed(parsed).length).toBeGreaterThan(0);
  });

  // Timed against ordinary minutes of the same size in bench/minutes.ts; here each shape must simply be read through.
  it.each(Object.entries(hostileMinutes(MINUTES_MAX_CHARS)))('reads 200 KB of %s to the end, losing nothing', (_name, text) => {
    const parsed = parseMinutes(text, afterCoreTeamMeeting);
    expect(parsed.warnings).not.toContain(MINUTES_WARNINGS.truncated);
    expect(everythingParsed(parsed).length).toBeGreaterThan(0);
  });

  it('never throws on short documents made of labels, bullets, names and dates in random order', () => {
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pieces = ['Deltagare:', 'Närvarande: Anna Berg (MDU), Karl Ek', 'Beslut:', 'Att göra:', 'Beslut och att-göra lista framåt:', 'Kommande möten', 'Vid tangenterna', 'Plats:', 'Datum & tid:', 'Tid och plats:', 'Bilaga 1', '/Emma Mossberg', '- Petra skickar mail senast fredag', '1. Budgeten godkänns', 'a) Karl: boka lokal', '• 9 mars, kl 15 – 16:30', '2021-02-04, kl 13:00 – 16:00', 'Teams', 'Ekonomi', 'Nästa möte med KPR är planerat till april, och mer.', 'Anna Berg, Västerås stad', '(', ')', ':', '–', '§ 3', '29 februari', '31 april', 'kl 25:99', 'vecka 54', ''];
    for (let n = 0; n < 300; n++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]!);
      expect(() => parseMinutes(lines.join(random() < 0.5 ? '\n' : '\r\n'), afterCoreTeamMeeting)).not.toThrow();
    }
  });

  it('caps date look-ups on thousands of to-dos and says so', () => {
    const text = `Deltagare: Petra Edoff\nAtt göra:\n${'- Petra skickar mail senast 15 mars\n'.repeat(5_000)}`;
    const started = performance.now();
    const parsed = parseMinutes(text, afterCoreTeamMeeting);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(parsed.todos).toHaveLength(5_000);
    expect(parsed.warnings).toContain(MINUTES_WARNINGS.tooManyDates);
  });
});

describe('matching an owner as written to a person', () => {
  const people = [{ name: 'Petra Edoff' }, { name: 'Johan Lindström' }, { name: 'Åsa Berg' }, { name: 'Anna Berg' }, { name: 'Anna Ek' }];

  it('matches the exact full name, case-insensitively', () => {
    expect(matchOwner('petra edoff', people)).toBe(people[0]);
  });

  it('matches a unique first name', () => {
    expect(matchOwner('Johan', people)).toBe(people[1]);
    expect(matchOwner('ÅSA', people)).toBe(people[2]);
  });

  it('keeps diacritics strict', () => {
    expect(matchOwner('Asa', people)).toBeUndefined();
  });

  it('gives up on an ambiguous or unknown name', () => {
    expect(matchOwner('Anna', people)).toBeUndefined();
    expect(matchOwner('Karl', people)).toBeUndefined();
    expect(matchOwner('', people)).toBeUndefined();
    expect(matchOwner('Petra E', people)).toBeUndefined();
  });
});
