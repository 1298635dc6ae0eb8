/**
 * What the importer did with a file, in Swedish, so the official can check the result before
 * (dry run) or after the document is created: the type and why, each header field, where each
 * heading went, what could not be placed and which required sections are still empty.
 */
import type { DocumentTypeKey } from '../../shared/model';

export type ImportReportKind =
  | 'type'
  | 'field'
  | 'section'
  | 'subheading'
  | 'unplaced'
  | 'joined'
  | 'signature'
  | 'bilaga'
  | 'emptySection'
  | 'warning'
  /** Word's tracked changes that became suggestions (docxTrackedChanges.ts). */
  | 'suggestion';

export interface ImportReportEntry {
  kind: ImportReportKind;
  message: string;
  field?: string;
  section?: string;
}

export interface ImportReport {
  type: { key: DocumentTypeKey; label: string; reason: string };
  entries: ImportReportEntry[];
}

/** Collects entries while the importer works; the order is the order things were found. */
export class ReportCollector {
  readonly entries: ImportReportEntry[] = [];

  add(kind: ImportReportKind, message: string, about: { field?: string; section?: string } = {}): void {
    this.entries.push({ kind, message, ...about });
  }
}

/** Long texts are cut so that the report stays readable. */
export function quote(text: string, max = 80): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return `"${clean.length > max ? `${clean.slice(0, max - 1)}…` : clean}"`;
}

/**
 * The Word reader's (mammoth's) warnings, which are English and name Word's internals, as notes
 * an official can act on. Known messages are translated and counted per kind; unknown ones are
 * summed up without quoting them. The originals go to the operators' log (ParsedDocument's
 * libraryWarnings), never to the user.
 */
export function libraryWarningNotes(warnings: readonly string[]): string[] {
  const counts = new Map<LibraryWarningKind, { count: number; names: Set<string> }>();
  for (const warning of warnings) {
    const { kind, name } = classifyLibraryWarning(warning);
    const entry = counts.get(kind) ?? { count: 0, names: new Set<string>() };
    entry.count++;
    if (name && entry.names.size < MAX_NAMES) entry.names.add(name);
    counts.set(kind, entry);
  }
  return [...counts].map(([kind, { count, names }]) =>
    LIBRARY_WARNING_NOTES[kind](count, [...names].map((name) => `"${name}"`).join(', ')),
  );
}

type LibraryWarningKind =
  'paragraphStyle' | 'runStyle' | 'otherStyle' | 'missingStyle' | 'element' | 'symbol' | 'field' | 'break' | 'table' | 'image' | 'unknown';

/** At most this many style or font names are quoted in one note. */
const MAX_NAMES = 5;

const LIBRARY_WARNING_NOTES: Record<LibraryWarningKind, (count: number, names: string) => string> = {
  paragraphStyle: (count, names) =>
    `${count} ${count === 1 ? 'stycke' : 'stycken'} i Word-filen har en egen formatmall (${names}) som Yttra inte känner till; texten har tagits som vanlig text.`,
  runStyle: (count, names) =>
    `${count === 1 ? 'En textdel' : `${count} textdelar`} i Word-filen har en egen teckenformatmall (${names}); texten har tagits utan den formateringen.`,
  otherStyle: (count, names) =>
    `${count === 1 ? 'En formatmall' : `${count} formatmallar`} i Word-filen (${names}) känns inte igen; innehållet har tagits med utan den formateringen.`,
  missingStyle: (count, names) =>
    `Word-filen hänvisar ${count === 1 ? 'till en formatmall' : `${count} gånger till formatmallar`} som saknas i filen (${names}); texten har tagits som vanlig text.`,
  element: (count) =>
    `${count === 1 ? 'En del' : `${count} delar`} av Word-filen (t.ex. innehållskontroller eller fält) kunde inte läsas och hoppades över; jämför texten med originalet.`,
  symbol: (count, names) =>
    `${count === 1 ? 'Ett symboltecken' : `${count} symboltecken`} (typsnitt ${names}) kunde inte läsas och saknas i texten; skriv in ${count === 1 ? 'det' : 'dem'} vid behov.`,
  field: (count) =>
    `${count === 1 ? 'Ett fält' : `${count} fält`} i Word-filen (t.ex. datum eller sidnummer) var ofullständigt; dess synliga text har tagits som vanlig text.`,
  break: (count) => `${count === 1 ? 'En brytning' : `${count} brytningar`} av okänd sort i Word-filen hoppades över.`,
  table: (count) =>
    `${count === 1 ? 'En tabell' : `${count} tabeller`} i Word-filen har en ovanlig uppbyggnad; kontrollera sammanslagna celler.`,
  image: (count) => `${count === 1 ? 'En bild' : `${count} bilder`} i Word-filen har inte tagits med; Yttra redigerar dokumentets text.`,
  unknown: (count) =>
    `${count} ${count === 1 ? 'formateringsdetalj' : 'formateringsdetaljer'} i Word-filen kunde inte läsas och har tagits som vanlig text; kontrollera texten mot originalet.`,
};

/** Which kind a warning is, by the fixed wording mammoth uses, and the name it quotes if any. */
function classifyLibraryWarning(warning: string): { kind: LibraryWarningKind; name?: string } {
  const quoted = (): string | undefined => {
    const start = warning.indexOf("'");
    const end = warning.indexOf("'", start + 1);
    return start !== -1 && end > start ? warning.slice(start + 1, end) : undefined;
  };
  if (warning.startsWith('Unrecognised paragraph style:')) return { kind: 'paragraphStyle', name: quoted() };
  if (warning.startsWith('Unrecognised run style:')) return { kind: 'runStyle', name: quoted() };
  if (warning.startsWith('Unrecognised ') && warning.includes(' style:')) return { kind: 'otherStyle', name: quoted() };
  if (warning.includes('was referenced but not defined in the document')) {
    const id = / style with ID (\S+) was referenced/.exec(warning)?.[1];
    return { kind: 'missingStyle', name: id };
  }
  if (warning.startsWith('An unrecognised element was ignored')) return { kind: 'element' };
  if (warning.startsWith('A w:sym element with an unsupported character')) {
    const font = warning.lastIndexOf(' in font ');
    return { kind: 'symbol', name: font === -1 ? undefined : warning.slice(font + ' in font '.length).trim() };
  }
  if (warning.startsWith('Ignoring complex field')) return { kind: 'field' };
  if (warning.startsWith('Unsupported break type')) return { kind: 'break' };
  if (warning.includes('cell merging may be incorrect')) return { kind: 'table' };
  if (/image/i.test(warning)) return { kind: 'image' };
  return { kind: 'unknown' };
}
