import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config';
import { convertDocxToPdf, PdfUnavailableError, pdfOptionsFor } from '../../server/export/pdfExport';

describe('the PDF converter settings', () => {
  const queues: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => Promise.all(queues.splice(0).map((queue) => queue.close())));

  it('come from the validated configuration, with the defaults when unset', () => {
    const defaults = configFromEnv({}).pdf;
    expect(defaults).toMatchObject({ libreoffice: 'libreoffice', python: '/usr/bin/python3', warm: true, warmIdleMs: 600_000 });
    const set = configFromEnv({
      YTTRA_LIBREOFFICE: '/opt/libreoffice/program/soffice',
      YTTRA_PYTHON: '/opt/python/bin/python3',
      YTTRA_PDF_WARM: 'false',
      YTTRA_PDF_WARM_IDLE_MS: '120000',
    }).pdf;
    expect(set).toMatchObject({
      libreoffice: '/opt/libreoffice/program/soffice',
      python: '/opt/python/bin/python3',
      warm: false,
      warmIdleMs: 120_000,
    });
    expect(() => configFromEnv({ YTTRA_PDF_WARM: 'kanske' })).toThrow(/YTTRA_PDF_WARM/);
  });

  it('name the LibreOffice a conversion runs (not the process environment)', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'pdf-settings-'));
    try {
      const options = pdfOptionsFor(configFromEnv({ YTTRA_LIBREOFFICE: join(workDir, 'finns-inte'), YTTRA_PDF_WARM: 'false' }));
      queues.push(options.queue);
      expect(options).toMatchObject({ libreoffice: join(workDir, 'finns-inte'), warm: false });
      await expect(convertDocxToPdf(Buffer.from('inte en docx'), options)).rejects.toBeInstanceOf(PdfUnavailableError);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });
});
