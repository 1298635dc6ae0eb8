/**
 * "Take me to the section": any part of the page (the completeness list, the outline) asks the
 * editor to put the caret at the end of a section's text, through one window event.
 */
import { TextSelection } from '@tiptap/pm/state';
import type { Editor } from '@tiptap/react';
import { SECTION_KEY_ATTRIBUTE } from '../../shared/doc/documentState';

export const FOCUS_SECTION_EVENT = 'yttra-focus-section';

export function focusSection(editor: Editor, sectionKey: string): boolean {
  let target: number | null = null;
  editor.state.doc.forEach((section, offset) => {
    if (section.attrs[SECTION_KEY_ATTRIBUTE] === sectionKey) target = offset + section.nodeSize - 1;
  });
  if (target === null) return false;
  const selection = TextSelection.near(editor.state.doc.resolve(target), -1);
  editor.view.dispatch(editor.state.tr.setSelection(selection).scrollIntoView());
  editor.view.focus();
  return true;
}
