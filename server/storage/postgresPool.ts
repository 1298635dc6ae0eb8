/**
 * The connection pool of the PostgreSQL storage, its transactions and its migrations.
 *
 * Every query either runs on its own (PostgreSQL commits a lone statement before answering) or
 * inside `transaction`, which resolves only after COMMIT; so a store method resolves only after
 * what it wrote is committed, as in SQLite.
 */
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from './postgresMigrations';
import type { Logger } from '../log';

export type Queryable = Pick<pg.PoolClient, 'query'>;

/** BIGINT and COUNT(*) arrive as strings by default; every counter here fits a JS number. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresPoolOptions {
  /** Connections held at most (pg's default is 10). */
  max?: number;
}

export function createPool(connectionString: string, log: Logger, options: PostgresPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    types,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    // A database that does not answer fails the waiting room (its clients keep their changes and
    // reconnect) instead of holding every write of it for ever.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  });
  // An idle client whose connection breaks emits here; without a listener the process would end.
  pool.on('error', (error) => log.error({ err: error }, 'an idle PostgreSQL connection failed'));
  return pool;
}

/** Runs `work` in one transaction on one connection: COMMIT before resolving, ROLLBACK on any error. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection that cannot even roll back is broken: it is discarded, not handed out again.
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Any constant: every instance that starts at once waits on this lock while one migrates. */
const MIGRATION_LOCK = 7_117_017;

/**
 * Brings the schema up to date in one transaction (PostgreSQL's DDL is transactional, so a failed
 * migration leaves nothing half done). Refuses a database migrated by a newer Yttra.
 */
export async function migrate(pool: pg.Pool, log: Logger): Promise<void> {
  await transaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migration');
    const current = rows[0]?.version ?? 0;
    if (current > POSTGRES_MIGRATIONS.length) {
      throw new Error(
        `The database schema is at version ${current}, newer than this Yttra knows (${POSTGRES_MIGRATIONS.length}). Start a newer Yttra.`,
      );
    }
    for (let index = current; index < POSTGRES_MIGRATIONS.length; index++) {
      await client.query(POSTGRES_MIGRATIONS[index]!);
      await client.query('INSERT INTO schema_migration (version, applied_at) VALUES ($1, $2)', [index + 1, new Date().toISOString()]);
      log.info({ version: index + 1 }, 'PostgreSQL schema migrated');
    }
  });
}

/** Whether an error is PostgreSQL's unique_violation. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

export function toUint8(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export function toBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
