import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { EditorState, TextSelection, AllSelection } from '@tiptap/pm/state';
import { Slice, type Node as ProseMirrorNode } from '@tiptap/pm/model';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { BodyDocument, SectionNode } from '../../client/editor/sectionNode';
import { clearAcrossSections, keepsSections, plainText, unwrapSections } from '../../client/editor/sectionGuard';

const schema = getSchema([BodyDocument, StarterKit.configure({ document: false, undoRedo: false, link: false }), SectionNode]);

function section(key: string, ...paragraphs: string[]) {
  return {
    type: 'section',
    attrs: { sectionKey: key },
    content: paragraphs.map((text) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] })),
  };
}

/** Three sections: a "Ett." b "Två." c "Tre."; section a spans 0–8 (text 2–6), b 8–16 (10–14), c 16–24 (18–22). */
function threeSections(): EditorState {
  const doc = schema.nodeFromJSON({ type: 'doc', content: [section('a', 'Ett.'), section('b', 'Två.'), section('c', 'Tre.')] });
  return EditorState.create({ doc });
}

function texts(doc: ProseMirrorNode): string[] {
  const result: string[] = [];
  doc.forEach((child) => result.push(`${child.attrs.sectionKey}:${child.childCount}:${child.textContent}`));
  return result;
}

describe('the section guard', () => {
  it('refuses a local change that removes a section', () => {
    const state = threeSections();
    expect(keepsSections(state.tr.delete(8, 16), state)).toBe(false);
  });

  it('refuses a local change that joins two sections', () => {
    const state = threeSections();
    expect(keepsSections(state.tr.delete(4, 12), state)).toBe(false);
  });

  it('refuses a local change that reorders sections', () => {
    const state = threeSections();
    const b = state.doc.child(1);
    expect(keepsSections(state.tr.delete(8, 16).insert(16, b), state)).toBe(false);
  });

  it('lets a change inside one section through', () => {
    const state = threeSections();
    expect(keepsSections(state.tr.insertText(' Mer.', 6), state)).toBe(true);
  });

  it('always lets a change from the Yjs binding through, even one that removes a section', () => {
    const state = threeSections();
    expect(keepsSections(state.tr.delete(8, 16).setMeta(ySyncPluginKey, { isChangeOrigin: true }), state)).toBe(true);
    expect(keepsSections(state.tr.delete(0, 24).setMeta(ySyncPluginKey, { snapshot: null, prevSnapshot: null }), state)).toBe(true);
  });
});

describe('clearing a selection that spans sections', () => {
  it('leaves every section with one empty paragraph after select-all', () => {
    let state = threeSections();
    state = state.apply(state.tr.setSelection(new AllSelection(state.doc)));
    let next: EditorState | null = null;
    expect(clearAcrossSections(state, (tr) => (next = state.apply(tr)))).toBe(true);
    expect(texts(next!.doc)).toEqual(['a:1:', 'b:1:', 'c:1:']);
    expect(next!.selection.from).toBe(2);
  });

  it('deletes only the selected text in each section it touches', () => {
    let state = threeSections();
    // from after "Et" in a to after "Tv" in b
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 4, 12)));
    let next: EditorState | null = null;
    clearAcrossSections(state, (tr) => (next = state.apply(tr)));
    expect(texts(next!.doc)).toEqual(['a:1:Et', 'b:1:å.', 'c:1:Tre.']);
  });

  it('leaves a selection inside one section to ProseMirror', () => {
    let state = threeSections();
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 2, 4)));
    expect(clearAcrossSections(state)).toBe(false);
  });
});

describe('pasting content copied across sections', () => {
  it('brings the blocks inside the sections, never the sections', () => {
    const state = threeSections();
    const copied = state.doc.slice(2, 12);
    expect(copied.content.firstChild?.type.name).toBe('section');
    const pasted = unwrapSections(copied);
    const names: string[] = [];
    pasted.content.forEach((node) => names.push(node.type.name));
    expect(names).toEqual(['paragraph', 'paragraph']);
    expect(pasted.openStart).toBe(copied.openStart - 1);
    expect(pasted.openEnd).toBe(copied.openEnd - 1);
    const target = state.tr.replace(22, 22, pasted);
    expect(keepsSections(target, state)).toBe(true);
    expect(texts(target.doc)).toEqual(['a:1:Ett.', 'b:1:Två.', 'c:2:Tre.Ett.Tv']);
  });

  it('leaves content without sections as it is', () => {
    const state = threeSections();
    const copied = state.doc.slice(2, 4);
    expect(unwrapSections(copied)).toBe(copied);
  });

  it('copies as plain text with a blank line between paragraphs', () => {
    const state = threeSections();
    expect(plainText(state.doc.slice(4, 20))).toBe('t.\n\nTvå.\n\nTr');
    expect(plainText(Slice.empty)).toBe('');
  });
});
