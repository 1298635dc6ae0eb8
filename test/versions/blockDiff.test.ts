import { describe, expect, it } from 'vitest';
import { diffBlocks, entryParts, type BlockDiffEntry } from '../../shared/diff/blockDiff';
import { paragraph, type Block } from '../../shared/doc/blockModel';

const paragraphs = (count: number, text = (i: number) => `Stycke nummer ${i} om förskolan.`) =>
  Array.from({ length: count }, (_, i) => paragraph(text(i)));
const kinds = (entries: readonly BlockDiffEntry[]) => entries.map((entry) => (entry.kind === 'collapsed' ? `…${entry.count}` : entry.kind));

describe('the paragraph-by-paragraph comparison', () => {
  it('shows a changed paragraph with one unchanged paragraph either side and the rest collapsed', () => {
    const before = paragraphs(30);
    const after = structuredClone(before);
    after[15] = paragraph('Stycke nummer 15 om grundskolan.');
    const diff = diffBlocks(before, after);
    expect(kinds(diff.entries)).toEqual(['…14', 'context', 'modified', 'context', '…13']);
    const changed = diff.entries[2]!;
    expect(changed.kind === 'modified' && changed.parts).toEqual([
      { kind: 'same', text: 'Stycke nummer 15 om ' },
      { kind: 'deleted', text: 'förskolan.' },
      { kind: 'inserted', text: 'grundskolan.' },
    ]);
    expect(diff).toMatchObject({ wordsChanged: true, formattingChanged: false });
  });

  it('keeps neighbouring paragraphs apart instead of merging them into one block', () => {
    const before = [paragraph('Första stycket.'), paragraph('Andra stycket.'), paragraph('Tredje stycket.')];
    const after = [paragraph('Första stycket, ändrat.'), paragraph('Andra stycket.'), paragraph('Tredje stycket, ändrat.')];
    const diff = diffBlocks(before, after);
    expect(kinds(diff.entries)).toEqual(['modified', 'context', 'modified']);
  });

  it('reports nothing for equal sections', () => {
    const diff = diffBlocks(paragraphs(5), paragraphs(5));
    expect(diff).toEqual({ entries: [], wordsChanged: false, formattingChanged: false, suggestionsChanged: false });
  });

  it('reports an inserted and a deleted paragraph whole', () => {
    const before = paragraphs(3);
    const after = [before[0]!, paragraph('Ett nytt stycke.'), before[2]!];
    expect(kinds(diffBlocks(before, after).entries)).toEqual(['context', 'modified', 'context']);
    const added = diffBlocks(before, [...before, paragraph('Sist.')]);
    expect(kinds(added.entries)).toEqual(['…2', 'context', 'inserted']);
  });

  it('marks a change of formatting alone as such', () => {
    const before: Block[] = [paragraph('Inledning.'), paragraph('Nämnden beslutar enligt förslaget.')];
    const after: Block[] = [
      paragraph('Inledning.'),
      { kind: 'paragraph', runs: [{ text: 'Nämnden beslutar ' }, { text: 'enligt förslaget', bold: true }, { text: '.' }] },
    ];
    const diff = diffBlocks(before, after);
    expect(kinds(diff.entries)).toEqual(['context', 'formatting']);
    expect(diff).toMatchObject({ wordsChanged: false, formattingChanged: true });
  });

  it('compares tables row by row and cell by cell', () => {
    const cell = (text: string, header = false) => ({ ...(header ? { header } : {}), blocks: [paragraph(text)] });
    const table = (rows: string[][]): Block => ({
      kind: 'table',
      rows: rows.map((row, r) => ({ cells: row.map((text) => cell(text, r === 0)) })),
    });
    const before = table([
      ['Verksamhet', 'Kostnad'],
      ['Förskola', '12 mnkr'],
      ['Grundskola', '30 mnkr'],
      ['Summa', '42 mnkr'],
    ]);
    const after = table([
      ['Verksamhet', 'Kostnad'],
      ['Förskola', '14 mnkr'],
      ['Grundskola', '30 mnkr'],
      ['Summa', '44 mnkr'],
    ]);
    const diff = diffBlocks([before], [after]);
    expect(kinds(diff.entries)).toEqual(['context', 'modified', 'context', 'modified']);
    const row = diff.entries[1]!;
    expect(row.kind === 'modified' && row.unit).toBe('tableRow');
    expect(row.kind === 'modified' && row.cells).toEqual([
      [{ kind: 'same', text: 'Förskola' }],
      [
        { kind: 'deleted', text: '12' },
        { kind: 'inserted', text: '14' },
        { kind: 'same', text: ' mnkr' },
      ],
    ]);
  });

  it("reports a table cell's formatting change (bold to code, a heading's level) whose words are the same", () => {
    const table = (...cells: Block[][]): Block => ({ kind: 'table', rows: [{ cells: cells.map((blocks) => ({ blocks })) }] });
    const bold: Block = { kind: 'paragraph', runs: [{ text: 'Summa', bold: true }] };
    const code: Block = { kind: 'paragraph', runs: [{ text: 'Summa', code: true }] };
    const heading = (level: number): Block => ({ kind: 'heading', level, runs: [{ text: 'Rubrik' }] });
    for (const [before, after] of [
      [table([bold]), table([code])],
      [table([heading(2)]), table([heading(3)])],
    ] as const) {
      const diff = diffBlocks([before], [after]);
      expect(kinds(diff.entries)).toEqual(['formatting']);
      expect(diff).toMatchObject({ wordsChanged: false, formattingChanged: true });
    }
    expect(diffBlocks([table([bold])], [table([structuredClone(bold)])]).entries).toEqual([]);
  });

  it('falls back to whole changed paragraphs for a very long section, and says so', () => {
    const long = (i: number) => `${'ord '.repeat(600)}${i}`;
    const before = paragraphs(200, long);
    const after = paragraphs(200, (i) => `${long(i)} ändrat`);
    const diff = diffBlocks(before, after);
    expect(diff.coarse).toMatch(/för långt/);
    expect(diff.entries.some((entry) => entry.kind === 'modified' && entry.coarse)).toBe(true);
    const text = entryParts(diff.entries)
      .filter((part) => part.kind !== 'deleted')
      .map((part) => part.text)
      .join('');
    for (let i = 0; i < 200; i += 37) expect(text).toContain(`${long(i)} ändrat`);
  });
});
