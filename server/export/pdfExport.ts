/**
 * PDF through LibreOffice, which officials' machines and Debian servers already have: the DOCX
 * export is converted headless, so the PDF is laid out exactly like the Word file, and tagged
 * for accessibility (PDF/UA). Each slot of the queue keeps a warm LibreOffice that converts on
 * request (warmOffice.ts); where that cannot run (no Python `uno`), each conversion starts one.
 *
 * Conversions are bounded work a reader can trigger, so they go through a fair queue: a few at
 * once (each with a LibreOffice user profile of its own, since instances sharing one clash), one
 * per user at a time with a short wait behind it, served round-robin across users, and 429 beyond
 * that. Every file a conversion writes lives in the queue's own directory under the system temp
 * directory: the work files are removed when the conversion ends, however it ends; the profiles
 * when the queue closes; and what a crashed process left behind is removed at the next start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config';
import { YttraError } from '../errors';
import { FairQueue, QueueFullError, type FairQueueLimits } from '../limits/fairQueue';
import { stopWarmOffices, WarmOfficeUnavailableError, warmOfficeFor } from './warmOffice';

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
    // A failed mkdir (a full disk) is answered to each conversion that awaits it; until then it
    // must not count as an unhandled rejection.
    this.ready.catch(() => undefined);
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

  /** Stops the queue's warm offices and removes its directory (its profiles); conversions still running lose their files. */
  async close(): Promise<void> {
    stopWarmOffices(this.directory);
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
    libreoffice: pdf.libreoffice,
    python: pdf.python,
    warm: pdf.warm,
    warmIdleMs: pdf.warmIdleMs,
  };
}

let processQueue: PdfQueue | undefined;

/** The process's queue, for callers that do not bring their own. */
export function defaultPdfQueue(): PdfQueue {
  processQueue ??= new PdfQueue();
  return processQueue;
}

export interface PdfOptions {
  /** A program run as a plain converter instead of the warm office (tests, benchmarks). */
  command?: string;
  /** The LibreOffice executable (YTTRA_LIBREOFFICE); `libreoffice` on the PATH by default. */
  libreoffice?: string;
  /** Whether a warm office converts (YTTRA_PDF_WARM, on by default), with its Python and idle time. */
  warm?: boolean;
  python?: string;
  warmIdleMs?: number;
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

/**
 * A tagged PDF (headings, lists, tables and reading order a screen reader follows, the language
 * and title in its metadata) that declares PDF/UA. LibreOffice reads these JSON filter options
 * from 7.4 on; an older one ignores them and writes an untagged PDF.
 */
const PDF_FILTER = `pdf:writer_pdf_Export:${JSON.stringify({
  UseTaggedPDF: { type: 'boolean', value: 'true' },
  PDFUACompliance: { type: 'boolean', value: 'true' },
})}`;

async function convert(docx: Buffer, options: PdfOptions, profileDir: string, workRoot: string): Promise<Buffer> {
  const workDir = await mkdtemp(join(workRoot, 'work-'));
  try {
    const input = join(workDir, 'dokument.docx');
    await writeFile(input, docx);
    const command = options.command ?? options.libreoffice ?? 'libreoffice';
    const timeoutMs = options.timeoutMs ?? 120_000;
    // The warm office of this slot's profile converts it, unless a caller names its own program
    // (which is then run as a plain converter) or the warm office cannot run here at all.
    if (options.command === undefined && options.warm !== false) {
      const output = join(workDir, 'dokument.pdf');
      try {
        await warmOfficeFor(command, profileDir, { python: options.python, idleMs: options.warmIdleMs }).convert(input, output, timeoutMs);
        return await readFile(output);
      } catch (error) {
        if (!(error instanceof WarmOfficeUnavailableError)) throw Object.assign(new PdfConversionError(), { cause: error });
      }
    }
    await runLibreOffice(
      command,
      [
        `-env:UserInstallation=${pathToFileURL(profileDir).href}`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        '--convert-to',
        PDF_FILTER,
        '--outdir',
        workDir,
        input,
      ],
      timeoutMs,
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

/**
 * Starts LibreOffice from a small helper process rather than from the server. Starting a program
 * forks the process that starts it, and forking the server (hundreds of MB) stalled its event loop
 * for 100–400 ms per conversion, felt by every socket; forking the helper costs nothing. The
 * helper is plain JavaScript run by this Node binary, so it needs no loader or build step; it
 * exits when the server does (its IPC channel closes).
 *
 * Each LibreOffice gets a process group of its own: `libreoffice` is a wrapper whose soffice.bin
 * child would otherwise outlive a kill of the wrapper, holding the profile and its memory.
 */
const LAUNCHER_SOURCE = `
const { spawn } = require('node:child_process');
process.on('disconnect', () => process.exit(0));
process.on('message', ({ id, command, args, timeoutMs }) => {
  let stderr = '';
  let settled = false;
  let child;
  const done = (result) => {
    if (settled) return;
    settled = true;
    process.send({ id, ...result });
  };
  const killGroup = () => {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { try { child.kill('SIGKILL'); } catch {} }
  };
  try {
    child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  } catch (error) {
    done({ error: error.code || String(error.message) });
    return;
  }
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-2000); });
  const timer = setTimeout(killGroup, timeoutMs);
  child.on('error', (error) => { clearTimeout(timer); done({ error: error.code || String(error.message) }); });
  child.on('close', (code) => { clearTimeout(timer); killGroup(); done({ code, stderr }); });
});
`;

interface LaunchResult {
  id: number;
  code?: number | null;
  stderr?: string;
  error?: string;
}

class LibreOfficeLauncher {
  private helper: ChildProcess | undefined;
  private readonly pending = new Map<number, (result: LaunchResult) => void>();
  private nextId = 1;

  run(command: string, args: string[], timeoutMs: number): Promise<LaunchResult> {
    const helper = this.start();
    const id = this.nextId++;
    return new Promise<LaunchResult>((resolve) => {
      this.pending.set(id, resolve);
      helper.ref();
      helper.send({ id, command, args, timeoutMs });
    });
  }

  private start(): ChildProcess {
    if (this.helper && this.helper.connected) return this.helper;
    const helper = spawn(process.execPath, ['-e', LAUNCHER_SOURCE], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    helper.on('message', (result: LaunchResult) => {
      const resolve = this.pending.get(result.id);
      this.pending.delete(result.id);
      resolve?.(result);
      if (this.pending.size === 0) this.unref(helper);
    });
    helper.on('exit', () => {
      if (this.helper === helper) this.helper = undefined;
      for (const resolve of this.pending.values()) resolve({ id: 0, error: 'the LibreOffice launcher exited' });
      this.pending.clear();
    });
    this.unref(helper);
    this.helper = helper;
    return helper;
  }

  /** An idle helper keeps no process alive. */
  private unref(helper: ChildProcess): void {
    helper.unref();
    (helper.channel as { unref?: () => void } | undefined)?.unref?.();
  }
}

const launcher = new LibreOfficeLauncher();

async function runLibreOffice(command: string, args: string[], timeoutMs: number): Promise<void> {
  const result = await launcher.run(command, args, timeoutMs);
  if (result.error === 'ENOENT') throw new PdfUnavailableError(`programmet "${command}" finns inte.`);
  if (result.error) throw Object.assign(new PdfConversionError(), { cause: result.error });
  if (result.code !== 0) throw Object.assign(new PdfConversionError(), { cause: result.stderr || `exit ${result.code}` });
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
