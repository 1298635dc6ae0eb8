/**
 * PostgreSQL storage, for deployments that keep their data in the municipality's own database
 * server (YTTRA_DATABASE_URL=postgres://…). The same interface and guarantees as sqlite.ts: an
 * append resolves only after PostgreSQL committed it (the room broadcasts and acknowledges only
 * then), and the writes that touch two tables are one transaction.
 */
import { documentFromRow, type DocumentRow } from './rows';
import type pg from 'pg';
import type { DocumentStore, RoomStore, Storage, StoredRoom } from './storage';
import { createPool, migrate, toBuffer, toUint8, transaction, type PostgresPoolOptions } from './postgresPool';
import { postgresAccessStore, postgresAccountStore, postgresAuditStore } from './postgresAccounts';
import { postgresTemplateStore, postgresWorkflowStore } from './postgresWorkflow';
import { postgresIdentityStore } from './postgresIdentities';
import { postgresNotificationStore } from './postgresNotifications';
import type { Logger } from '../log';
import { DEFAULT_TEMPLATE_PACK_ID } from '../../shared/model/templatePacks';

/**
 * The next sequence numbers follow the room's last update, or its snapshot when compaction took
 * the whole log: computed in the INSERT itself, so no read-then-write race within the statement.
 * (room, seq) is the primary key, so an append that raced another one is refused, never merged.
 */
const APPEND = `
  WITH base AS (
    SELECT GREATEST(
      COALESCE((SELECT MAX(seq) FROM room_update WHERE room = $1), 0),
      COALESCE((SELECT up_to_seq FROM room_snapshot WHERE room = $1), 0)
    ) AS seq
  )
  INSERT INTO room_update (room, seq, data)
  SELECT $1, base.seq + u.ord, u.data FROM base, unnest($2::bytea[]) WITH ORDINALITY AS u(data, ord)
  RETURNING seq`;

/** Snapshot and the log after it in one statement, so a compaction in between cannot split them. */
const LOAD = `
  SELECT 0 AS part, up_to_seq AS seq, state AS data FROM room_snapshot WHERE room = $1
  UNION ALL
  SELECT 1 AS part, seq, data FROM room_update
  WHERE room = $1 AND seq > COALESCE((SELECT up_to_seq FROM room_snapshot WHERE room = $1), 0)
  ORDER BY part, seq`;

function roomStore(pool: pg.Pool): RoomStore {
  // A room's appends run one after another even if callers do not wait (the Room already does):
  // each one's sequence numbers then follow the previous commit instead of colliding with it.
  const tails = new Map<string, Promise<unknown>>();
  const inOrder = <T>(room: string, work: () => Promise<T>): Promise<T> => {
    const previous = tails.get(room) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    tails.set(room, tail);
    void tail.then(() => {
      if (tails.get(room) === tail) tails.delete(room);
    });
    return next;
  };

  const load = async (room: string): Promise<StoredRoom> => {
    const { rows } = await pool.query<{ part: number; seq: number; data: Buffer }>(LOAD, [room]);
    let snapshot: Uint8Array | null = null;
    const updates: Uint8Array[] = [];
    let lastSeq = 0;
    let bytes = 0;
    for (const row of rows) {
      const data = toUint8(row.data);
      if (row.part === 0) snapshot = data;
      else updates.push(data);
      lastSeq = row.seq;
      bytes += data.byteLength;
    }
    return { snapshot, updates, lastSeq, bytes };
  };

  return {
    load,
    append(room: string, updates: readonly Uint8Array[]): Promise<number> {
      return inOrder(room, async () => {
        if (updates.length === 0) return (await load(room)).lastSeq;
        const { rows } = await pool.query<{ seq: number }>(APPEND, [room, updates.map(toBuffer)]);
        return Math.max(...rows.map((row) => row.seq));
      });
    },
    compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
      return inOrder(room, () =>
        transaction(pool, async (client) => {
          await client.query(
            `INSERT INTO room_snapshot (room, state, up_to_seq) VALUES ($1, $2, $3)
             ON CONFLICT (room) DO UPDATE SET state = excluded.state, up_to_seq = excluded.up_to_seq`,
            [room, toBuffer(snapshot), upToSeq],
          );
          await client.query('DELETE FROM room_update WHERE room = $1 AND seq <= $2', [room, upToSeq]);
        }),
      );
    },
  };
}

