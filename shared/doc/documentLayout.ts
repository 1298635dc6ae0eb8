/**
 * What a printed document shows, in reading order, decided once for every export format: the
 * header block, the type's name, the addressee, the title with its diarienummer, the opening
 * line, each section under its template title, the signatures and the generated closing lines.
 * The formats only decide how each part looks.
 */
import { flattenList, isBlankBlock, nestLists, runsText, type Block, type InlineRun, type ListTree } from './blocks';
import type { DocumentSnapshotView } from './documentState';
import {
  closingLines,
  documentType,
  formatPerson,
  isEmptyFieldValue,
  type AnnouncedBilaga,
  type FieldSpec,
  type FieldValue,
} from '../model';
import { clampHeadingLevel } from '../model/schema';
import { cleanText } from '../model/text';

export interface LayoutField {
  label: string;
  /** One printed line each: a person is name, title and e-mail. */
  lines: string[];
}

export interface LayoutSection {
  key: string;
  title: string;
  blocks: Block[];
}

export interface DocumentLayout {
  typeLabel: string;
  header: LayoutField[];
  addressee: LayoutField[];
  title: string;
  titleDiarienummer?: string;
  opening?: string;
  sections: LayoutSection[];
  signatures: LayoutField[];
  closingLines: string[];
  /** The document's own diarienummer, for file names. */
  diarienummer?: string;
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

export function documentLayout(view: DocumentSnapshotView, bilagor: readonly AnnouncedBilaga[] = []): DocumentLayout {
  const type = documentType(view.type);
  const value = (key: string | undefined): FieldValue | undefined => (key ? view.fields[key] : undefined);
  const text = (key: string | undefined): string | undefined => {
    const raw = value(key);
    return typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
  };
  const generated = new Set([type.titleFields.title, type.titleFields.diarienummer, type.openingLine?.field]);
  const fieldsAt = (position: FieldSpec['position']): LayoutField[] =>
    type.fields
      .filter((spec) => spec.position === position && !generated.has(spec.key))
      .flatMap((spec) => {
        const raw = value(spec.key);
        return raw === undefined || isEmptyFieldValue(raw) ? [] : [{ label: spec.label, lines: fieldLines(spec, raw) }];
      });

  const contents = new Map(view.sections.map((section) => [section.key, section.blocks]));
  const sections = type.sections
    .map((spec) => ({ key: spec.key, title: spec.title, blocks: printableBlocks(contents.get(spec.key) ?? []), required: spec.required }))
    // An empty optional section is left out; an empty required one shows its heading so the gap is seen.
    .filter((section) => section.blocks.length > 0 || section.required)
    .map(({ key, title, blocks }) => ({ key, title, blocks }));

  const openingValue = text(type.openingLine?.field);
  return cleanLayout({
    typeLabel: type.label,
    header: fieldsAt(undefined),
    addressee: fieldsAt('addressee'),
    title: text(type.titleFields.title) ?? view.title,
    titleDiarienummer: text(type.titleFields.diarienummer),
    opening: openingValue && type.openingLine ? `${openingValue} ${type.openingLine.phrase}` : undefined,
    sections,
    signatures: fieldsAt('signature'),
    closingLines: closingLines(bilagor),
    diarienummer: text('diarienummer') ?? text(type.titleFields.diarienummer),
  });
}

/** Header texts get the same character cleaning as the blocks (printableBlocks). */
function cleanLayout(layout: DocumentLayout): DocumentLayout {
  const clean = (value: string | undefined) => (value === undefined ? undefined : cleanText(value));
  const cleanFields = (fields: LayoutField[]) => fields.map((field) => ({ label: field.label, lines: field.lines.map(cleanText) }));
  return {
    ...layout,
    header: cleanFields(layout.header),
    addressee: cleanFields(layout.addressee),
    title: cleanText(layout.title),
    titleDiarienummer: clean(layout.titleDiarienummer),
    opening: clean(layout.opening),
    signatures: cleanFields(layout.signatures),
    closingLines: layout.closingLines.map(cleanText),
    diarienummer: clean(layout.diarienummer),
  };
}
