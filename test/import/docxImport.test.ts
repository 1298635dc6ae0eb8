import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { blockText } from '../../shared/doc/blocks';
import { importDocx } from '../../server/import';

/** A Word file written the way officials write them: bold paragraphs as headings, soft breaks. */
async function wordFile(): Promise<Buffer> {
  const bold = (text: string) => new Paragraph({ children: [new TextRun({ text, bold: true })] });
  const text = (value: string) => new Paragraph({ children: [new TextRun(value)] });
  const document = new Document({
    sections: [
      {
        children: [
          text('Datum'),
          text('2024-02-01'),
          text('Vår referens'),
          new Paragraph({
            children: [
              new TextRun('Sara Lind'),
              new TextRun({ text: 'Utredare', break: 1 }),
              new TextRun({ text: 'sara.lind@malmo.se', break: 1 }),
            ],
          }),
          bold('Tjänsteskrivelse'),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Nya rutiner för remisser ASN-2024-77')] }),
          bold('Sammanfattning'),
          new Paragraph({
            children: [new TextRun('Förvaltningen föreslår '), new TextRun({ text: 'nya', italics: true }), new TextRun(' rutiner.')],
          }),
          bold('Forslag till beslut'),
          text('Arbetsmarknads- och socialnämnden föreslås besluta'),
          text('1. Nämnden antar rutinerna.'),
          text('2. Nämnden justerar paragrafen omedelbart.'),
          bold('Ärendet'),
          bold('Bakgrund'),
          text('Rutinerna har inte setts över sedan 2015.'),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

describe('importing a Word file not written by Yttra', () => {
  it('reads bold paragraphs as headings, soft line breaks as header lines and typed numbers as beslutspunkter', async () => {
    const parsed = await importDocx(await wordFile());
    expect(parsed.type).toBe('tjansteskrivelse');
    expect(parsed.fields.varReferens).toEqual({ name: 'Sara Lind', title: 'Utredare', email: 'sara.lind@malmo.se' });
    expect(parsed.fields.arendemening).toBe('Nya rutiner för remisser');
    expect(parsed.fields.diarienummer).toBe('ASN-2024-77');
    expect(parsed.fields.namnd).toBe('Arbetsmarknads- och socialnämnden');
    const sammanfattning = parsed.sections.sammanfattning![0]!;
    expect(sammanfattning.kind === 'paragraph' && sammanfattning.runs).toContainEqual({ text: 'nya', italic: true });
    expect(parsed.sections.forslagTillBeslut).toEqual([
      { kind: 'paragraph', runs: [{ text: 'Arbetsmarknads- och socialnämnden föreslås besluta' }] },
      {
        kind: 'list',
        ordered: true,
        items: [[{ text: 'Nämnden antar rutinerna.' }], [{ text: 'Nämnden justerar paragrafen omedelbart.' }]],
      },
    ]);
    expect(parsed.sections.arendet?.map((block) => `${block.kind}:${blockText(block)}`)).toEqual([
      'heading:Bakgrund',
      'paragraph:Rutinerna har inte setts över sedan 2015.',
    ]);
  });
});
