/**
 * Where pasted content goes. A paste that brings a table, heading or quote (a Word paragraph, a
 * list and a table) into a list item or a table cell goes after that list or table, as its own
 * blocks, not into the item; into an empty placeholder list it replaces it. Paragraphs and list
 * items alone are left to ProseMirror, which continues the list with them as a word processor does. Footnotes that came with the paste are
 * kept as paragraphs at the end of the section, each with its number.
 */
import { Fragment, type Node as ProseMirrorNode, type Slice } from '@tiptap/pm/model';
import { TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import type { PastedFootnote } from './pasteWord';

const CONTAINERS = new Set(['bulletList', 'orderedList', 'table']);

/**
 * Blocks that cannot continue a list item's text: a table, a heading, a quote, code, a rule.
 * Paragraphs and list items pasted into a list continue it, as in a word processor.
 */
const STANDALONE = new Set(['table', 'heading', 'blockquote', 'codeBlock', 'horizontalRule']);

function isStructured(slice: Slice): boolean {
  let structured = false;
  slice.content.forEach((node) => {
    if (STANDALONE.has(node.type.name)) structured = true;
  });
  return structured;
}

/** The slice's top-level nodes, if every one of them may stand in a section. */
function sectionBlocks(section: ProseMirrorNode, slice: Slice): Fragment | undefined {
  let fits = true;
  slice.content.forEach((node) => {
    if (!section.type.contentMatch.matchType(node.type)) fits = false;
  });
  return fits ? slice.content : undefined;
}

function footnoteParagraphs(state: EditorState, footnotes: readonly PastedFootnote[]): ProseMirrorNode[] {
  const paragraph = state.schema.nodes.paragraph!;
  return footnotes
    .filter((note) => note.text.trim())
    .map((note) => paragraph.create(null, state.schema.text(`[${note.number}] ${note.text}`)));
}

/**
 * The transaction that places a paste, or null when ProseMirror's own placement is right (the
 * paste is inline or lands outside a list or table, and brings no footnotes).
 */
export function placePaste(state: EditorState, slice: Slice, footnotes: readonly PastedFootnote[] = []): Transaction | null {
  const { $from } = state.selection;
  if ($from.depth < 2) return null;
  const section = $from.node(1);
  const container = $from.node(2);
  const blocks = isStructured(slice) && $from.depth > 2 && CONTAINERS.has(container.type.name) ? sectionBlocks(section, slice) : undefined;
  if (!blocks && footnotes.length === 0) return null;

  const tr = state.tr;
  const sectionStart = $from.before(1);
  if (blocks) {
    const start = $from.before(2);
    const end = $from.after(2);
    // An empty list (the placeholder of a beslutspunkter section) is replaced, not kept above the paste.
    const replace = container.type.name !== 'table' && container.textContent.trim() === '';
    const at = replace ? start : end;
    tr.replaceWith(at, replace ? end : at, blocks);
    tr.setSelection(TextSelection.near(tr.doc.resolve(at + blocks.size), -1));
  } else {
    tr.replaceSelection(slice);
  }
  const notes = footnoteParagraphs(state, footnotes);
  if (notes.length) {
    const sectionPos = tr.mapping.map(sectionStart);
    const sectionNode = tr.doc.nodeAt(sectionPos);
    if (sectionNode) tr.insert(sectionPos + sectionNode.nodeSize - 1, notes);
  }
  return tr;
}
