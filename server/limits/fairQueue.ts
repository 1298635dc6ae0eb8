/**
 * Bounded, fair admission for heavy work a user can trigger (imports, PDF conversions): at most
 * `concurrency` tasks run at once, at most `perKey` of them for one key (a user), and waiting
 * tasks are served round-robin across keys, so one user's twenty requests cannot delay anyone
 * else's by more than one task. Beyond the waiting limits a request is refused at once
 * (QueueFullError, which the caller turns into a 429) rather than queued without end.
 */

export interface FairQueueLimits {
  /** Tasks running at once, over all keys. */
  concurrency: number;
  /** Tasks running at once for one key. */
  perKey: number;
  /** Tasks waiting, over all keys. */
  maxWaiting: number;
  /** Tasks waiting for one key. */
  maxWaitingPerKey: number;
}

export class QueueFullError extends Error {
  constructor(
    /** True when it is this key's own limit that was reached, not everyone's. */
    readonly ownLimit: boolean,
  ) {
    super(ownLimit ? 'too many tasks for this key' : 'too many tasks waiting');
  }
}

export class FairQueue {
  private running = 0;
  private readonly runningByKey = new Map<string, number>();
  /** Waiting tasks by key, in the order the keys began waiting. */
  private readonly waiting = new Map<string, Array<() => void>>();
  private waitingCount = 0;
  /** When each key with work in the queue last had a task started: the longest-waiting key goes first. */
  private readonly lastStarted = new Map<string, number>();
  private starts = 0;

  constructor(private readonly limits: FairQueueLimits) {}

  /** Runs the task when its turn comes; throws QueueFullError at once if it may not wait. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    if (!this.canStart(key) || this.waitingCount > 0) {
      const refusal = this.refusal(key);
      if (refusal) throw refusal;
      const queue = this.waiting.get(key) ?? [];
      await new Promise<void>((resolve) => {
        queue.push(resolve);
        this.waiting.set(key, queue);
        this.waitingCount++;
        this.dispatch();
      });
    } else {
      this.start(key);
    }
    try {
      return await task();
    } finally {
      this.running--;
      const left = this.runningOf(key) - 1;
      if (left > 0) this.runningByKey.set(key, left);
      else this.runningByKey.delete(key);
      if (left <= 0 && !this.waiting.has(key)) this.lastStarted.delete(key);
      this.dispatch();
    }
  }

  /** Whether a task for this key would be accepted now (run or wait), without queueing it. */
  wouldAccept(key: string): boolean {
    return (this.canStart(key) && this.waitingCount === 0) || !this.refusal(key);
  }

  /** Why a task for this key would be refused now, or undefined when it would be accepted. */
  admission(key: string): QueueFullError | undefined {
    return this.wouldAccept(key) ? undefined : this.refusal(key);
  }

  /** Why a task for this key may not wait, if it may not. */
  private refusal(key: string): QueueFullError | undefined {
    const own = this.runningOf(key) + (this.waiting.get(key)?.length ?? 0);
    if (own >= this.limits.perKey + this.limits.maxWaitingPerKey) return new QueueFullError(true);
    if (this.waitingCount >= this.limits.maxWaiting) return new QueueFullError(false);
    return undefined;
  }

  get size(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waitingCount };
  }

  private runningOf(key: string): number {
    return this.runningByKey.get(key) ?? 0;
  }

  private canStart(key: string): boolean {
    return this.running < this.limits.concurrency && this.runningOf(key) < this.limits.perKey;
  }

  private start(key: string): void {
    this.running++;
    this.runningByKey.set(key, this.runningOf(key) + 1);
    this.lastStarted.set(key, ++this.starts);
  }

  /** Starts waiting tasks while there is room: each time the key whose last start is oldest. */
  private dispatch(): void {
    while (this.running < this.limits.concurrency && this.waitingCount > 0) {
      let key: string | undefined;
      for (const candidate of this.waiting.keys()) {
        if (!this.canStart(candidate)) continue;
        if (key === undefined || (this.lastStarted.get(candidate) ?? 0) < (this.lastStarted.get(key) ?? 0)) key = candidate;
      }
      if (key === undefined) return;
      const queue = this.waiting.get(key)!;
      const next = queue.shift()!;
      this.waitingCount--;
      if (queue.length === 0) this.waiting.delete(key);
      this.start(key);
      next();
    }
  }
}
