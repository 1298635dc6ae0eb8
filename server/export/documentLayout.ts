/**
 * What a printed document shows, in reading order, decided once for every export format: the
 * header block, the type's name, the addressee, the title with its diarienummer, the opening
 * line, each section under its template title, the signatures and the generated closing lines.
 * The formats only decide how each part looks.
 */
import { isBlankBlock, runsText, type Block } from '../../shared/doc/blocks';
import type { DocumentSnapshotView } from '../../shared/doc/documentState';
import {
  closingLines,
  documentType,
  formatPerson,
  isEmptyFieldValue,
  type AnnouncedBilaga,
  type FieldSpec,
  type FieldValue,
} from '../../shared/model';

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

/** Blank paragraphs and empty list items are editor placeholders, not content. */
function printableBlocks(blocks: readonly Block[]): Block[] {
  return blocks
    .map((block) =>
      block.kind === 'list' ? { ...block, items: block.items.filter((item) => runsText(item).trim() !== '') } : block,
    )
    .filter((block) => !isBlankBlock(block));
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
  return {
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
  };
}
