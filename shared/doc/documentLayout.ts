/**
 * What a printed document shows, in reading order, decided once for every export format: the
 * organisation's letterhead, the header block, the type's name, the addressee, the title with its
 * diarienummer, the opening line, each section under its template title, the signatures (where
 * the type puts them) and the generated closing lines. The formats only decide how each part looks.
 */
import {
  acceptedBlocks,
  flattenList,
  isBlankBlock,
  mapBlockRuns,
  nestLists,
  runsText,
  type Block,
  type InlineRun,
  type ListTree,
} from './blocks';
import type { DocumentSnapshotView } from './documentState';
import {
  closingLines,
  documentTypeOfView,
  formatPerson,
  isEmptyFieldValue,
  type AnnouncedBilaga,
  type FieldSpec,
  type FieldValue,
  type Letterhead,
  type Person,
  templates,
} from '../model';
import { clampHeadingLevel } from '../model/schema';
import { cleanText } from '../model/text';

export interface LayoutField {
  label: string;
  /** One printed line each: a person is name, title and e-mail. */
  lines: string[];
}

/** One person of a signature block, printed as the name with the title on the line below. */
export interface Signatory {
  /** With the party for elected members: "Kerstin Håkansson (M)". */
  name: string;
  title?: string;
}

export interface LayoutSignature extends LayoutField {
  signatories: Signatory[];
}

export interface LayoutSection {
  key: string;
  title: string;
  blocks: Block[];
  /**
   * For a section that lists the people responsible (Ansvariga) and holds nothing but their
   * lines: each line read as name and title, which the formats print as a signature block.
   */
  signatories?: Signatory[];
}

export interface DocumentLayout {
  /** Printed at the top of the first page; later pages repeat the organisation's name. */
  letterhead: Letterhead;
  typeLabel: string;
  header: LayoutField[];
  addressee: LayoutField[];
  title: string;
  titleDiarienummer?: string;
  opening?: string;
  sections: LayoutSection[];
  signatures: LayoutSignature[];
  /** How many of `sections` come before the signatures (the type's `signatureAfter`); all by default. */
  signaturesAfter: number;
  closingLines: string[];
  /** The document's own diarienummer, for file names and the running header. */
  diarienummer?: string;
  /** The handläggare (the header's reference person, else the first signatory): the file's author. */
  author?: string;
}

export interface LayoutOptions {
  /**
   * The letterhead to print instead of the one of the document's own template pack version. A
   * letterhead without a förvaltning takes the document's Förvaltning field.
   */
  letterhead?: Letterhead;
  /**
   * Open suggestions (issue 15): `accepted` (the default) prints the text as if every one were
   * accepted; `markup` keeps them on the runs, for formats that show them as changes.
   */
  suggestions?: SuggestionRendering;
  /** Marked up: the names of the people whose suggestions carry none of their own, by user id. */
  authorNames?: ReadonlyMap<string, string>;
}

export const SUGGESTION_RENDERINGS = ['accepted', 'markup'] as const;
export type SuggestionRendering = (typeof SUGGESTION_RENDERINGS)[number];

/** The logo's text alternative: "Malmö stads logotyp", "Region Västerås logotyp". */
export function logoDescription(organisation: string): string {
  return /[sxz]$/iu.test(organisation) ? `${organisation} logotyp` : `${organisation}s logotyp`;
}

function signatoryOf(person: Person): Signatory {
  const title = person.title?.trim();
  return title ? { name: formatPerson(person), title } : { name: formatPerson(person) };
}

function fieldSignatories(value: FieldValue): Signatory[] {
  if (typeof value === 'string') return value.trim() ? [splitSignatory(value)] : [];
  return (Array.isArray(value) ? value : [value]).filter((person) => person.name.trim()).map(signatoryOf);
}

/** Words that begin a title although they are no role themselves ("Tf. förvaltningschef"). */
const TITLE_PREFIXES = new Set(['tf', 'tf.', 't.f.', 'bitr.', 'biträdande', 'tillförordnad', 'ställföreträdande', 'vice']);
/** How Swedish role names end: förvaltningschef, stadsdirektör, utvecklingssekreterare, kommunalråd. */
const ROLE_ENDINGS =
  /(?:chef|direktör|ansvarig|handläggare|sekreterare|strateg|samordnare|controller|utredare|ordförande|jurist|ekonom|rådgivare|specialist|assistent|koordinator|ledare|föreståndare|inspektör|planerare|arkitekt|ingenjör|konsult|kurator|psykolog|sköterska|lärare|rektor|kommunikatör|analytiker|registrator|revisor|notarie|ombud|råd|ledamot|ersättare)$/u;
const DASHES = new Set(['-', '–', '—']);
/** Lower-case words that belong to a surname: "Anna von Platen". */
const NAME_PARTICLES = new Set(['af', 'av', 'da', 'de', 'del', 'der', 'di', 'du', 'la', 'van', 'von']);

function isTitleWord(word: string): boolean {
  const lower = word.toLowerCase();
  if (/^\(.*\)$/u.test(word) || NAME_PARTICLES.has(lower)) return false;
  return TITLE_PREFIXES.has(lower) || /^\p{Ll}/u.test(word) || ROLE_ENDINGS.test(lower.replace(/[.,]$/u, ''));
}

