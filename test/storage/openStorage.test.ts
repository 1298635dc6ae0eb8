/**
 * Choosing the backend from the configuration (YTTRA_DATABASE_URL or SQLite in the data
 * directory), and PostgreSQL's versioned migrations at start.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { configForLog, configFromEnv } from '../../server/config';
import { createLogger } from '../../server/log';
import { openStorage } from '../../server/storage/openStorage';
import { openPostgresStorage } from '../../server/storage/postgres';
import { POSTGRES_MIGRATIONS } from '../../server/storage/postgresMigrations';
import type { Storage } from '../../server/storage/storage';
import { runAdminCommand } from '../../server/cli/admin';
import { tempDataDir } from '../helpers/server';
import { freshSchemaUrl, useTestDatabase } from '../helpers/postgres';

const log = createLogger('silent');
const database = useTestDatabase();
const opened: Storage[] = [];
afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close();
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('the storage backend is chosen by configuration', () => {
  it('is SQLite in the data directory when no database URL is set', async () => {
    const config = configFromEnv({ YTTRA_DATA_DIR: tempDataDir() });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.sqliteSync).toBe('NORMAL');
    opened.push(await openStorage(config, log));
    expect(fs.existsSync(path.join(config.dataDir, 'yttra.sqlite'))).toBe(true);
  });

  it('is PostgreSQL when YTTRA_DATABASE_URL is set, with nothing written to the data directory', async () => {
    const url = await freshSchemaUrl(database.current);
    const config = configFromEnv({ YTTRA_DATA_DIR: path.join(tempDataDir(), 'unused'), YTTRA_DATABASE_URL: url });
    const storage = await openStorage(config, log);
    opened.push(storage);
    await storage.rooms.append('doc:x', [new Uint8Array([1])]);
    expect(fs.existsSync(config.dataDir)).toBe(false);
    const schema = new URL(url).searchParams.get('options')!.split('=')[1]!;
    expect(await query(database.current.url, `SELECT seq FROM ${schema}.room_update WHERE room = 'doc:x'`)).toEqual([{ seq: '1' }]);
  });

  it('refuses a URL that is not PostgreSQL’s and a YTTRA_SQLITE_SYNC it does not know', () => {
    expect(() => configFromEnv({ YTTRA_DATABASE_URL: 'mysql://db/yttra' })).toThrow(/YTTRA_DATABASE_URL/);
    expect(() => configFromEnv({ YTTRA_SQLITE_SYNC: 'OFF' })).toThrow(/YTTRA_SQLITE_SYNC/);
    expect(configFromEnv({ YTTRA_SQLITE_SYNC: 'FULL' }).sqliteSync).toBe('FULL');
    expect(configFromEnv({ YTTRA_DATABASE_URL: 'postgresql://db/yttra' }).databaseUrl).toBe('postgresql://db/yttra');
  });

  it('never logs the database password', () => {
    const logged = JSON.stringify(
      configForLog(configFromEnv({ YTTRA_DATABASE_URL: 'postgres://yttra:hemligt-ord@db.kommun.se:5432/yttra' })),
    );
    expect(logged).not.toContain('hemligt-ord');
    expect(logged).toContain('db.kommun.se:5432/yttra');
  });

  it('gives the recovery command the same database as the server', async () => {
    const url = await freshSchemaUrl(database.current);
    const lines: string[] = [];
    const code = await runAdminCommand(
      ['reset-password', 'drift@kommun.se'],
      { YTTRA_DATABASE_URL: url, YTTRA_DATA_DIR: tempDataDir() },
      (line) => lines.push(line),
    );
    expect(code).toBe(0);
    const storage = await openPostgresStorage({ url }, log);
    opened.push(storage);
    expect(await storage.accounts.findByEmail('drift@kommun.se')).toMatchObject({ user: { isAdmin: true, mustChangePassword: true } });
  });
});

describe('PostgreSQL migrations', () => {
  it('run once, recorded by version, and not again at the next start', async () => {
    const url = await freshSchemaUrl(database.current);
    const schema = new URL(url).searchParams.get('options')!.split('=')[1]!;
    opened.push(await openPostgresStorage({ url }, log));
    const recorded = async () =>
      query<{ version: number }>(database.current.url, `SELECT version FROM ${schema}.schema_migration ORDER BY version`);
    const expected = POSTGRES_MIGRATIONS.map((_, index) => ({ version: index + 1 }));
    expect(await recorded()).toEqual(expected);
    const again = await openPostgresStorage({ url }, log);
    opened.push(again);
    expect(await recorded()).toEqual(expected);
  });

  it('let several instances start on an empty database at once', async () => {
    const url = await freshSchemaUrl(database.current);
    const storages = await Promise.all([1, 2, 3].map(() => openPostgresStorage({ url }, log)));
    opened.push(...storages);
    for (const [index, storage] of storages.entries()) await storage.rooms.append('doc:x', [new Uint8Array([index])]);
    expect((await storages[0]!.rooms.load('doc:x')).lastSeq).toBe(3);
  });

  it('refuse a database that a newer Yttra migrated', async () => {
    const url = await freshSchemaUrl(database.current);
    const schema = new URL(url).searchParams.get('options')!.split('=')[1]!;
    opened.push(await openPostgresStorage({ url }, log));
    await query(database.current.url, `INSERT INTO ${schema}.schema_migration (version, applied_at) VALUES ($1, $2)`, [
      POSTGRES_MIGRATIONS.length + 1,
      new Date().toISOString(),
    ]);
    await expect(openPostgresStorage({ url }, log)).rejects.toThrow(/newer than this Yttra/);
  });

  it('keep serving after the database server ended every connection, storing only what was committed', async () => {
    const url = await freshSchemaUrl(database.current);
    const storage = await openPostgresStorage({ url }, log);
    opened.push(storage);
    // Enough connections in the pool that several are idle when they are ended.
    await Promise.all(Array.from({ length: 5 }, (_, index) => storage.rooms.append(`doc:${index}`, [new Uint8Array([index])])));
    await storage.rooms.append('doc:x', [new Uint8Array([1])]);
    await query(
      database.current.url,
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database.current.name],
    );
    const stored: number[] = [1];
    for (let value = 2; value <= 20; value++) {
      // A write on a connection the server has just ended fails (and is not acknowledged);
      // the pool drops that connection and the next write gets a new one.
      const seq = await storage.rooms.append('doc:x', [new Uint8Array([value])]).catch(() => null);
      if (seq !== null) {
        stored.push(value);
        expect(seq).toBe(stored.length);
      }
    }
    // At most the ended connections fail one write each; then every write goes through.
    expect(stored.length).toBeGreaterThanOrEqual(10);
    for (let value = 21; value <= 25; value++) {
      expect(await storage.rooms.append('doc:x', [new Uint8Array([value])])).toBe(stored.length + 1);
      stored.push(value);
    }
    expect((await storage.rooms.load('doc:x')).updates).toEqual(stored.map((value) => new Uint8Array([value])));
    await storage.documents.create(
      {
        id: 'd1',
        type: 'yttrande',
        title: 'Efter avbrottet',
        status: 'utkast',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
      'doc:d1',
      new Uint8Array([1]),
    );
    expect((await storage.documents.get('d1'))?.title).toBe('Efter avbrottet');
  });

  it('report an unreachable database at start', async () => {
    await expect(openPostgresStorage({ url: 'postgres://postgres@127.0.0.1:1/none' }, log)).rejects.toThrow();
  });
});
