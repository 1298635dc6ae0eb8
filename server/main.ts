/**
 * `npm start` (as compiled JavaScript, dist/server/main.js): reads the configuration, logs it once
 * without its secrets, starts the server and flushes every room on SIGTERM / SIGINT before exiting.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { configForLog, configFromEnv } from './config';
import { createLogger, type Logger } from './log';
import { startYttraServer } from './server';

async function main(): Promise<void> {
  const config = configFromEnv();
  const log = createLogger(config.logLevel);
  log.info({ config: configForLog(config) }, 'starting Yttra');
  const server = await startYttraServer({ ...config, log });
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${server.port}/`;
  log.info({ url }, `Yttra är igång: öppna ${url} i webbläsaren`);
  setTimeout(settleMemory, 1000).unref();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: flushing every room');
    server.close().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // The last line of defence for work nobody awaits: each known background task handles its own
  // errors (reported as 'background task failed'); one that slips through is logged, and the
  // server keeps serving everyone else rather than dying with every room in memory.
  process.on('unhandledRejection', (reason) =>
    log.error({ err: reason }, 'unhandled rejection in a background task; the server keeps running'),
  );
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/**
 * Start-up (compiling every module, migrating, opening the database) grows V8's young generation
 * to ~18 MiB, mostly garbage. A plain full collection leaves it to V8's memory reducer to hand that
 * back, some seconds later and later still on a busy machine (still ~100 MiB 15 s after start there);
 * the "last resort" collection shrinks the young generation and releases emptied pages at once
 * (one pause of a few tens of ms, 1 s after start). Under load the young generation grows again as
 * it needs to.
 */
function settleMemory(): void {
  v8.setFlagsFromString('--expose-gc');
  const collect = vm.runInNewContext('gc') as (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
  collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

main().catch((error: unknown) => {
  const log: Logger = createLogger('info');
  log.fatal({ err: error }, `Yttra kunde inte starta: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
