/**
 * Which template a file follows, and which of its lines head the template's sections. Both read
 * the model only: a type is recognised by its label (or an alias) on a line of its own, else by
 * how many of its section titles the file uses.
 */
import { DOCUMENT_TYPES, type DocumentType, type SectionSpec } from '../../shared/model';
import { importErrors } from './importError';
import { headingKey, sourceText, type SourceBlock } from './sourceBlocks';

/** Longer lines are text, however they happen to start. */
const MAX_HEADING_LENGTH = 120;

function candidateKey(block: SourceBlock): string | undefined {
  if (block.kind !== 'paragraph' && block.kind !== 'heading') return undefined;
  const text = sourceText(block);
  return text && text.length <= MAX_HEADING_LENGTH ? headingKey(text) : undefined;
}

export function matchSection(type: DocumentType, block: SourceBlock): SectionSpec | undefined {
  const key = candidateKey(block);
  if (!key) return undefined;
  return type.sections.find((section) => [section.title, ...(section.aliases ?? [])].some((title) => headingKey(title) === key));
}

function matchTypeLabel(block: SourceBlock): DocumentType | undefined {
  const key = candidateKey(block);
  if (!key) return undefined;
  return DOCUMENT_TYPES.find((type) => [type.label, ...(type.aliases ?? [])].some((label) => headingKey(label) === key));
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
function findTypeLine(blocks: readonly SourceBlock[]): TypeDetection | undefined {
  for (const [index, block] of blocks.entries()) {
    const type = matchTypeLabel(block);
    if (type) {
      return { type, typeLineIndex: index, reason: `raden ${JSON.stringify(sourceText(block))} i sidhuvudet anger dokumenttypen` };
    }
    if (DOCUMENT_TYPES.some((candidate) => matchSection(candidate, block))) return undefined;
  }
  return undefined;
}

function bySectionTitles(blocks: readonly SourceBlock[]): TypeDetection | undefined {
  let best: { type: DocumentType; titles: string[] } | undefined;
  for (const type of DOCUMENT_TYPES) {
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
export function detectDocumentType(blocks: readonly SourceBlock[]): TypeDetection {
  const detection = findTypeLine(blocks) ?? bySectionTitles(blocks);
  if (!detection) throw importErrors.unrecognised();
  return detection;
}
