/**
 * A small pool of worker threads for the heavy work one large document brings (building a
 * compacted snapshot, a version's state, an export's rendering, long word diffs), so that it
 * does not hold the event loop that serves every room. The tasks are the named functions of
 * one task module (server/work/tasks.ts unless told otherwise).
 *
 * Bounded at every end: at most `size` workers, started when work comes and ended after
 * `idleMs` without any (a worker is a V8 isolate of its own, ~10 MiB); at most `maxQueued`
 * tasks waiting, beyond which `run` refuses at once (WorkBusyError, 503); each task may take
 * `taskTimeoutMs` and its worker's heap `workerMemoryMb` (beyond: WorkTooLargeError, 503). A
 * worker that crashes, runs out of memory or over time is ended and replaced, and only the task
 * it was running is rejected.
 */
import { Worker } from 'node:worker_threads';
import type { Config } from '../config';
import { YttraError } from '../errors';
import { transferableBuffers, type TaskMap, type TaskReply, type TaskRequest } from './taskMessages';
import type { tasks as serverTasks } from './tasks';
import type { WorkWorkerData } from './workerEntry';

export interface WorkerPoolOptions {
  /** Workers at most (each runs one task at a time). */
  size: number;
  /** Tasks waiting for a worker before further ones are refused. */
  maxQueued: number;
  /** Wall-clock time one task may take before its worker is stopped. */
  taskTimeoutMs: number;
  /** The heap one worker may grow to. */
  workerMemoryMb: number;
  /** A worker with nothing to do for this long is ended. */
  idleMs: number;
  /** A task module of one's own (tests); by default server/work/tasks.ts. */
  tasksUrl?: string;
}

export const DEFAULT_WORKER_POOL_OPTIONS: WorkerPoolOptions = {
  size: 2,
  maxQueued: 64,
  taskTimeoutMs: 60_000,
  workerMemoryMb: 1024,
  idleMs: 30_000,
};

/** The server's own tasks, by name. */
export type ServerTasks = typeof serverTasks;

/** The queue is full: the server has more heavy work than it takes on. */
export class WorkBusyError extends YttraError {
  constructor() {
    super('Servern har mycket att göra just nu. Försök igen om en stund.', 503, 'work_busy');
  }
}

/**
 * A task went over its time or memory limit (a document too large for them): the official is
 * told so in words, and may try again later.
 */
export class WorkTooLargeError extends YttraError {
  constructor(
    readonly reason: 'timeout' | 'memory',
    readonly detail: string,
  ) {
    super(
      'Dokumentet är för stort för att tas fram just nu: arbetet tog för lång tid eller för mycket minne. Försök igen om en stund.',
      503,
      'work_too_large',
    );
  }
}

/** A task did not finish for a reason of the server's own: its worker died, the task threw, or the pool was closed. */
export class WorkFailedError extends Error {
  constructor(
    message: string,
    readonly reason: 'crashed' | 'closed' | 'failed',
  ) {
    super(message);
    this.name = 'WorkFailedError';
  }
}

interface WorkerEntryPoint {
  url: URL;
  data: WorkWorkerData;
  execArgv?: string[];
}

async function entryPoint(tasksUrl: string | undefined): Promise<WorkerEntryPoint> {
  const { WORK_WORKER_URL, WORK_WORKER_ROLE } = await import('./workerEntry');
  const url = new URL(WORK_WORKER_URL);
  // From source (tests, benchmarks) the worker compiles TypeScript as the main thread does.
  const needsLoader = url.pathname.endsWith('.ts') && !process.execArgv.some((arg) => arg.includes('tsx'));
  const data: WorkWorkerData = { role: WORK_WORKER_ROLE, ...(tasksUrl ? { tasksUrl } : {}) };
  return { url, data, ...(needsLoader ? { execArgv: ['--import', 'tsx'] } : {}) };
}

interface Job {
  request: TaskRequest;
  transfer: ArrayBuffer[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
}

export class WorkerPool<Tasks extends TaskMap = ServerTasks> {
  readonly options: WorkerPoolOptions;
  private readonly workers = new Set<PoolWorker>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private entry: Promise<WorkerEntryPoint> | null = null;
  private entryReady: WorkerEntryPoint | null = null;

  constructor(options: Partial<WorkerPoolOptions> = {}) {
    this.options = { ...DEFAULT_WORKER_POOL_OPTIONS, ...options };
  }

