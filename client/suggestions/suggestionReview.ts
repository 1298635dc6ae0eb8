/**
 * Reading the suggestions in the editor's document and accepting or rejecting them.
 *
 * A decision is made on the shared document itself (shared/suggestions/resolve.ts), character by
 * character, and not as a ProseMirror edit: the Yjs binding writes a ProseMirror edit back by
 * diffing each paragraph's text as a string, so removing two pieces of one suggestion with
 * someone's words between them would delete and retype those words (and "Ta tillbaka" by a
 * suggester would then be refused by the server, whose guard compares characters by identity).
 * The Yjs transaction carries the binding's origin, so the binding shows it at once and its undo
 * manager records it; that manager merges changes within half a second into one step, so
 * capturing is stopped before and after: Ctrl+Z takes back exactly this decision (restoring the
 * suggestion) and nothing typed just before or after it. Without a binding (a plain editor state)
 * the same decision is one ProseMirror transaction, marked REVIEW_META so that Föreslå does not
 * turn it into a suggestion of its own.
 */
import type { Editor } from '@tiptap/core';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import type { Mark, Node as ProseMirrorNode } from '@tiptap/pm/model';
import { ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { resolveSuggestions as resolveOnSharedDocument } from '../../shared/suggestions/resolve';
import { MARK_NAMES, type MarkName } from '../../shared/model/schema';
import { SECTION_KEY_ATTRIBUTE } from '../../shared/doc/documentState';
import { isSuggestionMarkType, suggestionMarkTypes, type SuggestionMarkTypes } from './suggestTransaction';
import { REVIEW_META } from './suggestMode';

export interface SuggestionView {
  id: string;
  userId: string;
  userName: string | null;
  createdAt: string;
  sectionKey: string;
  /** Where it starts now (document order). */
  from: number;
  to: number;
  inserted: string;
  deleted: string;
  /** Formatting proposed on `formatted`. */
  add: MarkName[];
  remove: MarkName[];
  formatted: string;
}

function names(value: unknown): MarkName[] {
  return typeof value === 'string' && value
    ? (value.split(' ').filter((name) => (MARK_NAMES as readonly string[]).includes(name)) as MarkName[])
    : [];
}

/** A text node that carries a suggestion mark, its place counted from the start of a node that holds it. */
interface MarkedText {
  from: number;
  to: number;
  text: string;
  marks: readonly Mark[];
}

/**
 * The marked text inside each node, cached per node: ProseMirror nodes are immutable and an edit
 * keeps every node it did not touch, so after a keystroke only the paragraph typed in and its
 * ancestors are read again, not the whole document.
 */
const NONE: readonly MarkedText[] = [];

const markedTextByNode = new WeakMap<ProseMirrorNode, readonly MarkedText[]>();

function markedTextOf(node: ProseMirrorNode, types: SuggestionMarkTypes): readonly MarkedText[] {
  const known = markedTextByNode.get(node);
  if (known) return known;
  const found: MarkedText[] = [];
  node.forEach((child, offset) => {
    if (child.isText) {
      if (child.marks.some((mark) => isSuggestionMarkType(types, mark.type)))
        found.push({ from: 1 + offset, to: 1 + offset + child.nodeSize, text: child.text ?? '', marks: child.marks });
      return;
    }
    for (const inner of markedTextOf(child, types)) found.push({ ...inner, from: 1 + offset + inner.from, to: 1 + offset + inner.to });
  });
  const result = found.length === 0 ? NONE : found;
  markedTextByNode.set(node, result);
  return result;
}

/** Every suggestion in the document, in document order (by where it starts). */
export function collectSuggestions(state: EditorState): SuggestionView[] {
  const types = suggestionMarkTypes(state.schema);
  if (!types) return [];
  const byId = new Map<string, SuggestionView>();
  state.doc.forEach((section, offset) => {
    const sectionKey = String(section.attrs[SECTION_KEY_ATTRIBUTE] ?? '');
    for (const piece of markedTextOf(section, types)) {
      const from = offset + piece.from;
      const to = offset + piece.to;
      for (const mark of piece.marks) {
        if (mark.type !== types.insertion && mark.type !== types.deletion && mark.type !== types.formatChange) continue;
        const id = String(mark.attrs.id ?? '');
        if (!id) continue;
        let view = byId.get(id);
        if (!view) {
          view = {
            id,
            userId: String(mark.attrs.userId ?? ''),
            userName: (mark.attrs.userName as string | null) ?? null,
            createdAt: String(mark.attrs.createdAt ?? ''),
            sectionKey,
            from,
            to,
            inserted: '',
            deleted: '',
            add: [],
            remove: [],
            formatted: '',
          };
          byId.set(id, view);
        }
        view.to = Math.max(view.to, to);
        if (mark.type === types.insertion) view.inserted += piece.text;
        else if (mark.type === types.deletion) view.deleted += piece.text;
        else {
          view.formatted += piece.text;
          for (const name of names(mark.attrs.add)) if (!view.add.includes(name)) view.add.push(name);
          for (const name of names(mark.attrs.remove)) if (!view.remove.includes(name)) view.remove.push(name);
        }
      }
    }
  });
  return [...byId.values()].sort((a, b) => a.from - b.from);
}

/** The suggestion marks of `ids` taken in (accept) or taken back (reject), as one transaction; null if none is there. */
export function resolveSuggestions(state: EditorState, ids: ReadonlySet<string>, accept: boolean): Transaction | null {
  const types = suggestionMarkTypes(state.schema);
  if (!types || ids.size === 0) return null;
  const tr = state.tr;
  const removals: Array<{ from: number; to: number }> = [];
  const ofIds = (mark: Mark) => ids.has(String(mark.attrs.id ?? ''));
  state.doc.descendants((node, from) => {
    if (!node.isText) return true;
    const to = from + node.nodeSize;
    for (const mark of node.marks) {
      if (!ofIds(mark)) continue;
      if (mark.type === types.insertion) {
        if (accept) tr.removeMark(from, to, mark);
        else removals.push({ from, to });
      } else if (mark.type === types.deletion) {
        if (accept) removals.push({ from, to });
        else tr.removeMark(from, to, mark);
      } else if (mark.type === types.formatChange) {
        if (accept) {
          for (const name of names(mark.attrs.remove)) tr.removeMark(from, to, state.schema.marks[name]!);
          for (const name of names(mark.attrs.add)) tr.addMark(from, to, state.schema.marks[name]!.create());
        }
        tr.removeMark(from, to, mark);
      }
    }
    return false;
  });
  // Last first, so that earlier positions stay valid; mark steps above do not move anything.
  for (const range of removals.sort((a, b) => b.from - a.from)) tr.delete(range.from, range.to);
  if (!tr.docChanged) return null;
  return tr.setMeta(REVIEW_META, true);
}

/** Accepts or rejects the suggestions as one undoable step. Returns whether anything changed. */
export function reviewSuggestions(editor: Editor, ids: Iterable<string>, accept: boolean): boolean {
  if (editor.isDestroyed) return false;
  const chosen = new Set(ids);
  const doc = (ySyncPluginKey.getState(editor.state) as { doc?: Y.Doc } | undefined)?.doc;
  const undoManager = (yUndoPluginKey.getState(editor.state) as { undoManager?: { stopCapturing(): void } } | undefined)?.undoManager;
  if (!doc) {
    const tr = resolveSuggestions(editor.state, chosen, accept);
    if (!tr) return false;
    editor.view.dispatch(tr);
    return true;
  }
  undoManager?.stopCapturing();
  const resolved = resolveOnSharedDocument(doc, accept ? 'accept' : 'reject', (ref) => chosen.has(ref.id), ySyncPluginKey);
  undoManager?.stopCapturing();
  return resolved > 0;
}
