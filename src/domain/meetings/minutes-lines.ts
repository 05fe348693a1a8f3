import {
  cleanLine,
  isDecision,
  isFurniture,
  isHeading,
  isTableRule,
  matchLabel,
  signature,
  splitLines,
  tableCells,
  titleCandidate,
  toLine,
  type Label,
  type MinutesLine,
} from './minutes-text.js';

/**
 * The line classifier of the minutes reader (the reducer that gives lines their meaning in context is
 * minutes-structure.ts). It splits the text into lines, drops blank lines and page furniture (remembering that a
 * blank line stood before), and tells for each line what it is on its own or among its neighbours: a section label,
 * a "/Name" signature, a greeting, a bare document word ("PROTOKOLL"), a title candidate, a heading, a table row,
 * and whether it is part of a run of pasted slide fragments. Nothing here depends on what came before in the
 * reading; every test is linear in the line's length.
 *
 * i18n-exempt: the Swedish words in this file are parser vocabulary, never shown to users.
 */

export interface ClassifiedLine {
  line: MinutesLine;
  /** A blank line stood before this one. */
  blankBefore: boolean;
  /** "Deltagare:", "7. Beslut", "Vid tangenterna: Marianne". */
  label?: Label;
  /** "/Emma Mossberg": the note-taker's signature. */
  signature?: string;
  /** "Hej alla!": the greeting of an emailed summary. */
  greeting: boolean;
  /** "PROTOKOLL", "Minnesanteckningar" alone: the kind of document, the title follows. */
  documentWord: boolean;
  /** A short capitalised line of its own ("Ekonomi", "2. Ekonomi"). */
  heading: boolean;
  /** Part of a run of at least three one-to-three-word lines: text from a pasted slide or diagram. */
  fragment: boolean;
}

/** "Hej alla!", "Hej!", "Hejsan," on a line of their own. */
const GREETING = /^(?:hej|hejsan|hallå|god\s+morgon|god\s+eftermiddag|hi|hello|dear)(?:\s+[\p{L}]+){0,3}\s?[!,.]?$/iu;
const DOCUMENT_WORD = /^(?:protokoll|minnesanteckningar|mötesanteckningar|anteckningar|sammanfattning|minutes|meeting\s+notes)$/iu;
/** Fewest lines in a row that make a run of slide fragments. */
const FRAGMENT_RUN = 3;

export function classifyLines(source: string): ClassifiedLine[] {
  const lines: Array<{ line: MinutesLine; blankBefore: boolean }> = [];
  let sawBlank = false;
  for (const raw of splitLines(source)) {
    const text = cleanLine(raw);
    if (!text) sawBlank = true;
    else if (!isFurniture(text) && !isTableRule(text)) {
      const line = toLine(text);
      const cells = tableCells(raw);
      lines.push({ line: cells ? { ...line, cells } : line, blankBefore: sawBlank });
      sawBlank = false;
    }
  }
  const classified = lines.map(({ line, blankBefore }, i): ClassifiedLine => {
    const label = matchLabel(line);
    const signed = signature(line.text);
    const next = lines[i + 1]?.line;
    return {
      line,
      blankBefore,
      ...(label ? { label } : {}),
      ...(signed ? { signature: signed } : {}),
      greeting: !label && GREETING.test(line.plain),
      documentWord: DOCUMENT_WORD.test(line.plain) && next !== undefined && titleCandidate(next) !== undefined,
      heading: isHeading(line),
      fragment: false,
    };
  });
  markFragmentRuns(classified);
  return classified;
}

/** A line that could be a fragment of a pasted slide or diagram: one to three words, no sentence, no number, no label. */
function fragmentShaped(c: ClassifiedLine): boolean {
  const text = c.line.plain;
  if (c.line.bullet !== undefined || text.length > 40 || /[.:;!?,]$/.test(text) || /\d/.test(text) || !/^\p{L}/u.test(text)) return false;
  return text.split(' ').length <= 3 && !c.label && !c.signature && !isDecision(text);
}

/** Marks the lines that belong to a run of at least FRAGMENT_RUN fragment-shaped lines (blank lines between do not break it). */
function markFragmentRuns(lines: ClassifiedLine[]): void {
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && fragmentShaped(lines[i]!)) continue;
    if (i - start >= FRAGMENT_RUN) for (let j = start; j < i; j++) lines[j]!.fragment = true;
    start = i + 1;
  }
}
