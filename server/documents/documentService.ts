/**
 * Documents as the API sees them: created from a template, listed, read. The live content is in
 * the document's room (its Y.Doc); the relational row keeps what listings need.
 */
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import type { Block } from '../../shared/doc/blocks';
import { initialiseDocument, readDocument, type DocumentSnapshotView } from '../../shared/doc/documentState';
import { readTitle } from '../../shared/doc/headerFields';
import { listSuggestions } from '../../shared/suggestions/resolve';
import {
  defaultPack,
  documentTypeLabel,
  isBilagaTypeKey,
  isDocumentTypeKey,
  templates,
  type DocumentTypeKey,
  type FieldValue,
  type TemplatePack,
  type TemplateRef,
} from '../../shared/model';
import type { DocumentStatus } from '../../shared/model/status';
import { DocumentLockedError, ForbiddenError, NotFoundError, ValidationError, YttraError } from '../errors';
import type { AccessEntry, DocumentRecord, DocumentRole, Storage, UserRecord } from '../storage/storage';
import { AccessPolicy, roleAtLeast } from '../auth/accessPolicy';
import { Quotas } from '../auth/quotas';
import type { Room } from '../sync/room';
import type { RoomRegistry } from '../sync/roomRegistry';
import { bodyRoom } from '../sync/roomNames';

export interface NewDocumentInput {
  type: DocumentTypeKey;
  title: string;
  fields?: Record<string, FieldValue>;
  sections?: Record<string, Block[]>;
  status?: DocumentStatus;
  /** The pack version to make it from; the organisation's active pack when absent. */
  template?: TemplateRef;
}

export interface DocumentDetails extends DocumentRecord {
  typeLabel: string;
  fields: Record<string, FieldValue>;
  role: DocumentRole;
}

const ROLE_WORDS: Record<DocumentRole, string> = {
  owner: 'ägare',
  editor: 'redaktör',
  suggester: 'förslagsställare',
  commenter: 'kommentator',
  reader: 'läsare',
};

const MAX_TITLE_LENGTH = 500;
/** Typing bursts write the listing row once a second; a failed write is tried again after this. */
const LISTING_DELAY_MS = 1000;
const LISTING_RETRY_MS = 10_000;

/** Short, URL-safe, unguessable ids. */
function newDocumentId(): string {
  return randomBytes(12).toString('base64url');
}

export class DocumentService {
  readonly policy: AccessPolicy;
  /** Limits on what one user may create (server.ts sets the configured ones). */
  quotas: Quotas;
  /** The largest encoded document create accepts (YTTRA_MAX_DOCUMENT_BYTES), as rooms do for updates. */
  maxDocumentBytes = 64 * 1024 * 1024;
  /** The pack version new documents are made from (server.ts gives the organisation's choice). */
  activeTemplate: () => TemplatePack = defaultPack;
  /** Told when who may do what with a document changed, so live sockets can be re-checked. */
  onAccessChanged: (documentId: string) => void = () => undefined;

  constructor(
    private readonly storage: Storage,
    private readonly registry: RoomRegistry,
  ) {
    this.policy = new AccessPolicy(storage.accounts, storage.access);
    this.quotas = new Quotas(storage.documents);
  }

  /**
   * Creates a document from its template. The creator becomes its owner; a särskilt yttrande or
   * reservation written by a party member is private to that party group until handed in; other
   * documents are shared with the creator's förvaltning (editors) and every nämnd (commenters).
   */
  async create(input: NewDocumentInput, creator?: UserRecord): Promise<{ id: string }> {
    if (!isDocumentTypeKey(input.type)) {
      throw new ValidationError('Okänd dokumenttyp. Välj tjänsteskrivelse, yttrande, särskilt yttrande, reservation eller nämndinitiativ.');
    }
    const title = input.title.trim();
    if (!title) throw new ValidationError('Dokumentet behöver en titel.');
    if (title.length > MAX_TITLE_LENGTH) throw new ValidationError(`Titeln får vara högst ${MAX_TITLE_LENGTH} tecken.`);
    const release = creator ? await this.quotas.reserveDocumentCreation(creator.id) : () => undefined;
    try {
      return await this.createNow(input, title, creator);
    } finally {
      release();
    }
  }

