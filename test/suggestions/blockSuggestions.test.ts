/**
 * Issue 15: blocks carry open suggestions, so that whatever converts a document through blocks
 * (a version restored, an import, a template migration, an export) keeps them. The text written
 * back is the text the editor itself writes: the same formatting keys y-prosemirror gives
 * suggestion marks, so the editor's binding finds nothing to rewrite.
 */
import { getSchema } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentExtensions } from '../../client/editor/contentExtensions';
import { BodyDocument, SectionNode } from '../../client/editor/sectionNode';
import { acceptedBlocks, blocksToElements, readBlocks, type Block, type RunSuggestion } from '../../shared/doc/blocks';
import { acceptAll, listSuggestions } from '../../shared/suggestions/resolve';

const anna: Omit<RunSuggestion, 'kind' | 'id'> = { userId: 'user-anna', userName: 'Anna Berg', createdAt: '2026-12-01T09:30:00.000Z' };

const BLOCKS: Block[] = [
  {
    kind: 'paragraph',
    runs: [
      { text: 'Nämnden beslutar ' },
      { text: 'inte ', suggestions: [{ kind: 'deletion', id: 'deletion-0001', ...anna }] },
      { text: 'gärna ', suggestions: [{ kind: 'insertion', id: 'insertion-001', ...anna }] },
      { text: 'att', bold: true, suggestions: [{ kind: 'formatChange', id: 'format-00001', ...anna, add: ['italic'], remove: ['bold'] }] },
      { text: ' bifalla.' },
    ],
  },
  {
    kind: 'list',
    ordered: true,
    items: [[{ text: 'punkt ', suggestions: [{ kind: 'insertion', id: 'insertion-002', ...anna, userName: null }] }]],
  },
];

function roundTrip(blocks: readonly Block[]): { doc: Y.Doc; blocks: Block[] } {
  const doc = new Y.Doc();
  const section = new Y.XmlElement('section');
  section.setAttribute('sectionKey', 'arendet');
  doc.getXmlFragment('body').insert(0, [section]);
  section.insert(0, blocksToElements(blocks));
  return { doc, blocks: readBlocks(section.toArray()) };
}

describe('blocks with suggestions', () => {
  it('read back exactly the suggestions they were written with', () => {
    expect(roundTrip(BLOCKS).blocks).toEqual(BLOCKS);
  });

  it('are written as open suggestions the resolver knows', () => {
    const { doc } = roundTrip(BLOCKS);
    expect(listSuggestions(doc).map((suggestion) => [suggestion.mark, suggestion.text, suggestion.userName])).toEqual([
      ['deletion', 'inte ', 'Anna Berg'],
      ['insertion', 'gärna ', 'Anna Berg'],
      ['formatChange', 'att', 'Anna Berg'],
      ['insertion', 'punkt ', null],
    ]);
  });

  it('accepted, read as the resolver accepts them on the document', () => {
    const { doc } = roundTrip(BLOCKS);
    const expected = acceptedBlocks(BLOCKS);
    acceptAll(doc);
    const section = doc.getXmlFragment('body').get(0) as Y.XmlElement;
    expect(readBlocks(section.toArray())).toEqual(expected);
    expect(expected[0]).toEqual({
      kind: 'paragraph',
      runs: [{ text: 'Nämnden beslutar gärna ' }, { text: 'att', italic: true }, { text: ' bifalla.' }],
    });
  });

  it('use the formatting keys y-prosemirror writes for the editor’s suggestion marks', () => {
    const schema = getSchema([BodyDocument, SectionNode, ...contentExtensions()]);
    const attrs = { id: 'insertion-001', userId: 'user-anna', createdAt: '2026-12-01T09:30:00.000Z', userName: 'Anna Berg' };
    const json = {
      type: 'doc',
      content: [
        {
          type: 'section',
          attrs: { sectionKey: 'arendet' },
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'gärna ', marks: [{ type: 'insertion', attrs }] },
                {
                  type: 'text',
                  text: 'att',
                  marks: [{ type: 'formatChange', attrs: { ...attrs, id: 'format-00001', add: 'italic', remove: 'bold' } }],
                },
              ],
            },
          ],
        },
      ],
    };
    const editorDoc = new Y.Doc();
    prosemirrorJSONToYXmlFragment(schema, json, editorDoc.getXmlFragment('body'));
    const editorText = ((editorDoc.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const { doc } = roundTrip([
      {
        kind: 'paragraph',
        runs: [
          { text: 'gärna ', suggestions: [{ kind: 'insertion', id: 'insertion-001', ...anna }] },
          { text: 'att', suggestions: [{ kind: 'formatChange', id: 'format-00001', ...anna, add: ['italic'], remove: ['bold'] }] },
        ],
      },
    ]);
    const ours = ((doc.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    expect(ours.toDelta()).toEqual(editorText.toDelta());
  });
});
