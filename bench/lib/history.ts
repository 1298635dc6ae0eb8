/**
 * A long editing history, generated the same way on every run: one typist writes a 50-page
 * text into the template's sections, one keystroke per transaction, with backspaces, returns to
 * earlier text and new paragraphs, as an official drafting a long tjänsteskrivelse would.
 */
import * as Y from 'yjs';
import { sectionElements } from '../../shared/doc/documentState';
import { seededPrng } from '../../test/helpers/prng';

const WORDS = [
  'nämnden',
  'förvaltningen',
  'beslutar',
  'att',
  'ärendet',
  'kommunen',
  'yttrande',
  'över',
  'remissen',
  'enligt',
  'och',
  'som',
  'för',
  'med',
  'de',
  'ekonomiska',
  'konsekvenserna',
  'bedöms',
  'vara',
  'små',
  'barn',
  'skolan',
  'budget',
  'inom',
  'ramen',
  'verksamheten',
  'föreslår',
  'godkänna',
  'diarienummer',
];

export interface History {
  /** The keystrokes, merged into one update per `chunkSize` keystrokes, in order. */
  chunks: Uint8Array[];
  operations: number;
  characters: number;
}

export function generateHistory(base: Uint8Array, operations: number, seed = 7, chunkSize = 1_000): History {
  const random = seededPrng(seed);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const pending: Uint8Array[] = [];
  const chunks: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => pending.push(update));
  const sections = sectionElements(doc);

  const newParagraph = (section: Y.XmlElement): Y.XmlText => {
    const text = new Y.XmlText();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [text]);
    section.insert(section.length, [paragraph]);
    return text;
  };
  let sectionIndex = 0;
  let text = newParagraph(sections[0]!);
  let cursor = 0;
  let word = '';

  for (let done = 0; done < operations; done++) {
    const roll = random.next();
    doc.transact(() => {
      if (roll < 0.12 && cursor > 0) {
        text.delete(cursor - 1, 1);
        cursor -= 1;
      } else if (roll < 0.125 && text.length > 0) {
        cursor = random.int(text.length + 1);
      } else if (roll < 0.127 || text.length > 900) {
        if (random.next() < 0.1) sectionIndex = (sectionIndex + 1) % sections.length;
        text = newParagraph(sections[sectionIndex]!);
        cursor = 0;
      } else {
        if (word === '') word = random.pick(WORDS) + (random.next() < 0.1 ? '. ' : ' ');
        text.insert(cursor, word[0]!);
        word = word.slice(1);
        cursor += 1;
      }
    });
    if (pending.length >= chunkSize) chunks.push(Y.mergeUpdates(pending.splice(0)));
  }
  if (pending.length > 0) chunks.push(Y.mergeUpdates(pending.splice(0)));
  const characters = sections.reduce((sum, section) => sum + section.toString().replace(/<[^>]*>/g, '').length, 0);
  doc.destroy();
  return { chunks, operations, characters };
}
