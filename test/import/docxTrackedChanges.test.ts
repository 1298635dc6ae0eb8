/**
 * Issue 15: a Word file with tracked changes made by another program imports with those changes as
 * suggestions by their authors. The fixture is written by hand in the shape Word and LibreOffice
 * save: w:ins and w:del (with w:delText) carrying w:id, w:author and w:date around runs, a run's
 * earlier formatting in w:rPrChange, and a deleted paragraph (its mark deleted in w:pPr/w:rPr).
 */
import { describe, expect, it } from 'vitest';
import { runsText, type Block, type InlineRun } from '../../shared/doc/blocks';
import { importDocx } from '../../server/import';
import { assignImportedAuthors, readTrackedParagraphs } from '../../server/import/docxTrackedChanges';
import { docxFile, paragraphXml } from '../hardening/importZipFixtures';

const KERSTIN = 'w:author="Kerstin Håkansson" w:date="2026-11-30T14:05:00Z"';
const LARS = 'w:author="Lars Berg" w:date="2026-11-30T15:10:27Z"';

/** Paragraphs as LibreOffice writes them when changes are recorded. */
const TRACKED_PARAGRAPHS = [
  ...['Tjänsteskrivelse', 'Nya rutiner i hemtjänsten', 'Sammanfattning'].map((text) => paragraphXml(text)),
  '<w:p><w:pPr><w:pStyle w:val="Normal"/><w:rPr></w:rPr></w:pPr>' +
    '<w:r><w:rPr></w:rPr><w:t xml:space="preserve">Förvaltningen föreslår </w:t></w:r>' +
    `<w:del w:id="1" ${KERSTIN}><w:r><w:rPr></w:rPr><w:delText>gamla</w:delText></w:r></w:del>` +
    `<w:ins w:id="2" ${KERSTIN}><w:r><w:rPr></w:rPr><w:t>nya</w:t></w:r></w:ins>` +
    '<w:r><w:rPr></w:rPr><w:t xml:space="preserve"> rutiner</w:t></w:r>' +
    `<w:r><w:rPr><w:b/><w:bCs/><w:rPrChange w:id="3" ${LARS}><w:rPr></w:rPr></w:rPrChange></w:rPr><w:t xml:space="preserve"> för hemtjänsten</w:t></w:r>` +
    '<w:r><w:t>.</w:t></w:r></w:p>',
  // A whole paragraph deleted: its text and its paragraph mark.
  `<w:p><w:pPr><w:rPr><w:del w:id="4" ${KERSTIN}/></w:rPr></w:pPr><w:del w:id="5" ${KERSTIN}><w:r><w:delText>Detta stycke stryks.</w:delText></w:r></w:del></w:p>`,
  `<w:p><w:r><w:t xml:space="preserve">Rutinerna gäller från </w:t></w:r><w:ins w:id="6" ${LARS}><w:r><w:t>den 1 </w:t></w:r></w:ins><w:r><w:t>januari.</w:t></w:r></w:p>`,
  paragraphXml('Ärendet'),
  paragraphXml('Hemtjänsten har haft olika rutiner i olika stadsområden.'),
];

type Shown = [text: string, ...suggestions: string[]];

/** A run as text and "kind by author" for each suggestion (with the formatting a formatChange proposes). */
function shown(runs: readonly InlineRun[]): Shown[] {
  return runs.map((run) => [
    run.text,
    ...(run.bold ? ['bold'] : []),
    ...(run.suggestions ?? []).map(
      (suggestion) => `${suggestion.kind} by ${suggestion.userName}${suggestion.add?.length ? ` +${suggestion.add.join('+')}` : ''}`,
    ),
  ]);
}

const paragraphs = (blocks: readonly Block[]) => blocks.filter((block) => block.kind === 'paragraph');

