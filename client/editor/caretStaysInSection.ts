/**
 * Someone else's change must not carry this person's caret into another section. The Yjs binding
 * keeps the caret as a relative position; in an empty paragraph that it has just created, the
 * position is "the end of that paragraph", and when another person then types there it resolves
 * past the paragraph — into the next section, where this person's next keystrokes would land.
 * When a remote change moves the caret out of its section, it is put back in that section, at
 * the same distance from the section's start (or at its end).
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, Selection, type EditorState, type Transaction } from '@tiptap/pm/state';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { SECTION_KEY_ATTRIBUTE } from '../../shared/doc/documentState';

interface SectionRange {
  key: string;
  /** First and last position inside the section's content. */
  start: number;
  end: number;
}

function sectionAt(doc: ProseMirrorNode, pos: number): SectionRange | null {
  let found: SectionRange | null = null;
  doc.forEach((section, offset) => {
    if (found || pos <= offset || pos >= offset + section.nodeSize) return;
    found = { key: String(section.attrs[SECTION_KEY_ATTRIBUTE] ?? ''), start: offset + 1, end: offset + section.nodeSize - 1 };
  });
  return found;
}

function sectionByKey(doc: ProseMirrorNode, key: string): SectionRange | null {
  let found: SectionRange | null = null;
  doc.forEach((section, offset) => {
    if (!found && section.attrs[SECTION_KEY_ATTRIBUTE] === key) found = { key, start: offset + 1, end: offset + section.nodeSize - 1 };
  });
  return found;
}

/** A selection in `doc` as near `pos` as possible, inside `section`; null if there is none. */
function selectionInside(doc: ProseMirrorNode, section: SectionRange, pos: number): Selection | null {
  const $pos = doc.resolve(Math.max(section.start, Math.min(pos, section.end)));
  for (const direction of [-1, 1] as const) {
    const candidate = Selection.findFrom($pos, direction, true);
    if (candidate && candidate.from >= section.start && candidate.to <= section.end) return candidate;
  }
  return null;
}

/** The transaction that puts the caret back in its section, or null when it stayed there. */
export function keepCaretInSection(transactions: readonly Transaction[], oldState: EditorState, newState: EditorState): Transaction | null {
  const remote = transactions.some((transaction) => transaction.docChanged && transaction.getMeta(ySyncPluginKey) !== undefined);
  if (!remote || !oldState.selection.empty || !newState.selection.empty) return null;
  const before = sectionAt(oldState.doc, oldState.selection.from);
  if (!before) return null;
  if (sectionAt(newState.doc, newState.selection.from)?.key === before.key) return null;
  const section = sectionByKey(newState.doc, before.key);
  if (!section) return null;
  const selection = selectionInside(newState.doc, section, section.start + (oldState.selection.from - before.start));
  return selection ? newState.tr.setSelection(selection) : null;
}

export const CaretStaysInSection = Extension.create({
  name: 'caretStaysInSection',

  addProseMirrorPlugins() {
    return [new Plugin({ key: new PluginKey('yttraCaretStaysInSection'), appendTransaction: keepCaretInSection })];
  },
});
