/**
 * The header block, in the shapes municipalities write it: a label above its value ("Datum" then
 * "2023-08-07"; "Vår referens" then name, title and e-mail), a label and its value on one line
 * ("Datum: 14 mars 2024", "Dnr KS 2023/145"), and lines without labels that say what they are
 * (a date in figures or words, a diarienummer, a förvaltning or nämnd). Then the type line, the
 * title (ending in, or followed by, its diarienummer; never a förvaltning line) and the type's
 * opening line ("X lämnar följande yttrande:"). Text after the title goes to the body; a line
 * that fits nothing is handed back to be kept under "Ej placerad text", never dropped.
 */
import type { InlineRun } from '../../shared/doc/blocks';
import {
  fieldIssues,
  isEmptyFieldValue,
  isValidDiarienummer,
  type DocumentType,
  type FieldSpec,
  type FieldValue,
  type Person,
} from '../../shared/model';
import { quote, type ReportCollector } from './importReport';
import {
  isContactLine,
  isPageNumber,
  isReferenceLine,
  isUnknownLabelledLine,
  labelledLine,
  loneDiarienummer,
  looksLikeEmail,
  splitNames,
  splitTitleNumber,
} from './headerLines';
import { readHeaderTable } from './headerTable';
import { isWrappedLine } from './lineStructure';
import { headingKey, sourceText, type SourceBlock } from './sourceBlocks';
import { isoDateOf, parseDateLine } from './swedishDates';
import type { UnplacedLine } from './unplacedText';
import { headerLabels, organKind, type OrganKind } from './vocabulary';

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
  /** Header blocks after the title that read as text (an introduction), in order: they go to the body. */
  unplaced: SourceBlock[];
  /** Header lines that fit no field and are no text (a telephone number, a page number, a place): kept under "Ej placerad text". */
  leftOver: UnplacedLine[];
}

