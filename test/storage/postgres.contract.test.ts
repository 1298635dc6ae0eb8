/**
 * The storage contract on PostgreSQL: one throw-away database for the file, a fresh schema per
 * test (test/helpers/postgres.ts), migrated by the storage itself as at a start.
 */
import { openPostgresStorage } from '../../server/storage/postgres';
import { createLogger } from '../../server/log';
import { freshSchemaUrl, useTestDatabase } from '../helpers/postgres';
import { storageContract } from './contract';

const log = createLogger('silent');
const database = useTestDatabase();

storageContract('PostgreSQL', async () => {
  const url = await freshSchemaUrl(database.current);
  return { storage: await openPostgresStorage({ url }, log), reopen: () => openPostgresStorage({ url }, log) };
});
