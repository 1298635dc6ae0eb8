/**
 * The embedded default storage: one SQLite file in the data directory, in WAL mode.
 *
 * Durability: every append is committed (a lone update is one INSERT, its own transaction) before
 * the promise resolves. WAL with synchronous=NORMAL survives a crash of the process (kill -9)
 * without losing a committed transaction; only a power loss can take the last few. Set
 * YTTRA_SQLITE_SYNC=FULL (config.ts, passed in as `synchronous`) to pay an fsync per commit for
 * that too. Checkpoints run in a worker thread, so no commit waits for one (walCheckpointer.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DocumentRecord, DocumentStore, RoomStore, Storage, StoredRoom } from './storage';
import { SQLITE_MIGRATIONS } from './sqliteMigrations';
import { documentFromRow, type DocumentRow } from './rows';
import { sqliteAccessStore, sqliteAccountStore, sqliteAuditStore } from './sqliteAccounts';
import { sqliteTemplateStore } from './sqliteTemplates';
import { sqliteIdentityStore } from './sqliteIdentities';
import { sqliteNotificationStore } from './sqliteNotifications';
import { sqliteWorkflowStore } from './sqliteWorkflow';
import { MAIN_CONNECTION_AUTOCHECKPOINT_PAGES, SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES, WalCheckpointer } from './walCheckpointer';
import type { Logger } from '../log';
import { DEFAULT_TEMPLATE_PACK_ID } from '../../shared/model/templatePacks';

export type SqliteDatabase = Database.Database;

export interface SqliteStorage extends Storage {
  checkpointer: WalCheckpointer;
}

function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let index = current; index < SQLITE_MIGRATIONS.length; index++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[index]!);
      db.pragma(`user_version = ${index + 1}`);
    })();
  }
}

function toUint8(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function roomStore(db: SqliteDatabase): RoomStore {
  const selectSnapshot = db.prepare<[string], { state: Buffer; up_to_seq: number }>(
    'SELECT state, up_to_seq FROM room_snapshot WHERE room = ?',
  );
  const selectUpdates = db.prepare<[string, number], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM room_update WHERE room = ? AND seq > ? ORDER BY seq',
  );
  const selectLastSeq = db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM room_update WHERE room = ?');
  const insertUpdate = db.prepare('INSERT INTO room_update (room, seq, data) VALUES (?, ?, ?)');
  const upsertSnapshot = db.prepare(
    `INSERT INTO room_snapshot (room, state, up_to_seq) VALUES (?, ?, ?)
     ON CONFLICT(room) DO UPDATE SET state = excluded.state, up_to_seq = excluded.up_to_seq`,
  );
  const deleteUpdatesUpTo = db.prepare('DELETE FROM room_update WHERE room = ? AND seq <= ?');

  // One process owns the file (the embedded default), so the last sequence number per room is
  // read once and then counted here: an append is a single INSERT, not a scan first.
  const lastSeqs = new Map<string, number>();
  const lastSeqOf = (room: string): number => {
    const known = lastSeqs.get(room);
    if (known !== undefined) return known;
    const fromLog = selectLastSeq.get(room)?.seq ?? 0;
    const fromSnapshot = selectSnapshot.get(room)?.up_to_seq ?? 0;
    return Math.max(fromLog, fromSnapshot);
  };

  const insertAll = (room: string, updates: readonly Uint8Array[]): number => {
    let seq = lastSeqOf(room);
    for (const update of updates) {
      seq += 1;
      insertUpdate.run(room, seq, update);
    }
    return seq;
  };
  const insertAllAtOnce = db.transaction(insertAll);
  const appendCounted = (room: string, updates: readonly Uint8Array[]): number => {
    // One update (the common case: a keystroke) is one INSERT, which SQLite commits on its own;
    // the explicit BEGIN/COMMIT of a transaction would be two more statements on every keystroke.
    const seq = updates.length === 1 ? insertAll(room, updates) : insertAllAtOnce(room, updates);
    // Only after the commit: a failed transaction must not advance the count.
    lastSeqs.set(room, seq);
    return seq;
  };

  const compactAll = db.transaction((room: string, snapshot: Uint8Array, upToSeq: number) => {
    upsertSnapshot.run(room, snapshot, upToSeq);
    deleteUpdatesUpTo.run(room, upToSeq);
  });

  return {
    async load(room: string): Promise<StoredRoom> {
      const snapshotRow = selectSnapshot.get(room);
      const rows = selectUpdates.all(room, snapshotRow?.up_to_seq ?? 0);
      const snapshot = snapshotRow ? toUint8(snapshotRow.state) : null;
      const updates = rows.map((row) => toUint8(row.data));
      const lastSeq = rows.length ? rows[rows.length - 1]!.seq : (snapshotRow?.up_to_seq ?? 0);
      const bytes = (snapshot?.byteLength ?? 0) + updates.reduce((sum, update) => sum + update.byteLength, 0);
      return { snapshot, updates, lastSeq, bytes };
    },
    async append(room: string, updates: readonly Uint8Array[]): Promise<number> {
      return appendCounted(room, updates);
    },
    async compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
      compactAll(room, snapshot, upToSeq);
    },
  };
}

function documentStore(db: SqliteDatabase): DocumentStore {
  const insert = db.prepare(
    `INSERT INTO document (id, type, title, status, created_at, updated_at, created_by, private_to_group, template_pack, template_version)
     VALUES (@id, @type, @title, @status, @createdAt, @updatedAt, @createdBy, @privateToGroup, @templatePack, @templateVersion)`,
  );
  const insertSnapshot = db.prepare('INSERT INTO room_snapshot (room, state, up_to_seq) VALUES (?, ?, 0)');
  const selectOne = db.prepare<[string], DocumentRow>('SELECT * FROM document WHERE id = ?');
  const selectAll = db.prepare<[], DocumentRow>('SELECT * FROM document ORDER BY updated_at DESC');
  const update = db.prepare('UPDATE document SET title = COALESCE(@title, title), updated_at = @updatedAt WHERE id = @id');
  const setPrivate = db.prepare('UPDATE document SET private_to_group = ? WHERE id = ?');
  const updateTemplate = db.prepare('UPDATE document SET template_pack = ?, template_version = ? WHERE id = ?');
  const updateDeleted = db.prepare('UPDATE document SET deleted_at = ? WHERE id = ?');
  const updateArchived = db.prepare('UPDATE document SET archived_at = ? WHERE id = ?');
  const selectDeletedBefore = db.prepare<[string], { id: string }>(
    'SELECT id FROM document WHERE deleted_at IS NOT NULL AND deleted_at < ? ORDER BY deleted_at',
  );
  const deleteCosigners = db.prepare('DELETE FROM bilaga_cosigner WHERE bilaga_id = ?');
  const deleteDocument = db.prepare('DELETE FROM document WHERE id = ?');
  const deleteRoomUpdates = db.prepare('DELETE FROM room_update WHERE room = ?');
  const deleteRoomSnapshot = db.prepare('DELETE FROM room_snapshot WHERE room = ?');
  const purgeAll = db.transaction((id: string, rooms: readonly string[]) => {
    deleteCosigners.run(id);
    // The foreign keys take its access entries, links, versions and status history with it.
    deleteDocument.run(id);
    for (const room of rooms) {
      deleteRoomUpdates.run(room);
      deleteRoomSnapshot.run(room);
    }
  });
  const countCreated = db.prepare<[string, string], { n: number }>(
    'SELECT COUNT(*) AS n FROM document WHERE created_by = ? AND created_at > ?',
  );
  const createAll = db.transaction((record: DocumentRecord, room: string, state: Uint8Array) => {
    const { arendeId: _arendeId, template, deletedAt: _deletedAt, archivedAt: _archivedAt, ...columns } = record;
    insert.run({
      createdBy: null,
      privateToGroup: null,
      ...columns,
      templatePack: template?.pack ?? DEFAULT_TEMPLATE_PACK_ID,
      templateVersion: template?.version ?? 1,
    });
    insertSnapshot.run(room, state);
  });

  return {
    async create(record, room, initialState) {
      createAll(record, room, initialState);
    },
    async get(id) {
      const row = selectOne.get(id);
      return row ? documentFromRow(row) : undefined;
    },
    async list() {
      return selectAll.all().map(documentFromRow);
    },
    async setPrivateToGroup(id, groupId) {
      setPrivate.run(groupId, id);
    },
    async setTemplate(id, template) {
      updateTemplate.run(template.pack, template.version, id);
    },
    async setDeleted(id, at) {
      updateDeleted.run(at, id);
    },
    async setArchived(id, at) {
      updateArchived.run(at, id);
    },
    async deletedBefore(cutoff) {
      return selectDeletedBefore.all(cutoff).map((row) => row.id);
    },
    async purge(id, rooms) {
      purgeAll(id, rooms);
    },
    async countCreatedSince(userId, since) {
      return countCreated.get(userId, since)?.n ?? 0;
    },
    async touch(id, changes) {
      update.run({ id, title: changes.title ?? null, updatedAt: changes.updatedAt });
    },
  };
}

export interface SqliteStorageOptions {
  synchronous?: 'NORMAL' | 'FULL';
}

export function openSqliteStorage(dataDir: string, log: Logger, options: SqliteStorageOptions = {}): SqliteStorage {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'yttra.sqlite');
  const synchronous = options.synchronous ?? 'NORMAL';
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Checkpoints happen in a worker (see walCheckpointer.ts); once one has caught up, the next
  // commit starts the WAL over, and a WAL that grew in a burst is cut back to this size.
  db.pragma(`wal_autocheckpoint = ${MAIN_CONNECTION_AUTOCHECKPOINT_PAGES}`);
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  migrate(db);
  const checkpointer = new WalCheckpointer({
    file,
    synchronous,
    log,
    onStopped: () => db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES}`),
  });
  return {
    checkpointer,
    rooms: roomStore(db),
    documents: documentStore(db),
    accounts: sqliteAccountStore(db),
    access: sqliteAccessStore(db),
    audit: sqliteAuditStore(db),
    workflow: sqliteWorkflowStore(db),
    templates: sqliteTemplateStore(db),
    identities: sqliteIdentityStore(db),
    notifications: sqliteNotificationStore(db),
    async close() {
      await checkpointer.close();
      db.close();
    },
  };
}
