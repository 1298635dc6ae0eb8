/**
 * The editor's three modes, as in Google Docs: Redigera (changes apply), Föreslå (every change
 * becomes a suggestion, see suggestTransaction.ts) and Visa (read only). Which modes a person may
 * use follows the role (editorModes); the mode itself is plugin state, so the toolbar and the
 * review panel re-render with it.
 *
 * The transform runs as a Tiptap `dispatchTransaction` hook: every local transaction that changes
 * the document passes here before it is applied. Transactions of the Yjs binding (remote changes,
 * undo, redo) and those that accept or reject suggestions (REVIEW_META) pass untouched. In
 * Redigera, text typed inside someone's suggestion would inherit its mark; that mark is taken off
 * again, so an editor's own words never count as another person's proposal.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import type { Mapping } from '@tiptap/pm/transform';
import { absolutePositionToRelativePosition, ySyncPluginKey, type ProsemirrorBinding } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { newSuggestionId } from '../../shared/suggestions/marks';
import { isSuggestionMarkType, suggestChange, suggestionMarkTypes, type TextOp } from './suggestTransaction';

export type EditorMode = 'edit' | 'suggest' | 'view';

export const MODE_LABELS: Record<EditorMode, string> = { edit: 'Redigera', suggest: 'Föreslå', view: 'Visa' };

export const MODE_HINTS: Record<EditorMode, string> = {
  edit: 'Ändringar görs direkt i texten',
  suggest: 'Ändringar blir förslag som handläggaren godtar eller avvisar',
  view: 'Läs utan att ändra något',
};

/** The keys of each mode (ProseMirror key names), as in Google Docs. */
export const MODE_SHORTCUTS: Record<EditorMode, string> = {
  edit: 'Mod-Alt-Shift-z',
  suggest: 'Mod-Alt-Shift-x',
  view: 'Mod-Alt-Shift-c',
};

/** The same keys for aria-keyshortcuts and tooltips. */
export const MODE_KEYS: Record<EditorMode, string> = {
  edit: 'Control+Alt+Shift+Z',
  suggest: 'Control+Alt+Shift+X',
  view: 'Control+Alt+Shift+C',
};

/** Meta on a transaction that accepts or rejects suggestions: it is applied as it is. */
export const REVIEW_META = 'yttraSuggestionReview';
/** Meta on a forward Delete in Föreslå: the caret goes after the text proposed for removal. */
const CARET_AFTER_META = 'yttraSuggestCaretAfter';
/** Fired on window when a change cannot be proposed (detail: the Swedish reason). */
export const SUGGEST_REFUSED_EVENT = 'yttra:suggest-refused';

/**
 * The modes of a role, the first being where the editor opens: owners and editors write directly
 * and may suggest or only read; a suggester always suggests (or reads); everyone else reads. A
 * justerad document is read only for all.
 */
export function editorModes(role: string, locked: boolean): EditorMode[] {
  if (locked) return ['view'];
  if (role === 'owner' || role === 'editor') return ['edit', 'suggest', 'view'];
  if (role === 'suggester') return ['suggest', 'view'];
  return ['view'];
}

/**
 * How suggestions show while reading (Visa): marked up, as if all were accepted, or as the text is
 * without them. Writing always shows them marked up, so nobody edits text they cannot see.
 */
export type SuggestionDisplay = 'markup' | 'accepted' | 'original';

export const DISPLAY_LABELS: Record<SuggestionDisplay, string> = {
  markup: 'Markerade',
  accepted: 'Som om alla godtogs',
  original: 'Utan förslagen',
};

interface ModeState {
  mode: EditorMode;
  modes: readonly EditorMode[];
  display: SuggestionDisplay;
}

export const suggestModeKey = new PluginKey<ModeState>('yttraSuggestMode');

export function editorMode(state: EditorState): EditorMode {
  return suggestModeKey.getState(state)?.mode ?? 'edit';
}

/** How suggestions show now ('markup' whenever the text can be changed). */
export function suggestionDisplay(state: EditorState): SuggestionDisplay {
  const value = suggestModeKey.getState(state);
  return value && value.mode === 'view' ? value.display : 'markup';
}

export function availableModes(state: EditorState): readonly EditorMode[] {
  return suggestModeKey.getState(state)?.modes ?? ['edit'];
}

export interface SuggestModeOptions {
  userId: string;
  userName: string | null;
  modes: readonly EditorMode[];
}

function isFromBinding(tr: Transaction): boolean {
  return tr.getMeta(ySyncPluginKey) !== undefined;
}

/** The ranges a transaction inserted, in its resulting document. */
function insertedRanges(tr: Transaction): Array<{ from: number; to: number }> {
  const ranges: Array<{ from: number; to: number }> = [];
  tr.mapping.maps.forEach((map, index) => {
    const rest: Mapping = tr.mapping.slice(index + 1);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      const from = rest.map(newStart, 1);
      const to = rest.map(newEnd, -1);
      if (from < to) ranges.push({ from, to });
    });
  });
  return ranges;
}

