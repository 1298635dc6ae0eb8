import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { EditorState, Plugin, type Transaction } from '@tiptap/pm/state';
import { seededPrng, type Prng } from '../helpers/prng';
import { BodyDocument, SectionNode } from '../../client/editor/sectionNode';
import { keepsSections } from '../../client/editor/sectionGuard';
import {
  FindReplace,
  MAX_MATCHES,
  findMatches,
  findState,
  replaceAll,
  replaceCurrent,
  setQuery,
  step,
  type SearchQuery,
} from '../../client/editor/findReplace';

const extensions = [BodyDocument, StarterKit.configure({ document: false, undoRedo: false, link: false }), SectionNode, FindReplace];
const schema = getSchema(extensions);
const plugins = FindReplace.config.addProseMirrorPlugins!.call({} as never);

function section(key: string, ...paragraphs: string[]) {
  return {
    type: 'section',
    attrs: { sectionKey: key },
    content: paragraphs.map((text) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] })),
  };
}

/** A view stand-in: dispatch applies the transaction, as the section guard's filter would let it. */
function view(...sections: ReturnType<typeof section>[]) {
  const doc = schema.nodeFromJSON({ type: 'doc', content: sections });
  const holder = {
    state: EditorState.create({ doc, plugins }),
    dispatch(tr: Transaction) {
      if (keepsSections(tr, holder.state)) holder.state = holder.state.apply(tr);
    },
  };
  return holder;
}

const query = (text: string, options: Partial<SearchQuery> = {}): SearchQuery => ({ text, matchCase: false, wholeWord: false, ...options });
const sectionTexts = (state: EditorState) => {
  const texts: string[] = [];
  state.doc.forEach((child) => texts.push(`${child.attrs.sectionKey}:${child.textContent}`));
  return texts;
};

describe('finding text', () => {
  const doc = schema.nodeFromJSON({
    type: 'doc',
    content: [section('a', 'Nämnden beslutar.', 'NÄMNDEN'), section('b', 'Nämndens ledamöter; nämnden.')],
  });

  it('finds every match across sections in document order, ignoring case by default', () => {
    const matches = findMatches(doc, query('nämnden'));
    expect(matches.map((match) => doc.textBetween(match.from, match.to))).toEqual(['Nämnden', 'NÄMNDEN', 'Nämnden', 'nämnden']);
    expect(matches.every((match, index) => index === 0 || match.from > matches[index - 1]!.from)).toBe(true);
  });

  it('matches case when asked', () => {
    expect(findMatches(doc, query('Nämnden', { matchCase: true })).map((match) => doc.textBetween(match.from, match.to))).toEqual([
      'Nämnden',
      'Nämnden',
    ]);
  });

  it('finds whole words only when asked, with å, ä and ö as letters', () => {
    const matches = findMatches(doc, query('nämnden', { wholeWord: true }));
    // "Nämndens" is another word.
    expect(matches.map((match) => doc.textBetween(match.from, match.to))).toEqual(['Nämnden', 'NÄMNDEN', 'nämnden']);
    const swedish = schema.nodeFromJSON({ type: 'doc', content: [section('a', 'år året påår år')] });
    expect(findMatches(swedish, query('år', { wholeWord: true }))).toHaveLength(2);
  });

  it('takes the query as text, not as a pattern', () => {
    const special = schema.nodeFromJSON({ type: 'doc', content: [section('a', 'Kostnad (tkr) 1.5 mnkr eller 105')] });
    expect(findMatches(special, query('(tkr)'))).toHaveLength(1);
    expect(findMatches(special, query('1.5'))).toHaveLength(1);
  });

  it('never matches across a line break or a paragraph end', () => {
    const broken = schema.nodeFromJSON({
      type: 'doc',
      content: [
        {
          type: 'section',
          attrs: { sectionKey: 'a' },
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'ab' }, { type: 'hardBreak' }, { type: 'text', text: 'cd' }] },
            { type: 'paragraph', content: [{ type: 'text', text: 'ef' }] },
          ],
        },
      ],
    });
    expect(findMatches(broken, query('bc'))).toHaveLength(0);
    expect(findMatches(broken, query('de'))).toHaveLength(0);
    const [cd] = findMatches(broken, query('cd'));
    expect(broken.textBetween(cd!.from, cd!.to)).toBe('cd');
  });

  it('stops counting at the limit', () => {
    const many = schema.nodeFromJSON({ type: 'doc', content: [section('a', 'x'.repeat(MAX_MATCHES + 100))] });
    expect(findMatches(many, query('x'))).toHaveLength(MAX_MATCHES);
  });
});

