import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { EditorState } from '@tiptap/pm/state';
import type { DecorationSet } from '@tiptap/pm/view';
import { documentType } from '../../shared/model';
import { BodyDocument, SectionNode } from '../../client/editor/sectionNode';
import { sectionHintsPlugin } from '../../client/editor/sectionHints';

const schema = getSchema([BodyDocument, StarterKit.configure({ document: false, undoRedo: false, link: false }), SectionNode]);
const type = documentType('tjansteskrivelse');
const plugin = sectionHintsPlugin(type);

function section(key: string, paragraphs: string[]) {
  return {
    type: 'section',
    attrs: { sectionKey: key },
    content: paragraphs.map((text) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] })),
  };
}

/** Sammanfattning holds text (0–12), Ärendet two empty paragraphs (12–18, the first 13–15), Ansvariga text (18–). */
function state(): EditorState {
  const doc = schema.nodeFromJSON({
    type: 'doc',
    content: [section('sammanfattning', ['Nämnden.']), section('arendet', ['', '']), section('ansvariga', ['Mimmi Olsson'])],
  });
  return EditorState.create({ doc, plugins: [plugin] });
}

function hints(current: EditorState): Array<{ from: number; to: number; hint: string }> {
  const set = plugin.props.decorations!.call(plugin, current) as DecorationSet;
  return set.find().map((decoration) => ({
    from: decoration.from,
    to: decoration.to,
    hint: String((decoration as unknown as { type: { attrs: Record<string, string> } }).type.attrs['data-hint']),
  }));
}

describe('when a section has no text', () => {
  it('shows the template hint on its first paragraph only', () => {
    expect(hints(state())).toEqual([{ from: 13, to: 15, hint: type.sections.find((s) => s.key === 'arendet')!.hint }]);
  });

  it('takes the hint away once something is typed in the section, and shows it again when that text is deleted', () => {
    const typed = state().apply(state().tr.insertText('x', 14));
    expect(hints(typed)).toEqual([]);
    const deleted = typed.apply(typed.tr.delete(14, 15));
    expect(hints(deleted)).toHaveLength(1);
  });

  it('counts whitespace alone as no text', () => {
    const spaced = state().apply(state().tr.insertText('   ', 14));
    expect(hints(spaced)).toEqual([{ from: 13, to: 18, hint: expect.any(String) }]);
  });

  it('moves the hint with the text typed before it', () => {
    const before = state();
    const after = before.apply(before.tr.insertText(' Mer.', 9));
    expect(hints(after)).toEqual([{ from: 18, to: 20, hint: expect.any(String) }]);
  });

  it('keeps the very same decorations when someone types after the empty section', () => {
    const before = state();
    const after = before.apply(before.tr.insertText(', handläggare', 32));
    expect(after.doc.lastChild!.textContent).toBe('Mimmi Olsson, handläggare');
    expect(plugin.props.decorations!.call(plugin, after)).toBe(plugin.props.decorations!.call(plugin, before));
  });
});
