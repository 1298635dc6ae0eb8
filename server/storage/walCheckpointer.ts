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

export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (result: CheckpointResult) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private readonly exited: Promise<void>;
  private closing = false;
  private hasExited = false;

  /** `onStopped`: the worker died on its own; the main connection should checkpoint again. */
  constructor(options: { file: string; synchronous: 'NORMAL' | 'FULL'; log: Logger; onStopped: () => void; intervalMs?: number }) {
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: options.file, driverPath, synchronous: options.synchronous, intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS },
    });
    // The worker must not keep a finished process alive; the server closes it on shutdown.
    this.worker.unref();
    this.worker.on('message', (message: { kind: string; id?: number; message?: string; result?: { ok: boolean; message?: string } & CheckpointResult }) => {
      if (message.kind === 'failed') options.log.warn({ reason: message.message }, 'WAL checkpoint failed; SQLite will checkpoint by itself');
      if (message.kind !== 'result' || message.id === undefined) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (!waiter || !message.result) return;
      if (message.result.ok) waiter.resolve({ log: message.result.log, checkpointed: message.result.checkpointed });
      else waiter.reject(new Error(message.result.message));
    });
    this.worker.on('error', (error) => options.log.warn({ err: error }, 'WAL checkpoint worker stopped; SQLite will checkpoint by itself'));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    void this.exited.then(() => {
      this.hasExited = true;
      for (const waiter of this.waiting.values()) waiter.reject(new Error('WAL checkpoint worker has exited'));
      this.waiting.clear();
      if (!this.closing) options.onStopped();
    });
  }

  /** Checkpoints now, in the worker, and tells how far it got. */
  checkpointNow(): Promise<CheckpointResult> {
    if (this.hasExited) return Promise.reject(new Error('WAL checkpoint worker has exited'));
    const id = this.nextId++;
    this.worker.ref();
    return new Promise<CheckpointResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ kind: 'now', id });
    }).finally(() => {
      if (this.waiting.size === 0 && !this.closing) this.worker.unref();
    });
  }

  /** Closes the worker's connection; must happen before the main connection closes. */
  async close(): Promise<void> {
    // Held while it closes: otherwise a process with nothing else to do would exit mid-close.
    this.closing = true;
    this.worker.ref();
    this.worker.postMessage({ kind: 'close' });
    await this.exited;
  }
}
