/**
 * What a panel beside the text reads from the editor (the toolbar's button states, the word
 * count), read when the browser is idle after the transactions that may change it, not inside
 * each transaction: a keystroke, here or by someone else, is painted first. Several transactions
 * before the browser is idle are one reading; a reading the text and selection cannot have
 * changed (the same document, selection and stored marks) is skipped.
 */
import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/core';
import type { EditorState } from '@tiptap/pm/state';

/** At most this long after a transaction, however busy the page is. */
const IDLE_TIMEOUT_MS = 150;

function whenIdle(run: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = setTimeout(run, 0);
  return () => clearTimeout(handle);
}

function sameInputs(a: EditorState, b: EditorState): boolean {
  return a.doc === b.doc && a.selection.eq(b.selection) && a.storedMarks === b.storedMarks;
}

/**
 * `select(editor)` now, and again after transactions once the browser is idle; the value keeps
 * its identity while `equal` says it did not change. A new `select` (keep it stable with
 * useCallback) reads at once: it stands for other inputs, such as the mode or the role.
 */
export function useIdleEditorState<T>(editor: Editor, select: (editor: Editor) => T, equal: (a: T, b: T) => boolean): T {
  const [value, setValue] = useState(() => select(editor));
  useEffect(() => {
    let cancel: (() => void) | null = null;
    let readFrom: EditorState | null = null;
    const read = () => {
      cancel = null;
      if (editor.isDestroyed) return;
      readFrom = editor.state;
      const next = select(editor);
      setValue((previous) => (equal(previous, next) ? previous : next));
    };
    const onTransaction = () => {
      if (readFrom && sameInputs(readFrom, editor.state)) return;
      cancel ??= whenIdle(read);
    };
    read();
    editor.on('transaction', onTransaction);
    return () => {
      editor.off('transaction', onTransaction);
      cancel?.();
    };
  }, [editor, select, equal]);
  return value;
}
