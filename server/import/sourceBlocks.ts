/**
 * What a front-end (text or DOCX) hands to the shared mapping: the file's blocks in reading
 * order, with the formatting it could see, and nothing yet decided about sections or fields.
 */
import { blockText, runsText, type Block, type InlineRun } from '../../shared/doc/blocks';

/** A dotted or underscored signature line ("....."), which frames a signatory's name. */
export interface SignatureRule {
  kind: 'rule';
}

/**
 * A footnote or endnote of a Word file, with the number its reference shows in the text ("[1]").
 * The mapping puts it at the end of the section that refers to it.
 */
export interface SourceFootnote {
  kind: 'footnote';
  number: string;
  runs: InlineRun[];
}

/**
 * A paragraph as read, which may be one line of a longer one: `continues` says it followed the
 * line before it in the file with no blank line between (`wrap`, a text file: a wrapped line or a
 * line of a stacked block) or after a soft line break (`break`, Word). Where the lines end up
 * decides whether they are joined again (prose), stay lines (a header) or become items (a list).
 */
export interface SourceParagraph {
  kind: 'paragraph';
  runs: InlineRun[];
  continues?: LineBreak;
}

export type LineBreak = 'wrap' | 'break';

export type SourceBlock = Exclude<Block, { kind: 'paragraph' }> | SourceParagraph | SignatureRule | SourceFootnote;

export function sourceText(block: SourceBlock): string {
  if (block.kind === 'rule') return '';
  const text = block.kind === 'footnote' ? runsText(block.runs) : blockText(block);
  return text.replace(/\s+/g, ' ').trim();
}

const RULE_LINE = /^\s*[._…]{3,}\s*$/;

export function isRuleLine(line: string): boolean {
  return RULE_LINE.test(line);
}

/** A list marker at the start of a line: "- ", "* ", "• ", "1. ", "1) ". */
export function listMarker(line: string): { ordered: boolean; rest: string } | undefined {
  // One whitespace character in the pattern and the rest trimmed in code: `\s+(.*)$` backtracked
  // quadratically over a run of spaces before a line separator.
  const bullet = /^\s*[-*•–]\s(.*)$/s.exec(line);
  if (bullet) return { ordered: false, rest: bullet[1]!.trimStart() };
  const numbered = /^\s*\d{1,3}[.)]\s(.*)$/s.exec(line);
  if (numbered) return { ordered: true, rest: numbered[1]!.trimStart() };
  return undefined;
}

/**
 * A heading compared the way officials mean it: without case, diacritics ("Forslag" is
 * "Förslag"), numbering ("2. Sammanfattning"), emphasis markers or a trailing colon.
 */
export function headingKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[*_#]/g, ' ')
    .replace(/^\s*\d+(?:\.\d+)*\.?\s+/, '')
    .replace(/[:.]\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
