/**
 * Keeps every section in place whatever the user does (typing, delete, paste, cut, drag, undo):
 *  - a filter refuses every local transaction that would change the list or order of sections;
 *    transactions from the Yjs binding (remote changes, undo) always pass, or content would be
 *    lost for everyone;
 *  - so that the user is not merely stuck, deleting, typing over, pasting over, cutting or
 *    pressing Enter on a selection that spans sections first clears the selected content inside
 *    each section, and pasted content never brings sections of its own (it is unwrapped into
 *    its blocks, so copying across sections and pasting works).
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Fragment, Slice, type Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { SECTION_KEY_ATTRIBUTE, SECTION_NODE } from '../../shared/doc/documentState';

function sectionKeys(doc: ProseMirrorNode): string {
  const keys: string[] = [];
  doc.forEach((child) => keys.push(String(child.attrs[SECTION_KEY_ATTRIBUTE] ?? '')));
  return keys.join('\u0000');
}

/**
 * Every transaction the Yjs binding dispatches carries its plugin key as meta (remote changes,
 * undo/redo, re-renders). Refusing one would leave the editor out of step with the shared
 * document, and the binding would then write that divergence back for everyone.
 */
function isFromBinding(transaction: Transaction): boolean {
  return transaction.getMeta(ySyncPluginKey) !== undefined;
}

/** Whether a transaction may pass: it leaves the list of sections as it was, or it comes from the binding. */
export function keepsSections(transaction: Transaction, state: EditorState): boolean {
  if (!transaction.docChanged || isFromBinding(transaction)) return true;
  return sectionKeys(transaction.doc) === sectionKeys(state.doc);
}

/**
 * Pasted or dropped content that holds sections (copied across sections, or from another Yttra
 * document) is reduced to the blocks inside them: a section can only come from the template.
 */
export function unwrapSections(slice: Slice): Slice {
  let hasSection = false;
  slice.content.forEach((node) => {
    if (node.type.name === SECTION_NODE) hasSection = true;
  });
  if (!hasSection) return slice;
  const blocks: ProseMirrorNode[] = [];
  slice.content.forEach((node) => {
    if (node.type.name === SECTION_NODE) node.content.forEach((child) => blocks.push(child));
    else blocks.push(node);
  });
  const isSection = (node: ProseMirrorNode | null) => node?.type.name === SECTION_NODE;
  const openStart = isSection(slice.content.firstChild) ? Math.max(0, slice.openStart - 1) : slice.openStart;
  const openEnd = isSection(slice.content.lastChild) ? Math.max(0, slice.openEnd - 1) : slice.openEnd;
  return new Slice(Fragment.fromArray(blocks), openStart, openEnd);
}

/** Plain text of copied content: a blank line between paragraphs, whatever lists wrap them. */
export function plainText(slice: Slice): string {
  const paragraphs: string[] = [];
  slice.content.descendants((node) => {
    if (!node.isTextblock) return true;
    paragraphs.push(node.textBetween(0, node.content.size, undefined, (leaf) => (leaf.type.name === 'hardBreak' ? '\n' : '')));
    return false;
  });
  return paragraphs.join('\n\n');
}

/** The section ranges [contentStart, contentEnd) a selection touches, last first. */
function touchedSections(state: EditorState): Array<{ from: number; to: number; start: number; end: number }> {
  const { from, to } = state.selection;
  const ranges: Array<{ from: number; to: number; start: number; end: number }> = [];
  state.doc.forEach((section, offset) => {
    const start = offset + 1;
    const end = offset + section.nodeSize - 1;
    if (end <= from || start >= to) return;
    ranges.push({ from: Math.max(from, start), to: Math.min(to, end), start, end });
  });
  return ranges.reverse();
}

/**
 * Deletes the selected content section by section. A section whose whole content was selected
 * keeps one empty paragraph, so its placeholder shows again. Returns false when the selection
 * lies within one section (ProseMirror's own behaviour is then right).
 */
export function clearAcrossSections(state: EditorState, dispatch?: (tr: Transaction) => void): boolean {
  const ranges = touchedSections(state);
  if (ranges.length < 2) return false;
  if (dispatch) {
    const tr = state.tr;
    for (const range of ranges) {
      if (range.from === range.start && range.to === range.end) {
        tr.replaceWith(range.start, range.end, state.schema.nodes.paragraph!.create());
      } else {
        tr.deleteRange(range.from, range.to);
      }
    }
    const first = ranges[ranges.length - 1]!;
    tr.setSelection(TextSelection.near(tr.doc.resolve(tr.mapping.map(first.from, -1))));
    dispatch(tr.scrollIntoView());
  }
  return true;
}

const guardKey = new PluginKey('yttraSectionGuard');

export const SectionGuard = Extension.create({
  name: 'sectionGuard',
  priority: 1000,

  addKeyboardShortcuts() {
    const clear = () => clearAcrossSections(this.editor.state, (tr) => this.editor.view.dispatch(tr));
    // Enter over several sections: clear them, then let the ordinary Enter split the paragraph.
    const clearThenContinue = () => {
      clear();
      return false;
    };
    return {
      Backspace: clear,
      Delete: clear,
      'Mod-Backspace': clear,
      'Mod-Delete': clear,
      Enter: clearThenContinue,
      'Shift-Enter': clearThenContinue,
      'Mod-Enter': clearThenContinue,
    };
  },

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: guardKey,
        filterTransaction: keepsSections,
        props: {
          transformPasted: (slice: Slice) => unwrapSections(slice),
          clipboardTextSerializer: (slice: Slice) => plainText(slice),
          handleTextInput(view: EditorView, _from: number, _to: number, text: string) {
            if (!clearAcrossSections(view.state, (tr) => view.dispatch(tr))) return false;
            view.dispatch(view.state.tr.insertText(text));
            return true;
          },
          handlePaste(view: EditorView, _event: ClipboardEvent, slice: Slice) {
            if (!clearAcrossSections(view.state, (tr) => view.dispatch(tr))) return false;
            view.dispatch(view.state.tr.replaceSelection(slice));
            return true;
          },
          handleDOMEvents: {
            cut(view: EditorView, event: ClipboardEvent) {
              if (touchedSections(view.state).length < 2) return false;
              const { dom, text } = view.serializeForClipboard(view.state.selection.content());
              event.clipboardData?.setData('text/html', dom.innerHTML);
              event.clipboardData?.setData('text/plain', text);
              event.preventDefault();
              clearAcrossSections(view.state, (tr) => view.dispatch(tr));
              return true;
            },
          },
        },
      }),
    ];
  },
});
