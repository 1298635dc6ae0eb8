/**
 * The meetings an ärende goes to (its beslutsplanering), as one line each the way the documents
 * write them ("ASN beredning 2023-08-09"), and the reading of such lines back from a document
 * written before the ärende kept them.
 */
import { isValidIsoDate } from './fields';

export interface Meeting {
  organ: string;
  /** ISO date, 2023-08-09. */
  date: string;
}

/** The most meetings an ärende plans (its page, and what a document put in it brings). */
export const MAX_MEETINGS = 50;

/** How a document prints a meeting: the organ, then the date. */
export function meetingLine(meeting: Meeting): string {
  return `${meeting.organ} ${meeting.date}`;
}

const DATE_AT_END = /\d{4}-\d{2}-\d{2}$/;
const DATE_AT_START = /^\d{4}-\d{2}-\d{2}/;
const SEPARATORS = ' ,:–-';

function trimSeparators(text: string): string {
  let from = 0;
  let to = text.length;
  while (from < to && SEPARATORS.includes(text[from]!)) from++;
  while (to > from && SEPARATORS.includes(text[to - 1]!)) to--;
  return text.slice(from, to);
}

/**
 * A line that names one meeting: an organ and a real ISO date, the date last ("ASN beredning
 * 2023-08-09") or first ("2023-08-09 ASN beredning"). Anything else is undefined; such a line
 * is not a meeting and must be kept as the text it is.
 */
export function parseMeetingLine(line: string): Meeting | undefined {
  const text = line.replace(/\s+/g, ' ').trim();
  const last = DATE_AT_END.exec(text);
  const first = last ? null : DATE_AT_START.exec(text);
  const date = (last ?? first)?.[0];
  if (!date || !isValidIsoDate(date)) return undefined;
  const organ = trimSeparators(last ? text.slice(0, last.index) : text.slice(date.length));
  if (!organ || DATE_AT_END.test(organ) || DATE_AT_START.test(organ)) return undefined;
  return { organ, date };
}

function sameMeeting(a: Meeting, b: Meeting): boolean {
  return a.date === b.date && a.organ.toLocaleLowerCase('sv') === b.organ.toLocaleLowerCase('sv');
}

/** In the order they happen; the same meeting written twice is one. */
export function orderedMeetings(meetings: readonly Meeting[]): Meeting[] {
  const unique: Meeting[] = [];
  for (const meeting of meetings) if (!unique.some((other) => sameMeeting(other, meeting))) unique.push(meeting);
  return unique.sort((a, b) => a.date.localeCompare(b.date));
}

export interface LinesAsMeetings {
  /** The meetings the lines name that the ärende did not have yet. */
  added: Meeting[];
  /** Lines that name no meeting (a note, a date in words), word for word, blank lines left out. */
  unparsed: string[];
}

/**
 * Reads a section's lines against the meetings an ärende already has: which lines are new
 * meetings and which are not meetings at all. Nothing is dropped except blank lines and the
 * meetings the ärende already holds.
 */
export function linesAsMeetings(lines: readonly string[], existing: readonly Meeting[]): LinesAsMeetings {
  const added: Meeting[] = [];
  const unparsed: string[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const meeting = parseMeetingLine(line);
    if (!meeting) unparsed.push(line.trim());
    else if (![...existing, ...added].some((other) => sameMeeting(other, meeting))) added.push(meeting);
  }
  return { added, unparsed };
}
