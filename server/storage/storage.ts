/**
 * The one storage interface. The embedded default is SQLite (sqlite.ts); a PostgreSQL
 * implementation of the same interface is for deployments that outgrow one machine.
 * Methods are async so that both fit; the SQLite implementation commits before it resolves.
 */
import type { DocumentTypeKey } from '../../shared/model';
import type { DocumentStatus } from '../../shared/model/status';

export interface StoredRoom {
  /** The compacted state, or null for a room that has never been compacted. */
  snapshot: Uint8Array | null;
  /** Updates appended after the snapshot, in the order they were accepted. */
  updates: Uint8Array[];
  /** The sequence number of the last update, 0 if none. */
  lastSeq: number;
  /** Bytes held for the room (snapshot plus log): what the document size limit is checked against. */
  bytes: number;
}

/** The Yjs update log of every room (a document body or its review doc). */
export interface RoomStore {
  load(room: string): Promise<StoredRoom>;
  /** Appends updates in one transaction; resolves only after the commit. Returns the last seq. */
  append(room: string, updates: readonly Uint8Array[]): Promise<number>;
  /**
   * Replaces the snapshot and every update up to and including `upToSeq` by `snapshot`, which must
   * contain them all. Updates appended after `upToSeq` are kept.
   */
  compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void>;
}

export interface DocumentRecord {
  id: string;
  type: DocumentTypeKey;
  title: string;
  status: DocumentStatus;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentStore {
  /** Creates the document row and its room's first snapshot in one transaction. */
  create(record: DocumentRecord, room: string, initialState: Uint8Array): Promise<void>;
  get(id: string): Promise<DocumentRecord | undefined>;
  list(): Promise<DocumentRecord[]>;
  /** Keeps the listing columns in step with the live document. */
  touch(id: string, changes: { title?: string; status?: DocumentStatus; updatedAt: string }): Promise<void>;
}

export interface Storage {
  rooms: RoomStore;
  documents: DocumentStore;
  close(): Promise<void>;
}
