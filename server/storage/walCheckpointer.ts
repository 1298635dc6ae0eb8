/**
 * Moves SQLite's WAL checkpoints off the event loop.
 *
 * With the default auto-checkpoint, the commit that pushes the WAL past 1,000 pages also copies
 * the WAL back into the database file and fsyncs both, on the thread that serves every socket:
 * measured here, a 3–5 ms stall about every 750 keystrokes, felt by every room on the server.
 * A worker thread with its own connection checkpoints instead (PASSIVE: it never blocks the
 * writer), so a keystroke's commit is only ever an append to the WAL.
 *
 * The worker is plain JavaScript evaluated from a string: it runs outside the TypeScript loader
 * the server process may have been started with (and outside the test runner's transforms).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';

/** How often the worker checkpoints. Frames of one hot page are copied once, however many. */
const CHECKPOINT_INTERVAL_MS = 500;

/**
 * Left on the main connection as a backstop. SQLite starts the WAL over only when a commit finds
 * it wholly checkpointed; at sustained rates of hundreds of commits a second the worker's pass
 * never ends in a quiet moment, so the WAL would grow without end. At this many pages (≈ 40 MiB)
 * the writer checkpoints itself, as SQLite always does, with a stall like the default's but ten
 * times rarer (`bench/commitStalls.ts`). At editing rates with pauses it is not reached.
 */
export const MAIN_CONNECTION_AUTOCHECKPOINT_PAGES = 10_000;

/** SQLite's own auto-checkpoint, for the main connection again if the worker is gone. */
export const SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    return { ok: true, log: result.log, checkpointed: result.checkpointed };
  } catch (error) {
    return { ok: false, message: String((error && error.message) || error) };
  }
};
let failing = false;
const timer = setInterval(() => {
  const result = checkpoint();
  // Told once per run of failures, not every interval.
  if (!result.ok && !failing) parentPort.postMessage({ kind: 'failed', message: result.message });
  failing = !result.ok;
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message.kind === 'now') parentPort.postMessage({ kind: 'result', id: message.id, result: checkpoint() });
  if (message.kind === 'close') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
`;

export interface CheckpointResult {
  /** Frames in the WAL and how many of them are now in the database file. */
  log: number;
  checkpointed: number;
}

/**
 * The worker starts once the WAL holds this much (or at the first `checkpointNow`): an idle
 * server, one that nobody is editing on, does not carry a second V8 isolate (~13 MiB).
 */
const START_WORKER_AT_WAL_BYTES = 1024 * 1024;

type WorkerMessage = { kind: string; id?: number; message?: string; result?: { ok: boolean; message?: string } & CheckpointResult };

export class WalCheckpointer {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, { resolve: (result: CheckpointResult) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private exited: Promise<void> = Promise.resolve();
  private closing = false;
  private hasExited = false;
  private readonly walWatch: NodeJS.Timeout;

  /** `onStopped`: the worker died on its own; the main connection should checkpoint again. */
  constructor(
    private readonly options: { file: string; synchronous: 'NORMAL' | 'FULL'; log: Logger; onStopped: () => void; intervalMs?: number },
  ) {
    this.walWatch = setInterval(() => {
      if (walBytes(options.file) >= START_WORKER_AT_WAL_BYTES) this.start();
    }, options.intervalMs ?? CHECKPOINT_INTERVAL_MS);
    this.walWatch.unref();
  }

  private start(): Worker {
    clearInterval(this.walWatch);
    if (this.worker) return this.worker;
    const options = this.options;
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file: options.file,
        driverPath,
        synchronous: options.synchronous,
        intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS,
      },
    });
    this.worker = worker;
    // The worker must not keep a finished process alive; the server closes it on shutdown.
    worker.unref();
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'failed')
        options.log.warn({ reason: message.message }, 'WAL checkpoint failed; SQLite will checkpoint by itself');
      if (message.kind !== 'result' || message.id === undefined) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (!waiter || !message.result) return;
      if (message.result.ok) waiter.resolve({ log: message.result.log, checkpointed: message.result.checkpointed });
      else waiter.reject(new Error(message.result.message));
    });
    worker.on('error', (error) => options.log.warn({ err: error }, 'WAL checkpoint worker stopped; SQLite will checkpoint by itself'));
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    void this.exited.then(() => {
      this.hasExited = true;
      for (const waiter of this.waiting.values()) waiter.reject(new Error('WAL checkpoint worker has exited'));
      this.waiting.clear();
      if (!this.closing) options.onStopped();
    });
    return worker;
  }

  /** Checkpoints now, in the worker, and tells how far it got. */
  checkpointNow(): Promise<CheckpointResult> {
    if (this.hasExited) return Promise.reject(new Error('WAL checkpoint worker has exited'));
    const worker = this.start();
    const id = this.nextId++;
    worker.ref();
    return new Promise<CheckpointResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ kind: 'now', id });
    }).finally(() => {
      if (this.waiting.size === 0 && !this.closing) worker.unref();
    });
  }

  /** Closes the worker's connection; must happen before the main connection closes. */
  async close(): Promise<void> {
    // Held while it closes: otherwise a process with nothing else to do would exit mid-close.
    this.closing = true;
    clearInterval(this.walWatch);
    if (!this.worker) return;
    this.worker.ref();
    this.worker.postMessage({ kind: 'close' });
    await this.exited;
  }
}

function walBytes(file: string): number {
  try {
    return fs.statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}
