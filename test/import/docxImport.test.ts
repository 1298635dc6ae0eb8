import {
  Document,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
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

const plain = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] });
const row = (...cells: string[]) => new TableRow({ children: cells.map((text) => new TableCell({ children: [plain(text, true)] })) });

/** Another municipality's Word file: a "Label: value" header under the förvaltning's name, a table, a footnote. */
async function labelValueWordFile(): Promise<Buffer> {
  const document = new Document({
    footnotes: { 1: { children: [plain('Socialstyrelsen, Lägesrapport om ekonomiskt bistånd 2023.')] } },
    sections: [
      {
        children: [
          plain('Socialförvaltningen'),
          plain('Tjänsteutlåtande', true),
          plain('Datum: 14 mars 2024'),
          plain('Diarienummer: KS 2024/145'),
          plain('Handläggare: Anna Berg'),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Nya riktlinjer för ekonomiskt bistånd')] }),
          plain('Sammanfattning', true),
          new Paragraph({ children: [new TextRun('Kostnaderna för biståndet har ökat.'), new FootnoteReferenceRun(1)] }),
          plain('Ärendebeskrivning', true),
          new Table({ rows: [row('År', 'Kostnad'), row('2022', '4,1 mnkr'), row('2023', '5,0 mnkr')] }),
          plain('Förslag till beslut', true),
          plain('1. Socialnämnden antar riktlinjerna.'),
          plain('Gunilla Larsson'),
          plain('Förvaltningschef'),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

describe("importing another municipality's Word file", () => {
  it('fills the header fields from "Label: value" lines and never takes the förvaltning line for the title', async () => {
    const parsed = await importDocx(await labelValueWordFile());
    expect(parsed.type).toBe('tjansteskrivelse');
    expect(parsed.title).toBe('Nya riktlinjer för ekonomiskt bistånd');
    expect(parsed.fields).toMatchObject({
      datum: '2024-03-14',
      diarienummer: 'KS 2024/145',
      varReferens: { name: 'Anna Berg' },
      forvaltning: 'Socialförvaltningen',
    });
  });

  it('keeps the table a table, with no cell made a heading', async () => {
    const parsed = await importDocx(await labelValueWordFile());
    const arendet = parsed.sections.arendet!;
    expect(arendet.map((block) => block.kind)).toEqual(['table']);
    const table = arendet[0]!;
    expect(
      table.kind === 'table' && table.rows.map((tableRow) => tableRow.cells.map((cell) => cell.blocks.map((block) => block.kind))),
    ).toEqual([
      [['paragraph'], ['paragraph']],
      [['paragraph'], ['paragraph']],
      [['paragraph'], ['paragraph']],
    ]);
    expect(blockText(table)).toBe('År\tKostnad\n2022\t4,1 mnkr\n2023\t5,0 mnkr');
    expect(
      Object.values(parsed.sections)
        .flat()
        .filter((block) => block.kind === 'heading'),
    ).toEqual([]);
  });

  it('keeps the footnote as numbered text at the end of the section that refers to it, and reports it', async () => {
    const parsed = await importDocx(await labelValueWordFile());
    expect(parsed.sections.sammanfattning?.map(blockText)).toEqual([
      'Kostnaderna för biståndet har ökat.[1]',
      '[1] Socialstyrelsen, Lägesrapport om ekonomiskt bistånd 2023.',
    ]);
    expect(parsed.report.entries).toContainEqual(expect.objectContaining({ message: expect.stringContaining('Fotnot 1') }));
  });

  it('files the signature under Förslag till beslut as a signature', async () => {
    const parsed = await importDocx(await labelValueWordFile());
    const ansvariga = parsed.sections.ansvariga![0]!;
    expect(ansvariga.kind === 'list' && ansvariga.items).toEqual([[{ text: 'Gunilla Larsson\nFörvaltningschef' }]]);
    expect(parsed.sections.forslagTillBeslut?.map(blockText)).toEqual(['Socialnämnden antar riktlinjerna.']);
  });

  it('reads a header laid out as a table of labels and values', async () => {
    const document = new Document({
      sections: [
        {
          children: [
            plain('Tjänsteskrivelse', true),
            new Table({ rows: [row('Datum', 'Diarienummer'), row('2024-03-14', 'KFKS 2024/12'), row('Vår referens', 'Anna Berg')] }),
            plain('Nya riktlinjer'),
            plain('Sammanfattning', true),
            plain('Text.'),
          ],
        },
      ],
    });
    const parsed = await importDocx(await Packer.toBuffer(document));
    expect(parsed.fields).toMatchObject({ datum: '2024-03-14', diarienummer: 'KFKS 2024/12', varReferens: { name: 'Anna Berg' } });
    expect(parsed.title).toBe('Nya riktlinjer');
  });
});

describe('a Word file with its header block in the page header', () => {
  async function pageHeaderWordFile(): Promise<Buffer> {
    const document = new Document({
      sections: [
        {
          headers: {
            default: new Header({
              children: [
                plain('Socialförvaltningen'),
                plain('Datum: 2024-03-14'),
                plain('Dnr KS 2024/145'),
                new Paragraph({ children: [new TextRun({ children: ['Sida ', PageNumber.CURRENT] })] }),
              ],
            }),
          },
          footers: { default: new Footer({ children: [plain('Box 123, 123 45 Ort & Stad')] }) },
          children: [plain('Tjänsteskrivelse', true), plain('Nya riktlinjer'), plain('Sammanfattning', true), plain('Text.')],
        },
      ],
    });
    return Packer.toBuffer(document);
  }

  it('reads the page header into the header fields, which the Word reader alone would lose', async () => {
    const parsed = await importDocx(await pageHeaderWordFile());
    expect(parsed.fields).toMatchObject({ forvaltning: 'Socialförvaltningen', datum: '2024-03-14', diarienummer: 'KS 2024/145' });
    expect(parsed.title).toBe('Nya riktlinjer');
  });

  it('keeps the footer under "Ej placerad text" and names the page number, which the export writes itself, in the report', async () => {
    const parsed = await importDocx(await pageHeaderWordFile());
    const last = parsed.sections.ansvariga!.map(blockText);
    expect(last.slice(last.indexOf('Ej placerad text') + 2)).toEqual(['Box 123, 123 45 Ort & Stad']);
    const messages = parsed.report.entries.map((entry) => entry.message);
    expect(messages).toContainEqual(expect.stringContaining('"Box 123, 123 45 Ort & Stad"'));
    expect(messages).toContainEqual(expect.stringMatching(/^Sidhuvudets rad "Sida" upprepar/));
  });

  it("does not read the page header of Yttra's own export (organisation, type, diarienummer, page) a second time", async () => {
    const document = new Document({
      sections: [
        {
          headers: { default: new Header({ children: [plain('Malmö stad · Tjänsteskrivelse · KS 2024/145'), plain('Sida 1 av 2')] }) },
          children: [plain('Tjänsteskrivelse', true), plain('Nya riktlinjer KS 2024/145'), plain('Sammanfattning', true), plain('Text.')],
        },
      ],
    });
    const parsed = await importDocx(await Packer.toBuffer(document));
    expect(parsed.title).toBe('Nya riktlinjer');
    expect(parsed.fields.diarienummer).toBe('KS 2024/145');
    expect(parsed.sections.ansvariga).toEqual([]);
  });
});

describe('a Word file laid out with tabs', () => {
  /** A line whose parts a tab separates, as Word templates lay out headers and signatures side by side. */
  const tabbed = (...parts: string[]) =>
    new Paragraph({ children: parts.map((part, index) => new TextRun({ children: index ? [new Tab(), part] : [part] })) });

  it('reads the parts of a tabbed header line as header lines, and two signatures side by side each with its title', async () => {
    const document = new Document({
      sections: [
        {
          children: [
            tabbed('HUDDINGE KOMMUN', 'TJÄNSTEUTLÅTANDE', '1 (2)'),
            tabbed('Kommunstyrelsens förvaltning', '2014-09-22', 'KS-2014/742.912'),
            plain('Yttrande över remiss om regional cykelplan'),
            plain('Sammanfattning', true),
            tabbed('Kostnad', '5 mnkr'),
            plain('Förslag till beslut', true),
            plain('Kommunstyrelsen beslutar att lämna yttrande.'),
            tabbed('Åsa Berg', 'Per Lind'),
            tabbed('Kommundirektör', 'Utredare'),
          ],
        },
      ],
    });
    const parsed = await importDocx(await Packer.toBuffer(document));
    expect(parsed.fields).toMatchObject({
      forvaltning: 'Kommunstyrelsens förvaltning',
      datum: '2014-09-22',
      diarienummer: 'KS-2014/742.912',
      arendemening: 'Yttrande över remiss om regional cykelplan',
    });
    const ansvariga = parsed.sections.ansvariga!.map(blockText);
    expect(ansvariga[0]).toBe('Åsa Berg\nKommundirektör\nPer Lind\nUtredare');
    expect(parsed.sections.sammanfattning!.map(blockText)).toEqual(['Kostnad\n5 mnkr']);
  });
});