/**
 * One line of a list of the people responsible, as name and title: "Jonas Magnusson
 * Enhetschef", "Jonas Magnusson, enhetschef", "Anna von Platen – Tf. förvaltningschef", or the
 * name and title on two lines. The title starts at the first word after the name that reads as
 * a role; a line with none is all name.
 */
export function splitSignatory(line: string): Signatory {
  const words = (part: string) => part.split(/\s+/u).filter((word) => word !== '');
  const signatory = (name: string[], title: string[]): Signatory =>
    title.length ? { name: name.join(' '), title: title.join(' ') } : { name: name.join(' ') };
  const lineBreak = line.trim().indexOf('\n');
  if (lineBreak > 0) return signatory(words(line.trim().slice(0, lineBreak)), words(line.trim().slice(lineBreak + 1)));
  const all = words(line);
  for (let index = 1; index < all.length; index++) {
    const word = all[index]!;
    const before = all[index - 1]!;
    if (DASHES.has(word)) return signatory(all.slice(0, index), all.slice(index + 1));
    if (before.endsWith(',')) return signatory([...all.slice(0, index - 1), before.slice(0, -1)], all.slice(index));
    if (isTitleWord(word)) return signatory(all.slice(0, index), all.slice(index));
  }
  return signatory(all, []);
}

/** The lines of a section that names people, or undefined when it holds anything but such lines. */
function sectionSignatories(blocks: readonly Block[]): Signatory[] | undefined {
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'list') lines.push(...block.items.map(runsText));
    else if (block.kind === 'paragraph') lines.push(runsText(block.runs));
    else return undefined;
  }
  const signatories = lines.filter((line) => line.trim() !== '').map(splitSignatory);
  return signatories.length ? signatories : undefined;
}

function fieldLines(spec: FieldSpec, value: FieldValue): string[] {
  if (typeof value === 'string') return [value.trim()];
  if (Array.isArray(value)) {
    const names = value.filter((person) => person.name.trim()).map(formatPerson);
    return spec.position === 'signature' ? names : [names.join(', ')];
  }
  if (spec.position === 'signature') return [formatPerson(value)];
  return [value.name, value.title, value.email].filter((line): line is string => !!line && line.trim() !== '');
}

/** An empty list item is an editor placeholder, unless a sub-list hangs from it. */
function printableList(tree: ListTree): ListTree | undefined {
  const items = tree.items
    .map((item) => ({ runs: item.runs, lists: item.lists.map(printableList).filter((list): list is ListTree => !!list) }))
    .filter((item) => runsText(item.runs).trim() !== '' || item.lists.length > 0);
  return items.length ? { ...tree, items } : undefined;
}

function cleanRuns(runs: readonly InlineRun[]): InlineRun[] {
  return runs.map((run) => ({ ...run, text: cleanText(run.text) }));
}

/** Suggestions that name no author are given the name the user has, where it is known. */
function namedSuggestions(blocks: readonly Block[], names: ReadonlyMap<string, string>): Block[] {
  return mapBlockRuns(blocks, (runs) =>
    runs.map((run) =>
      run.suggestions?.some((suggestion) => !suggestion.userName)
        ? {
            ...run,
            suggestions: run.suggestions.map((suggestion) =>
              suggestion.userName ? suggestion : { ...suggestion, userName: names.get(suggestion.userId) ?? null },
            ),
          }
        : run,
    ),
  );
}

/**
 * The blocks as every format prints them: blank paragraphs and empty list items (editor
 * placeholders) left out, characters no file format can carry replaced (shared/model/text.ts),
 * heading levels and spans within the schema's values, whatever the stored document holds.
 */
export function printableBlocks(blocks: readonly Block[]): Block[] {
  const printable: Block[] = [];
  for (const block of nestLists(blocks)) {
    switch (block.kind) {
      case 'listTree': {
        const tree = printableList({ ...block, items: block.items.map((item) => ({ ...item, runs: cleanRuns(item.runs) })) });
        if (tree) printable.push(...flattenList(tree));
        break;
      }
      case 'paragraph':
        printable.push({ kind: 'paragraph', runs: cleanRuns(block.runs) });
        break;
      case 'heading':
        printable.push({ kind: 'heading', level: clampHeadingLevel(block.level), runs: cleanRuns(block.runs) });
        break;
      case 'quote':
        printable.push({ kind: 'quote', blocks: printableBlocks(block.blocks) });
        break;
      case 'code':
        printable.push({ kind: 'code', text: cleanText(block.text) });
        break;
      case 'divider':
        printable.push(block);
        break;
      case 'table':
        printable.push({
          kind: 'table',
          rows: block.rows.map((row) => ({
            cells: row.cells.map((cell) => ({ ...cell, blocks: printableBlocks(cell.blocks) })),
          })),
        });
        break;
    }
  }
  return printable.filter((block) => !isBlankBlock(block));
}

