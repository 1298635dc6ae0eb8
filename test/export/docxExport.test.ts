import { describe, expect, it } from 'vitest';
import { blockText, type Block } from '../../shared/doc/blocks';
import { documentType } from '../../shared/model';
import { documentLayout, renderDocx } from '../../server/export';
import { importDocx, importText, type ParsedDocument } from '../../server/import';
import { readSeed, SEED_NAMES } from '../helpers/seeds';
import { viewOf } from './exportHelpers';
import { zipEntry } from './zipEntry';

/**
 * The DOCX prints each line of a list of the people responsible (Ansvariga) as name over title,
 * so an import may read the two back as one line with a break or as two lines: such a section is
 * compared by its words, every other section as it is.
 */
function comparableSections(type: ParsedDocument['type'], sections: ParsedDocument['sections']): Record<string, unknown> {
  const signatorySections = new Set(
    documentType(type)
      .sections.filter((spec) => spec.signatories)
      .map((spec) => spec.key),
  );
  const words = (blocks: readonly Block[]) => blocks.map(blockText).join(' ').split(/\s+/).filter(Boolean);
  return Object.fromEntries(Object.entries(sections).map(([key, blocks]) => [key, signatorySections.has(key) ? words(blocks) : blocks]));
}

describe.each(SEED_NAMES)('exporting seed %s to DOCX', (name) => {
  const parsed = importText(readSeed(name));
  const docx = renderDocx(documentLayout(viewOf(parsed), parsed.announcedBilagor));

  it('imports back with the same type, header fields, sections and bilagor', async () => {
    const again = await importDocx(await docx);
    expect(again.type).toBe(parsed.type);
    expect(again.title).toBe(parsed.title);
    expect(again.fields).toEqual(parsed.fields);
    expect(comparableSections(again.type, again.sections)).toEqual(comparableSections(parsed.type, parsed.sections));
    expect(again.announcedBilagor).toEqual(parsed.announcedBilagor);
  });

  it('is laid out on A4 with "Sida X av Y" in the header of every page', async () => {
    const file = await docx;
    expect(zipEntry(file, 'word/document.xml')).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    for (const part of ['word/header1.xml', 'word/header2.xml']) {
      const header = zipEntry(file, part);
      expect(header).toContain('Sida ');
      expect(header).toMatch(/PAGE/);
      expect(header).toMatch(/NUMPAGES/);
    }
  });
});

describe('the DOCX of a tjänsteskrivelse', () => {
  it('numbers the beslutspunkter with real Word numbering, as 1. 2. 3.', async () => {
    const parsed = importText(readSeed('tjansteskrivelse-asn-2023-5446'));
    const file = await renderDocx(documentLayout(viewOf(parsed)));
    const numbering = zipEntry(file, 'word/numbering.xml');
    expect(numbering).toContain('w:val="decimal"');
    expect(numbering).toContain('w:val="%1."');
    const document = zipEntry(file, 'word/document.xml');
    const firstPoint = document.indexOf('godkänner förvaltningens förslag');
    const paragraph = document.slice(document.lastIndexOf('<w:p>', firstPoint), firstPoint);
    expect(paragraph).toContain('<w:numPr>');
    expect(document).not.toContain('>1. Arbetsmarknads');
  });

  it('uses Word heading styles for the title, the section titles and the sub-headings', async () => {
    const parsed = importText(readSeed('tjansteskrivelse-asn-2023-5446'));
    const document = zipEntry(await renderDocx(documentLayout(viewOf(parsed))), 'word/document.xml');
    for (const style of ['Heading1', 'Heading2', 'Heading3']) expect(document).toContain(`<w:pStyle w:val="${style}"/>`);
    expect(document).toContain('<w:i/>');
  });
});
