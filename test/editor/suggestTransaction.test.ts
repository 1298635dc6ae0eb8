/**
 * Föreslå's transform (client/suggestions/suggestTransaction.ts) on plain editor states: what a
 * typed, deleted or formatted change becomes, whose it is, and when it is refused.
 */
import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { Fragment, Slice, type Node as ProseMirrorNode } from '@tiptap/pm/model';
import { ReplaceStep } from '@tiptap/pm/transform';
import { contentExtensions } from '../../client/editor/contentExtensions';
import { BodyDocument, SectionNode } from '../../client/editor/sectionNode';
import { suggestTransaction, type Suggester } from '../../client/suggestions/suggestTransaction';
import { isSuggestionAttrs } from '../../shared/model/schema';

const schema = getSchema([BodyDocument, SectionNode, ...contentExtensions()]);
const NOW = '2026-12-03T10:00:00.000Z';

function suggester(userId: string, ids = ['forslag-0001', 'forslag-0002', 'forslag-0003']): Suggester {
  const queue = [...ids];
  return { userId, userName: null, now: NOW, newId: () => queue.shift() ?? 'forslag-extra' };
}

/** One section, one paragraph "Nämnden beslutar." (text from 2 to 19). */
function stateWith(content: unknown[] = [{ type: 'text', text: 'Nämnden beslutar.' }]): EditorState {
  const doc = schema.nodeFromJSON({
    type: 'doc',
    content: [{ type: 'section', attrs: { sectionKey: 'arendet' }, content: [{ type: 'paragraph', content }] }],
  });
  return EditorState.create({ doc });
}

/** The paragraph's text runs as [text, marks by name → attrs]. */
function runs(doc: ProseMirrorNode): Array<[string, Record<string, Record<string, unknown>>]> {
  const result: Array<[string, Record<string, Record<string, unknown>>]> = [];
  doc.descendants((node) => {
    if (!node.isText) return true;
    result.push([node.text!, Object.fromEntries(node.marks.map((mark) => [mark.type.name, mark.attrs]))]);
    return false;
  });
  return result;
}

function apply(state: EditorState, build: (tr: Transaction) => Transaction, who: Suggester): EditorState {
  const tr = suggestTransaction(state, build(state.tr), who);
  if (!tr) throw new Error('refused');
  return state.apply(tr);
}