export function parseHeader(
  blocks: readonly SourceBlock[],
  type: DocumentType,
  typeLineIndex: number | undefined,
  report: ReportCollector,
): ParsedHeader {
  const labels = headerLabels(type, [undefined, 'addressee']);
  const fields: Record<string, FieldValue> = {};
  const unplaced: SourceBlock[] = [];
  const leftOver: UnplacedLine[] = [];
  const texts = blocks.map(sourceText);
  /** Where a value ends: the next label (other than one more name of the field being read), the type line, a list. */
  const isStop = (index: number, reading?: FieldSpec): boolean => {
    if (index >= blocks.length || index === typeLineIndex || blocks[index]!.kind === 'list') return true;
    const label = labels.get(headingKey(texts[index]!)) ?? labelledLine(texts[index]!, labels)?.spec;
    return label !== undefined && label !== reading;
  };

  const set = (spec: FieldSpec | undefined, raw: FieldValue, how: string): void => {
    if (!spec) return;
    const value = spec.kind === 'date' && typeof raw === 'string' ? (isoDateOf(raw) ?? raw) : raw;
    fields[spec.key] = value;
    const shown = typeof value === 'string' ? value : Array.isArray(value) ? value.map((p) => p.name).join(', ') : describePerson(value);
    const converted = value !== raw && typeof raw === 'string' && !how.includes(raw) ? `, skrivet ${quote(raw)}` : '';
    report.add('field', `${spec.label}: ${quote(shown, 120)} (${how}${converted}).`, { field: spec.key });
    for (const issue of fieldIssues(spec, value)) report.add('warning', issue, { field: spec.key });
  };
  const keep = (runs: InlineRun[], why: string): void => {
    leftOver.push({ runs, why });
  };
  const fieldSpec = (key: string | undefined): FieldSpec | undefined => type.fields.find((field) => field.key === key);
  const titleSpec = fieldSpec(type.titleFields.title);
  const titleNumberSpec = fieldSpec(type.titleFields.diarienummer);
  const unset = (spec: FieldSpec | undefined): boolean => spec !== undefined && isEmptyFieldValue(fields[spec.key]);
  let titleFound = false;

  /** An organ line into its field; false if the type has no free field for it. */
  const placeOrgan = (text: string, how: string): boolean => {
    const kind = organKind(text);
    if (!kind) return false;
    if (kind === 'organisation') {
      keep([{ text }], 'det är organisationens namn i brevhuvudet, som mallen skriver själv');
      return true;
    }
    const spec = organField(type, kind);
    if (unset(spec)) set(spec, text, how);
    // One unit under the förvaltning ("Socialförvaltningen, Avdelningen för …"); more are not a header.
    else if (spec && kind === 'forvaltning' && !(fields[spec.key] as string).includes(', '))
      set(spec, `${fields[spec.key] as string}, ${text}`, how);
    else keep([{ text }], `mallen har inget ledigt fält för ${kind === 'namnd' ? 'nämnden' : 'förvaltningen'}`);
    return true;
  };

  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!;
    const text = texts[index]!;
    if (index === typeLineIndex || block.kind === 'rule' || !text) continue;
    const runs = block.kind === 'paragraph' || block.kind === 'heading' ? block.runs : [{ text }];

    if (block.kind === 'table') {
      const { pairs, rest } = readHeaderTable(block, labels);
      for (const { spec, label, lines } of pairs) {
        const how = `ur tabellraden ${quote(`${label}: ${lines.join(', ')}`, 400)}`;
        if (unset(spec)) set(spec, tableValue(spec, lines), how);
        else keep([{ text: `${label}: ${lines.join(' ')}` }], `${spec.label} var redan ifyllt`);
      }
      if (rest) unplaced.push(rest);
      continue;
    }

    const label = labels.get(headingKey(text));
    if (label) {
      const { value, consumed } = readLabelledValue(label, index + 1, texts, isStop);
      if (consumed > 0) set(label, value, `raden efter "${text.replace(/:$/, '')}"`);
      // A label without its value: the label is kept, and the field left for the official to fill.
      else keep(runs, `rubriken för ${label.label} saknar värde i filen`);
      index += consumed;
      continue;
    }
    const labelled = labelledLine(text, labels);
    if (labelled) {
      const { spec, value } = labelled;
      if (unset(spec)) set(spec, labelledValue(spec, value), `ur raden ${quote(text, 400)}`);
      else if (!(spec.kind === 'diarienummer' && placeSecondNumber(type, fields, value, set))) {
        keep(runs, `${spec.label} var redan ifyllt`);
      }
      continue;
    }
    if (isUnknownLabelledLine(text)) {
      keep(runs, 'den motsvarar inget fält i mallen');
      continue;
    }
    if (isPageNumber(text)) {
      keep(runs, 'det är sidhuvudets sidnumrering');
      continue;
    }
    const opening = openingLineValue(type, text);
    if (opening && type.openingLine) {
      set(fieldSpec(type.openingLine.field), opening, `ur inledningsraden ${quote(text)}`);
      continue;
    }
    const date = parseDateLine(text);
    if (date) {
      const spec = type.fields.find((field) => field.kind === 'date' && field.position !== 'signature' && unset(field));
      if (spec) set(spec, date.date, text === date.date ? 'egen rad i sidhuvudet' : `ur raden ${quote(text, 400)}`);
      else keep(runs, 'mallens datumfält var redan ifyllda');
      if (spec && date.prefix && !placeOrgan(date.prefix, `före datumet i ${quote(text)}`)) {
        keep([{ text: date.prefix }], `den stod före datumet i ${quote(text)} och motsvarar inget fält`);
      }
      continue;
    }
    const lone = loneDiarienummer(text);
    if (lone) {
      // Before the title a bare diarienummer is the document's own; after it, the title's.
      const target = titleFound ? titleNumberSpec : (fieldSpec('diarienummer') ?? titleNumberSpec);
      if (unset(target)) set(target, lone, titleFound ? 'raden efter rubriken' : `ur raden ${quote(text, 400)}`);
      else if (!placeSecondNumber(type, fields, lone, set)) keep(runs, 'mallens diarienummerfält var redan ifyllda');
      continue;
    }
    if (placeOrgan(text, 'egen rad i sidhuvudet')) continue;
    if (isContactLine(text)) {
      keep(runs, 'det är en kontaktuppgift som mallen saknar fält för');
      continue;
    }
    if (isReferenceLine(text)) {
      keep(runs, 'den ser ut som en beteckning som mallen saknar fält för');
      continue;
    }
    if (!titleFound && titleSpec && (block.kind === 'paragraph' || block.kind === 'heading')) {
      titleFound = true;
      // A title wrapped onto the next line goes on there.
      let title = text;
      // Only the last line is looked at: the title grows with each line joined.
      while (isTitleContinuation(blocks[index + 1], texts[index]!, texts[index + 1] ?? '')) title = `${title} ${texts[++index]!}`;
      const withNumber = splitTitleNumber(title);
      if (withNumber && withNumber.title && titleNumberSpec) {
        set(titleSpec, withNumber.title.trim(), 'dokumentets rubrik');
        set(titleNumberSpec, withNumber.diarienummer, `i slutet av rubriken ${quote(title, 400)}`);
      } else {
        set(titleSpec, title, 'dokumentets rubrik');
      }
      continue;
    }
    if (!titleFound && block.kind === 'paragraph' && text.length <= 60) {
      keep(runs, 'den motsvarar inget fält i mallen');
      continue;
    }
    unplaced.push(block);
  }
  return { fields, unplaced, leftOver };
}

