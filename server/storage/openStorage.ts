/**
 * The one place that chooses the storage backend from the configuration: PostgreSQL when
 * YTTRA_DATABASE_URL is set, otherwise SQLite in the data directory (the embedded default, which
 * needs no database server).
 */
import type { Config } from '../config';
import type { Logger } from '../log';
import { openSqliteStorage } from './sqlite';
import type { Storage } from './storage';

export type StorageConfig = Pick<Config, 'dataDir' | 'databaseUrl' | 'sqliteSync'>;

export async function openStorage(config: StorageConfig, log: Logger): Promise<Storage> {
  if (config.databaseUrl) {
    // Loaded only when configured, so an SQLite installation never parses the PostgreSQL driver.
    const { openPostgresStorage } = await import('./postgres');
    return openPostgresStorage({ url: config.databaseUrl }, log);
  }
  return openSqliteStorage(config.dataDir, log, { synchronous: config.sqliteSync });
}
