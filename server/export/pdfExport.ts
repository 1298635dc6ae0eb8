/**
 * PDF through LibreOffice, which officials' machines and Debian servers already have: the DOCX
 * export is converted headless, so the PDF is laid out exactly like the Word file. Conversions in
 * one process run one at a time, because LibreOffice instances that share a user profile clash;
 * callers that run in parallel processes pass a profile directory of their own.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { YttraError } from '../errors';

export class PdfUnavailableError extends YttraError {
  constructor(detail: string) {
    super(
      `PDF kan inte skapas på den här servern: ${detail} Be driften installera LibreOffice (Debian-paketet libreoffice-writer-nogui), eller exportera som Word (.docx) och skriv ut därifrån.`,
      501,
      'pdf_unavailable',
    );
  }
}

export class PdfConversionError extends YttraError {
  constructor() {
    super('PDF-filen kunde inte skapas. Försök igen, eller exportera som Word (.docx).', 500, 'pdf_failed');
  }
}

export interface PdfOptions {
  /** The LibreOffice executable; `libreoffice` on the PATH by default. */
  command?: string;
  /** A LibreOffice user profile directory; one per process by default. */
  profileDir?: string;
  timeoutMs?: number;
}

const DEFAULT_PROFILE = join(tmpdir(), `yttra-libreoffice-${process.pid}`);
let queue: Promise<unknown> = Promise.resolve();

export function convertDocxToPdf(docx: Buffer, options: PdfOptions = {}): Promise<Buffer> {
  const run = queue.then(() => convert(docx, options));
  queue = run.catch(() => undefined);
  return run;
}

async function convert(docx: Buffer, options: PdfOptions): Promise<Buffer> {
  const workDir = await mkdtemp(join(tmpdir(), 'yttra-pdf-'));
  try {
    const input = join(workDir, 'dokument.docx');
    await writeFile(input, docx);
    await runLibreOffice(
      options.command ?? process.env.YTTRA_LIBREOFFICE ?? 'libreoffice',
      [
        `-env:UserInstallation=${pathToFileURL(options.profileDir ?? DEFAULT_PROFILE).href}`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        '--convert-to',
        'pdf',
        '--outdir',
        workDir,
        input,
      ],
      options.timeoutMs ?? 120_000,
    );
    try {
      return await readFile(join(workDir, 'dokument.pdf'));
    } catch {
      throw new PdfConversionError();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function runLibreOffice(command: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new PdfUnavailableError(`programmet "${command}" finns inte.`) : error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(Object.assign(new PdfConversionError(), { cause: stderr || `exit ${code}` }));
    });
  });
}
