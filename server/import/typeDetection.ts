/**
 * Which template a file follows, and which of its lines head the template's sections. Both read
 * the document types given (a template pack's) and the importer's vocabulary: a type is
 * recognised by its name on a line of its own, else by how many of its section titles the file
 * uses.
 */
import type { DocumentType, SectionSpec } from '../../shared/model';
import { importErrors } from './importError';
import { headingKey, sourceText, type SourceBlock } from './sourceBlocks';
import { sectionNames, typeNames } from './vocabulary';

/** Longer lines are text, however they happen to start. */
const MAX_HEADING_LENGTH = 120;

function candidateKey(block: SourceBlock): string | undefined {
  // A numbered heading ("2. Förslag till beslut") reads as a list of one item in a text file.
  const numbered = block.kind === 'list' && block.items.length === 1 && !block.depth;
  if (block.kind !== 'paragraph' && block.kind !== 'heading' && !numbered) return undefined;
  const text = sourceText(block);
  // The rest of a wrapped sentence ("… framkommer i" / "ärendet.") is no heading.
  if (block.kind === 'paragraph' && block.continues && /^\p{Ll}/u.test(text)) return undefined;
  return text && text.length <= MAX_HEADING_LENGTH ? headingKey(text) : undefined;
}

/** Each type's section names by heading key, the template's own before the vocabulary's; built once per type. */
const sectionIndexes = new WeakMap<DocumentType, Map<string, SectionSpec>>();

function sectionIndex(type: DocumentType): Map<string, SectionSpec> {
  let index = sectionIndexes.get(type);
  if (!index) {
    index = new Map();
    // The template's own titles win over the vocabulary's ("Bilagor" may be a section of its own).
    for (const section of type.sections)
      for (const title of [section.title, ...(section.aliases ?? [])]) setOnce(index, headingKey(title), section);
    for (const section of type.sections) for (const title of sectionNames(section)) setOnce(index, headingKey(title), section);
    sectionIndexes.set(type, index);
  }
  return index;
}

function setOnce<T>(map: Map<string, T>, key: string, value: T): void {
  if (!map.has(key)) map.set(key, value);
}

export function matchSection(type: DocumentType, block: SourceBlock): SectionSpec | undefined {
  const key = candidateKey(block);
  return key ? sectionIndex(type).get(key) : undefined;
}

const typeIndexes = new WeakMap<readonly DocumentType[], Map<string, DocumentType>>();

function matchTypeLabel(types: readonly DocumentType[], block: SourceBlock): DocumentType | undefined {
  const key = candidateKey(block);
  if (!key) return undefined;
  let index = typeIndexes.get(types);
  if (!index) {
    index = new Map();
    for (const type of types) for (const label of [type.label, ...(type.aliases ?? [])]) setOnce(index, headingKey(label), type);
    for (const type of types) for (const label of typeNames(type)) setOnce(index, headingKey(label), type);
    typeIndexes.set(types, index);
  }
  return index.get(key);
}

export interface TypeDetection {
  type: DocumentType;
  /** The index of the block naming the type ("Tjänsteskrivelse"), if the file has one. */
  typeLineIndex?: number;
  /** Why, in Swedish, for the import report. */
  reason: string;
}

/**
 * The type line belongs to the header, so it is looked for only before the first heading that is
 * a section title and not also a type name (a yttrande's "Yttrande" is both).
 */
function findTypeLine(types: readonly DocumentType[], blocks: readonly SourceBlock[]): TypeDetection | undefined {
  for (const [index, block] of blocks.entries()) {
    const type = matchTypeLabel(types, block);
    if (type) {
      return { type, typeLineIndex: index, reason: `raden ${JSON.stringify(sourceText(block))} i sidhuvudet anger dokumenttypen` };
    }
    if (types.some((candidate) => matchSection(candidate, block))) return undefined;
  }
  return undefined;
}

function bySectionTitles(types: readonly DocumentType[], blocks: readonly SourceBlock[]): TypeDetection | undefined {
  let best: { type: DocumentType; titles: string[] } | undefined;
  for (const type of types) {
    const titles = new Set<string>();
    for (const block of blocks) {
      const section = matchSection(type, block);
      if (section) titles.add(section.title);
    }
    const count = titles.size;
    const enough = count >= 2 || (count >= 1 && count === type.sections.length);
    if (!enough) continue;
    const better =
      !best ||
      count > best.titles.length ||
      (count === best.titles.length && count / type.sections.length > best.titles.length / best.type.sections.length);
    if (better) best = { type, titles: [...titles] };
  }
  if (!best) return undefined;
  return { type: best.type, reason: `avsnittsrubrikerna ${best.titles.join(', ')} hör till mallen` };
}

/** The file's document type; an ImportError when the file follows no template. */
export function detectDocumentType(types: readonly DocumentType[], blocks: readonly SourceBlock[]): TypeDetection {
  const detection = findTypeLine(types, blocks) ?? bySectionTitles(types, blocks);
  if (!detection) throw importErrors.unrecognised();
  return detection;
}
