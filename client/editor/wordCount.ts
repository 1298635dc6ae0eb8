/**
 * Word counts for the status line: the whole body and the section the caret is in. ProseMirror
 * nodes are immutable and an edit keeps every untouched node object, so a count is cached per
 * node: a keystroke recounts one paragraph and sums its ancestors' children.
 */
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import { SECTION_KEY_ATTRIBUTE } from '../../shared/doc/documentState';

/** A word is a run of non-space characters holding at least one letter or digit ("–" is not one). */
const WORD = /\S*[\p{L}\p{N}]\S*/gu;

export function countWords(text: string): number {
  let count = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text)) count += 1;
  return count;
}

const byNode = new WeakMap<ProseMirrorNode, number>();

/** The words of a node: a textblock's own, a container's the sum of its children's (blocks and cells separate words). */
function nodeWords(node: ProseMirrorNode): number {
  const known = byNode.get(node);
  if (known !== undefined) return known;
  let count = 0;
  if (node.isTextblock) count = countWords(node.textBetween(0, node.content.size, ' ', ' '));
  else node.forEach((child) => (count += nodeWords(child)));
  byNode.set(node, count);
  return count;
}

/** The words of one section, recounting only the blocks an edit replaced. */
export function sectionWords(section: ProseMirrorNode): number {
  return nodeWords(section);
}

export interface WordCounts {
  document: number;
  /** The caret's section, or null when the selection is not inside one. */
  section: { key: string; words: number } | null;
}

export function wordCounts(state: EditorState): WordCounts {
  let document = 0;
  state.doc.forEach((section) => {
    document += sectionWords(section);
  });
  const { $head } = state.selection;
  const current = $head.depth >= 1 ? $head.node(1) : null;
  return {
    document,
    section: current ? { key: String(current.attrs[SECTION_KEY_ATTRIBUTE] ?? ''), words: sectionWords(current) } : null,
  };
}

const NUMBER = new Intl.NumberFormat('sv-SE');

/** "1 234 ord · Avsnittet: 210 ord" (Swedish digit grouping, a space between thousands). */
export function wordCountLabel(counts: WordCounts): string {
  const whole = `${NUMBER.format(counts.document)} ord`;
  return counts.section ? `${whole} · Avsnittet: ${NUMBER.format(counts.section.words)} ord` : whole;
}
