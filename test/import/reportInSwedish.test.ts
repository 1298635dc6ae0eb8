import { Document, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { importDocx, importText } from '../../server/import';
import { MUNICIPALITY_DOCUMENTS, readMunicipalityDocument } from '../fixtures/municipalities/documents';
import { libraryWarningNotes } from '../../server/import/importReport';

/** Words that only an English library message would put in the report. */
const ENGLISH = /\b(?:the|was|were|style|unrecognised|ignored|element|unsupported|character|image|table|may|incorrect)\b/i;

describe('the import report says in Swedish what Word formatting could not be read', () => {
  it('translates the messages the Word reader is known to give, naming the style', () => {
    const notes = libraryWarningNotes([
      "Unrecognised paragraph style: 'Brödtext Malmö' (Style ID: BrodtextMalmo)",
      "Unrecognised paragraph style: 'Brödtext Malmö' (Style ID: BrodtextMalmo)",
      "Unrecognised run style: 'Betoning' (Style ID: Betoning)",
      'An unrecognised element was ignored: w:customXml',
      'A w:sym element with an unsupported character was ignored: char F0FC in font Wingdings',
      'unexpected non-cell element in table row, cell merging may be incorrect',
      'Image of type image/x-emf is unlikely to display in web browsers',
    ]);
    for (const note of notes) expect(note).not.toMatch(ENGLISH);
    expect(notes.join('\n')).toContain('Brödtext Malmö');
    expect(notes.join('\n')).toContain('Betoning');
    expect(notes.join('\n')).toMatch(/2 stycken/);
    expect(notes.join('\n')).toMatch(/Wingdings/);
    expect(notes.join('\n')).toMatch(/tabell/);
    expect(notes.join('\n')).toMatch(/bild/);
  });

  it('sums up messages it does not know, in Swedish, without quoting them', () => {
    const notes = libraryWarningNotes(['Something new went wrong in the reader', 'And another unknown thing']);
    expect(notes).toEqual([
      '2 formateringsdetaljer i Word-filen kunde inte läsas och har tagits som vanlig text; kontrollera texten mot originalet.',
    ]);
  });

  it('says nothing when the Word reader had nothing to say', () => {
    expect(libraryWarningNotes([])).toEqual([]);
  });
});

describe('importing a Word file with a style of its own', () => {
  it('reports the unknown style in Swedish and no English message of the Word reader', async () => {
    const document = new Document({
      styles: { paragraphStyles: [{ id: 'BrodtextMalmo', name: 'Brödtext Malmö', run: { size: 24 } }] },
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun('Tjänsteskrivelse')] }),
            new Paragraph({ children: [new TextRun('Nya rutiner för remisser ASN-2024-77')] }),
            new Paragraph({ children: [new TextRun({ text: 'Sammanfattning', bold: true })] }),
            new Paragraph({ style: 'BrodtextMalmo', children: [new TextRun('Förvaltningen föreslår nya rutiner.')] }),
          ],
        },
      ],
    });
    const parsed = await importDocx(await Packer.toBuffer(document));
    const report = parsed.report.entries.map((entry) => entry.message).join('\n');
    expect(report).toContain('Brödtext Malmö');
    expect(report).not.toMatch(ENGLISH);
    expect(parsed.libraryWarnings?.[0]).toMatch(/Unrecognised paragraph style/);
  });
});

describe('the report on a document from another municipality', () => {
  it.each(MUNICIPALITY_DOCUMENTS)('%s: is Swedish throughout', (name) => {
    const parsed = importText(readMunicipalityDocument(name));
    const report = [parsed.report.type.reason, ...parsed.report.entries.map((entry) => entry.message)].join('\n');
    expect(report).not.toMatch(ENGLISH);
    expect(report).toMatch(/ lades | blev /);
  });
});