export function documentLayout(
  view: DocumentSnapshotView,
  bilagor: readonly AnnouncedBilaga[] = [],
  options: LayoutOptions = {},
): DocumentLayout {
  const type = documentTypeOfView(view);
  const pack = templates.pack(view.template);
  const value = (key: string | undefined): FieldValue | undefined => (key ? view.fields[key] : undefined);
  const text = (key: string | undefined): string | undefined => {
    const raw = value(key);
    return typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
  };
  const generated = new Set([type.titleFields.title, type.titleFields.diarienummer, type.openingLine?.field]);
  const filled = (position: FieldSpec['position']) =>
    type.fields.flatMap((spec) => {
      const raw = value(spec.key);
      return spec.position === position && !generated.has(spec.key) && raw !== undefined && !isEmptyFieldValue(raw) ? [{ spec, raw }] : [];
    });
  const fieldsAt = (position: FieldSpec['position']): LayoutField[] =>
    filled(position).map(({ spec, raw }) => ({ label: spec.label, lines: fieldLines(spec, raw) }));
  const signatures: LayoutSignature[] = filled('signature').map(({ spec, raw }) => ({
    label: spec.label,
    lines: fieldLines(spec, raw),
    signatories: fieldSignatories(raw),
  }));

  const contents = new Map(view.sections.map((section) => [section.key, section.blocks]));
  const accepted = (blocks: readonly Block[]) => printableBlocks(acceptedBlocks(blocks));
  const printed = type.sections
    .map((spec, order) => {
      const stored = contents.get(spec.key) ?? [];
      if (options.suggestions !== 'markup') return { spec, order, blocks: accepted(stored) };
      return { spec, order, blocks: printableBlocks(options.authorNames ? namedSuggestions(stored, options.authorNames) : stored) };
    })
    // An empty optional section is left out; an empty required one shows its heading so the gap is seen.
    .filter(({ spec, blocks }) => blocks.length > 0 || spec.required);
  const sections = printed.map(({ spec, blocks }): LayoutSection => {
    // The people responsible are read from the text as it will be, never from a proposed deletion.
    const signatories = spec.signatories ? sectionSignatories(accepted(blocks)) : undefined;
    return signatories ? { key: spec.key, title: spec.title, blocks, signatories } : { key: spec.key, title: spec.title, blocks };
  });
  const signatureOrder = type.signatureAfter === undefined ? -1 : type.sections.findIndex((spec) => spec.key === type.signatureAfter);
  const signaturesAfter = signatureOrder < 0 ? sections.length : printed.filter(({ order }) => order <= signatureOrder).length;

  const referencePerson = filled(undefined).find(({ spec }) => spec.kind === 'person');
  const author =
    (referencePerson && fieldSignatories(referencePerson.raw)[0]?.name) ??
    signatures[0]?.signatories[0]?.name ??
    sections.find((section) => section.signatories)?.signatories?.[0]?.name;

  const letterhead = options.letterhead ?? pack.letterhead;
  const openingValue = text(type.openingLine?.field);
  return cleanLayout({
    letterhead: { ...letterhead, forvaltning: letterhead.forvaltning?.trim() || text('forvaltning') },
    typeLabel: type.label,
    header: fieldsAt(undefined),
    addressee: fieldsAt('addressee'),
    title: text(type.titleFields.title) ?? view.title,
    titleDiarienummer: text(type.titleFields.diarienummer),
    opening: openingValue && type.openingLine ? `${openingValue} ${type.openingLine.phrase}` : undefined,
    sections,
    signatures,
    signaturesAfter,
    closingLines: closingLines(bilagor, pack.closingLines),
    diarienummer: text('diarienummer') ?? text(type.titleFields.diarienummer),
    author,
  });
}

/** Header texts get the same character cleaning as the blocks (printableBlocks). */
function cleanLayout(layout: DocumentLayout): DocumentLayout {
  const clean = (value: string | undefined) => (value === undefined ? undefined : cleanText(value));
  const cleanFields = (fields: LayoutField[]) => fields.map((field) => ({ label: field.label, lines: field.lines.map(cleanText) }));
  const cleanSignatories = (signatories: Signatory[]) =>
    signatories.map(({ name, title }) =>
      title === undefined ? { name: cleanText(name) } : { name: cleanText(name), title: cleanText(title) },
    );
  return {
    ...layout,
    letterhead: {
      ...layout.letterhead,
      organisation: cleanText(layout.letterhead.organisation),
      forvaltning: clean(layout.letterhead.forvaltning),
    },
    sections: layout.sections.map((section) =>
      section.signatories ? { ...section, signatories: cleanSignatories(section.signatories) } : section,
    ),
    header: cleanFields(layout.header),
    addressee: cleanFields(layout.addressee),
    title: cleanText(layout.title),
    titleDiarienummer: clean(layout.titleDiarienummer),
    opening: clean(layout.opening),
    signatures: layout.signatures.map((signature) => ({
      label: cleanText(signature.label),
      lines: signature.lines.map(cleanText),
      signatories: cleanSignatories(signature.signatories),
    })),
    closingLines: layout.closingLines.map(cleanText),
    diarienummer: clean(layout.diarienummer),
    author: clean(layout.author),
  };
}
