/**
 * PDF through LibreOffice, which officials' machines and Debian servers already have: the DOCX
 * export is converted headless, so the PDF is laid out exactly like the Word file.
 *
 * Conversions are bounded work a reader can trigger, so they go through a fair queue: a few at
 * once (each with a LibreOffice user profile of its own, since instances sharing one clash), one
 * per user at a time with a short wait behind it, served round-robin across users, and 429 beyond
 * that. Every file a conversion writes lives in the queue's own directory under the system temp
 * directory: the work files are removed when the conversion ends, however it ends; the profiles
 * when the queue closes; and what a crashed process left behind is removed at the next start.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config';
import { YttraError } from '../errors';
import { FairQueue, QueueFullError, type FairQueueLimits } from '../limits/fairQueue';

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

export class PdfBusyError extends YttraError {
  constructor(ownLimit: boolean) {
    super(
      ownLimit
        ? 'Dina tidigare PDF-filer skapas fortfarande. Vänta tills de är klara och försök igen om en stund.'
        : 'Många PDF-filer skapas just nu. Försök igen om en stund, eller exportera som Word (.docx).',
      429,
      'pdf_busy',
    );
  }
}

export interface PdfQueueOptions extends FairQueueLimits {
  /** Where the queue keeps its directory; the system temp directory by default. */
  tempRoot?: string;
}

/** The defaults behind YTTRA_PDF_CONCURRENCY, YTTRA_PDF_PER_USER and YTTRA_PDF_QUEUE. */
export const DEFAULT_PDF_QUEUE_OPTIONS: PdfQueueOptions = { concurrency: 1, perKey: 1, maxWaiting: 16, maxWaitingPerKey: 2 };

/** Everything the PDF exporter writes lives under this directory of the temp root. */
const PDF_TEMP_FOLDER = 'yttra-pdf';

export class PdfQueue {
  /** This queue's directory: `<temp root>/yttra-pdf/<pid>-<random>`. */
  readonly directory: string;
  private readonly queue: FairQueue;
  private readonly freeSlots: number[];
  private internalRequests = 0;
  private readonly ready: Promise<void>;

  constructor(options: Partial<PdfQueueOptions> = {}) {
    const limits = { ...DEFAULT_PDF_QUEUE_OPTIONS, ...options };
    this.queue = new FairQueue(limits);
    this.freeSlots = Array.from({ length: limits.concurrency }, (_, slot) => slot);
    const root = join(limits.tempRoot ?? tmpdir(), PDF_TEMP_FOLDER);
    this.directory = join(root, `${process.pid}-${randomBytes(4).toString('hex')}`);
    this.ready = mkdir(this.directory, { recursive: true }).then(() => undefined);
  }

  /** Throws the 429 a PDF request by this user would get now, before any work is done for it. */
  checkAdmission(userId: string): void {
    const refusal = this.queue.admission(userId);
    if (refusal) throw new PdfBusyError(refusal.ownLimit);
  }

  /** Runs one conversion when its turn comes, with a LibreOffice profile no other running conversion uses. */
  async run<T>(requester: string | undefined, task: (profileDir: string, workRoot: string) => Promise<T>): Promise<T> {
    // Calls from inside the server (no user) are bounded by the overall limits only.
    const key = requester ?? `\u0000internal-${++this.internalRequests}`;
    try {
      return await this.queue.run(key, async () => {
        await this.ready;
        const slot = this.freeSlots.pop()!;
        try {
          return await task(join(this.directory, `profile-${slot}`), this.directory);
        } finally {
          this.freeSlots.push(slot);
        }
      });
    } catch (error) {
      if (error instanceof QueueFullError) throw new PdfBusyError(error.ownLimit);
      throw error;
    }
  }

  get load(): { running: number; waiting: number } {
    return this.queue.size;
  }

  /** Removes the queue's directory (its profiles); conversions still running lose their files. */
  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    await rm(this.directory, { recursive: true, force: true });
  }
}

/** The queue and conversion settings the configuration asks for (YTTRA_PDF_*). */
export function pdfOptionsFor(config: Pick<Config, 'pdf'>): PdfOptions & { queue: PdfQueue } {
  const { pdf } = config;
  return {
    queue: new PdfQueue({ concurrency: pdf.concurrency, perKey: pdf.perUser, maxWaiting: pdf.queue, maxWaitingPerKey: pdf.queuePerUser }),
    timeoutMs: pdf.timeoutMs,
  };
}

let processQueue: PdfQueue | undefined;

/** The process's queue, for callers that do not bring their own. */
export function defaultPdfQueue(): PdfQueue {
  processQueue ??= new PdfQueue();
  return processQueue;
}

export interface PdfOptions {
  /** The LibreOffice executable; `libreoffice` on the PATH by default. */
  command?: string;
  /** A LibreOffice user profile directory; the queue's profile for the conversion's slot by default. */
  profileDir?: string;
  timeoutMs?: number;
  /** The queue the conversion waits in; the process's default queue when absent. */
  queue?: PdfQueue;
  /** Who asked for the PDF: the queue limits and serves each user in turn. */
  requester?: string;
}

export function convertDocxToPdf(docx: Buffer, options: PdfOptions = {}): Promise<Buffer> {
  const queue = options.queue ?? defaultPdfQueue();
  return queue.run(options.requester, (profileDir, workRoot) => convert(docx, options, options.profileDir ?? profileDir, workRoot));
}

async function convert(docx: Buffer, options: PdfOptions, profileDir: string, workRoot: string): Promise<Buffer> {
  const workDir = await mkdtemp(join(workRoot, 'work-'));
  try {
    const input = join(workDir, 'dokument.docx');
    await writeFile(input, docx);
    await runLibreOffice(
      options.command ?? process.env.YTTRA_LIBREOFFICE ?? 'libreoffice',
      [
        `-env:UserInstallation=${pathToFileURL(profileDir).href}`,
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
    // A process group of its own: `libreoffice` is a wrapper whose soffice.bin child would
    // otherwise outlive a kill of the wrapper, holding the profile and its memory.
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(killGroup, timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new PdfUnavailableError(`programmet "${command}" finns inte.`) : error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      // Whatever the wrapper left running in its group goes with it.
      killGroup();
      if (code === 0) resolve();
      else reject(Object.assign(new PdfConversionError(), { cause: stderr || `exit ${code}` }));
    });
  });
}

/** Work files and profiles older than this, from the layout before the queue's directory, are stale. */
const LEGACY_STALE_MS = 60 * 60 * 1000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what conversions of processes that are no longer running left behind (a crash or a
 * kill -9 skips every `finally`): their queue directories, and the per-process profiles and
 * work directories of the earlier layout. Returns the paths removed.
 */
export async function removeStalePdfFiles(tempRoot: string = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  const remove = async (path: string): Promise<void> => {
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  };
  const root = join(tempRoot, PDF_TEMP_FOLDER);
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isRunning(pid)) await remove(join(root, name));
  }
  for (const name of await readdir(tempRoot).catch(() => [] as string[])) {
    const legacyProfile = /^yttra-libreoffice-(\d{1,10})$/.exec(name);
    if (legacyProfile && Number(legacyProfile[1]) !== process.pid && !isRunning(Number(legacyProfile[1]))) {
      await remove(join(tempRoot, name));
    } else if (/^yttra-pdf-\w{6}$/.test(name)) {
      const info = await stat(join(tempRoot, name)).catch(() => undefined);
      if (info?.isDirectory() && Date.now() - info.mtimeMs > LEGACY_STALE_MS) await remove(join(tempRoot, name));
    }
  }
  return removed;
}
