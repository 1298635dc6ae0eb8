/**
 * The status line's word count: the whole document and the section the caret is in, live (read
 * once the keystroke is painted). Not a live region: a screen reader would otherwise read it out
 * at every keystroke.
 */
import type { Editor } from '@tiptap/core';
import { useIdleEditorState } from './idleEditorState';
import { wordCountLabel, wordCounts } from './wordCount';

const readLabel = (editor: Editor) => wordCountLabel(wordCounts(editor.state));
const sameLabel = (a: string, b: string) => a === b;

export function WordCount({ editor }: { editor: Editor }) {
  const label = useIdleEditorState(editor, readLabel, sameLabel);
  return <p className="word-count">{label}</p>;
}
