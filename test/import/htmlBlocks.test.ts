import { describe, expect, it } from 'vitest';
import { htmlToSourceBlocks } from '../../server/import/htmlBlocks';
import { sourceText } from '../../server/import/sourceBlocks';

describe("reading mammoth's HTML", () => {
  it('keeps the text of lists and tables nested 20,000 deep without recursing through them', () => {
    const depth = 20_000;
    const html = `<h2>Ärendet</h2>${'<ul><li>nivå'.repeat(depth)}${'</li></ul>'.repeat(depth)}${'<table><tr><td>cell'.repeat(depth)}${'</td></tr></table>'.repeat(depth)}`;
    const text = htmlToSourceBlocks(html).map(sourceText).join(' ');
    expect(text.match(/nivå/g)).toHaveLength(depth);
    expect(text.match(/cell/g)).toHaveLength(depth);
  });

  // A quadratic reader would take minutes on these; the test's timeout is the budget.
  it.each([
    ['unclosed tags', '<a'.repeat(500_000)],
    ['angle brackets', '<'.repeat(1_000_000)],
    ['entity starts', '&#'.repeat(500_000)],
    ['attributes without an end', `<p ${'a="1" '.repeat(150_000)}`],
  ])('reads 1 MB of %s', (_, hostile) => {
    expect(() => htmlToSourceBlocks(hostile)).not.toThrow();
  });
});

describe('importing a Word file with footnotes', () => {
  it('keeps each footnote as text with its number at the end of the section that refers to it', async () => {
    const { Document, FootnoteReferenceRun, HeadingLevel, Packer, Paragraph, TextRun } = await import('docx');
    const { importDocx } = await import('../../server/import');
    const file = await Packer.toBuffer(
      new Document({
        footnotes: { 1: { children: [new Paragraph('Källa: SCB, befolkningsprognos 2023.')] } },
        sections: [
          {
            children: [
              new Paragraph({ children: [new TextRun({ text: 'Tjänsteskrivelse', bold: true })] }),
              new Paragraph({ heading: HeadingLevel.HEADING_1, text: 'Lokalförsörjning för förskolan' }),
              new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Ärendet' }),
              new Paragraph({
                children: [new TextRun('Antalet barn ökar med 300 till 2030'), new FootnoteReferenceRun(1), new TextRun('.')],
              }),
              new Paragraph({ text: 'Förvaltningen föreslår två nya förskolor.' }),
              new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Barnperspektiv' }),
              new Paragraph({ text: 'Barnen får kortare väg till förskolan.' }),
            ],
          },
        ],
      }),
    );
    const imported = await importDocx(file);
    const texts = (key: string) => imported.sections[key]!.map(sourceText);
    expect(texts('arendet')).toEqual([
      'Antalet barn ökar med 300 till 2030[1].',
      'Förvaltningen föreslår två nya förskolor.',
      '[1] Källa: SCB, befolkningsprognos 2023.',
    ]);
    expect(texts('barnperspektiv')).toEqual(['Barnen får kortare väg till förskolan.']);
  });
});