/** Redigera: inserted text carries no suggestion mark (it would be credited to someone else). */
export function withoutInheritedSuggestions(tr: Transaction): Transaction {
  const types = suggestionMarkTypes(tr.doc.type.schema);
  if (!types) return tr;
  for (const { from, to } of insertedRanges(tr)) {
    let marked = false;
    tr.doc.nodesBetween(from, to, (node) => {
      if (node.marks.some((mark) => isSuggestionMarkType(types, mark.type))) marked = true;
      return !marked;
    });
    if (!marked) continue;
    for (const type of [types.insertion, types.deletion, types.formatChange]) tr.removeMark(from, to, type);
  }
  return tr;
}

/** The text typed that set off one of Tiptap's input rules, when `tr` is such a rule's edit. */
function inputRuleText(state: EditorState, tr: Transaction): { from: number; to: number; text: string } | null {
  for (const plugin of state.plugins) {
    if (!(plugin.spec as { isInputRules?: boolean }).isInputRules) continue;
    const meta = tr.getMeta(plugin) as { from?: unknown; to?: unknown; text?: unknown } | undefined;
    if (meta && typeof meta.text === 'string' && meta.text !== '\n' && typeof meta.from === 'number' && typeof meta.to === 'number') {
      return { from: meta.from, to: meta.to, text: meta.text };
    }
  }
  return null;
}

/**
 * Applies a suggestion with its text changes written to the shared document by character identity.
 *
 * The Yjs binding writes a ProseMirror change back by diffing each paragraph's text as a string,
 * so typing " inte" after "Nämnden" in "Nämnden föreslås" may be stored as a space typed after
 * the existing one, and removing one's own suggested space as removing the space beside it. For
 * an editor that is the same text; for a suggester the server's guard, which compares characters
 * by identity, sees another person's space deleted or given the insertion mark, and refuses the
 * whole change. Here the inserted and removed characters are written first, at the exact places
 * (relative positions taken before any change), and the binding then writes the marks in the same
 * Yjs transaction, finding the text already equal. Anything not placeable so (typing into a
 * paragraph with no text yet) is left to the binding, where there is nothing to confuse.
 */
function writeExactly(state: EditorState, ops: readonly TextOp[], apply: () => void): void {
  const binding = (ySyncPluginKey.getState(state) as { binding?: ProsemirrorBinding | null } | undefined)?.binding;
  if (!binding || ops.length === 0) return apply();
  const doc = binding.doc;
  const placed = ops.map((op) => ({
    op,
    at: absolutePositionToRelativePosition(op.kind === 'insert' ? op.at : op.from, binding.type, binding.mapping) as Y.RelativePosition,
  }));
  binding.mux(() => {
    doc.transact(() => {
      for (const { op, at } of placed) {
        const position = Y.createAbsolutePositionFromRelativePosition(at, doc);
        if (!position || !(position.type instanceof Y.XmlText)) continue;
        if (op.kind === 'insert') position.type.insert(position.index, op.text);
        else position.type.delete(position.index, op.to - op.from);
      }
      apply();
      // The binding's own write was skipped (this runs inside its mutex): the marks, and anything
      // not placed above, are written now, in this same transaction.
      // (The binding has a view: this runs inside that view's dispatch.)
      if (binding.prosemirrorView) binding._prosemirrorChanged(binding.prosemirrorView.state.doc);
    }, ySyncPluginKey);
  });
}

function refuse(message: string): void {
  if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent(SUGGEST_REFUSED_EVENT, { detail: message }));
}

const CANNOT_PROPOSE =
  'Det här går inte att föreslå: i Föreslå kan du skriva, ta bort och formatera text i befintliga stycken, men inte ändra styckeformat, listor eller tabeller.';

/** The position one character before (or after) `pos` in its textblock, past text already proposed for removal. */
function deletionTarget(state: EditorState, forward: boolean): { from: number; to: number } | null | 'edge' {
  const types = suggestionMarkTypes(state.schema);
  const { $from, empty } = state.selection;
  if (!types || !empty || !$from.parent.isTextblock) return null;
  let pos = $from.pos;
  const start = $from.start();
  const end = $from.end();
  for (;;) {
    const $pos = state.doc.resolve(pos);
    const node = forward ? $pos.nodeAfter : $pos.nodeBefore;
    if (!node || (forward ? pos >= end : pos <= start)) return 'edge';
    if (!node.isText) return 'edge';
    if (types.deletion.isInSet(node.marks)) {
      pos += forward ? node.nodeSize : -node.nodeSize;
      continue;
    }
    const text = node.text ?? '';
    const code = forward ? text.charCodeAt(0) : text.charCodeAt(text.length - 1);
    // A character outside the BMP is two code units; never split it.
    const length = code >= 0xd800 && code <= 0xdfff && text.length > 1 ? 2 : 1;
    return forward ? { from: pos, to: pos + length } : { from: pos - length, to: pos };
  }
}

