/**
 * Documents as the API sees them: created from a template, listed, read. The live content is in
 * the document's room (its Y.Doc); the relational row keeps what listings need.
 */
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import type { Block } from '../../shared/doc/blocks';
import { initialiseDocument, metaMap, readDocument, type DocumentSnapshotView } from '../../shared/doc/documentState';
import { documentType, isDocumentTypeKey, type DocumentTypeKey, type FieldValue } from '../../shared/model';
import type { DocumentStatus } from '../../shared/model/status';
import { NotFoundError, ValidationError } from '../errors';
import type { DocumentRecord, Storage } from '../storage/storage';
import type { Room } from '../sync/room';
import type { RoomRegistry } from '../sync/roomRegistry';
import { bodyRoom } from '../sync/roomNames';

export interface NewDocumentInput {
  type: DocumentTypeKey;
  title: string;
  fields?: Record<string, FieldValue>;
  sections?: Record<string, Block[]>;
  status?: DocumentStatus;
}

export interface DocumentDetails extends DocumentRecord {
  typeLabel: string;
  fields: Record<string, FieldValue>;
}

const MAX_TITLE_LENGTH = 500;

/** Short, URL-safe, unguessable ids. */
function newDocumentId(): string {
  return randomBytes(12).toString('base64url');
}

export class DocumentService {
  constructor(
    private readonly storage: Storage,
    private readonly registry: RoomRegistry,
  ) {}

  async create(input: NewDocumentInput): Promise<{ id: string }> {
    if (!isDocumentTypeKey(input.type)) {
      throw new ValidationError('Okänd dokumenttyp. Välj tjänsteskrivelse, yttrande, särskilt yttrande, reservation eller nämndinitiativ.');
    }
    const title = input.title.trim();
    if (!title) throw new ValidationError('Dokumentet behöver en titel.');
    if (title.length > MAX_TITLE_LENGTH) throw new ValidationError(`Titeln får vara högst ${MAX_TITLE_LENGTH} tecken.`);
    const id = newDocumentId();
    const doc = new Y.Doc();
    initialiseDocument(doc, input.type, { title, fields: input.fields, sections: input.sections, status: input.status });
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    const now = new Date().toISOString();
    await this.storage.documents.create(
      { id, type: input.type, title, status: input.status ?? 'utkast', createdAt: now, updatedAt: now },
      bodyRoom(id),
      state,
    );
    return { id };
  }

  async record(id: string): Promise<DocumentRecord> {
    const record = await this.storage.documents.get(id);
    if (!record) throw new NotFoundError();
    return record;
  }

  list(): Promise<DocumentRecord[]> {
    return this.storage.documents.list();
  }

  async details(id: string): Promise<DocumentDetails> {
    const record = await this.record(id);
    const view = await this.readView(id);
    return {
      ...record,
      title: view.title,
      status: view.status,
      typeLabel: documentType(record.type).label,
      fields: view.fields,
    };
  }

  /** The whole document as plain data (for export, completeness, comparison). */
  async readView(id: string): Promise<DocumentSnapshotView> {
    await this.record(id);
    return this.registry.use(bodyRoom(id), (room) => readDocument(room.doc));
  }

  /** Runs `task` on the document's live room (loading it if nobody has it open). */
  async withRoom<T>(id: string, task: (room: Room) => Promise<T> | T): Promise<T> {
    await this.record(id);
    return this.registry.use(bodyRoom(id), task);
  }

  private readonly pendingListingUpdates = new Map<
    string,
    { title: string; status: DocumentStatus; timer: NodeJS.Timeout }
  >();

  /**
   * Keeps the listing row in step with the live document: called after every stored change of
   * a body room, coalesced so that a burst of typing writes the row once a second.
   */
  onBodyStored(documentId: string, room: Room): void {
    const meta = metaMap(room.doc);
    const title = String(meta.get('title') ?? '');
    const status = (meta.get('status') as DocumentStatus | undefined) ?? 'utkast';
    const pending = this.pendingListingUpdates.get(documentId);
    if (pending) {
      Object.assign(pending, { title, status });
      return;
    }
    const timer = setTimeout(() => void this.writeListing(documentId), 1000);
    this.pendingListingUpdates.set(documentId, { title, status, timer });
  }

  private async writeListing(documentId: string): Promise<void> {
    const pending = this.pendingListingUpdates.get(documentId);
    if (!pending) return;
    this.pendingListingUpdates.delete(documentId);
    clearTimeout(pending.timer);
    await this.storage.documents.touch(documentId, {
      title: pending.title,
      status: pending.status,
      updatedAt: new Date().toISOString(),
    });
  }

  /** Writes every coalesced listing update now (at shutdown). */
  async flushListings(): Promise<void> {
    await Promise.all([...this.pendingListingUpdates.keys()].map((id) => this.writeListing(id)));
  }
}
