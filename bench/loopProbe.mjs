/**
 * Loaded into a server process under test (`NODE_OPTIONS=--import …/bench/loopProbe.mjs`, with
 * YTTRA_BENCH_LOOP_FILE set) to watch its event loop from inside: a 2 ms interval timer whose
 * lateness is the longest task that held the loop (the gap method of bench/heavyStalls.ts,
 * without a setImmediate chain that would spin a core), and `monitorEventLoopDelay`. On a shared
 * machine a late timer may also be a thread that waited for a core, so each gap is also measured
 * as the main thread's own CPU time (`process.threadCpuUsage`): what the loop really did. On SIGUSR2
 * it writes what it saw since the last signal to that file and starts over. Plain JavaScript: the
 * compiled server runs without a TypeScript loader.
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';
import { isMainThread } from 'node:worker_threads';

const file = process.env.YTTRA_BENCH_LOOP_FILE;
const INTERVAL_MS = 2;

if (isMainThread && file) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let last = performance.now();
  let longest = 0;
  let longestCpu = 0;
  let lastCpu = process.threadCpuUsage();
  /** Every gap over 10 ms: when (ms since the window began), how long, and the thread's CPU time in it. */
  let stalls = [];
  let windowStart = last;
  setInterval(() => {
    const now = performance.now();
    const cpu = process.threadCpuUsage();
    const late = now - last - INTERVAL_MS;
    const busy = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
    if (late > longest) longest = late;
    if (busy > longestCpu) longestCpu = busy;
    if (late > 10) stalls.push({ atMs: Math.round(last - windowStart), ms: Math.round(late * 10) / 10, cpuMs: Math.round(busy * 10) / 10 });
    last = now;
    lastCpu = cpu;
  }, INTERVAL_MS).unref();
  process.on('SIGUSR2', () => {
    writeFileSync(
      file,
      JSON.stringify({
        longestStallMs: longest,
        longestCpuMs: longestCpu,
        stalls,
        delayMaxMs: delay.max / 1e6,
        delayP99Ms: delay.percentile(99) / 1e6,
        delayMeanMs: delay.mean / 1e6,
      }),
    );
    delay.reset();
    longest = 0;
    longestCpu = 0;
    stalls = [];
    windowStart = performance.now();
  });
}
