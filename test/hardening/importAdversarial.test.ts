/**
 * No importer pattern backtracks: every entry point finishes a 1 MB hostile line within a time
 * budget (finding 1: a title of 150,000 commas blocked the server for 22.8 s). The cases run in a
 * worker thread so that a slow one fails here, by name, instead of freezing the runner.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { CASE_NAMES, type CaseTiming } from './importAdversarialCases';

/**
 * CPU time per case. Generous: every case takes under 1.5 s (most under 0.5 s); a quadratic
 * pattern needs minutes at 1 MB, so the budget still tells them apart.
 */
const BUDGET_MS = 2000;
/** Wall-clock patience per case on a shared, busy machine, before the case counts as stuck. */
const STUCK_MS = 30_000;
/** Starting a worker that compiles TypeScript on the fly. */
const STARTUP_MS = 30_000;

describe('the importers, fed a 1 MB hostile line at every pattern', () => {
  it('finish each case within the budget', async () => {
    const worker = new Worker(new URL('./importAdversarialCases.ts', import.meta.url), {
      workerData: { role: 'import-adversarial-cases' },
      execArgv: ['--import', 'tsx'],
    });
    const timings: CaseTiming[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        let timer: NodeJS.Timeout;
        const waitForNext = (ms: number): void => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            const pending = CASE_NAMES[timings.length];
            reject(new Error(`"${pending}" did not finish within ${ms} ms (finished: ${timings.map((t) => t.name).join('; ') || 'none'})`));
          }, ms);
        };
        waitForNext(STARTUP_MS + STUCK_MS);
        worker.on('message', (timing: CaseTiming) => {
          timings.push(timing);
          if (timings.length === CASE_NAMES.length) {
            clearTimeout(timer);
            resolve();
          } else waitForNext(STUCK_MS);
        });
        worker.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
    } finally {
      await worker.terminate();
    }
    const slow = timings.filter((timing) => timing.cpuMs > BUDGET_MS).map((t) => `${t.name}: ${Math.round(t.cpuMs)} ms of CPU`);
    const failed = timings.filter((timing) => timing.error).map((t) => `${t.name}: ${t.error}`);
    expect(failed).toEqual([]);
    expect(slow).toEqual([]);
    expect(timings.map((timing) => timing.name)).toEqual(CASE_NAMES);
  }, 600_000);
});
