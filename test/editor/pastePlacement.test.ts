import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { Fragment, Slice, type Node as ProseMirrorNode } from '@tiptap/pm/model';
import { BodyDocument, SectionNode } from '../../client/editor/sectionNode';
import { contentExtensions } from '../../client/editor/contentExtensions';
import { placePaste } from '../../client/editor/pastePlacement';

const schema = getSchema([BodyDocument, SectionNode, ...contentExtensions()]);

const text = (value: string) => [{ type: 'text', text: value }];
const p = (value: string) => ({ type: 'paragraph', content: value ? text(value) : [] });
const list = (type: 'bulletList' | 'orderedList', ...items: string[]) => ({
  type,
  content: items.map((item) => ({ type: 'listItem', content: [p(item)] })),
});
const section = (key: string, ...content: object[]) => ({ type: 'section', attrs: { sectionKey: key }, content });

function stateWith(sections: object[], caretInText: string): EditorState {
  const doc = schema.nodeFromJSON({ type: 'doc', content: sections });
  let caret = -1;
  doc.descendants((node, pos) => {
    if (caret < 0 && node.isText && node.text!.includes(caretInText)) caret = pos + node.text!.indexOf(caretInText) + caretInText.length;
  });
  if (caret < 0) caret = findEmptyTextblock(doc);
  return EditorState.create({ doc, selection: TextSelection.create(doc, caret) });
}

function findEmptyTextblock(doc: ProseMirrorNode): number {
  let at = -1;
  doc.descendants((node, pos) => {
    if (at < 0 && node.isTextblock && node.content.size === 0) at = pos + 1;
  });
  return at;
}

/** A paste of a paragraph, a numbered list and a table, as the editor parses Word's HTML. */
function wordSlice(): Slice {
  const table = {
    type: 'table',
    content: [
      {
        type: 'tableRow',
        content: [
          { type: 'tableHeader', content: [p('Verksamhet')] },
          { type: 'tableHeader', content: [p('Budget')] },
        ],
      },
      {
        type: 'tableRow',
        content: [
          { type: 'tableCell', content: [p('Förskola')] },
          { type: 'tableCell', content: [p('12 500 000')] },
        ],
      },
    ],
  };
  const nodes = [p('Inledning'), list('orderedList', 'Första punkten', 'Andra punkten'), table].map((json) => schema.nodeFromJSON(json));
  return new Slice(Fragment.fromArray(nodes), 1, 0);
}

function outline(state: EditorState, key: string): string[] {
  const names: string[] = [];
  state.doc.forEach((child) => {
    if (child.attrs.sectionKey === key) child.forEach((block) => names.push(`${block.type.name}:${block.textContent}`));
  });
  return names;
}

describe('placing a paste', () => {
  it('puts several pasted blocks after the list the caret is in, not inside its item', () => {
    const state = stateWith([section('a', list('bulletList', 'Befintlig punkt')), section('b', p('Nästa'))], 'Befintlig');
    const tr = placePaste(state, wordSlice())!;
    const after = state.apply(tr);
    expect(outline(after, 'a')).toEqual([
      'bulletList:Befintlig punkt',
      'paragraph:Inledning',
      'orderedList:Första punktenAndra punkten',
      'table:VerksamhetBudgetFörskola12 500 000',
    ]);
    expect(outline(after, 'b')).toEqual(['paragraph:Nästa']);
  });

  it('replaces an empty placeholder list with the pasted blocks', () => {
    const state = stateWith([section('a', list('orderedList', ''))], '');
    const after = state.apply(placePaste(state, wordSlice())!);
    expect(outline(after, 'a')[0]).toBe('paragraph:Inledning');
    expect(outline(after, 'a')).toHaveLength(3);
  });

  it('leaves an inline paste into a list item to ProseMirror', () => {
    const state = stateWith([section('a', list('bulletList', 'Punkt'))], 'Punkt');
    const inline = new Slice(Fragment.from(schema.nodeFromJSON(p('ord'))), 1, 1);
    expect(placePaste(state, inline)).toBeNull();
  });

  it('leaves paragraphs and list items pasted into a list item to ProseMirror, which continues the list with them', () => {
    const state = stateWith([section('a', list('bulletList', 'Punkt'))], 'Punkt');
    const paragraphs = new Slice(Fragment.fromArray([p('Ett'), list('orderedList', 'Två')].map((json) => schema.nodeFromJSON(json))), 1, 3);
    expect(placePaste(state, paragraphs)).toBeNull();
  });

  it('keeps footnotes as numbered paragraphs at the end of the section', () => {
    const state = stateWith([section('a', p('Början'), p('Slutet')), section('b', p('Annat'))], 'Början');
    const inline = new Slice(Fragment.from(schema.nodeFromJSON(p(' med not [1]'))), 1, 1);
    const after = state.apply(placePaste(state, inline, [{ number: '1', text: 'Källa: SCB 2023.' }])!);
    expect(outline(after, 'a')).toEqual(['paragraph:Början med not [1]', 'paragraph:Slutet', 'paragraph:[1] Källa: SCB 2023.']);
    expect(outline(after, 'b')).toEqual(['paragraph:Annat']);
  });
});
