/**
 * A throw-away PostgreSQL database per test file: `CREATE DATABASE yttra_test_<random>` on the
 * local server (YTTRA_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/ with trust
 * authentication, as .ci/run provides), dropped after the file's tests. Within it, each test that
 * needs fresh storage gets a schema of its own (`freshSchemaUrl`), which is faster than a database.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

const SERVER_URL = process.env.YTTRA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/';

function databaseUrl(database: string, searchPath?: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  if (searchPath) url.searchParams.set('options', `-c search_path=${searchPath}`);
  return url.toString();
}

async function withServer<T>(work: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `No PostgreSQL server at ${SERVER_URL} for the PostgreSQL tests (${(error as Error).message}). ` +
        'Start one (.ci/run does) or point YTTRA_TEST_POSTGRES_URL at one.',
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  /** The database's URL (the schema `public`). */
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `yttra_test_${randomBytes(6).toString('hex')}`;
  await withServer((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: databaseUrl(name),
    async drop() {
      // FORCE: a pool a failed test left open must not keep the database alive.
      await withServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A database for the tests of this file, created before them and dropped after. */
export function useTestDatabase(): { readonly current: TestDatabase } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  return {
    get current(): TestDatabase {
      if (!database) throw new Error('the test database is created in beforeAll');
      return database;
    },
  };
}

let schemas = 0;

/** A URL whose connections work in a new, empty schema of `database`: a fresh store for one test. */
export async function freshSchemaUrl(database: TestDatabase): Promise<string> {
  schemas += 1;
  const schema = `s${process.pid}_${schemas}`;
  await withServer((client) => client.query(`CREATE SCHEMA ${schema}`), database.name);
  return databaseUrl(database.name, schema);
}
