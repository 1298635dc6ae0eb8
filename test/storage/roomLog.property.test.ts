/**
 * Seeded random histories of appends, compactions (up to any seq) and restarts on a few rooms,
 * run against both backends and a model of the log: after every step both load exactly what the
 * model holds. A failing seed is named in the message; YTTRA_TEST_SEED replays one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log';
import { openPostgresStorage } from '../../server/storage/postgres';
import { openSqliteStorage } from '../../server/storage/sqlite';
import type { Storage, StoredRoom } from '../../server/storage/storage';
import { seededPrng, type Prng } from '../helpers/prng';
import { freshSchemaUrl, useTestDatabase } from '../helpers/postgres';

const log = createLogger('silent');
const database = useTestDatabase();
const ROOMS = ['doc:a', 'doc:b', 'doc:a:review'];
const STEPS = 80;
const SEEDS = process.env.YTTRA_TEST_SEED ? [Number(process.env.YTTRA_TEST_SEED)] : [1, 2, 3];

interface ModelRoom {
  snapshot: Uint8Array | null;
  upTo: number;
  log: Array<{ seq: number; data: Uint8Array }>;
  lastSeq: number;
}

function expected(room: ModelRoom): StoredRoom {
  const updates = room.log.map((entry) => entry.data);
  const bytes = (room.snapshot?.byteLength ?? 0) + updates.reduce((sum, update) => sum + update.byteLength, 0);
  return { snapshot: room.snapshot, updates, lastSeq: room.lastSeq, bytes };
}

interface Backend {
  name: string;
  storage: Storage;
  reopen(): Promise<Storage>;
}

async function backends(): Promise<Backend[]> {
  const dataDir = fs.mkdtempSync(path.join(process.env.YTTRA_TEST_TMP ?? os.tmpdir(), 'data-'));
  const url = await freshSchemaUrl(database.current);
  return [
    { name: 'SQLite', storage: openSqliteStorage(dataDir, log), reopen: async () => openSqliteStorage(dataDir, log) },
    { name: 'PostgreSQL', storage: await openPostgresStorage({ url }, log), reopen: () => openPostgresStorage({ url }, log) },
  ];
}

async function step(random: Prng, model: Map<string, ModelRoom>, all: Backend[]): Promise<string> {
  const name = random.pick(ROOMS);
  const room = model.get(name)!;
  const choice = random.next();
  if (choice < 0.6) {
    const updates = Array.from({ length: 1 + random.int(4) }, () => random.bytes(random.int(40)));
    for (const update of updates) {
      room.lastSeq += 1;
      room.log.push({ seq: room.lastSeq, data: update });
    }
    for (const backend of all) expect(await backend.storage.rooms.append(name, updates), `${backend.name} append`).toBe(room.lastSeq);
    return `append ${updates.length} to ${name}`;
  }
  if (choice < 0.85) {
    const upTo = room.upTo + random.int(room.lastSeq - room.upTo + 1);
    const snapshot = random.bytes(1 + random.int(60));
    room.snapshot = snapshot;
    room.upTo = upTo;
    room.log = room.log.filter((entry) => entry.seq > upTo);
    for (const backend of all) await backend.storage.rooms.compact(name, snapshot, upTo);
    return `compact ${name} up to ${upTo}`;
  }
  for (const backend of all) {
    await backend.storage.close();
    backend.storage = await backend.reopen();
  }
  return 'restart';
}

describe('the room log on both backends', () => {
  for (const seed of SEEDS) {
    it(`holds what a model of it holds through a random history (seed ${seed})`, async () => {
      const random = seededPrng(seed);
      const model = new Map(ROOMS.map((name) => [name, { snapshot: null, upTo: 0, log: [], lastSeq: 0 } as ModelRoom]));
      const all = await backends();
      try {
        for (let index = 0; index < STEPS; index++) {
          const done = await step(random, model, all);
          for (const name of ROOMS) {
            for (const backend of all) {
              expect(await backend.storage.rooms.load(name), `seed ${seed}, step ${index} (${done}), ${backend.name}, ${name}`).toEqual(
                expected(model.get(name)!),
              );
            }
          }
        }
      } finally {
        for (const backend of all) await backend.storage.close();
      }
    });
  }
});