  private async createNow(input: NewDocumentInput, title: string, creator?: UserRecord): Promise<{ id: string }> {
    const id = newDocumentId();
    const pack = input.template ? templates.pack(input.template) : this.activeTemplate();
    if (!pack.documentTypes.some((type) => type.key === input.type)) {
      throw new ValidationError(
        `Mallen ${pack.name} har ingen sådan dokumenttyp. Välj en av: ${pack.documentTypes.map((type) => type.label).join(', ')}.`,
      );
    }
    const template: TemplateRef = { pack: pack.id, version: pack.version };
    const doc = new Y.Doc();
    initialiseDocument(doc, input.type, { title, fields: input.fields, sections: input.sections, status: input.status, template });
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    if (state.byteLength > this.maxDocumentBytes) {
      const megabytes = (bytes: number) => (bytes / (1024 * 1024)).toLocaleString('sv-SE', { maximumFractionDigits: 1 });
      throw new YttraError(
        `Dokumentet skulle bli ${megabytes(state.byteLength)} MB, men största tillåtna storlek är ${megabytes(this.maxDocumentBytes)} MB. Dela upp innehållet i flera dokument.`,
        413,
        'document_too_large',
      );
    }
    const now = new Date().toISOString();
    const { entries, privateToGroup } = await this.initialAccess(input.type, creator);
    await this.storage.documents.create(
      {
        id,
        type: input.type,
        title,
        status: input.status ?? 'utkast',
        createdAt: now,
        updatedAt: now,
        createdBy: creator?.id ?? null,
        privateToGroup,
        template,
      },
      bodyRoom(id),
      state,
    );
    await this.storage.access.replaceEntries(id, entries);
    return { id };
  }

  private async initialAccess(
    type: DocumentTypeKey,
    creator?: UserRecord,
  ): Promise<{ entries: AccessEntry[]; privateToGroup: string | null }> {
    if (!creator) return { entries: [], privateToGroup: null };
    const owner: AccessEntry = { principalType: 'user', principalId: creator.id, role: 'owner' };
    const creatorGroups = await this.storage.accounts.groupsOf(creator.id);
    const partyGroup = creatorGroups.find((group) => group.kind === 'parti');
    if (isBilagaTypeKey(type) && partyGroup) {
      return { entries: [owner], privateToGroup: partyGroup.id };
    }
    const allGroups = await this.storage.accounts.listGroups();
    const entries: AccessEntry[] = [owner];
    for (const group of creatorGroups.filter((group) => group.kind === 'forvaltning')) {
      entries.push({ principalType: 'group', principalId: group.id, role: 'editor' });
    }
    for (const group of allGroups.filter((group) => group.kind === 'namnd')) {
      entries.push({ principalType: 'group', principalId: group.id, role: 'commenter' });
    }
    return { entries, privateToGroup: null };
  }

  /**
   * The document and the user's role on it, if the role is at least `needed`. A document the
   * user may not see at all is "not found", so private drafts do not reveal that they exist.
   */
  async authorize(
    user: UserRecord,
    id: string,
    needed: DocumentRole,
    evenIf?: 'deleted' | 'archived',
  ): Promise<{ record: DocumentRecord; role: DocumentRole }> {
    const record = await this.record(id);
    // A document in the wastebasket is gone for everything but taking it out again.
    if (record.deletedAt && evenIf !== 'deleted') throw new NotFoundError();
    const role = await this.policy.roleFor(user, record);
    if (!role) throw new NotFoundError();
    if (!roleAtLeast(role, needed)) {
      throw new ForbiddenError(`Du är ${ROLE_WORDS[role]} i det här dokumentet och kan inte göra det.`);
    }
    if (record.archivedAt && needed !== 'reader' && evenIf !== 'archived') {
      throw new DocumentLockedError('Dokumentet är arkiverat och kan bara läsas. Ta det ur arkivet för att ändra det.');
    }
    return { record, role };
  }

  /** The documents this user may see, with the role on each; those in the wastebasket are not among them. */
  async listFor(user: UserRecord): Promise<Array<DocumentRecord & { role: DocumentRole }>> {
    const records = (await this.storage.documents.list()).filter((record) => !record.deletedAt);
    return this.policy.visible(user, records);
  }

  /** The user's wastebasket: the deleted documents they own. */
  async wastebasketOf(user: UserRecord): Promise<Array<DocumentRecord & { role: DocumentRole }>> {
    const deleted = (await this.storage.documents.list()).filter((record) => record.deletedAt);
    return (await this.policy.visible(user, deleted)).filter((record) => record.role === 'owner');
  }

  accessEntries(id: string): Promise<AccessEntry[]> {
    return this.storage.access.entries(id);
  }

  async replaceAccess(id: string, entries: readonly AccessEntry[]): Promise<void> {
    if (!entries.some((entry) => entry.role === 'owner')) {
      throw new ValidationError('Dokumentet måste ha minst en ägare.');
    }
    await this.storage.access.replaceEntries(id, entries);
    this.onAccessChanged(id);
  }

