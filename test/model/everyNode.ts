/**
 * A section's content that uses every node and every mark of the content schema, for the tests
 * that walk the schema through every exporter, the import and a version restore.
 */
import type { Block } from '../../shared/doc/blocks';

export const EVERY_NODE_BLOCKS: Block[] = [
  { kind: 'heading', level: 3, runs: [{ text: 'Ekonomiska konsekvenser i korthet' }] },
  {
    kind: 'paragraph',
    runs: [
      { text: 'Nämnden har ' },
      { text: 'fetstil', bold: true },
      { text: ', ' },
      { text: 'kursiv', italic: true },
      { text: ', ' },
      { text: 'understruken', underline: true },
      { text: ', ' },
      { text: 'struken', strike: true },
      { text: ' och ' },
      { text: 'kod', code: true },
      { text: ' i samma stycke.\nEfter en radbrytning fortsätter stycket.' },
    ],
  },
  { kind: 'heading', level: 4, runs: [{ text: 'Fördelning per verksamhet' }] },
  { kind: 'list', ordered: true, items: [[{ text: 'Kommunstyrelsen godkänner rapporten.' }], [{ text: 'Nämnden fördelar medlen:' }]] },
  { kind: 'list', ordered: false, depth: 1, items: [[{ text: 'Förskola' }], [{ text: 'Grundskola' }]] },
  { kind: 'list', ordered: true, continues: true, items: [[{ text: 'Rapporten skickas till revisorerna.' }]] },
  {
    kind: 'quote',
    blocks: [{ kind: 'paragraph', runs: [{ text: 'Kommunen ska ha en god ekonomisk hushållning (kommunallagen 11 kap. 1 §).' }] }],
  },
  { kind: 'code', text: 'Konto 4010\nKonto 4020' },
  { kind: 'divider' },
  {
    kind: 'table',
    rows: [
      {
        cells: [
          { header: true, blocks: [{ kind: 'paragraph', runs: [{ text: 'Verksamhet' }] }] },
          { header: true, blocks: [{ kind: 'paragraph', runs: [{ text: 'Budget 2024' }] }] },
          { header: true, blocks: [{ kind: 'paragraph', runs: [{ text: 'Utfall' }] }] },
        ],
      },
      {
        cells: [
          { blocks: [{ kind: 'paragraph', runs: [{ text: 'Förskola' }] }] },
          { blocks: [{ kind: 'paragraph', runs: [{ text: '12 500 000' }] }] },
          { rowspan: 2, blocks: [{ kind: 'paragraph', runs: [{ text: 'Redovisas i bokslutet', italic: true }] }] },
        ],
      },
      {
        cells: [
          { blocks: [{ kind: 'paragraph', runs: [{ text: 'Grundskola' }] }] },
          { blocks: [{ kind: 'paragraph', runs: [{ text: '30 000 000' }] }] },
        ],
      },
      {
        cells: [
          { colspan: 2, blocks: [{ kind: 'paragraph', runs: [{ text: 'Summa 42 500 000', bold: true }] }] },
          { blocks: [{ kind: 'paragraph', runs: [{ text: '–' }] }] },
        ],
      },
    ],
  },
  { kind: 'paragraph', runs: [{ text: 'Förvaltningen följer upp utfallet.' }] },
];