function documentStore(pool: pg.Pool): DocumentStore {
  return {
    async create(record, room, initialState) {
      await transaction(pool, async (client) => {
        await client.query(
          `INSERT INTO document (id, type, title, status, created_at, updated_at, created_by, private_to_group, template_pack, template_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            record.id,
            record.type,
            record.title,
            record.status,
            record.createdAt,
            record.updatedAt,
            record.createdBy ?? null,
            record.privateToGroup ?? null,
            record.template?.pack ?? DEFAULT_TEMPLATE_PACK_ID,
            record.template?.version ?? 1,
          ],
        );
        await client.query('INSERT INTO room_snapshot (room, state, up_to_seq) VALUES ($1, $2, 0)', [room, toBuffer(initialState)]);
      });
    },
    async get(id) {
      const { rows } = await pool.query<DocumentRow>('SELECT * FROM document WHERE id = $1', [id]);
      return rows[0] ? documentFromRow(rows[0]) : undefined;
    },
    async list() {
      const { rows } = await pool.query<DocumentRow>('SELECT * FROM document ORDER BY updated_at COLLATE "C" DESC');
      return rows.map(documentFromRow);
    },
    async touch(id, changes) {
      await pool.query('UPDATE document SET title = COALESCE($2, title), updated_at = $3 WHERE id = $1', [
        id,
        changes.title ?? null,
        changes.updatedAt,
      ]);
    },
    async setPrivateToGroup(id, groupId) {
      await pool.query('UPDATE document SET private_to_group = $2 WHERE id = $1', [id, groupId]);
    },
    async setTemplate(id, template) {
      await pool.query('UPDATE document SET template_pack = $2, template_version = $3 WHERE id = $1', [
        id,
        template.pack,
        template.version,
      ]);
    },
    async setDeleted(id, at) {
      await pool.query('UPDATE document SET deleted_at = $2 WHERE id = $1', [id, at]);
    },
    async setArchived(id, at) {
      await pool.query('UPDATE document SET archived_at = $2 WHERE id = $1', [id, at]);
    },
    async deletedBefore(cutoff) {
      const { rows } = await pool.query<{ id: string }>(
        'SELECT id FROM document WHERE deleted_at IS NOT NULL AND deleted_at COLLATE "C" < $1 ORDER BY deleted_at COLLATE "C"',
        [cutoff],
      );
      return rows.map((row) => row.id);
    },
    async purge(id, rooms) {
      await transaction(pool, async (client) => {
        await client.query('DELETE FROM bilaga_cosigner WHERE bilaga_id = $1', [id]);
        // The foreign keys take its access entries, links, versions and status history with it.
        await client.query('DELETE FROM document WHERE id = $1', [id]);
        await client.query('DELETE FROM room_update WHERE room = ANY($1::text[])', [rooms]);
        await client.query('DELETE FROM room_snapshot WHERE room = ANY($1::text[])', [rooms]);
      });
    },
    async countCreatedSince(userId, since) {
      const { rows } = await pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM document WHERE created_by = $1 AND created_at > $2', [
        userId,
        since,
      ]);
      return rows[0]?.n ?? 0;
    },
  };
}

export interface PostgresStorageOptions extends PostgresPoolOptions {
  url: string;
}

/** Connects, migrates the schema (waiting for another instance that migrates at the same time) and opens the stores. */
export async function openPostgresStorage(options: PostgresStorageOptions, log: Logger): Promise<Storage> {
  const pool = createPool(options.url, log, options);
  try {
    await migrate(pool, log);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    rooms: roomStore(pool),
    documents: documentStore(pool),
    accounts: postgresAccountStore(pool),
    access: postgresAccessStore(pool),
    audit: postgresAuditStore(pool),
    workflow: postgresWorkflowStore(pool),
    templates: postgresTemplateStore(pool),
    identities: postgresIdentityStore(pool),
    notifications: postgresNotificationStore(pool),
    async close() {
      await pool.end();
    },
  };
}