describe('Föreslå', () => {
  it('marks typed text as an insertion by the author, with id and time, and keeps the caret after it', () => {
    const anna = suggester('anna');
    const state = apply(stateWith(), (tr) => tr.insertText(' inte', 9), anna);
    expect(state.doc.textContent).toBe('Nämnden inte beslutar.');
    const [, inserted] = runs(state.doc);
    expect(inserted![0]).toBe(' inte');
    expect(inserted![1].insertion).toEqual({ id: 'forslag-0001', userId: 'anna', createdAt: NOW, userName: null });
    expect(isSuggestionAttrs('insertion', inserted![1].insertion)).toBe(true);
  });

  it('extends the author’s own suggestion when typing on at its end, but not someone else’s', () => {
    const anna = suggester('anna');
    let state = apply(stateWith(), (tr) => tr.insertText(' in', 9), anna);
    state = apply(state, (tr) => tr.insertText('te', 12), anna);
    expect(runs(state.doc).map(([text, marks]) => [text, marks.insertion?.id ?? null])).toEqual([
      ['Nämnden', null],
      [' inte', 'forslag-0001'],
      [' beslutar.', null],
    ]);
    const bertil = suggester('bertil', ['bertil-00001']);
    state = apply(state, (tr) => tr.insertText('!', 14), bertil);
    expect(runs(state.doc).map(([text, marks]) => [text, marks.insertion?.userId ?? null])).toEqual([
      ['Nämnden', null],
      [' inte', 'anna'],
      ['!', 'bertil'],
      [' beslutar.', null],
    ]);
  });

  it('keeps deleted text, struck through as a deletion, and leaves the caret before it', () => {
    const state = apply(stateWith(), (tr) => tr.delete(9, 18).setSelection(TextSelection.create(tr.doc, 9)), suggester('anna'));
    expect(state.doc.textContent).toBe('Nämnden beslutar.');
    expect(runs(state.doc).map(([text, marks]) => [text, marks.deletion?.userId ?? null])).toEqual([
      ['Nämnden', null],
      [' beslutar', 'anna'],
      ['.', null],
    ]);
    expect(state.selection.head).toBe(9);
  });

  it('really removes what the author had suggested inserting', () => {
    const anna = suggester('anna');
    let state = apply(stateWith(), (tr) => tr.insertText(' inte', 9), anna);
    state = apply(state, (tr) => tr.delete(9, 14), anna);
    expect(state.doc.textContent).toBe('Nämnden beslutar.');
    expect(runs(state.doc)).toEqual([['Nämnden beslutar.', {}]]);
  });

  it('proposes deleting someone else’s suggested insertion instead of removing it', () => {
    let state = apply(stateWith(), (tr) => tr.insertText(' inte', 9), suggester('anna'));
    state = apply(state, (tr) => tr.delete(9, 14), suggester('bertil', ['bertil-00001']));
    expect(state.doc.textContent).toBe('Nämnden inte beslutar.');
    const [, inserted] = runs(state.doc);
    expect(inserted![1].insertion?.userId).toBe('anna');
    expect(inserted![1].deletion?.userId).toBe('bertil');
  });

  it('shows typing over a selection as one suggestion: the old text struck, the new after it', () => {
    const selected = stateWith();
    const start = selected.apply(selected.tr.setSelection(TextSelection.create(selected.doc, 10, 18)));
    const state = apply(start, (tr) => tr.insertText('föreslår', 10, 18), suggester('anna'));
    expect(state.doc.textContent).toBe('Nämnden beslutarföreslår.');
    const parts = runs(state.doc).map(([text, marks]) => [text, marks.deletion?.id ?? null, marks.insertion?.id ?? null]);
    expect(parts).toEqual([
      ['Nämnden ', null, null],
      ['beslutar', 'forslag-0001', null],
      ['föreslår', null, 'forslag-0001'],
      ['.', null, null],
    ]);
    expect(state.selection.head).toBe(2 + 'Nämnden beslutarföreslår'.length);
  });

  it('proposes bold without applying it, and a second Fet withdraws the proposal', () => {
    const bold = schema.marks.bold!.create();
    let state = apply(stateWith(), (tr) => tr.addMark(2, 9, bold), suggester('anna'));
    const [first] = runs(state.doc);
    expect(first![0]).toBe('Nämnden');
    expect(first![1].bold).toBeUndefined();
    expect(first![1].formatChange).toMatchObject({ userId: 'anna', add: 'bold', remove: '' });
    expect(isSuggestionAttrs('formatChange', first![1].formatChange)).toBe(true);
    state = apply(state, (tr) => tr.addMark(2, 9, bold), suggester('anna'));
    expect(runs(state.doc)).toEqual([['Nämnden beslutar.', {}]]);
  });

  it('keeps two people’s formatting proposals on the same text apart', () => {
    let state = apply(stateWith(), (tr) => tr.addMark(2, 9, schema.marks.bold!.create()), suggester('anna'));
    state = apply(state, (tr) => tr.addMark(2, 9, schema.marks.italic!.create()), suggester('bertil', ['bertil-00001']));
    const proposals: Array<[unknown, unknown]> = [];
    state.doc.nodeAt(2)!.marks.forEach((mark) => proposals.push([mark.attrs.userId, mark.attrs.add]));
    expect(proposals.sort()).toEqual([
      ['anna', 'bold'],
      ['bertil', 'italic'],
    ]);
  });

  it('makes formatting beside one’s own insertion a suggestion of its own', () => {
    const anna = suggester('anna');
    let state = apply(stateWith(), (tr) => tr.insertText(' inte', 9), anna);
    state = apply(state, (tr) => tr.addMark(2, 9, schema.marks.bold!.create()), anna);
    const ids = runs(state.doc).map(([text, marks]) => [text, marks.formatChange?.id ?? marks.insertion?.id ?? null]);
    expect(ids).toEqual([
      ['Nämnden', 'forslag-0002'],
      [' inte', 'forslag-0001'],
      [' beslutar.', null],
    ]);
  });

  it('applies formatting to the author’s own inserted text directly', () => {
    const anna = suggester('anna');
    let state = apply(stateWith(), (tr) => tr.insertText(' inte', 9), anna);
    state = apply(state, (tr) => tr.addMark(9, 14, schema.marks.italic!.create()), anna);
    const [, inserted] = runs(state.doc);
    expect(Object.keys(inserted![1]).sort()).toEqual(['insertion', 'italic']);
  });

  it('refuses what cannot be proposed: a new paragraph, a list', () => {
    const state = stateWith();
    expect(suggestTransaction(state, state.tr.split(9), suggester('anna'))).toBeNull();
    const list = state.tr.setBlockType(2, 19, schema.nodes.heading!, { level: 3 });
    expect(suggestTransaction(state, list, suggester('anna'))).toBeNull();
  });

  it('lets a paste of one paragraph’s text through as an insertion, dropping the suggestion marks it came with', () => {
    const state = stateWith();
    const foreign = schema.marks.deletion!.create({ id: 'annan-000001', userId: 'bertil', createdAt: NOW, userName: null });
    // As the clipboard gives it: a paragraph open at both ends.
    const paragraph = schema.nodes.paragraph!.create(null, [schema.text('klistrat', [foreign])]);
    const slice = new Slice(Fragment.from(paragraph), 1, 1);
    const pasted = apply(state, (tr) => tr.step(new ReplaceStep(9, 9, slice)), suggester('anna'));
    expect(runs(pasted.doc)[1]).toEqual([
      'klistrat',
      { insertion: { id: 'forslag-0001', userId: 'anna', createdAt: NOW, userName: null } },
    ]);
  });
});
