/** The storage contract on the embedded SQLite backend: a fresh data directory per test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStorage } from '../../server/storage/sqlite';
import { createLogger } from '../../server/log';
import { storageContract } from './contract';

const log = createLogger('silent');

storageContract('SQLite', async () => {
  const dataDir = fs.mkdtempSync(path.join(process.env.YTTRA_TEST_TMP ?? os.tmpdir(), 'data-'));
  return { storage: openSqliteStorage(dataDir, log), reopen: async () => openSqliteStorage(dataDir, log) };
});
