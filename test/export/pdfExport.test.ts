import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentType } from '../../shared/model';
import { convertDocxToPdf, documentLayout, exportDocument, PdfUnavailableError, renderDocx } from '../../server/export';
import { importText } from '../../server/import';
import { readSeed, SEED_NAMES } from '../helpers/seeds';
import { viewOf } from './exportHelpers';

const run = promisify(execFile);

describe('exporting to PDF with LibreOffice', () => {
  let workDir = '';
  // A profile of this file's own, so parallel test files and a running server do not clash.
  let profileDir = '';
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'yttra-pdf-test-'));
    profileDir = join(workDir, 'libreoffice-profile');
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it.each(SEED_NAMES)('turns the DOCX of %s into a PDF whose text has every section heading in order', async (name) => {
    const parsed = importText(readSeed(name));
    const layout = documentLayout(viewOf(parsed), parsed.announcedBilagor);
    const pdf = await convertDocxToPdf(await renderDocx(layout), { profileDir });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pdfPath = join(workDir, `${name}.pdf`);
    await writeFile(pdfPath, pdf);
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdfPath, '-']);
    const text = stdout.replace(/\s+/g, ' ');
    let from = 0;
    for (const section of layout.sections) {
      const at = text.indexOf(section.title, from);
      expect(at, `heading "${section.title}" missing or out of order`).toBeGreaterThanOrEqual(0);
      from = at + section.title.length;
    }
    expect(text).toContain(documentType(parsed.type).label);
    expect(text).toMatch(/Sida 1 av \d+/);
  });

  it('names what to install when LibreOffice is missing, with status 501', async () => {
    const parsed = importText(readSeed('yttrande-asn-2023-13451'));
    const failure = exportDocument(viewOf(parsed), [], 'pdf', { command: 'libreoffice-som-inte-finns', profileDir });
    await expect(failure).rejects.toBeInstanceOf(PdfUnavailableError);
    await expect(failure).rejects.toMatchObject({ status: 501, message: expect.stringContaining('libreoffice-writer-nogui') });
  });
});
