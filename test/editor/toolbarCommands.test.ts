import { describe, expect, it } from 'vitest';
import { documentType } from '../../shared/model';
import { offeredIn } from '../../client/editor/toolbarCommands';
import { movementFor } from '../../client/editor/readOnlyKeyboard';
import { tabTitle } from '../../client/editor/documentTitle';

describe('what the toolbar offers in a section', () => {
  const tjansteskrivelse = documentType('tjansteskrivelse');

  it('offers sub-headings and tables in prose sections such as Ärendet', () => {
    expect(offeredIn(tjansteskrivelse, 'arendet', { node: 'heading' })).toBe(true);
    expect(offeredIn(tjansteskrivelse, 'ekonomiskaKonsekvenser', { node: 'table' })).toBe(true);
  });

  it('offers neither among the beslutspunkter nor in a list section, but still bold and lists', () => {
    for (const key of ['forslagTillBeslut', 'beslutsunderlag']) {
      expect(offeredIn(tjansteskrivelse, key, { node: 'heading' }), key).toBe(false);
      expect(offeredIn(tjansteskrivelse, key, { node: 'table' }), key).toBe(false);
      expect(offeredIn(tjansteskrivelse, key, { mark: 'bold' }), key).toBe(true);
      expect(offeredIn(tjansteskrivelse, key, { node: 'orderedList' }), key).toBe(true);
    }
  });

  it('offers everything outside any section or in a section the template does not know', () => {
    expect(offeredIn(tjansteskrivelse, null, { node: 'table' })).toBe(true);
    expect(offeredIn(tjansteskrivelse, 'okant', { node: 'table' })).toBe(true);
  });
});

describe('moving in read-only text', () => {
  const key = (key: string, modifiers: Partial<Record<'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) => ({
    key,
    shiftKey: false,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...modifiers,
  });

  it('moves by character, word, line and to the ends, extending with Shift', () => {
    expect(movementFor(key('ArrowRight'))).toEqual(['move', 'forward', 'character']);
    expect(movementFor(key('ArrowLeft', { ctrlKey: true, shiftKey: true }))).toEqual(['extend', 'backward', 'word']);
    expect(movementFor(key('ArrowDown', { shiftKey: true }))).toEqual(['extend', 'forward', 'line']);
    expect(movementFor(key('Home'))).toEqual(['move', 'backward', 'lineboundary']);
    expect(movementFor(key('End', { ctrlKey: true }))).toEqual(['move', 'forward', 'documentboundary']);
  });

  it('leaves other keys and Alt combinations (Alt+F10, AltGr) alone', () => {
    expect(movementFor(key('a'))).toBeNull();
    expect(movementFor(key('ArrowRight', { altKey: true }))).toBeNull();
  });
});

describe('the tab title', () => {
  it('names the document before the app, and only the app when there is no title', () => {
    expect(tabTitle(' Samverkan med polisen ')).toBe('Samverkan med polisen – Yttra');
    expect(tabTitle('')).toBe('Yttra');
  });
});