  /** A party group's draft is handed in: from now on the normal sharing rules apply. */
  async handIn(id: string): Promise<void> {
    await this.storage.documents.setPrivateToGroup(id, null);
    const groups = await this.storage.accounts.listGroups();
    const entries = await this.storage.access.entries(id);
    for (const group of groups.filter((group) => group.kind === 'namnd' || group.kind === 'forvaltning')) {
      if (!entries.some((entry) => entry.principalType === 'group' && entry.principalId === group.id)) {
        entries.push({ principalType: 'group', principalId: group.id, role: 'reader' });
      }
    }
    await this.storage.access.replaceEntries(id, entries);
    this.onAccessChanged(id);
  }

  /** Keeps the listing row's template in step after the document moved to another pack version. */
  async recordTemplate(id: string, template: TemplateRef): Promise<void> {
    await this.storage.documents.setTemplate(id, template);
  }

  async record(id: string): Promise<DocumentRecord> {
    const record = await this.storage.documents.get(id);
    if (!record) throw new NotFoundError();
    return record;
  }

  list(): Promise<DocumentRecord[]> {
    return this.storage.documents.list();
  }

  async details(user: UserRecord, id: string): Promise<DocumentDetails> {
    const { record, role } = await this.authorize(user, id, 'reader');
    const view = await this.readView(id);
    return {
      ...record,
      title: view.title,
      status: view.status,
      typeLabel: documentTypeLabel(record),
      fields: view.fields,
      role,
    };
  }

  /** The whole document as plain data (for export, completeness, comparison). */
  async readView(id: string): Promise<DocumentSnapshotView> {
    await this.record(id);
    return this.registry.use(bodyRoom(id), (room) => ({ ...readDocument(room.doc), suggestions: listSuggestions(room.doc) }));
  }

  /** Runs `task` on the document's live room (loading it if nobody has it open). */
  async withRoom<T>(id: string, task: (room: Room) => Promise<T> | T): Promise<T> {
    await this.record(id);
    return this.registry.use(bodyRoom(id), task);
  }

  private readonly pendingListingUpdates = new Map<string, { title: string; timer: NodeJS.Timeout }>();

  /**
   * Keeps the listing row in step with the live document: called after every stored change of
   * a body room, coalesced so that a burst of typing writes the row once a second. The row's
   * status is not among them: the status workflow changes it, and the document follows the row.
   */
  onBodyStored(documentId: string, room: Room): void {
    const title = readTitle(room.doc);
    const pending = this.pendingListingUpdates.get(documentId);
    if (pending) {
      pending.title = title;
      return;
    }
    this.scheduleListing(documentId, { title }, LISTING_DELAY_MS);
  }

  /** Told about a write that failed in the background (nobody awaits it); server.ts logs it. */
  // eslint-disable-next-line no-console -- only until server.ts attaches its logger (a service built bare, in a test)
  onBackgroundError: (error: unknown, task: string, context: Record<string, unknown>) => void = (error, task) => console.error(task, error);
  private listingsStopped = false;

  private scheduleListing(documentId: string, listing: { title: string }, delayMs: number): void {
    const timer = setTimeout(() => void this.writeListing(documentId), delayMs);
    // Shutdown flushes what is pending; a timer alone must not hold the process.
    timer.unref();
    this.pendingListingUpdates.set(documentId, { ...listing, timer });
  }

  /**
   * Never rejects: it runs from a timer. A failed write (a full disk: SQLITE_FULL) is reported
   * and tried again later unless a newer listing is already waiting; the document itself is
   * safe in its room's log, only its row in the list lags.
   */
  private async writeListing(documentId: string): Promise<void> {
    const pending = this.pendingListingUpdates.get(documentId);
    if (!pending) return;
    this.pendingListingUpdates.delete(documentId);
    clearTimeout(pending.timer);
    try {
      await this.storage.documents.touch(documentId, {
        title: pending.title,
        updatedAt: new Date().toISOString(),
      });
    } catch (error) {
      this.onBackgroundError(error, 'listing write-behind', { documentId });
      if (!this.listingsStopped && !this.pendingListingUpdates.has(documentId)) {
        this.scheduleListing(documentId, pending, LISTING_RETRY_MS);
      }
    }
  }

  /** Writes every coalesced listing update now and stops retrying (at shutdown). */
  async flushListings(): Promise<void> {
    this.listingsStopped = true;
    await Promise.all([...this.pendingListingUpdates.keys()].map((id) => this.writeListing(id)));
  }
}
