/**
 * Binds a Y.Text to an <input> or <textarea>, so that two people typing in one header field at
 * once merge character by character, and each one's caret stays beside their own text.
 *
 * Local typing becomes the smallest Yjs change (found by comparing the field with what it showed
 * before, using the caret to place the change where the typing was). Remote changes rewrite the
 * field and move the caret and selection through the change: a remote insertion exactly at the
 * caret stays after it, so two people appending at the same point keep their runs whole. While an
 * input method composes (Japanese, Chinese, dead keys), the field is left alone; what was composed
 * is merged once the composition ends. Undo and redo go to a Yjs UndoManager that tracks this
 * person's origin, never to the browser's own history of the field.
 */
import type * as Y from 'yjs';
import { changeBetween } from '../../shared/doc/textChange';

export interface TextBindingOptions {
  /** The transaction origin of this person's edits; the UndoManager tracks it. */
  origin: object;
  /** Undo and redo for the field (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y, the context menu). */
  undoManager?: Y.UndoManager | null;
}

/**
 * What the binding needs of a field: an <input> or <textarea> has all of it (and a test can
 * provide the same without a browser).
 */
export interface TextField {
  value: string;
  readonly type: string;
  readonly selectionStart: number | null;
  readonly selectionEnd: number | null;
  readonly selectionDirection: 'forward' | 'backward' | 'none' | null;
  setSelectionRange(start: number, end: number, direction?: 'forward' | 'backward' | 'none'): void;
  readonly ownerDocument: { readonly activeElement: unknown } | null;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

/** Field types with a caret; others (type=date) have no selection API and throw when asked. */
const SELECTABLE_TYPES = new Set(['text', 'search', 'url', 'tel', 'password', 'textarea']);

type Delta = Array<{ insert?: unknown; retain?: number; delete?: number }>;

/**
 * Where an index moves when `delta` is applied. `stickToLeft`: text inserted exactly at the index
 * goes after it (a caret stays before someone else's insertion at the same point).
 */
export function transformIndex(index: number, delta: Delta, stickToLeft: boolean): number {
  let position = 0;
  let shift = 0;
  for (const op of delta) {
    if (position > index) break;
    if (op.retain !== undefined) position += op.retain;
    else if (op.delete !== undefined) {
      if (position < index) shift -= Math.min(op.delete, index - position);
      position += op.delete;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (position < index || (position === index && !stickToLeft)) shift += length;
    }
  }
  return Math.max(0, index + shift);
}

/** Where a change that undo or redo made ends, in the new text: the caret goes there. */
function endOfChange(delta: Delta): number | null {
  let position = 0;
  let end: number | null = null;
  for (const op of delta) {
    if (op.retain !== undefined) position += op.retain;
    else if (op.insert !== undefined) {
      position += typeof op.insert === 'string' ? op.insert.length : 1;
      end = position;
    } else if (op.delete !== undefined) end = position;
  }
  return end;
}

function hasSelection(field: TextField): boolean {
  return SELECTABLE_TYPES.has(field.type);
}

function isFocused(field: TextField): boolean {
  return field.ownerDocument?.activeElement === field;
}

/** Binds `field` to `text` until the returned function is called. */
export function bindTextInput(field: TextField, text: Y.Text, options: TextBindingOptions): () => void {
  /** What the field showed when it last agreed with the Y.Text. */
  let shown = text.toString();
  let composing = false;
  /** Remote changes that arrived while composing, not yet shown in the field. */
  let heldBack: Delta[] = [];
  field.value = shown;

  const caretOf = (): number | null => (hasSelection(field) ? field.selectionEnd : null);

  const applyLocal = () => {
    const value = field.value;
    if (value === shown && heldBack.length === 0) return;
    const change = changeBetween(shown, value, caretOf());
    // Remote changes held back during a composition happened "before" this local one in the
    // Y.Text: carry the change's position (and, when nothing was typed, the caret) through them.
    let index = change.index;
    let end = change.index + change.deleteCount;
    let caret = value === shown ? (caretOf() ?? 0) : null;
    for (const delta of heldBack) {
      index = transformIndex(index, delta, false);
      end = Math.max(index, transformIndex(end, delta, true));
      if (caret !== null) caret = transformIndex(caret, delta, true);
    }
    const hadHeldBack = heldBack.length > 0;
    heldBack = [];
    const apply = () => {
      if (end > index) text.delete(index, end - index);
      if (change.insert) text.insert(index, change.insert);
    };
    if (text.doc) text.doc.transact(apply, options.origin);
    else apply();
    shown = text.toString();
    if (hadHeldBack || field.value !== shown) {
      field.value = shown;
      caret ??= index + change.insert.length;
      if (hasSelection(field) && isFocused(field)) field.setSelectionRange(caret, caret);
    }
  };

  const onInput = (event: Event) => {
    if (composing || (event as InputEvent).isComposing) return;
    applyLocal();
  };
  const onCompositionStart = () => {
    composing = true;
  };
  const onCompositionEnd = () => {
    composing = false;
    applyLocal();
  };

  const undoOrRedo = (redo: boolean) => {
    const manager = options.undoManager;
    if (!manager) return;
    if (redo) manager.redo();
    else manager.undo();
  };
  const onKeyDown = (event: Event) => {
    if (!(event instanceof KeyboardEvent)) return;
    if (!options.undoManager || composing || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 'z' || key === 'y') {
      event.preventDefault();
      undoOrRedo(key === 'y' || event.shiftKey);
    }
  };
  const onBeforeInput = (event: Event) => {
    if (!options.undoManager || !(event instanceof InputEvent)) return;
    if (event.inputType === 'historyUndo' || event.inputType === 'historyRedo') {
      event.preventDefault();
      undoOrRedo(event.inputType === 'historyRedo');
    }
  };

  const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
    // This person's own typing is in the field already.
    if (transaction.origin === options.origin) return;
    const delta = event.delta as Delta;
    if (composing) {
      heldBack.push(delta);
      return;
    }
    if (field.value !== shown) {
      // Something in the field the browser has not reported yet stays the person's own, after
      // this remote change.
      heldBack.push(delta);
      applyLocal();
      return;
    }
    const focused = isFocused(field) && hasSelection(field);
    const start = focused ? (field.selectionStart ?? 0) : 0;
    const end = focused ? (field.selectionEnd ?? 0) : 0;
    const direction = focused ? field.selectionDirection : null;
    shown = text.toString();
    field.value = shown;
    if (!focused) return;
    const undone = options.undoManager && transaction.origin === options.undoManager ? endOfChange(delta) : null;
    if (undone !== null) field.setSelectionRange(undone, undone);
    else if (start === end) {
      const caret = transformIndex(start, delta, true);
      field.setSelectionRange(caret, caret);
    } else {
      field.setSelectionRange(transformIndex(start, delta, false), transformIndex(end, delta, true), direction ?? undefined);
    }
  };

  field.addEventListener('input', onInput);
  field.addEventListener('compositionstart', onCompositionStart);
  field.addEventListener('compositionend', onCompositionEnd);
  field.addEventListener('keydown', onKeyDown);
  field.addEventListener('beforeinput', onBeforeInput);
  text.observe(observer);
  return () => {
    field.removeEventListener('input', onInput);
    field.removeEventListener('compositionstart', onCompositionStart);
    field.removeEventListener('compositionend', onCompositionEnd);
    field.removeEventListener('keydown', onKeyDown);
    field.removeEventListener('beforeinput', onBeforeInput);
    text.unobserve(observer);
  };
}
