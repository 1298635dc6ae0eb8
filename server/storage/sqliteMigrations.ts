/**
 * The SQLite schema, as an ordered list of migrations. `PRAGMA user_version` records how many
 * have run. Append new migrations at the end; never edit one that has shipped.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE room_snapshot (
    room TEXT PRIMARY KEY,
    state BLOB NOT NULL,
    up_to_seq INTEGER NOT NULL
  );
  CREATE TABLE room_update (
    room TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (room, seq)
  ) WITHOUT ROWID;
  CREATE TABLE document (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
];
