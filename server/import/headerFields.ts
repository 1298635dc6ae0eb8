/**
 * The header block: labelled fields ("Datum" then "2023-08-07"; "Vår referens" then name, title
 * and e-mail), the type line, the title (ending in, or followed by, its diarienummer) and the
 * type's opening line ("X lämnar följande yttrande:"). What is none of these is handed back so
 * that it can go to the main prose section instead of being lost.
 */
import {
  fieldIssues,
  isValidDiarienummer,
  trailingDiarienummer,
  type DocumentType,
  type FieldSpec,
  type FieldValue,
  type Person,
} from '../../shared/model';
import { quote, type ReportCollector } from './importReport';
import { headingKey, sourceText, type SourceBlock } from './sourceBlocks';

/** A label a header may put before the number on its line: "Dnr KS 2023/145", "Diarienummer: …". */
const DIARIENUMMER_LABEL = /^(?:dnr|diarienummer)[:.]? /i;
/** What may stand between a title and its diarienummer: "Rubrik – ASN-2023-1", "Rubrik, ASN-…". */
const TITLE_NUMBER_SEPARATOR = /[\s,–-]/;

/**
 * A title line that ends in its diarienummer, split in two. Plain code around a bounded pattern:
 * the pattern it replaces (`^(.*?)[\s,–-]*(…)$`) retried the separator run from every position,
 * so a title of 150,000 commas blocked the server for 22 seconds.
 */
function splitTitleNumber(text: string): { title: string; diarienummer: string } | undefined {
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
function loneDiarienummer(text: string): string | undefined {
  const line = text.replace(/\s+/g, ' ').trim();
  if (isValidDiarienummer(line)) return line;
  const label = DIARIENUMMER_LABEL.exec(line);
  const rest = label ? line.slice(label[0].length).trim() : undefined;
  return rest && isValidDiarienummer(rest) ? rest : undefined;
}

/** "Name, Name och Name", split in code (the pattern `\s*,\s*|\s+och\s+` rescanned runs of spaces). */
function splitNames(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(',')
    .flatMap((part) => part.split(' och '))
    .map((name) => name.trim());
}

/** One word with an @ inside it, the way `^\S+@\S+$` meant, without its backtracking over "@@@…". */
function looksLikeEmail(text: string): boolean {
  if (!text || /\s/.test(text)) return false;
  const at = text.indexOf('@', 1);
  return at !== -1 && at < text.length - 1;
}

export function labelledFields(type: DocumentType, position: FieldSpec['position']): Map<string, FieldSpec> {
  return new Map(type.fields.filter((field) => field.position === position).map((field) => [headingKey(field.label), field]));
}

/** If the line is the type's opening line, the value it names. */
export function openingLineValue(type: DocumentType, text: string): string | undefined {
  if (!type.openingLine) return undefined;
  const phrase = headingKey(type.openingLine.phrase);
  const key = headingKey(text);
  if (!key.endsWith(` ${phrase}`)) return undefined;
  const words = phrase.split(' ').length;
  return text.trim().split(/\s+/).slice(0, -words).join(' ');
}

export interface ParsedHeader {
  fields: Record<string, FieldValue>;
  /** Header blocks that are none of the above, in order. */
  unplaced: SourceBlock[];
}

export function parseHeader(
  blocks: readonly SourceBlock[],
  type: DocumentType,
  typeLineIndex: number | undefined,
  report: ReportCollector,
): ParsedHeader {
  const labels = new Map([...labelledFields(type, undefined), ...labelledFields(type, 'addressee')]);
  const fields: Record<string, FieldValue> = {};
  const unplaced: SourceBlock[] = [];
  const texts = blocks.map(sourceText);
  const isStop = (index: number): boolean =>
    index >= blocks.length || index === typeLineIndex || labels.has(headingKey(texts[index]!)) || blocks[index]!.kind === 'list';

  const set = (spec: FieldSpec | undefined, value: FieldValue, how: string): void => {
    if (!spec) return;
    fields[spec.key] = value;
    const shown = typeof value === 'string' ? value : Array.isArray(value) ? value.map((p) => p.name).join(', ') : describePerson(value);
    report.add('field', `${spec.label}: ${quote(shown, 120)} (${how}).`, { field: spec.key });
    for (const issue of fieldIssues(spec, value)) report.add('warning', issue, { field: spec.key });
  };
  const fieldSpec = (key: string | undefined): FieldSpec | undefined => type.fields.find((field) => field.key === key);
  const titleSpec = fieldSpec(type.titleFields.title);
  const titleNumberSpec = fieldSpec(type.titleFields.diarienummer);
  let titleFound = false;

  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!;
    const text = texts[index]!;
    if (index === typeLineIndex || block.kind === 'rule' || !text) continue;
    const label = labels.get(headingKey(text));
    if (label) {
      const { value, consumed } = readLabelledValue(label, index + 1, texts, isStop);
      if (consumed > 0) set(label, value, `raden efter "${label.label}"`);
      else report.add('warning', `Rubriken "${label.label}" i sidhuvudet saknar värde.`, { field: label.key });
      index += consumed;
      continue;
    }
    const opening = openingLineValue(type, text);
    if (opening && type.openingLine) {
      set(fieldSpec(type.openingLine.field), opening, `ur inledningsraden ${quote(text)}`);
      continue;
    }
    const lone = loneDiarienummer(text);
    if (lone) {
      // Before the title a bare diarienummer is the document's own; after it, the title's.
      const target = titleFound ? titleNumberSpec : (fieldSpec('diarienummer') ?? titleNumberSpec);
      if (target && !fields[target.key]) {
        set(target, lone, titleFound ? 'raden efter rubriken' : 'egen rad i sidhuvudet');
        continue;
      }
    }
    if (!titleFound && titleSpec && block.kind !== 'list') {
      titleFound = true;
      const withNumber = splitTitleNumber(text);
      if (withNumber && withNumber.title && titleNumberSpec) {
        set(titleSpec, withNumber.title.trim(), 'dokumentets rubrik');
        set(titleNumberSpec, withNumber.diarienummer, 'i slutet av rubriken');
      } else {
        set(titleSpec, text, 'dokumentets rubrik');
      }
      continue;
    }
    unplaced.push(block);
  }
  return { fields, unplaced };
}

