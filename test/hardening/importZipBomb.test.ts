/**
 * Finding 2: a 100 KB .docx became a 100 MB document, and a 1 MB one took the server to 1.1 GB.
 * A Word file is measured by what it really inflates to, not what it declares, and refused past
 * the limits with a Swedish answer; a file within them still imports.
 */
import { describe, expect, it } from 'vitest';
import { DOCX_MEDIA_TYPE, ImportError, importFile } from '../../server/import';
import { DEFAULT_IMPORT_LIMITS } from '../../server/import/importFile';
import { docxBomb, docxFile, paragraphXml, tjansteskrivelseParagraphs } from './importZipFixtures';

async function importFailure(body: Buffer, limits = DEFAULT_IMPORT_LIMITS): Promise<ImportError> {
  try {
    await importFile({ contentType: DOCX_MEDIA_TYPE, body }, limits);
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('the import was expected to fail');
}

describe('a Word file that inflates past the limits', () => {
  it('is refused with 413 by what it really inflates to, though it declares 1 KB', async () => {
    const bomb = docxBomb(4 * 1024 * 1024, { declaredSize: 1024 });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = await importFailure(bomb, { ...DEFAULT_IMPORT_LIMITS, maxInflatedBytes: 1024 * 1024 });
    expect([error.status, error.problem]).toEqual([413, 'too_large']);
    expect(error.message).toContain('packas upp till mer än 1 MB');
  });

  it('is refused at the default limit when it inflates to 100 MB', async () => {
    const error = await importFailure(docxBomb(100 * 1024 * 1024));
    expect([error.status, error.problem]).toEqual([413, 'too_large']);
    expect(error.message).toContain('mer än 50 MB');
  });

  it('counts every entry, not only the document: a zip of many small bombs is refused too', async () => {
    const filler = Buffer.alloc(300 * 1024, 0x41);
    const extras = Array.from({ length: 10 }, (_, index) => ({ name: `word/media/bild${index}.xml`, data: filler }));
    const error = await importFailure(docxFile(tjansteskrivelseParagraphs(), { extraEntries: extras }), {
      ...DEFAULT_IMPORT_LIMITS,
      maxInflatedBytes: 1024 * 1024,
    });
    expect(error.status).toBe(413);
  });

  it('is refused with 422 when it holds more entries than the limit', async () => {
    const extras = Array.from({ length: 60 }, (_, index) => ({ name: `word/del${index}.xml`, data: Buffer.from('<x/>') }));
    const error = await importFailure(docxFile(tjansteskrivelseParagraphs(), { extraEntries: extras }), {
      ...DEFAULT_IMPORT_LIMITS,
      maxEntries: 50,
    });
    expect([error.status, error.problem]).toEqual([422, 'too_many_parts']);
    expect(error.message).toContain('fler än 50 delar');
  });

  it('is refused as damaged when an entry claims data beyond the end of the file', async () => {
    const file = docxFile(tjansteskrivelseParagraphs());
    const directory = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    file.writeUInt32LE(0x7fffffff, directory + 20);
    expect((await importFailure(file)).problem).toBe('corrupt');
  });
});

describe('a Word file within the limits', () => {
  it('still imports, with its text', async () => {
    const parsed = await importFile(
      {
        contentType: DOCX_MEDIA_TYPE,
        body: docxFile([...tjansteskrivelseParagraphs(['Text om ', 'rutinerna.']), paragraphXml('Ärendet')]),
      },
      { ...DEFAULT_IMPORT_LIMITS, maxInflatedBytes: 64 * 1024, maxEntries: 10 },
    );
    expect(parsed.type).toBe('tjansteskrivelse');
    expect(parsed.title).toBe('Nya rutiner');
  });
});