/** A value from a table cell's lines: a person's name, title and e-mail, or the lines as one text. */
function tableValue(spec: FieldSpec, lines: readonly string[]): FieldValue {
  if (spec.kind !== 'person') return labelledValue(spec, lines.join(' '));
  const [name, ...more] = lines as [string, ...string[]];
  const email = more.find(looksLikeEmail);
  const title = more.filter((line) => line !== email).join(', ');
  return { name, ...(title ? { title } : {}), ...(email ? { email } : {}) };
}

function labelledValue(spec: FieldSpec, value: string): FieldValue {
  if (spec.kind === 'persons') return splitNames(value).map((name) => ({ name }));
  return spec.kind === 'person' ? { name: value } : value;
}

/** The organ field a förvaltning or nämnd line goes to: by key, else an organ field whose label says which. */
function organField(type: DocumentType, kind: Exclude<OrganKind, 'organisation'>): FieldSpec | undefined {
  const word = kind === 'forvaltning' ? 'forvaltning' : 'namnd';
  const organs = type.fields.filter((field) => field.kind === 'organ' && field.position === undefined);
  return organs.find((field) => field.key === word) ?? organs.find((field) => headingKey(field.label).includes(word));
}

/** A second diarienummer (a yttrande's remitting organ's) into the type's other free number field. */
function placeSecondNumber(
  type: DocumentType,
  fields: Record<string, FieldValue>,
  value: string,
  set: (spec: FieldSpec, value: FieldValue, how: string) => void,
): boolean {
  const spec = type.fields.find((field) => field.kind === 'diarienummer' && isEmptyFieldValue(fields[field.key]));
  if (!spec || !isValidDiarienummer(value)) return false;
  set(spec, value, 'andra diarienumret i sidhuvudet');
  return true;
}

function isTitleContinuation(next: SourceBlock | undefined, lastLine: string, nextText: string): boolean {
  return (
    next?.kind === 'paragraph' &&
    next.continues === 'wrap' &&
    isWrappedLine(lastLine, nextText) &&
    !loneDiarienummer(nextText) &&
    !parseDateLine(nextText)
  );
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
  isStopFor: (index: number, reading?: FieldSpec) => boolean,
): { value: FieldValue; consumed: number } {
  const isStop = (index: number): boolean => isStopFor(index, spec);
  if (isStopFor(start)) return { value: '', consumed: 0 };
  const first = texts[start]!;
  if (spec.kind === 'persons') {
    return { value: splitNames(first).map((name) => ({ name })), consumed: 1 };
  }
  if (spec.kind !== 'person') return { value: first, consumed: 1 };
  const person: Person = { name: first };
  let consumed = 1;
  const isEmail = (index: number): boolean => !isStop(index) && looksLikeEmail(texts[index]!);
  const looksLikeTitle = (index: number): boolean =>
    !isStop(index) && !isEmail(index) && texts[index]!.length <= 60 && !/\d/.test(texts[index]!) && !organKind(texts[index]!);
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
