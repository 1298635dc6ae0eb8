import { describe, expect, it } from 'vitest';
import { documentLayout, renderDocx } from '../../server/export';
import { importDocx, importText } from '../../server/import';
import { readSeed, SEED_NAMES } from '../helpers/seeds';
import { viewOf } from './exportHelpers';
import { zipEntry } from './zipEntry';

describe.each(SEED_NAMES)('exporting seed %s to DOCX', (name) => {
  const parsed = importText(readSeed(name));
  const docx = renderDocx(documentLayout(viewOf(parsed), parsed.announcedBilagor));

  it('imports back with the same type, header fields, sections and bilagor', async () => {
    const again = await importDocx(await docx);
    expect(again.type).toBe(parsed.type);
    expect(again.title).toBe(parsed.title);
    expect(again.fields).toEqual(parsed.fields);
    expect(again.sections).toEqual(parsed.sections);
    expect(again.announcedBilagor).toEqual(parsed.announcedBilagor);
  });

  it('is laid out on A4 with "Sida X av Y" in the footer', async () => {
    const file = await docx;
    expect(zipEntry(file, 'word/document.xml')).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const footer = zipEntry(file, 'word/footer1.xml');
    expect(footer).toContain('Sida ');
    expect(footer).toMatch(/PAGE/);
    expect(footer).toMatch(/NUMPAGES/);
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
