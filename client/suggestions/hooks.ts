/** What the suggestion UI reads from the editor: the suggestions, the mode, who may decide. */
import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { availableModes, editorMode, suggestionDisplay, type EditorMode, type SuggestionDisplay } from './suggestMode';
import { collectSuggestions, type SuggestionView } from './suggestionReview';

function sameList(a: readonly SuggestionView[], b: readonly SuggestionView[]): boolean {
  return (
    a.length === b.length &&
    a.every((item, index) => {
      const other = b[index]!;
      return (
        item.id === other.id &&
        item.from === other.from &&
        item.to === other.to &&
        item.inserted === other.inserted &&
        item.deleted === other.deleted &&
        item.formatted === other.formatted &&
        item.add.join() === other.add.join() &&
        item.remove.join() === other.remove.join()
      );
    })
  );
}

/** The document's suggestions in document order; re-renders only when they change. */
export function useSuggestions(editor: Editor | null): readonly SuggestionView[] {
  const [list, setList] = useState<readonly SuggestionView[]>([]);
  useEffect(() => {
    if (!editor) return;
    const update = () => {
      if (editor.isDestroyed) return;
      setList((previous) => {
        const next = collectSuggestions(editor.state);
        return sameList(previous, next) ? previous : next;
      });
    };
    update();
    const onTransaction = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (transaction.docChanged) update();
    };
    editor.on('transaction', onTransaction);
    return () => {
      editor.off('transaction', onTransaction);
    };
  }, [editor]);
  return list;
}

export interface ModeInfo {
  mode: EditorMode;
  modes: readonly EditorMode[];
  display: SuggestionDisplay;
  /** Whether this person may accept and reject (owners and editors of a document not justerad). */
  canReview: boolean;
}

export function useEditorMode(editor: Editor | null): ModeInfo {
  const info = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      if (!current) return { mode: 'view' as EditorMode, modes: ['view'] as readonly EditorMode[], display: 'markup' as SuggestionDisplay };
      return { mode: editorMode(current.state), modes: availableModes(current.state), display: suggestionDisplay(current.state) };
    },
    equalityFn: (a, b) => !!a && !!b && a.mode === b.mode && a.display === b.display && a.modes.join() === b.modes.join(),
  });
  const mode = info?.mode ?? 'view';
  const modes = info?.modes ?? ['view'];
  return { mode, modes, display: info?.display ?? 'markup', canReview: modes.includes('edit') };
}
