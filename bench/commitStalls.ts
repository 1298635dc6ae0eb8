/**
 * Commit stalls: the time each keystroke's commit takes in Yttra's room store, where a worker
 * thread checkpoints the WAL (server/storage/walCheckpointer.ts), next to the same inserts on a
 * connection left at SQLite's default, where the commit that fills the WAL past 1,000 pages
 * copies it back and fsyncs (the "reference" column here is that default, not the reference
 * server, which stores nothing). One room, one 60-byte update per commit, two commits per
 * millisecond timer tick (≈ 1,000–1,500 a second: a busy server, with the gaps a real one has).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStorage } from '../server/storage/sqlite';
import { createLogger } from '../server/log';
import { tempDataDir } from '../test/helpers/server';
import { percentile, quick, runIfMain, type Row } from './lib/report';

const COMMITS = quick ? 3_000 : 10_000;
const STALL_MS = 2;
const COMMITS_PER_TICK = 2;
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
const keystroke = new Uint8Array(60).fill(7);

async function yttraCommitTimes(): Promise<number[]> {
  const dataDir = tempDataDir();
  const storage = openSqliteStorage(dataDir, createLogger('silent'));
  const times: number[] = [];
  try {
    for (let index = 0; index < COMMITS; index++) {
      if (index % COMMITS_PER_TICK === 0) await tick();
      const started = performance.now();
      await storage.rooms.append('doc:stalls', [keystroke]);
      times.push(performance.now() - started);
    }
  } finally {
    await storage.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return times;
}

async function sqliteDefaultCommitTimes(): Promise<number[]> {
  const dataDir = tempDataDir();
  const db = new Database(path.join(dataDir, 'default.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE room_update (room TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (room, seq)) WITHOUT ROWID');
  const insert = db.prepare('INSERT INTO room_update (room, seq, data) VALUES (?, ?, ?)');
  const times: number[] = [];
  for (let seq = 1; seq <= COMMITS; seq++) {
    if (seq % COMMITS_PER_TICK === 1) await tick();
    const started = performance.now();
    insert.run('doc:stalls', seq, keystroke);
    times.push(performance.now() - started);
  }
  db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return times;
}

export async function commitStalls(): Promise<Row[]> {
  const yttra = await yttraCommitTimes();
  const defaults = await sqliteDefaultCommitTimes();
  const sorted = (times: number[]) => [...times].sort((a, b) => a - b);
  const [y, d] = [sorted(yttra), sorted(defaults)];
  const scenario = `commit stalls (${COMMITS.toLocaleString('en-US')} keystrokes; ref = SQLite default checkpoints)`;
  return [
    { scenario, metric: 'commit p50', yttra: percentile(y, 50), reference: percentile(d, 50), unit: 'ms' },
    { scenario, metric: 'commit p99', yttra: percentile(y, 99), reference: percentile(d, 99), unit: 'ms' },
    { scenario, metric: 'commit max', yttra: y.at(-1)!, reference: d.at(-1)!, unit: 'ms' },
    {
      scenario,
      metric: `commits slower than ${STALL_MS} ms`,
      yttra: yttra.filter((time) => time > STALL_MS).length,
      reference: defaults.filter((time) => time > STALL_MS).length,
      unit: 'count',
    },
  ];
}

runIfMain(import.meta.url, commitStalls);
