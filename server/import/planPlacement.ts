/**
 * Where the parts of a parsed document go under an import plan: its blocks numbered the same way
 * at the dry run and at create, where a block of one document type lands in another, where a
 * header value goes, and the short text that names a block to the official.
 */
import { blockText, type Block } from '../../shared/doc/blocks';
import { mainSection, templates, type DocumentType, type SectionSpec } from '../../shared/model';
import { ValidationError } from '../errors';
import type { ParsedDocument } from './parseDocument';
import { UNPLACED_HEADING } from './unplacedText';

export interface NumberedBlock {
  block: Block;
  section: SectionSpec;
  unplaced: boolean;
}

/**
 * The parsed document's blocks, numbered section by section in the type's order and in source
 * order within a section. A section the type does not know (none today) counts as its main one,
 * so that no block goes without a number.
 */
export function numberedBlocks(parsed: ParsedDocument, type: DocumentType): NumberedBlock[] {
  const numbered: NumberedBlock[] = [];
  const known = new Set(type.sections.map((spec) => spec.key));
  const add = (spec: SectionSpec, blocks: readonly Block[]) => {
    let unplacedLevel: number | undefined;
    for (const block of blocks) {
      if (block.kind === 'heading') {
        if (blockText(block).trim() === UNPLACED_HEADING) unplacedLevel = block.level;
        else if (unplacedLevel !== undefined && block.level <= unplacedLevel) unplacedLevel = undefined;
      }
      numbered.push({ block, section: spec, unplaced: unplacedLevel !== undefined });
    }
  };
  for (const spec of type.sections) add(spec, parsed.sections[spec.key] ?? []);
  for (const [key, blocks] of Object.entries(parsed.sections)) if (!known.has(key)) add(mainSection(type), blocks);
  return numbered;
}

function nameKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Where a block of `from` goes in another type: the section with the same key, else one with the
 * same title or alias, else the main section. Unplaced text stays last, in the last section.
 */
export function remapSection(from: SectionSpec, unplaced: boolean, to: DocumentType): SectionSpec {
  if (unplaced) return to.sections.at(-1) ?? mainSection(to);
  const sameKey = to.sections.find((spec) => spec.key === from.key);
  if (sameKey) return sameKey;
  const names = new Set([from.title, ...(from.aliases ?? [])].map(nameKey));
  return to.sections.find((spec) => [spec.title, ...(spec.aliases ?? [])].some((name) => names.has(nameKey(name)))) ?? mainSection(to);
}

export function preview(block: Block): string {
  if (block.kind === 'divider') return '(avdelare)';
  const text = blockText(block).replace(/\s+/g, ' ').trim();
  const cut = text.length > 120 ? `${text.slice(0, 119)}…` : text;
  if (block.kind === 'list' && block.items.length > 1) return `${cut} (${block.items.length} punkter)`;
  return cut;
}

/** The document types of the template pack version the file was read into: those the document can be made as. */
export function typesOf(parsed: ParsedDocument): readonly DocumentType[] {
  return templates.pack(parsed.template).documentTypes;
}

export function typeOf(key: string, types: readonly DocumentType[]): DocumentType {
  const type = types.find((candidate) => candidate.key === key);
  if (!type) {
    throw new ValidationError(
      `Dokumenttypen "${key}" finns inte i organisationens mallar. Välj en av ${types.map((candidate) => candidate.key).join(', ')}.`,
    );
  }
  return type;
}

/** The field of `to` that a header value of `from` goes to: the same key, or the title field for the title. */
export function fieldTarget(key: string, from: DocumentType, to: DocumentType): string | undefined {
  const target = key === from.titleFields.title ? to.titleFields.title : key;
  return to.fields.some((spec) => spec.key === target) ? target : undefined;
}
