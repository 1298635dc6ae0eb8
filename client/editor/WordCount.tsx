/**
 * The status line's word count: the whole document and the section the caret is in, live.
 * Not a live region: a screen reader would otherwise read it out at every keystroke.
 */
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { wordCountLabel, wordCounts } from './wordCount';

export function WordCount({ editor }: { editor: Editor }) {
  const label = useEditorState({ editor, selector: ({ editor: current }) => (current ? wordCountLabel(wordCounts(current.state)) : '') });
  return <p className="word-count">{label}</p>;
}
