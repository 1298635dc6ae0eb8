import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MAIN_CONNECTION_AUTOCHECKPOINT_PAGES, WalCheckpointer } from '../../server/storage/walCheckpointer';
import { openSqliteStorage } from '../../server/storage/sqlite';
import { createLogger } from '../../server/log';
import { tempDataDir } from '../helpers/server';

const log = createLogger('silent');
const keystroke = new Uint8Array(60).fill(7);
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function walFrames(file: string): number {
  const wal = `${file}-wal`;
  if (!fs.existsSync(wal)) return 0;
  // A WAL is a 32-byte header and frames of a 24-byte header plus one page.
  return Math.floor((fs.statSync(wal).size - 32) / (24 + 4096));
}

/** The WAL header's checkpoint sequence number: SQLite adds one each time it starts the WAL over. */
function walResets(file: string): number {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(`${file}-wal`, 'r');
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  return header.readUInt32BE(12);
}

describe('WAL checkpoints happen in a worker, not on a commit', () => {
  it('leaves the main connection appending only, and the worker folds the WAL back into the database', async () => {
    const file = path.join(tempDataDir(), 'wal.sqlite');
    const db = new Database(file);
    cleanups.push(() => {
      db.close();
    });
    db.pragma('journal_mode = WAL');
    db.pragma(`wal_autocheckpoint = ${MAIN_CONNECTION_AUTOCHECKPOINT_PAGES}`);
    db.exec('CREATE TABLE log (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)');
    // A long interval: the test decides when the worker checkpoints.
    const checkpointer = new WalCheckpointer({ file, synchronous: 'NORMAL', log, onStopped: () => undefined, intervalMs: 60_000 });
    cleanups.push(() => checkpointer.close());

    const insert = db.prepare('INSERT INTO log (seq, data) VALUES (?, ?)');
    for (let seq = 1; seq <= 3000; seq++) insert.run(seq, keystroke);
    // SQLite's default would have checkpointed on the commit that passed 1,000 pages.
    expect(walFrames(file)).toBeGreaterThan(1000);

    const first = await checkpointer.checkpointNow();
    expect(first.log).toBeGreaterThan(1000);
    expect(first.checkpointed).toBe(first.log);

    // Everything is in the database file now, so the next commit starts the WAL over.
    insert.run(3001, keystroke);
    const second = await checkpointer.checkpointNow();
    expect(second.log).toBeLessThan(10);
    expect(db.prepare('SELECT COUNT(*) AS n FROM log').get()).toEqual({ n: 3001 });
  });

  it('starts its worker only once the WAL has grown, so an idle server holds no second isolate', async () => {
    const file = path.join(tempDataDir(), 'lazy.sqlite');
    const db = new Database(file);
    cleanups.push(() => {
      db.close();
    });
    db.pragma('journal_mode = WAL');
    db.pragma(`wal_autocheckpoint = ${MAIN_CONNECTION_AUTOCHECKPOINT_PAGES}`);
    db.exec('CREATE TABLE log (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)');
    const checkpointer = new WalCheckpointer({ file, synchronous: 'NORMAL', log, onStopped: () => undefined, intervalMs: 20 });
    cleanups.push(() => checkpointer.close());
    const insert = db.prepare('INSERT INTO log (seq, data) VALUES (?, ?)');
    // Each commit appends at least one 4 KiB page: 400 commits pass the 1 MiB at which the worker starts.
    for (let seq = 1; seq <= 400; seq++) insert.run(seq, keystroke);
    expect(walFrames(file)).toBeGreaterThan(256);
    const before = walResets(file);
    let seq = 400;
    for (let attempt = 0; attempt < 100 && walResets(file) === before; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Once the worker has checkpointed everything, the next commit starts the WAL over.
      insert.run(++seq, keystroke);
    }
    expect(walResets(file)).not.toBe(before);
  });

  it('closes its connection with the storage, so the last close removes the WAL', async () => {
    const dataDir = tempDataDir();
    const storage = openSqliteStorage(dataDir, log);
    for (let seq = 0; seq < 50; seq++) await storage.rooms.append('doc:wal', [keystroke]);
    await storage.checkpointer.checkpointNow();
    await storage.close();
    expect(fs.existsSync(path.join(dataDir, 'yttra.sqlite-wal'))).toBe(false);

    const reopened = openSqliteStorage(dataDir, log);
    cleanups.push(() => reopened.close());
    const stored = await reopened.rooms.load('doc:wal');
    expect(stored.updates).toHaveLength(50);
    expect(stored.lastSeq).toBe(50);
  });

  it('says so when its worker stops on its own, so the main connection can checkpoint again', async () => {
    let stopped!: () => void;
    const stoppedSignal = new Promise<void>((resolve) => (stopped = resolve));
    // A database that does not exist: the worker, started by the first request, cannot open it and ends.
    const checkpointer = new WalCheckpointer({
      file: path.join(tempDataDir(), 'missing.sqlite'),
      synchronous: 'NORMAL',
      log,
      onStopped: stopped,
    });
    await expect(checkpointer.checkpointNow()).rejects.toThrow();
    await stoppedSignal;
    await expect(checkpointer.checkpointNow()).rejects.toThrow();
    await checkpointer.close();
  });
});
