import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { BodyDocument, SectionNode } from '../../client/editor/sectionNode';
import { keepCaretInSection } from '../../client/editor/caretStaysInSection';

const schema = getSchema([BodyDocument, StarterKit.configure({ document: false, undoRedo: false, link: false }), SectionNode]);

function section(key: string, text: string) {
  return { type: 'section', attrs: { sectionKey: key }, content: [{ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] }] };
}

/** Section a holds an empty paragraph (0–4, caret at 2), b "Två." (4–12). */
function caretInEmptySection(): EditorState {
  const doc = schema.nodeFromJSON({ type: 'doc', content: [section('a', ''), section('b', 'Två.')] });
  return EditorState.create({ doc, selection: TextSelection.create(doc, 2) });
}

function sectionOf(state: EditorState): string {
  return String(state.selection.$from.node(1).attrs.sectionKey);
}

describe('when a remote change moves the caret', () => {
  it('puts the caret back in its own section when the change carried it into the next one', () => {
    const state = caretInEmptySection();
    const remote = state.tr.insertText('Bertil', 2);
    remote.setSelection(TextSelection.create(remote.doc, 14)).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    const moved = state.apply(remote);
    expect(sectionOf(moved)).toBe('b');
    const fix = keepCaretInSection([remote], state, moved);
    expect(fix).not.toBeNull();
    const fixed = moved.apply(fix!);
    expect(sectionOf(fixed)).toBe('a');
    expect(fixed.selection.from).toBe(2);
  });

  it('leaves the caret alone when it stayed in its section', () => {
    const state = caretInEmptySection();
    const remote = state.tr.insertText('Bertil', 2).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    expect(keepCaretInSection([remote], state, state.apply(remote))).toBeNull();
  });

  it('leaves the caret alone when this person moved it', () => {
    const state = caretInEmptySection();
    const local = state.tr.setSelection(TextSelection.create(state.doc, 8));
    expect(keepCaretInSection([local], state, state.apply(local))).toBeNull();
  });
});
