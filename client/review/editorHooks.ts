/** What the comments UI reads from the editor: where threads are, where the selection is. */
import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/core';
import type { TextRange } from './anchors';
import { threadRanges } from './reviewHighlights';

function sameRanges(a: ReadonlyMap<string, TextRange | null>, b: ReadonlyMap<string, TextRange | null>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, range] of a) {
    const other = b.get(id);
    if (other === undefined && !b.has(id)) return false;
    if ((range === null) !== (other === null)) return false;
    if (range && other && (range.from !== other.from || range.to !== other.to)) return false;
  }
  return true;
}

/** Where each thread's text is now; re-renders only when a range actually changes. */
export function useThreadRanges(editor: Editor | null): ReadonlyMap<string, TextRange | null> {
  const [ranges, setRanges] = useState<ReadonlyMap<string, TextRange | null>>(new Map());
  useEffect(() => {
    if (!editor) return;
    const update = () =>
      setRanges((previous) => {
        const next = threadRanges(editor.state);
        return sameRanges(previous, next) ? previous : next;
      });
    update();
    editor.on('transaction', update);
    return () => {
      editor.off('transaction', update);
    };
  }, [editor]);
  return ranges;
}

export interface ScreenPoint {
  top: number;
  left: number;
}

/**
 * Where to float the "Kommentera" button: just below the end of a non-empty selection that
 * the reader can see in the body, else null.
 */
export function useSelectionPoint(editor: Editor | null): ScreenPoint | null {
  const [point, setPoint] = useState<ScreenPoint | null>(null);
  useEffect(() => {
    if (!editor) return;
    const update = () => {
      if (editor.isDestroyed) return setPoint(null);
      // The editor's own selection first: reading the page's selection makes the browser lay the
      // page out, at every transaction (someone else's keystrokes too), and with a caret there is
      // nothing to place.
      if (editor.state.selection.empty) return setPoint(null);
      const { selection } = editor.state;
      const dom = document.getSelection();
      const inBody = !!dom && !dom.isCollapsed && !!dom.anchorNode && editor.view.dom.contains(dom.anchorNode);
      if (!inBody) return setPoint(null);
      const coords = editor.view.coordsAtPos(selection.to);
      setPoint({ top: coords.bottom + 6, left: coords.left });
    };
    editor.on('selectionUpdate', update);
    editor.on('transaction', update);
    document.addEventListener('selectionchange', update);
    window.addEventListener('scroll', update, true);
    window.addEventListener('resize', update);
    return () => {
      editor.off('selectionUpdate', update);
      editor.off('transaction', update);
      document.removeEventListener('selectionchange', update);
      window.removeEventListener('scroll', update, true);
      window.removeEventListener('resize', update);
    };
  }, [editor]);
  return point;
}