describe('replacing text', () => {
  it('replaces all matches in one change and keeps every section', () => {
    const editor = view(section('a', 'Kommunen och kommunen.'), section('b', 'kommunen'), section('c', ''));
    setQuery(editor, query('kommunen'));
    expect(findState(editor.state)!.matches).toHaveLength(3);
    expect(replaceAll(editor, 'regionen')).toEqual({ replaced: 3, skipped: 0 });
    expect(sectionTexts(editor.state)).toEqual(['a:regionen och regionen.', 'b:regionen', 'c:']);
    expect(findState(editor.state)!.matches).toHaveLength(0);
  });

  it('replaces what may be changed and leaves, and counts, a match in a section that may not be', () => {
    // As the Beslutsplanering an ärende writes: the editor refuses any change inside it.
    const protectedSection = new Plugin({
      filterTransaction: (tr, state) => {
        let touches = false;
        state.doc.forEach((child, offset) => {
          if (child.attrs.sectionKey !== 'b') return;
          tr.mapping.maps.forEach((map) =>
            map.forEach((from, to) => {
              if (from < offset + child.nodeSize && to > offset) touches = true;
            }),
          );
        });
        return !touches;
      },
    });
    const doc = schema.nodeFromJSON({
      type: 'doc',
      content: [section('a', 'ASN beredning'), section('b', 'ASN 2023-08-09'), section('c', 'ASN')],
    });
    const editor = {
      state: EditorState.create({ doc, plugins: [...plugins, protectedSection] }),
      dispatch(tr: Transaction) {
        editor.state = editor.state.applyTransaction(tr).state;
      },
    };
    setQuery(editor, query('ASN'));
    expect(replaceAll(editor, 'Arbetsmarknadsnämnden')).toEqual({ replaced: 2, skipped: 1 });
    expect(sectionTexts(editor.state)).toEqual(['a:Arbetsmarknadsnämnden beredning', 'b:ASN 2023-08-09', 'c:Arbetsmarknadsnämnden']);
  });

  it('replacing a whole section text with nothing empties it but keeps the section', () => {
    const editor = view(section('a', 'Ta bort'), section('b', 'Kvar'));
    setQuery(editor, query('Ta bort'));
    expect(replaceAll(editor, '')).toEqual({ replaced: 1, skipped: 0 });
    expect(sectionTexts(editor.state)).toEqual(['a:', 'b:Kvar']);
  });

  it('replaces the current match and moves on, not into its own replacement', () => {
    const editor = view(section('a', 'år och år'));
    setQuery(editor, query('år'));
    expect(findState(editor.state)!.current).toBe(0);
    expect(replaceCurrent(editor, 'åren år')).toBe(true);
    expect(sectionTexts(editor.state)).toEqual(['a:åren år och år']);
    const state = findState(editor.state)!;
    // The match now is the original second "år", after the replacement.
    expect(editor.state.doc.textBetween(state.matches[state.current]!.from, state.matches[state.current]!.to)).toBe('år');
    expect(state.matches[state.current]!.from).toBeGreaterThan(state.matches[1]!.from - 1);
    expect(state.current).toBe(2);
  });

  it('steps through matches with wrap-around, selecting each', () => {
    const editor = view(section('a', 'ett två ett'), section('b', 'ett'));
    setQuery(editor, query('ett'));
    const positions: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      step(editor, 1);
      positions.push(findState(editor.state)!.current);
      expect(editor.state.doc.textBetween(editor.state.selection.from, editor.state.selection.to)).toBe('ett');
    }
    expect(positions).toEqual([1, 2, 0, 1]);
    step(editor, -1);
    step(editor, -1);
    expect(findState(editor.state)!.current).toBe(2);
  });

  it('follows edits made elsewhere while the search is open', () => {
    const editor = view(section('a', 'ett'), section('b', 'två'));
    setQuery(editor, query('ett'));
    editor.dispatch(editor.state.tr.insertText(' ett', editor.state.doc.child(0).nodeSize + 4));
    expect(findState(editor.state)!.matches).toHaveLength(2);
  });
});

describe('keeping the matches up to date while the text changes', () => {
  const WORDS = ['år', 'åren', 'nämnden', 'Nämnden', 'x', 'nämndens', ' ', ' ', '.'];

  /** A random edit inside the text: typing, deleting, splitting or joining paragraphs, bold. */
  function randomEdit(state: EditorState, random: Prng): Transaction {
    const positions: number[] = [];
    state.doc.descendants((node, pos) => {
      if (node.isTextblock) for (let offset = 0; offset <= node.content.size; offset += 1) positions.push(pos + 1 + offset);
      return !node.isTextblock;
    });
    const at = random.pick(positions);
    const tr = state.tr;
    switch (random.int(5)) {
      case 0:
      case 1:
        return tr.insertText(random.pick(WORDS) + random.pick(WORDS), at);
      case 2: {
        const $at = state.doc.resolve(at);
        const end = Math.min($at.end(), at + 1 + random.int(6));
        return end > at ? tr.delete(at, end) : tr.insertText('nämnden', at);
      }
      case 3:
        return tr.split(at);
      default: {
        // Joining a paragraph with the one before it (Backspace at its start), when there is one in the section.
        const $at = state.doc.resolve(at);
        const before = $at.before();
        return $at.index($at.depth - 1) > 0 && $at.depth >= 2 ? tr.join(before) : tr.addMark(at, $at.end(), schema.marks.bold!.create());
      }
    }
  }

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`finds exactly what a full search finds after every edit (seed ${seed})`, () => {
      const random = seededPrng(seed);
      const editor = view(section('a', 'Nämnden år', 'nämndens år.'), section('b', 'år och åren'), section('c', ''));
      const search = query(random.pick(['år', 'nämnden']), { wholeWord: random.int(2) === 1, matchCase: random.int(2) === 1 });
      setQuery(editor, search);
      for (let step = 0; step < 60; step += 1) {
        editor.dispatch(randomEdit(editor.state, random));
        expect(findState(editor.state)!.matches, `after edit ${step}`).toEqual(findMatches(editor.state.doc, search));
      }
    });
  }
});
