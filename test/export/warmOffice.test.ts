/**
 * The warm LibreOffice behind PDF export: it converts one request after another without starting
 * again, writes a tagged PDF, comes back after it is killed, and a conversion that overruns its
 * time leaves no office process behind.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentLayout, renderDocx } from '../../server/export';
import { PdfQueue, convertDocxToPdf } from '../../server/export/pdfExport';
import { WarmConversionError, WarmOffice, WarmOfficeUnavailableError } from '../../server/export/warmOffice';
import { importText } from '../../server/import';
import { readSeed } from '../helpers/seeds';
import { viewOf } from './exportHelpers';

const run = promisify(execFile);

/** The pids of processes whose command line names this profile (the office and its wrapper). */
async function officeProcesses(profileDir: string): Promise<number[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,stat=,args=']);
  return stdout
    .split('\n')
    .filter((line) => line.includes(profileDir) && !/^\s*\d+\s+Z/.test(line))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/** Debian's python3-uno, which libreoffice-writer-nogui recommends (.ci/run installs it with it). */
const hasUno = spawnSync(process.env.YTTRA_PYTHON ?? '/usr/bin/python3', ['-c', 'import uno']).status === 0;

describe.skipIf(!hasUno)('the warm LibreOffice', () => {
  let workDir = '';
  let docx: Buffer;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'yttra-warm-office-'));
    const parsed = importText(readSeed('tjansteskrivelse-asn-2023-12667'));
    docx = await renderDocx(documentLayout(viewOf(parsed), parsed.announcedBilagor));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('converts one request after another in the same office, tagged, and is started again after it is killed', async () => {
    const queue = new PdfQueue({ tempRoot: workDir });
    try {
      const first = await convertDocxToPdf(docx, { queue });
      const started = performance.now();
      const second = await convertDocxToPdf(docx, { queue });
      const warmMs = performance.now() - started;
      for (const pdf of [first, second]) expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const pdfPath = join(workDir, 'varm.pdf');
      await writeFile(pdfPath, second);
      const { stdout: info } = await run('pdfinfo', [pdfPath]);
      expect(info).toMatch(/Tagged:\s+yes/);
      const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', pdfPath, '-']);
      expect(text).toContain('Sammanfattning');
      // One office served both: its processes are those of the queue's first profile.
      const profile = join(queue.directory, 'profile-0');
      const pids = await officeProcesses(profile);
      expect(pids.length).toBeGreaterThan(0);
      // Far below the seconds a LibreOffice start takes (measured 280–530 ms warm on a loaded machine).
      expect(warmMs).toBeLessThan(5_000);

      for (const pid of pids) process.kill(pid, 'SIGKILL');
      const third = await convertDocxToPdf(docx, { queue });
      expect(third.subarray(0, 5).toString()).toBe('%PDF-');
      const after = await officeProcesses(profile);
      expect(after.length).toBeGreaterThan(0);
      expect(after.some((pid) => pids.includes(pid))).toBe(false);
    } finally {
      await queue.close();
    }
    // Closing the queue stops its office.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await officeProcesses(join(queue.directory, 'profile-0'))).toEqual([]);
  }, 180_000);

  it('kills the office when a conversion overruns its time, and converts again afterwards', async () => {
    const profileDir = join(workDir, 'profil-tidsgrans');
    const office = new WarmOffice({ command: 'libreoffice', profileDir });
    const input = join(workDir, 'in.docx');
    await writeFile(input, docx);
    try {
      await office.convert(input, join(workDir, 'ut-1.pdf'), 120_000);
      await expect(office.convert(input, join(workDir, 'ut-2.pdf'), 1)).rejects.toBeInstanceOf(WarmConversionError);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await officeProcesses(profileDir)).toEqual([]);
      await office.convert(input, join(workDir, 'ut-3.pdf'), 120_000);
      expect((await readFile(join(workDir, 'ut-3.pdf'))).subarray(0, 5).toString()).toBe('%PDF-');
      expect(office.starts).toBe(2);
    } finally {
      office.stop();
    }
  }, 180_000);

  it('reports itself unavailable without Python’s uno module, so the export falls back to a LibreOffice per conversion', async () => {
    const office = new WarmOffice({ command: 'libreoffice', profileDir: join(workDir, 'profil-utan'), python: 'python-som-inte-finns' });
    await expect(office.convert(join(workDir, 'in.docx'), join(workDir, 'ut.pdf'), 10_000)).rejects.toBeInstanceOf(
      WarmOfficeUnavailableError,
    );
    expect(office.running).toBe(false);
  });
});
