/**
 * A document's life after its work is done, or when it was a mistake:
 *
 *   wastebasket  an owner deletes a draft; it is gone from every list and every socket, and can
 *                be taken out again for `wastebasketDays` days, after which it is purged with its
 *                rooms, versions and comments (its audit events stay).
 *   archive      a document that was decided (behandlad, justerad) cannot be deleted — it is part
 *                of the record — but it can be archived: read-only for everyone, out of the
 *                default list, found with the archive filter, and taken out again by an owner.
 *
 * Every step is audited by the route that takes it.
 */
import { isLockedStatus, type DocumentStatus } from '../../shared/model/status';
import { ConflictError, ValidationError } from '../errors';
import type { Logger } from '../log';
import type { DocumentRecord, DocumentStore } from '../storage/storage';
import type { RoomRegistry } from '../sync/roomRegistry';
import { bodyRoom, reviewRoom } from '../sync/roomNames';

/** Decided documents belong to the record: archived, never deleted. */
const DECIDED: ReadonlySet<DocumentStatus> = new Set<DocumentStatus>(['behandlad', 'justerad']);

const DAY_MS = 24 * 60 * 60 * 1000;

export interface LifecycleDeps {
  store: DocumentStore;
  rooms: Pick<RoomRegistry, 'get'>;
  /** Who may still hold the document open: re-check their sockets. */
  onAccessChanged(id: string): void;
  log?: Logger;
}

export class DocumentLifecycle {
  /** How long a deleted document stays restorable. */
  wastebasketDays = 30;

  constructor(private readonly deps: LifecycleDeps) {}

  async moveToWastebasket(record: DocumentRecord): Promise<void> {
    if (record.deletedAt) throw new ValidationError('Dokumentet ligger redan i papperskorgen.');
    // The record decides the status (a change of it is a conditional update of the row).
    const status = record.status;
    if (DECIDED.has(status) || isLockedStatus(status)) {
      throw new ConflictError('Ett behandlat eller justerat dokument hör till handlingarna och kan inte tas bort. Arkivera det i stället.');
    }
    await this.deps.store.setDeleted(record.id, new Date().toISOString());
    this.deps.onAccessChanged(record.id);
  }

  async restoreFromWastebasket(record: DocumentRecord): Promise<void> {
    if (!record.deletedAt) throw new ValidationError('Dokumentet ligger inte i papperskorgen.');
    await this.deps.store.setDeleted(record.id, null);
    this.deps.onAccessChanged(record.id);
  }

  async archive(record: DocumentRecord): Promise<void> {
    if (record.archivedAt) throw new ValidationError('Dokumentet är redan arkiverat.');
    await this.deps.store.setArchived(record.id, new Date().toISOString());
    // Writers become readers: their sockets are re-checked and reopened read-only.
    this.deps.onAccessChanged(record.id);
  }

  async unarchive(record: DocumentRecord): Promise<void> {
    if (!record.archivedAt) throw new ValidationError('Dokumentet är inte arkiverat.');
    await this.deps.store.setArchived(record.id, null);
    this.deps.onAccessChanged(record.id);
  }

  /** When a deleted document will be purged. */
  purgeAt(record: DocumentRecord): string | null {
    return record.deletedAt ? new Date(Date.parse(record.deletedAt) + this.wastebasketDays * DAY_MS).toISOString() : null;
  }

  /**
   * Purges every document that has been in the wastebasket longer than allowed; returns their
   * ids. One whose room is still loaded (someone's server-side task holds it) waits for the next
   * round, so nothing writes its room back after it is gone.
   */
  async purgeExpired(now = new Date()): Promise<string[]> {
    const cutoff = new Date(now.getTime() - this.wastebasketDays * DAY_MS).toISOString();
    const purged: string[] = [];
    for (const id of await this.deps.store.deletedBefore(cutoff)) {
      const rooms = [bodyRoom(id), reviewRoom(id)];
      if (rooms.some((room) => this.deps.rooms.get(room))) continue;
      await this.deps.store.purge(id, rooms);
      purged.push(id);
      this.deps.log?.info({ documentId: id }, 'purged a document from the wastebasket');
    }
    return purged;
  }
}