  /**
   * Runs the named task on `input` in a worker. The buffers of the arrays in `transfer` are
   * moved, not copied, where that is possible: the caller must not use those arrays afterwards.
   */
  run<Name extends keyof Tasks & string>(
    name: Name,
    input: Parameters<Tasks[Name]>[0],
    transfer: Iterable<Uint8Array> = [],
  ): Promise<Awaited<ReturnType<Tasks[Name]>>> {
    if (this.closed) return Promise.reject(new WorkFailedError('the worker pool is closed', 'closed'));
    if (this.load.running + this.queue.length >= this.options.size + this.options.maxQueued) {
      return Promise.reject(new WorkBusyError());
    }
    return new Promise((resolve, reject) => {
      const job: Job = {
        request: { id: this.nextId++, name, input },
        transfer: transferableBuffers(transfer),
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Workers busy and started, and tasks waiting, for metrics and tests. */
  get load(): { running: number; workers: number; waiting: number } {
    const running = [...this.workers].filter((candidate) => candidate.job).length;
    return { running, workers: this.workers.size, waiting: this.queue.length };
  }

  /** Rejects what waits and what runs, and ends every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new WorkFailedError('the worker pool is closed', 'closed'));
    await Promise.all([...this.workers].map((member) => this.end(member, new WorkFailedError('the worker pool is closed', 'closed'))));
  }

  private dispatch(): void {
    // The entry's URL comes from a dynamic import (see workerEntry.ts); until then tasks wait.
    if (!this.entry) {
      this.entry = entryPoint(this.options.tasksUrl);
      this.entry.then(
        (entry) => {
          this.entryReady = entry;
          this.dispatch();
        },
        (error: unknown) => {
          for (const job of this.queue.splice(0)) job.reject(new WorkFailedError(`no worker could start: ${String(error)}`, 'crashed'));
          this.entry = null;
        },
      );
      return;
    }
    const entry = this.entryReady;
    if (!entry) return;
    while (this.queue.length > 0) {
      let member = [...this.workers].find((candidate) => !candidate.job);
      if (!member) {
        if (this.workers.size >= this.options.size) return;
        member = this.start(entry);
      }
      this.assign(member, this.queue.shift()!);
    }
  }

  private start({ url, data, execArgv }: WorkerEntryPoint): PoolWorker {
    const worker = new Worker(url, {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: this.options.workerMemoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      ...(execArgv ? { execArgv } : {}),
    });
    const member: PoolWorker = { worker, job: null, timer: null, idleTimer: null };
    this.workers.add(member);
    worker.on('message', (reply: TaskReply) => this.settle(member, reply));
    worker.on('error', (error: Error & { code?: string }) => {
      const failure =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new WorkTooLargeError('memory', `the worker ran out of memory (${this.options.workerMemoryMb} MB)`)
          : new WorkFailedError(`the worker crashed: ${error.message}`, 'crashed');
      void this.end(member, failure);
    });
    worker.on('exit', (code) => void this.end(member, new WorkFailedError(`the worker exited (code ${code}) during the task`, 'crashed')));
    return member;
  }

  private assign(member: PoolWorker, job: Job): void {
    member.job = job;
    member.worker.ref();
    if (member.idleTimer) clearTimeout(member.idleTimer);
    member.idleTimer = null;
    member.timer = setTimeout(() => {
      void this.end(
        member,
        new WorkTooLargeError('timeout', `the task ${job.request.name} took longer than ${this.options.taskTimeoutMs} ms`),
      );
    }, this.options.taskTimeoutMs);
    member.worker.postMessage(job.request, job.transfer);
  }

  private settle(member: PoolWorker, reply: TaskReply): void {
    const job = member.job;
    if (!job || job.request.id !== reply.id) return;
    if (member.timer) clearTimeout(member.timer);
    member.timer = null;
    member.job = null;
    if (reply.ok) job.resolve(reply.value);
    else job.reject(new WorkFailedError(`the task ${job.request.name} failed: ${reply.message}`, 'failed'));
    if (this.queue.length > 0) this.dispatch();
    else if (!this.closed) {
      // An idle worker keeps neither the process alive nor its memory for long.
      member.worker.unref();
      member.idleTimer = setTimeout(() => void this.end(member, null), this.options.idleMs);
      member.idleTimer.unref();
    }
  }

  /** Ends one worker, rejecting its task with `error`; a replacement starts if tasks wait. */
  private async end(member: PoolWorker, error: WorkFailedError | WorkTooLargeError | null): Promise<void> {
    if (!this.workers.delete(member)) return;
    if (member.timer) clearTimeout(member.timer);
    if (member.idleTimer) clearTimeout(member.idleTimer);
    const job = member.job;
    member.job = null;
    if (job) job.reject(error ?? new WorkFailedError('the worker was ended during the task', 'crashed'));
    if (!this.closed) this.dispatch();
    await member.worker.terminate();
  }
}

/** The pool the configuration asks for (YTTRA_WORK_*). */
export function workerPoolFor(config: Pick<Config, 'work'>): WorkerPool {
  const { work } = config;
  return new WorkerPool({ size: work.workers, maxQueued: work.queue, taskTimeoutMs: work.timeoutMs, workerMemoryMb: work.workerMemoryMb });
}
