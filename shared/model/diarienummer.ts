/**
 * Diarienummer formats as data. Every municipality numbers its ärenden its own way; Yttra accepts
 * the formats below by default, and an organisation's template can narrow the list to its own.
 * The header field's validation and the importer's recognition both use this one rule.
 *
 * Each pattern is anchored, has no nested or adjacent overlapping quantifiers and is only tried on
 * a value of at most MAX_DIARIENUMMER_LENGTH characters, so a check costs linear time.
 */

export interface DiarienummerFormat {
  /** Stable key, for a template that narrows the accepted formats. */
  key: string;
  /** Who writes it this way, for administrators choosing formats. */
  description: string;
  /** Real numbers of this shape; the first is shown to the official as an example. */
  examples: readonly string[];
  /** The whole number; a `year` group, when present, must be a plausible year. */
  pattern: RegExp;
  /** Values of the pattern's shape that are something else, e.g. a span of years in a title. */
  excludes?: RegExp;
}

/** Longer than any real diarienummer; a longer value is prose, not a number. */
export const MAX_DIARIENUMMER_LENGTH = 40;

export const DIARIENUMMER_FORMATS: readonly DiarienummerFormat[] = [
  {
    key: 'organ-ar-lopnummer',
    description: 'Organ, år och löpnummer med bindestreck (Malmö)',
    examples: ['ASN-2023-13451', 'STK-2023-663'],
    pattern: /^[A-ZÅÄÖ]{2,5}-(?<year>\d{4})-\d{1,6}$/,
  },
  {
    key: 'organ-ar-snedstreck',
    description: 'Organ, mellanslag, år/löpnummer (Nacka, Järfälla, många kommuner)',
    examples: ['KS 2023/145', 'KFKS 2017/1106', 'Kun 2010/173'],
    pattern: /^[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{1,5} (?<year>\d{4})\/\d{1,6}$/,
  },
  {
    key: 'organ-bindestreck-ar-snedstreck',
    description: 'Organ, bindestreck, år/löpnummer, ibland med underindex (Knivsta, Huddinge)',
    examples: ['KS-2015/112', 'KS-2014/742.912'],
    pattern: /^[A-ZÅÄÖ]{2,5}-(?<year>\d{4})\/\d{1,6}(?:\.\d{1,6})?$/,
  },
  {
    key: 'ar-organ-nummer',
    description: 'År/organ och nummer i grupper (Tyresö)',
    examples: ['2014/KS 0012 001'],
    pattern: /^(?<year>\d{4})\/[A-ZÅÄÖ]{2,5} \d{1,6}(?: \d{1,6})?$/,
  },
  {
    key: 'klassificering-lopnummer-ar',
    description: 'Klassificering, löpnummer/år, ofta efter "Dnr" (Stockholm)',
    examples: ['Dnr 1.6-0463/2011'],
    pattern: /^(?:Dnr )?\d{1,3}(?:\.\d{1,3}){0,3}-\d{1,6}\/(?<year>\d{4})$/,
  },
  {
    key: 'bokstav-ar-serie-lopnummer',
    description: 'Bokstav och år, serie och löpnummer (Stockholm)',
    examples: ['T2012-050-05828'],
    pattern: /^[A-ZÅÄÖ]{1,3}(?<year>\d{4})-\d{1,4}-\d{1,6}$/,
  },
  {
    key: 'lopnummer-ar',
    description: 'Löpnummer och år med tankstreck eller bindestreck (Östersund)',
    examples: ['124–2019'],
    pattern: /^\d{1,6}[–-](?<year>\d{4})$/,
    // "Verksamheten 2024–2026" ends in a span of years, not in a number.
    excludes: /^(?:19|20|21)\d\d[–-](?:19|20|21)\d\d$/,
  },
  {
    key: 'organ-punkt-ar-punkt-lopnummer',
    description: 'Organ.år.löpnummer (Högsby)',
    examples: ['KU.2017.91'],
    pattern: /^[A-ZÅÄÖ]{2,5}\.(?<year>\d{4})\.\d{1,6}$/,
  },
];

const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2200;

/** The format the value is written in, or undefined if it is none of them. */
export function diarienummerFormatOf(
  value: string,
  formats: readonly DiarienummerFormat[] = DIARIENUMMER_FORMATS,
): DiarienummerFormat | undefined {
  if (value.length === 0 || value.length > MAX_DIARIENUMMER_LENGTH) return undefined;
  return formats.find((format) => {
    const match = format.pattern.exec(value);
    if (!match || format.excludes?.test(value)) return false;
    const year = match.groups?.year;
    return year === undefined || (Number(year) >= EARLIEST_YEAR && Number(year) <= LATEST_YEAR);
  });
}

export function isValidDiarienummer(value: string, formats: readonly DiarienummerFormat[] = DIARIENUMMER_FORMATS): boolean {
  return diarienummerFormatOf(value, formats) !== undefined;
}

/** "ASN-2023-13451, KS 2023/145 eller KS-2015/112": the first example of each of the first formats. */
export function diarienummerExamples(formats: readonly DiarienummerFormat[] = DIARIENUMMER_FORMATS, count = 3): string {
  const examples = formats.slice(0, count).map((format) => format.examples[0]!);
  if (examples.length <= 1) return examples.join('');
  return `${examples.slice(0, -1).join(', ')} eller ${examples.at(-1)!}`;
}

/** The most words a diarienummer spans ("Dnr 1.6-0463/2011", "2014/KS 0012 001"). */
const MAX_DIARIENUMMER_WORDS = 3;

/**
 * A diarienummer at the very end of a line, and where it starts: "Rubrik KS 2023/145" → index of
 * "KS". The last one to three words are tried, longest first, so "2014/KS 0012 001" is not cut to
 * "0012 001". Only the line's tail is looked at, whatever the line's length.
 */
export function trailingDiarienummer(
  text: string,
  formats: readonly DiarienummerFormat[] = DIARIENUMMER_FORMATS,
): { index: number; diarienummer: string } | undefined {
  const trimmedEnd = text.trimEnd();
  const tail = trimmedEnd.slice(-(MAX_DIARIENUMMER_LENGTH + 1));
  const offset = trimmedEnd.length - tail.length;
  const starts: number[] = [];
  for (let index = tail.length - 1; index > 0 && starts.length < MAX_DIARIENUMMER_WORDS; index--) {
    if (tail[index - 1] === ' ' && tail[index] !== ' ') starts.push(index);
  }
  // A line that is only the number starts at 0.
  if (offset === 0 && starts.length < MAX_DIARIENUMMER_WORDS && tail[0] !== ' ') starts.push(0);
  for (const start of starts.reverse()) {
    const candidate = tail.slice(start);
    if (isValidDiarienummer(candidate, formats)) return { index: offset + start, diarienummer: candidate };
  }
  return undefined;
}
