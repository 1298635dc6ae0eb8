/**
 * The PostgreSQL schema keeps up with SQLite's: every table and column the SQLite migrations
 * leave behind exists in PostgreSQL too (`user` is `app_user` there). A new SQLite migration
 * without its PostgreSQL twin fails here, before the storage contract meets the missing column.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log';
import { openPostgresStorage } from '../../server/storage/postgres';
import { openSqliteStorage } from '../../server/storage/sqlite';
import { freshSchemaUrl, useTestDatabase } from '../helpers/postgres';

const database = useTestDatabase();
const log = createLogger('silent');
const POSTGRES_NAMES: Record<string, string> = { user: 'app_user' };

async function sqliteColumns(): Promise<Map<string, Set<string>>> {
  const dataDir = fs.mkdtempSync(path.join(process.env.YTTRA_TEST_TMP ?? os.tmpdir(), 'data-'));
  await openSqliteStorage(dataDir, log).close();
  const db = new Database(path.join(dataDir, 'yttra.sqlite'), { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all()
      .map((row) => row.name);
    return new Map(
      tables.map((table) => [
        table,
        new Set(
          db
            .prepare<[], { name: string }>(`PRAGMA table_info("${table}")`)
            .all()
            .map((row) => row.name),
        ),
      ]),
    );
  } finally {
    db.close();
  }
}

async function postgresColumns(): Promise<Map<string, Set<string>>> {
  const url = await freshSchemaUrl(database.current);
  await (await openPostgresStorage({ url }, log)).close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()',
    );
    const columns = new Map<string, Set<string>>();
    for (const row of rows) {
      if (!columns.has(row.table_name)) columns.set(row.table_name, new Set());
      columns.get(row.table_name)!.add(row.column_name);
    }
    return columns;
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL schema', () => {
  it('has every table and column of the SQLite schema after all its migrations', async () => {
    const [sqlite, postgres] = [await sqliteColumns(), await postgresColumns()];
    expect(sqlite.size).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const [table, columns] of sqlite) {
      const twin = postgres.get(POSTGRES_NAMES[table] ?? table);
      if (!twin) missing.push(`table ${table}`);
      else for (const column of columns) if (!twin.has(column)) missing.push(`${table}.${column}`);
    }
    expect(missing).toEqual([]);
  });
});
