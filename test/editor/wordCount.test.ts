import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { BodyDocument, SectionNode } from '../../client/editor/sectionNode';
import { countWords, sectionWords, wordCountLabel, wordCounts } from '../../client/editor/wordCount';

const schema = getSchema([BodyDocument, StarterKit.configure({ document: false, undoRedo: false, link: false }), SectionNode]);

function section(key: string, ...paragraphs: string[]) {
  return {
    type: 'section',
    attrs: { sectionKey: key },
    content: paragraphs.map((text) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] })),
  };
}

describe('counting words', () => {
  it('counts runs of text with a letter or digit, not dashes or bullets', () => {
    expect(countWords('Nämnden beslutar – i enlighet med § 12.')).toBe(6);
    expect(countWords('  ')).toBe(0);
    expect(countWords('ASN-2023-12667 är diarienumret')).toBe(3);
  });

  it('separates words across paragraphs, so "slut" + "Början" is two words', () => {
    const doc = schema.nodeFromJSON({ type: 'doc', content: [section('a', 'slut', 'Början')] });
    expect(sectionWords(doc.child(0))).toBe(2);
  });

  it('counts the whole document and the section with the caret', () => {
    const doc = schema.nodeFromJSON({ type: 'doc', content: [section('a', 'ett två tre'), section('b', 'fyra fem')] });
    const inB = EditorState.create({ doc, selection: TextSelection.create(doc, doc.child(0).nodeSize + 3) });
    expect(wordCounts(inB)).toEqual({ document: 5, section: { key: 'b', words: 2 } });
  });

  it('writes the figure with Swedish digit grouping', () => {
    expect(wordCountLabel({ document: 1234, section: { key: 'a', words: 210 } })).toBe('1\u00a0234 ord · Avsnittet: 210 ord');
    expect(wordCountLabel({ document: 3, section: null })).toBe('3 ord');
  });

  it('recounts only the sections an edit changed', () => {
    const doc = schema.nodeFromJSON({ type: 'doc', content: [section('a', 'ett två'), section('b', 'tre')] });
    const state = EditorState.create({ doc });
    const edited = state.apply(state.tr.insertText(' fyra', doc.child(0).nodeSize + 5));
    // The untouched section is the same node object, so its cached count is reused.
    expect(edited.doc.child(0)).toBe(doc.child(0));
    expect(wordCounts(edited).document).toBe(4);
  });
});