export const SuggestMode = Extension.create<SuggestModeOptions>({
  name: 'suggestMode',
  // Before the section guard's and the core's Backspace and Delete.
  priority: 1100,

  addOptions() {
    return { userId: '', userName: null, modes: ['edit', 'suggest', 'view'] };
  },

  dispatchTransaction({ transaction, next }) {
    if (!transaction.docChanged || isFromBinding(transaction) || transaction.getMeta(REVIEW_META)) return next(transaction);
    const mode = editorMode(this.editor.state);
    if (mode === 'edit') return next(withoutInheritedSuggestions(transaction));
    if (mode !== 'suggest') return next(transaction);
    const { state } = this.editor;
    // An input rule ("1. " starting a list, "**" for bold) would be proposed as the rule's edit;
    // in Föreslå what was typed is proposed instead, as typed.
    const typed = inputRuleText(state, transaction);
    const original = typed ? state.tr.insertText(typed.text, typed.from, typed.to) : transaction;
    const suggested = suggestChange(state, original, {
      userId: this.options.userId,
      userName: this.options.userName,
      now: new Date().toISOString(),
      newId: newSuggestionId,
      caretAfter: transaction.getMeta(CARET_AFTER_META) === true,
    });
    if (!suggested) return refuse(CANNOT_PROPOSE);
    writeExactly(state, suggested.textOps, () => next(suggested.tr));
  },

  addKeyboardShortcuts() {
    const remove = (forward: boolean) => () => {
      const { state, view } = this.editor;
      if (editorMode(state) !== 'suggest') return false;
      const target = deletionTarget(state, forward);
      if (target === null) return false;
      // At the edge of a paragraph: joining paragraphs cannot be proposed; the key does nothing.
      if (target === 'edge') return true;
      const tr = state.tr.delete(target.from, target.to);
      tr.setSelection(TextSelection.create(tr.doc, target.from));
      if (forward) tr.setMeta(CARET_AFTER_META, true);
      view.dispatch(tr.scrollIntoView());
      return true;
    };
    // Google Docs' keys for its modes, so the habit carries over.
    const switchTo = (mode: EditorMode) => () => {
      if (!availableModes(this.editor.state).includes(mode)) return false;
      setEditorMode(this.editor, mode);
      return true;
    };
    return {
      Backspace: remove(false),
      Delete: remove(true),
      [MODE_SHORTCUTS.edit]: switchTo('edit'),
      [MODE_SHORTCUTS.suggest]: switchTo('suggest'),
      [MODE_SHORTCUTS.view]: switchTo('view'),
    };
  },

  addProseMirrorPlugins() {
    const modes = this.options.modes.length ? this.options.modes : (['view'] as const);
    return [
      new Plugin<ModeState>({
        key: suggestModeKey,
        state: {
          init: () => ({ mode: modes[0]!, modes, display: 'markup' }),
          apply(tr, value) {
            const asked = tr.getMeta(suggestModeKey) as Partial<ModeState> | undefined;
            if (!asked) return value;
            const allowed = asked.modes ?? value.modes;
            const wanted = asked.mode ?? value.mode;
            return { modes: allowed, mode: allowed.includes(wanted) ? wanted : allowed[0]!, display: asked.display ?? value.display };
          },
        },
        props: {
          attributes: (state): Record<string, string> => ({ 'data-mode': editorMode(state), 'data-suggestions': suggestionDisplay(state) }),
        },
      }),
    ];
  },
});

/** Switches the editor's mode (a mode the role does not allow is ignored). */
export function setEditorMode(editor: import('@tiptap/core').Editor, mode: EditorMode): void {
  if (editor.isDestroyed || !availableModes(editor.state).includes(mode)) return;
  editor.view.dispatch(editor.state.tr.setMeta(suggestModeKey, { mode }).setMeta('addToHistory', false));
  editor.setEditable(mode !== 'view');
}

/** Chooses how suggestions show while reading. */
export function setSuggestionDisplay(editor: import('@tiptap/core').Editor, display: SuggestionDisplay): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(suggestModeKey, { display }).setMeta('addToHistory', false));
}

/** Hands the editor the modes the role allows now (after a role or status change). */
export function setAvailableModes(editor: import('@tiptap/core').Editor, modes: readonly EditorMode[]): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(suggestModeKey, { modes }).setMeta('addToHistory', false));
  editor.setEditable(editorMode(editor.state) !== 'view');
}