describe('a Word file with tracked changes by another program', () => {
  it('imports its insertions, deletions and formatting changes as suggestions by their authors', async () => {
    const parsed = await importDocx(docxFile(TRACKED_PARAGRAPHS));
    const [first, second] = paragraphs(parsed.sections.sammanfattning!);
    expect(shown(first!.runs)).toEqual([
      ['Förvaltningen föreslår '],
      ['gamla', 'deletion by Kerstin Håkansson'],
      ['nya', 'insertion by Kerstin Håkansson'],
      [' rutiner'],
      // Shown as it was before the change; accepting the suggestion makes it bold.
      [' för hemtjänsten', 'formatChange by Lars Berg +bold'],
      ['.'],
    ]);
    expect(shown(second!.runs)).toEqual([
      ['Detta stycke stryks. ', 'deletion by Kerstin Håkansson'],
      ['Rutinerna gäller från '],
      ['den 1 ', 'insertion by Lars Berg'],
      ['januari.'],
    ]);
    expect(runsText(paragraphs(parsed.sections.arendet!)[0]!.runs)).toBe('Hemtjänsten har haft olika rutiner i olika stadsområden.');
  });

  it('dates each suggestion from w:date and keeps an author who is no user by the name written', async () => {
    const parsed = await importDocx(docxFile(TRACKED_PARAGRAPHS));
    const deletion = paragraphs(parsed.sections.sammanfattning!)[0]!.runs[1]!.suggestions![0]!;
    expect(deletion).toMatchObject({
      userId: 'import:Kerstin Håkansson',
      userName: 'Kerstin Håkansson',
      createdAt: '2026-11-30T14:05:00.000Z',
    });
    expect(parsed.report.entries.some((entry) => entry.kind === 'suggestion' && entry.message.includes('Kerstin Håkansson'))).toBe(true);
  });

  it('gives the suggestions to the people whose names the authors have', async () => {
    const parsed = await importDocx(docxFile(TRACKED_PARAGRAPHS));
    const sections = assignImportedAuthors(parsed.sections, [
      { id: 'user-lars', name: 'lars  berg' },
      { id: 'user-other', name: 'Anna Ek' },
    ]);
    const runs = paragraphs(sections.sammanfattning!)[0]!.runs;
    expect(runs[4]!.suggestions![0]).toMatchObject({ userId: 'user-lars', userName: 'lars  berg' });
    expect(runs[1]!.suggestions![0]).toMatchObject({ userId: 'import:Kerstin Håkansson' });
  });

  it('takes a change it cannot place (here in the title) as accepted and says so', async () => {
    const title = `<w:p><w:r><w:t xml:space="preserve">Nya rutiner </w:t></w:r><w:ins w:id="9" ${LARS}><w:r><w:t>i hemtjänsten</w:t></w:r></w:ins></w:p>`;
    const parsed = await importDocx(
      docxFile([paragraphXml('Tjänsteskrivelse'), title, paragraphXml('Sammanfattning'), paragraphXml('Text.')]),
    );
    expect(parsed.title).toBe('Nya rutiner i hemtjänsten');
    expect(parsed.report.entries.some((entry) => entry.kind === 'warning' && entry.message.includes('togs med som godtagna'))).toBe(true);
  });

  it('keeps text one person inserted and another deleted as both suggestions, and a move as a deletion and an insertion', async () => {
    const body =
      `<w:p><w:r><w:t xml:space="preserve">Beslutet </w:t></w:r><w:ins w:id="1" ${KERSTIN}><w:del w:id="2" ${LARS}><w:r><w:delText xml:space="preserve">troligen </w:delText></w:r></w:del></w:ins>` +
      `<w:r><w:t>gäller</w:t></w:r><w:moveFrom w:id="3" ${LARS}><w:r><w:t xml:space="preserve"> genast</w:t></w:r></w:moveFrom><w:r><w:t xml:space="preserve"> i hela staden</w:t></w:r>` +
      `<w:moveTo w:id="4" ${LARS}><w:r><w:t xml:space="preserve"> genast</w:t></w:r></w:moveTo><w:r><w:t>.</w:t></w:r></w:p>`;
    const parsed = await importDocx(
      docxFile([...['Tjänsteskrivelse', 'Rubrik', 'Sammanfattning'].map((text) => paragraphXml(text)), body]),
    );
    expect(shown(paragraphs(parsed.sections.sammanfattning!)[0]!.runs)).toEqual([
      ['Beslutet '],
      ['troligen ', 'insertion by Kerstin Håkansson', 'deletion by Lars Berg'],
      ['gäller'],
      [' genast', 'deletion by Lars Berg'],
      [' i hela staden'],
      [' genast', 'insertion by Lars Berg'],
      ['.'],
    ]);
  });

  it('imports a file without tracked changes as before', async () => {
    const parsed = await importDocx(docxFile(TRACKED_PARAGRAPHS.map((xml) => xml.replace(/<w:(ins|del) [^>]*>|<\/w:(ins|del)>/g, ''))));
    expect(JSON.stringify(parsed.sections)).not.toContain('suggestions');
  });

  it('reads hostile markup in time linear in its size', () => {
    const started = process.cpuUsage();
    readTrackedParagraphs(`<w:p>${'<w:ins w:author="'.repeat(100_000)}${'<'.repeat(500_000)}${'&amp'.repeat(100_000)}`);
    readTrackedParagraphs(`<w:p><w:r><w:t>${'&'.repeat(500_000)}${'<a>'.repeat(200_000)}${'</b>'.repeat(200_000)}`);
    const { user, system } = process.cpuUsage(started);
    expect((user + system) / 1000).toBeLessThan(2000);
  });
});
