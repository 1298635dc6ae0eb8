/**
 * Accepting and rejecting suggestions (client/suggestions/suggestionReview.ts) and what the panel
 * lists, on plain editor states; and Redigera keeping an editor's typing out of others' suggestions.
 */
import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { contentExtensions } from '../../client/editor/contentExtensions';
import { BodyDocument, SectionNode } from '../../client/editor/sectionNode';
import { collectSuggestions, resolveSuggestions } from '../../client/suggestions/suggestionReview';
import { REVIEW_META, withoutInheritedSuggestions } from '../../client/suggestions/suggestMode';

const schema = getSchema([BodyDocument, SectionNode, ...contentExtensions()]);
const NOW = '2026-12-03T10:00:00.000Z';

const attrs = (id: string, userId: string) => ({ id, userId, createdAt: NOW, userName: userId === 'greta' ? 'Greta Granskare' : null });
const insertion = (id: string, userId = 'greta') => ({ type: 'insertion', attrs: attrs(id, userId) });
const deletion = (id: string, userId = 'greta') => ({ type: 'deletion', attrs: attrs(id, userId) });

/**
 * Two sections. Ärendet: "Nämnden " + "inte " (insertion A) + "beslutar" + " idag" (deletion B) + ".";
 * Förslag till beslut: "Godkänn" with formatChange C (make bold) by bertil, then " avtalet" (insertion D by bertil).
 */
function reviewState(): EditorState {
  const doc = schema.nodeFromJSON({
    type: 'doc',
    content: [
      {
        type: 'section',
        attrs: { sectionKey: 'arendet' },
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Nämnden ' },
              { type: 'text', text: 'inte ', marks: [insertion('forslag-A')] },
              { type: 'text', text: 'beslutar' },
              { type: 'text', text: ' idag', marks: [deletion('forslag-B')] },
              { type: 'text', text: '.' },
            ],
          },
        ],
      },
      {
        type: 'section',
        attrs: { sectionKey: 'forslagTillBeslut' },
        content: [
          {
            type: 'paragraph',
            content: [
              {
                type: 'text',
                text: 'Godkänn',
                marks: [{ type: 'formatChange', attrs: { ...attrs('forslag-C', 'bertil'), add: 'bold', remove: '' } }],
              },
              { type: 'text', text: ' avtalet', marks: [insertion('forslag-D', 'bertil')] },
            ],
          },
        ],
      },
    ],
  });
  return EditorState.create({ doc });
}

function marked(doc: ProseMirrorNode): string[] {
  const result: string[] = [];
  doc.descendants((node) => {
    if (node.isText && node.marks.length) result.push(`${node.marks.map((mark) => mark.type.name).join('+')}:${node.text}`);
    return true;
  });
  return result;
}

function decide(state: EditorState, ids: string[], accept: boolean): EditorState {
  const tr = resolveSuggestions(state, new Set(ids), accept);
  if (!tr) throw new Error('nothing to decide');
  expect(tr.getMeta(REVIEW_META)).toBe(true);
  return state.apply(tr);
}

describe('reviewing suggestions', () => {
  it('lists them in document order with section, author, time and what they change', () => {
    const list = collectSuggestions(reviewState());
    expect(
      list.map((item) => [item.id, item.sectionKey, item.userId, item.inserted, item.deleted, item.formatted, item.add.join()]),
    ).toEqual([
      ['forslag-A', 'arendet', 'greta', 'inte ', '', '', ''],
      ['forslag-B', 'arendet', 'greta', '', ' idag', '', ''],
      ['forslag-C', 'forslagTillBeslut', 'bertil', '', '', 'Godkänn', 'bold'],
      ['forslag-D', 'forslagTillBeslut', 'bertil', ' avtalet', '', '', ''],
    ]);
    expect(list[0]).toMatchObject({ userName: 'Greta Granskare', createdAt: NOW });
  });

  it('lists them at their new places after an edit, as a fresh reading of the same document would', () => {
    const state = reviewState();
    collectSuggestions(state);
    // Typed before the first suggestion, and a second paragraph added to Förslag till beslut.
    const edited = state.apply(
      state.tr.insertText('Arbetsmarknadsnämnden: ', 2).insert(state.doc.content.size - 1, schema.nodes.paragraph!.create()),
    );
    const fresh = EditorState.create({ doc: schema.nodeFromJSON(edited.doc.toJSON()) });
    const list = collectSuggestions(edited);
    expect(list).toEqual(collectSuggestions(fresh));
    expect(list[0]).toMatchObject({ id: 'forslag-A', from: 2 + 'Arbetsmarknadsnämnden: Nämnden '.length });
  });

  it('accepts: inserted text stays plain, deleted text goes, proposed formatting is applied', () => {
    const state = decide(reviewState(), ['forslag-A', 'forslag-B', 'forslag-C'], true);
    expect(state.doc.child(0).textContent).toBe('Nämnden inte beslutar.');
    expect(marked(state.doc)).toEqual(['bold:Godkänn', 'insertion: avtalet']);
  });

  it('rejects: inserted text goes, deleted text stays plain, proposed formatting is dropped', () => {
    const state = decide(reviewState(), ['forslag-A', 'forslag-B', 'forslag-C'], false);
    expect(state.doc.child(0).textContent).toBe('Nämnden beslutar idag.');
    expect(marked(state.doc)).toEqual(['insertion: avtalet']);
  });

  it('decides all of one author at once', () => {
    const state = reviewState();
    const bertils = collectSuggestions(state).filter((item) => item.userId === 'bertil');
    const after = decide(
      state,
      bertils.map((item) => item.id),
      false,
    );
    expect(after.doc.child(1).textContent).toBe('Godkänn');
    expect(marked(after.doc)).toEqual(['insertion:inte ', 'deletion: idag']);
  });

  it('does nothing for a suggestion that is no longer there', () => {
    expect(resolveSuggestions(reviewState(), new Set(['forslag-borta']), true)).toBeNull();
  });
});

describe('Redigera', () => {
  it('keeps text an editor types inside someone’s suggestion out of it', () => {
    const state = reviewState();
    // Typing in the middle of "inte " inherits the insertion mark, as ProseMirror does.
    const inside = 2 + 'Nämnden in'.length;
    const typed = state.tr.insertText('x', inside);
    expect(typed.doc.nodeAt(inside)!.marks.map((mark) => mark.type.name)).toEqual(['insertion']);
    const cleaned = state.apply(withoutInheritedSuggestions(typed));
    expect(cleaned.doc.nodeAt(inside)!.marks).toEqual([]);
    expect(cleaned.doc.child(0).textContent).toBe('Nämnden inxte beslutar idag.');
    // The suggestion around it is untouched.
    expect(collectSuggestions(cleaned).find((item) => item.id === 'forslag-A')?.inserted).toBe('inte ');
  });
});
