/**
 * `npm start`: reads the configuration, prints it once, starts the server and flushes every room
 * on SIGTERM / SIGINT before exiting.
 */
import { configFromEnv } from './config';
import { createLogger } from './log';
import { startYttraServer } from './server';

async function main(): Promise<void> {
  const config = configFromEnv();
  const log = createLogger(config.logLevel);
  log.info({ config }, 'starting Yttra');
  const server = await startYttraServer({ ...config, log });
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(`\nYttra är igång: öppna http://${shownHost}:${server.port}/ i webbläsaren.\n`);

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
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection in a background task; the server keeps running'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  console.error(`Yttra kunde inte starta: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
