/**
 * Imports as the server runs them: each file is parsed in a worker thread of its own, with a
 * heap limit and a wall-clock limit, and the worker is ended afterwards. A hostile file can then
 * neither block the event loop that serves every socket nor grow the server process: the
 * memory it took goes with its worker. How many imports run at once, per user and overall, is
 * bounded by a fair queue; beyond it the answer is 429.
 */
import { Worker } from 'node:worker_threads';
import type { Config } from '../config';
import { FairQueue, QueueFullError } from '../limits/fairQueue';
import { ImportError, importErrors } from './importError';
import { DEFAULT_IMPORT_LIMITS, type ImportInput, type ImportLimits } from './importFile';
import type { ParsedDocument } from './parseDocument';
import type { ImportJob, ImportOutcome } from './importWorker';

export interface ImportRunnerOptions {
  limits: ImportLimits;
  /** The largest document an import may create (YTTRA_MAX_DOCUMENT_BYTES). */
  maxDocumentBytes: number;
  /** Imports parsed at once, overall and per user. */
  concurrency: number;
  perUser: number;
  /** Imports waiting for a free worker before further ones are refused. */
  maxWaiting: number;
  /** Wall-clock time one parse may take before its worker is stopped. */
  timeoutMs: number;
  /** The heap one worker may grow to. */
  workerMemoryMb: number;
}

export const DEFAULT_IMPORT_RUNNER_OPTIONS: ImportRunnerOptions = {
  limits: DEFAULT_IMPORT_LIMITS,
  maxDocumentBytes: 64 * 1024 * 1024,
  concurrency: 2,
  perUser: 1,
  maxWaiting: 8,
  timeoutMs: 30_000,
  workerMemoryMb: 512,
};

/** The runner the configuration asks for (YTTRA_IMPORT_* and YTTRA_MAX_DOCUMENT_BYTES). */
export function importRunnerFor(config: Pick<Config, 'imports' | 'maxDocumentBytes'>): ImportRunner {
  const { imports } = config;
  return new ImportRunner({
    limits: { maxBytes: imports.maxBytes, maxInflatedBytes: imports.maxInflatedBytes, maxEntries: imports.maxZipEntries },
    maxDocumentBytes: config.maxDocumentBytes,
    concurrency: imports.concurrency,
    perUser: imports.perUser,
    maxWaiting: imports.queue,
    timeoutMs: imports.timeoutMs,
    workerMemoryMb: imports.workerMemoryMb,
  });
}

export interface ImportResult {
  parsed: ParsedDocument;
  /** The encoded size of the document it becomes. */
  documentBytes: number;
}

export class ImportRunner {
  readonly options: ImportRunnerOptions;
  private readonly queue: FairQueue;

  constructor(options: Partial<ImportRunnerOptions> = {}) {
    this.options = { ...DEFAULT_IMPORT_RUNNER_OPTIONS, ...options };
    this.queue = new FairQueue({
      concurrency: this.options.concurrency,
      perKey: this.options.perUser,
      maxWaiting: this.options.maxWaiting,
      maxWaitingPerKey: 0,
    });
  }

  /** Parses the file for this user; an ImportError (with its status) when it cannot. */
  async run(userId: string, input: ImportInput): Promise<ImportResult> {
    // The size is known before any work: a file over the limit never waits for a worker.
    if (input.body.length === 0) throw importErrors.empty();
    if (input.body.length > this.options.limits.maxBytes) throw importErrors.tooLarge(input.body.length, this.options.limits.maxBytes);
    try {
      return await this.queue.run(userId, () => this.inWorker(input));
    } catch (error) {
      if (error instanceof QueueFullError) throw importErrors.busy(error.ownLimit);
      throw error;
    }
  }

  /** The error an import by this user would get now, before anything is read; undefined if it would be accepted. */
  refusalFor(userId: string): ImportError | undefined {
    const refusal = this.queue.admission(userId);
    return refusal ? importErrors.busy(refusal.ownLimit) : undefined;
  }

  get load(): { running: number; waiting: number } {
    return this.queue.size;
  }

  private async inWorker(input: ImportInput): Promise<ImportResult> {
    const { IMPORT_WORKER_URL, IMPORT_WORKER_ROLE } = await import('./importWorker');
    const url = new URL(IMPORT_WORKER_URL);
    // From source (tests, benchmarks) the worker compiles TypeScript as the main thread does.
    const needsLoader = url.pathname.endsWith('.ts') && !process.execArgv.some((arg) => arg.includes('tsx'));
    const worker = new Worker(url, {
      workerData: { role: IMPORT_WORKER_ROLE },
      resourceLimits: { maxOldGenerationSizeMb: this.options.workerMemoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      ...(needsLoader ? { execArgv: ['--import', 'tsx'] } : {}),
    });
    const body = new Uint8Array(input.body);
    const job: ImportJob = {
      contentType: input.contentType,
      body,
      pack: input.pack,
      limits: this.options.limits,
      maxDocumentBytes: this.options.maxDocumentBytes,
    };
    try {
      const outcome = await new Promise<ImportOutcome>((resolve, reject) => {
        const timer = setTimeout(() => reject(importErrors.tooComplex('time')), this.options.timeoutMs);
        const settle =
          <T>(action: (value: T) => void) =>
          (value: T) => {
            clearTimeout(timer);
            action(value);
          };
        worker.once('message', settle(resolve));
        worker.once(
          'error',
          settle((error: Error & { code?: string }) =>
            reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? importErrors.tooComplex('memory') : error),
          ),
        );
        worker.once(
          'exit',
          settle((code: number) => reject(new Error(`the import worker exited (code ${code}) without an answer`))),
        );
        worker.postMessage(job, [body.buffer]);
      });
      if (outcome.ok) return { parsed: outcome.parsed, documentBytes: outcome.documentBytes };
      if (outcome.problem) throw new ImportError(outcome.problem, outcome.message, outcome.status);
      throw new Error(`the import failed in its worker: ${outcome.message}`);
    } finally {
      // Ending the worker returns its heap, whatever the file made it hold.
      await worker.terminate();
    }
  }
}