function describePerson(person: Person): string {
  return [person.name, person.title, person.email].filter(Boolean).join(', ');
}

/**
 * A person is name, then optionally a title and an e-mail address on the lines after it; a line
 * counts as the title only if it looks like one (short, no digits) and is followed by the e-mail
 * or by the next header part, so that a document title is not taken for a job title.
 */
function readLabelledValue(
  spec: FieldSpec,
  start: number,
  texts: readonly string[],
  isStop: (index: number) => boolean,
): { value: FieldValue; consumed: number } {
  if (isStop(start)) return { value: '', consumed: 0 };
  const first = texts[start]!;
  if (spec.kind === 'persons') {
    return { value: splitNames(first).map((name) => ({ name })), consumed: 1 };
  }
  if (spec.kind !== 'person') return { value: first, consumed: 1 };
  const person: Person = { name: first };
  let consumed = 1;
  const isEmail = (index: number): boolean => !isStop(index) && looksLikeEmail(texts[index]!);
  const looksLikeTitle = (index: number): boolean =>
    !isStop(index) && !isEmail(index) && texts[index]!.length <= 60 && !/\d/.test(texts[index]!);
  if (looksLikeTitle(start + 1) && (isEmail(start + 2) || isStop(start + 2))) {
    person.title = texts[start + 1]!;
    consumed++;
  }
  if (isEmail(start + consumed)) {
    person.email = texts[start + consumed]!;
    consumed++;
  }
  return { value: person, consumed };
}
