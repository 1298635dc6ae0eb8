/**
 * Keeps every section in place whatever the user does (typing, delete, paste, cut, drag, undo):
 *  - a filter refuses every local transaction that would change the list or order of sections;
 *    transactions from the Yjs binding (remote changes) always pass, or content would be lost;
 *  - so that the user is not merely stuck, deleting, typing over, pasting over or cutting a
 *    selection that spans sections first clears the selected content inside each section.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import type { Node as ProseMirrorNode, Slice } from '@tiptap/pm/model';
import type { EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { SECTION_KEY_ATTRIBUTE } from '../../shared/doc/documentState';

function sectionKeys(doc: ProseMirrorNode): string {
  const keys: string[] = [];
  doc.forEach((child) => keys.push(String(child.attrs[SECTION_KEY_ATTRIBUTE] ?? '')));
  return keys.join('\u0000');
}

function isRemote(transaction: Transaction): boolean {
  const meta = transaction.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return meta?.isChangeOrigin === true;
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
    return { Backspace: clear, Delete: clear, 'Mod-Backspace': clear, 'Mod-Delete': clear };
  },

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: guardKey,
        filterTransaction(transaction, state) {
          if (!transaction.docChanged || isRemote(transaction)) return true;
          return sectionKeys(transaction.doc) === sectionKeys(state.doc);
        },
        props: {
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
              const text = view.state.doc.textBetween(view.state.selection.from, view.state.selection.to, '\n\n');
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
