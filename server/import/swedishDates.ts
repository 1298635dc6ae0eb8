/**
 * Dates as Swedish documents write them, into ISO dates: "2024-03-14", "14 mars 2024",
 * "den 3 december 2026", "onsdagen den 3 dec. 2026", "Torsby den 11 mars 2020". A date without
 * a year ("den 17 april") names no day that can be stored, so it is not read.
 *
 * Plain string code on a line of at most MAX_DATE_LINE characters: nothing here can backtrack.
 */
import { isValidIsoDate } from '../../shared/model';

const MAX_DATE_LINE = 60;

const MONTHS: Record<string, number> = {
  januari: 1,
  jan: 1,
  februari: 2,
  feb: 2,
  mars: 3,
  mar: 3,
  april: 4,
  apr: 4,
  maj: 5,
  juni: 6,
  jun: 6,
  juli: 7,
  jul: 7,
  augusti: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  oktober: 10,
  okt: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

const WEEKDAYS = new Set(['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'].flatMap((day) => [day, `${day}en`]));

function iso(year: number, month: number, day: number): string | undefined {
  const value = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isValidIsoDate(value) ? value : undefined;
}

/** "14 mars 2024" and "3 dec. 2026" as the last three words; the words before are checked by the caller. */
function dateInWords(words: readonly string[]): string | undefined {
  if (words.length < 3) return undefined;
  const [day, month, year] = words.slice(-3) as [string, string, string];
  const monthNumber = MONTHS[month.toLowerCase().replace(/\.$/, '')];
  if (!monthNumber || !/^\d{1,2}$/.test(day) || !/^\d{4}$/.test(year)) return undefined;
  return iso(Number(year), monthNumber, Number(day));
}

export interface DateLine {
  date: string;
  /** The words before the date other than "den" and a weekday: a place ("Torsby"), or empty. */
  prefix: string;
}

/**
 * The ISO date a line states, or undefined when the line is anything but a date. Before the date
 * may stand "den", a weekday and one or two capitalised words, usually a place ("Torsby den 11
 * mars 2020", "Malmö 2024-03-14"), handed back so that they are not lost.
 */
export function parseDateLine(line: string): DateLine | undefined {
  const text = line.replace(/\s+/g, ' ').trim().replace(/[.,]$/, '');
  if (text.length === 0 || text.length > MAX_DATE_LINE) return undefined;
  const words = text.split(' ');
  let date: string | undefined;
  let before: string[];
  const last = words[words.length - 1]!;
  if (/^\d{4}-\d{2}-\d{2}$/.test(last)) {
    date = isValidIsoDate(last) ? last : undefined;
    before = words.slice(0, -1);
  } else {
    date = dateInWords(words);
    before = words.slice(0, -3);
  }
  if (!date) return undefined;
  // What may precede the date: a place (capitalised words), a weekday, "den".
  const rest = before.map((word) => word.replace(/,$/, ''));
  while (rest.length && (rest[rest.length - 1]!.toLowerCase() === 'den' || WEEKDAYS.has(rest[rest.length - 1]!.toLowerCase()))) rest.pop();
  return rest.length <= 2 && rest.every((word) => /^\p{Lu}[\p{L}-]*$/u.test(word)) ? { date, prefix: rest.join(' ') } : undefined;
}

/** The ISO date of a value that is only a date ("14 mars 2024", "den 3 december 2026"). */
export function isoDateOf(value: string): string | undefined {
  const line = parseDateLine(value);
  return line && !line.prefix ? line.date : undefined;
}
