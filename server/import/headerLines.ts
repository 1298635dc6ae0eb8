/**
 * What one line of a header block is, by its shape alone: a diarienummer (alone, after "Dnr", or
 * ending the title), a "Label: value" line, a page number, a contact line, a reference such as
 * "Projekt 9247". Plain string code and bounded patterns: linear on any line.
 */
import { isValidDiarienummer, trailingDiarienummer, type FieldSpec } from '../../shared/model';
import { headingKey } from './sourceBlocks';
import { isoDateOf } from './swedishDates';

/** A label a header may put before the number on its line: "Dnr KS 2023/145", "Diarienummer: …". */
const DIARIENUMMER_LABEL = /^(?:dnr|diarienummer)[:.]? /i;
/** What may stand between a title and its diarienummer: "Rubrik – ASN-2023-1", "Rubrik, ASN-…". */
const TITLE_NUMBER_SEPARATOR = /[\s,–-]/;

/**
 * A title line that ends in its diarienummer, split in two. Plain code around a bounded pattern:
 * the pattern it replaces (`^(.*?)[\s,–-]*(…)$`) retried the separator run from every position,
 * so a title of 150,000 commas blocked the server for 22 seconds.
 */
export function splitTitleNumber(text: string): { title: string; diarienummer: string } | undefined {
  const number = trailingDiarienummer(text);
  if (!number) return undefined;
  let end = number.index;
  while (end > 0 && TITLE_NUMBER_SEPARATOR.test(text[end - 1]!)) end--;
  return { title: text.slice(0, end), diarienummer: number.diarienummer };
}

/**
 * A header line that is only a diarienummer, perhaps after "Dnr" or "Diarienummer:". The line as
 * written is tried first, since "Dnr 1.6-0463/2011" is itself a Stockholm number.
 */
export function loneDiarienummer(text: string): string | undefined {
  const line = text.replace(/\s+/g, ' ').trim();
  if (isValidDiarienummer(line)) return line;
  const label = DIARIENUMMER_LABEL.exec(line);
  const rest = label ? line.slice(label[0].length).trim() : undefined;
  return rest && isValidDiarienummer(rest) ? rest : undefined;
}

/** "Name, Name och Name", split in code (the pattern `\s*,\s*|\s+och\s+` rescanned runs of spaces). */
export function splitNames(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(',')
    .flatMap((part) => part.split(' och '))
    .map((name) => name.trim());
}

/** One word with an @ inside it, the way `^\S+@\S+$` meant, without its backtracking over "@@@…". */
export function looksLikeEmail(text: string): boolean {
  if (!text || /\s/.test(text)) return false;
  const at = text.indexOf('@', 1);
  return at !== -1 && at < text.length - 1;
}

/**
 * "Sida 1 (4)", "1 (4)", "Sida 2 av 5", and "Sida" alone (a Word page header whose page number
 * is a field with no text of its own): the page numbering of a printed header.
 */
export function isPageNumber(text: string): boolean {
  if (text.length > 20) return false;
  const words = text.toLowerCase().replace(/\d+/g, ' ').replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim();
  const digits = /\d/.test(text);
  return ['sida', 'sida av', 's.', 's. av'].includes(words) || (digits && words === 'av') || (digits && words === '' && text.includes('('));
}

/** The longest label before a colon in a "Label: value" line. */
const MAX_LABEL_LENGTH = 40;

/**
 * "Datum: 2024-03-14", "Dnr: KS 2023/145", and without a colon a label followed by a value of
 * the field's kind ("Datum 14 mars 2024", "Dnr KS 2023/145"). The label is looked up by a plain
 * search for the colon, and only the line's first words are tried as a label.
 */
export function labelledLine(
  text: string,
  labels: ReadonlyMap<string, FieldSpec>,
): { spec: FieldSpec; value: string; label: string } | undefined {
  const colon = text.indexOf(':');
  if (colon > 0 && colon <= MAX_LABEL_LENGTH) {
    const label = text.slice(0, colon).trim();
    const value = text.slice(colon + 1).trim();
    const spec = labels.get(headingKey(label));
    if (spec && value) return { spec, value, label };
  }
  const words = text.split(' ', 4);
  for (let count = 1; count <= 3 && count < words.length; count++) {
    const label = words.slice(0, count).join(' ');
    const spec = labels.get(headingKey(label));
    if (!spec || (spec.kind !== 'date' && spec.kind !== 'diarienummer')) continue;
    if (spec.kind === 'diarienummer' && isValidDiarienummer(text)) return { spec, value: text, label };
    const value = text.slice(label.length).trim();
    const valid = spec.kind === 'date' ? isoDateOf(value) !== undefined : isValidDiarienummer(value);
    if (valid) return { spec, value, label };
  }
  return undefined;
}

/** "Telefon: 08-508 250 00", "E-post: anna@…": a label of a word or two before a value with a digit or an @. */
export function isUnknownLabelledLine(text: string): boolean {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon > MAX_LABEL_LENGTH) return false;
  const label = text.slice(0, colon).trim();
  return label.split(' ').length <= 3 && /[\d@]/.test(text.slice(colon + 1));
}

/** "Projekt 9247", "Bilaga 3": a word or two and a number, a reference rather than a title. */
export function isReferenceLine(text: string): boolean {
  return text.split(' ').length <= 2 && /\d/.test(text) && !trailingDiarienummer(text);
}

/** An e-mail address, a telephone number or a web address on a line of its own. */
export function isContactLine(text: string): boolean {
  if (looksLikeEmail(text) || /^(?:www\.|https?:\/\/)\S+$/i.test(text)) return true;
  return /^(?:tel(?:efon)?\.? )?\+?[\d -]{6,20}$/i.test(text);
}
