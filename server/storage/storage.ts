/**
 * The one storage interface. The embedded default is SQLite (sqlite.ts); a PostgreSQL
 * implementation of the same interface is for deployments that outgrow one machine.
 * Methods are async so that both fit; the SQLite implementation commits before it resolves.
 */
import type { DocumentTypeKey, Person, TemplateRef } from '../../shared/model';
import type { DocumentStatus } from '../../shared/model/status';
import type { NotificationStore } from '../notifications/notificationStore';

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
  createdBy?: string | null;
  /** Set while a party group's draft is private to that group (until handed in). */
  privateToGroup?: string | null;
  arendeId?: string | null;
  /** The template pack version it was made from; Malmö's first for documents from before packs. */
  template?: TemplateRef;
  /** In the wastebasket since then (restorable until it is purged); null or absent: not deleted. */
  deletedAt?: string | null;
  /** Archived since then: read-only, and out of the default list. */
  archivedAt?: string | null;
}

export interface DocumentStore {
  /** Creates the document row and its room's first snapshot in one transaction. */
  create(record: DocumentRecord, room: string, initialState: Uint8Array): Promise<void>;
  get(id: string): Promise<DocumentRecord | undefined>;
  list(): Promise<DocumentRecord[]>;
  /**
   * Keeps the listing columns in step with the live document. Not the status: that column is the
   * workflow's, changed only by WorkflowStore.changeStatus.
   */
  touch(id: string, changes: { title?: string; updatedAt: string }): Promise<void>;
  setPrivateToGroup(id: string, groupId: string | null): Promise<void>;
  /** Records that the document was moved to another version of its pack. */
  setTemplate(id: string, template: TemplateRef): Promise<void>;
  /** Moves the document to the wastebasket (a time) or back out of it (null). */
  setDeleted(id: string, at: string | null): Promise<void>;
  /** Archives the document (a time) or takes it out of the archive (null). */
  setArchived(id: string, at: string | null): Promise<void>;
  /** The documents in the wastebasket since before `cutoff`. */
  deletedBefore(cutoff: string): Promise<string[]>;
  /**
   * Removes a document for good, in one transaction: its row with its access, links, versions
   * and status history, its co-signers, and every stored update of the given rooms. Its audit
   * events stay: they record what happened to it.
   */
  purge(id: string, rooms: readonly string[]): Promise<void>;
  /** How many documents this user created since the given time (for quotas). */
  countCreatedSince(userId: string, since: string): Promise<number>;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  title: string;
  party: string | null;
  isAdmin: boolean;
  disabled: boolean;
  /** Signed in with a one-time password: only choosing a new one is allowed until then. */
  mustChangePassword: boolean;
  /** Runs ärenden, meetings and the status workflow (issue 16); absent in older records: false. */
  isNamndsekreterare?: boolean;
  createdAt: string;
}

export type UserChanges = Partial<Pick<UserRecord, 'email' | 'name' | 'title' | 'party' | 'isAdmin' | 'disabled' | 'isNamndsekreterare'>>;

export type GroupKind = 'forvaltning' | 'namnd' | 'parti';

export interface GroupRecord {
  id: string;
  name: string;
  kind: GroupKind;
  party: string | null;
}

export interface AccountStore {
  createUser(user: UserRecord, passwordHash: string): Promise<void>;
  findByEmail(email: string): Promise<{ user: UserRecord; passwordHash: string } | undefined>;
  getUser(id: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<UserRecord[]>;
  /**
   * Applies the changes at once, unless they would leave no enabled administrator: then nothing
   * changes and the answer is 'noAdminLeft'.
   */
  updateUser(id: string, changes: UserChanges): Promise<'updated' | 'noAdminLeft'>;
  setPassword(id: string, passwordHash: string, mustChange: boolean): Promise<void>;
  createGroup(group: GroupRecord): Promise<void>;
  listGroups(): Promise<GroupRecord[]>;
  getGroup(id: string): Promise<GroupRecord | undefined>;
  addMember(groupId: string, userId: string): Promise<void>;
  removeMember(groupId: string, userId: string): Promise<void>;
  groupsOf(userId: string): Promise<GroupRecord[]>;
  membersOf(groupId: string): Promise<string[]>;
  createSession(tokenHash: string, userId: string, expiresAt: string): Promise<void>;
  /**
   * The user of an unexpired session of an enabled account; with `idleSince`, only if the session
   * was used (or created) after that time.
   */
  sessionUser(tokenHash: string, now: string, idleSince?: string): Promise<UserRecord | undefined>;
  /** Records that the session was used at `at` (idle expiry counts from there). */
  touchSession(tokenHash: string, at: string): Promise<void>;
  /** When a session ends (ISO time), so that its live sockets can be closed then. */
  sessionExpiresAt(tokenHash: string): Promise<string | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsOf(userId: string): Promise<void>;
}

/** suggester ("Föreslå ändringar", issue 15): writes in the body only as suggestions, and comments. */
export type DocumentRole = 'owner' | 'editor' | 'suggester' | 'commenter' | 'reader';

export interface AccessEntry {
  principalType: 'user' | 'group';
  principalId: string;
  role: DocumentRole;
}

export interface AccessStore {
  entries(documentId: string): Promise<AccessEntry[]>;
  replaceEntries(documentId: string, entries: readonly AccessEntry[]): Promise<void>;
  /** The entries of many documents in one read (listings), by document id. */
  entriesOf(documentIds: readonly string[]): Promise<Map<string, AccessEntry[]>>;
  /** Ids of documents with an entry for this user or one of these groups. */
  documentIdsFor(userId: string, groupIds: readonly string[]): Promise<string[]>;
}

export interface AuditEvent {
  /** '' for an event about something else (see subject). */
  documentId: string;
  /** What a non-document event is about: 'group:<id>', 'user:<id>', 'arende:<id>', 'admins'. */
  subject?: string | null;
  at: string;
  userId: string | null;
  action: string;
  detail: Record<string, unknown>;
}

export interface AuditStore {
  /** Appends in one transaction; resolves after the commit with the new events' ids. */
  append(events: readonly AuditEvent[]): Promise<number[]>;
  /** A document's events and those about any of `subjects`, newest first. */
  list(documentId: string, limit: number, subjects?: readonly string[]): Promise<Array<AuditEvent & { id: number }>>;
  /** Every event that is not about one document, newest first. */
  listAbout(limit: number): Promise<Array<AuditEvent & { id: number }>>;
}

export interface StatusTransition {
  documentId: string;
  at: string;
  userId: string | null;
  from: DocumentStatus;
  to: DocumentStatus;
  reason: string | null;
}

/** What made a version: a person saving it, a status change, or a restore keeping what it replaced. */
export type VersionOrigin = 'manuell' | 'statusbyte' | 'aterstallning';

export interface VersionRecord {
  id: string;
  documentId: string;
  name: string;
  createdAt: string;
  createdBy: string | null;
  /** The author's name as it was when saved (for older versions: as their account names them now). */
  authorName: string | null;
  origin: VersionOrigin;
  /** statusbyte: "<from>→<to>" (status ids); aterstallning: the name of the version restored to. */
  originDetail: string | null;
}

export interface ArendeRecord {
  id: string;
  diarienummer: string;
  arendemening: string;
  namnd: string;
  handlaggare: string | null;
  beslutsplanering: Array<{ organ: string; date: string }>;
  createdAt: string;
  /** Who registered it (null for ärenden registered before this was kept). */
  createdBy?: string | null;
}

/** Who may sign a bilaga: its party group's members, and signatories the server wrote itself. */
export interface BilagaSigning {
  partyGroup: string | null;
  attested: Person[];
}

export type CosignerState = 'inbjuden' | 'bekraftad' | 'avbojd';

/** A co-signer from another party group: named in the closing lines only once `bekraftad`. */
export interface BilagaCosigner {
  bilagaId: string;
  userId: string;
  state: CosignerState;
  invitedBy: string;
  invitedAt: string;
  answeredAt: string | null;
  /** Whether confirming gave the invitee editor on the bilaga (declining takes back only that). */
  accessAdded: boolean;
  /** The role the invitee held on the bilaga before the confirmation raised it (null for none). */
  roleBefore: DocumentRole | null;
  /** The name the confirmation wrote into the bilaga's undertecknare (null before any). */
  signedName: string | null;
}

/** What confirming an invitation granted and wrote (see BilagaCosigner). */
export interface ConfirmationRecord {
  accessAdded: boolean;
  roleBefore: DocumentRole | null;
  signedName: string | null;
}

/** The workflow around documents: transitions, versions, bilaga links and ärenden. */
export interface WorkflowStore {
  /**
   * Moves the document's status from `transition.from` to `transition.to` and records the
   * transition, in one transaction, only if its status is still `from`: otherwise (another
   * change came first, on any instance) nothing is written and the answer is 'stale'.
   */
  changeStatus(transition: StatusTransition): Promise<'changed' | 'stale'>;
  transitions(documentId: string): Promise<StatusTransition[]>;
  /**
   * Stores a new version unless another version of the document made since names were kept
   * unique has the same `nameKey` (see versionNameKey): then nothing is stored.
   */
  saveVersion(version: VersionRecord, nameKey: string, state: Uint8Array): Promise<'saved' | 'duplicateName'>;
  versions(documentId: string): Promise<VersionRecord[]>;
  versionState(documentId: string, versionId: string): Promise<{ version: VersionRecord; state: Uint8Array } | undefined>;
  link(mainId: string, bilagaId: string, partyGroup?: string | null): Promise<void>;
  /** Undefined when the document is not a linked bilaga. */
  bilagaSigning(bilagaId: string): Promise<BilagaSigning | undefined>;
  setAttestedSigners(bilagaId: string, persons: readonly Person[]): Promise<void>;
  inviteCosigner(bilagaId: string, userId: string, invitedBy: string, at: string): Promise<void>;
  /** Records the invitee's answer; false when they were never invited to that bilaga. */
  answerInvitation(bilagaId: string, userId: string, state: Exclude<CosignerState, 'inbjuden'>, at: string): Promise<boolean>;
  /** Records what confirming granted the invitee on the bilaga (see BilagaCosigner). */
  recordConfirmation(bilagaId: string, userId: string, record: ConfirmationRecord): Promise<void>;
  cosignersOf(bilagaId: string): Promise<BilagaCosigner[]>;
  /** The bilagor linked to a main document that have not been withdrawn, in the order filed. */
  bilagorOf(mainId: string): Promise<string[]>;
  /** The main document of a linked bilaga, withdrawn or not. */
  mainOf(bilagaId: string): Promise<string | undefined>;
  /** Marks a bilaga withdrawn; false when it was not linked or already withdrawn. */
  withdrawBilaga(bilagaId: string, at: string): Promise<boolean>;
  /** When the bilaga was withdrawn, if it was. */
  withdrawnAt(bilagaId: string): Promise<string | undefined>;
  createArende(arende: ArendeRecord): Promise<void>;
  updateArende(id: string, changes: Partial<Omit<ArendeRecord, 'id' | 'createdAt'>>): Promise<void>;
  arende(id: string): Promise<ArendeRecord | undefined>;
  arenden(): Promise<ArendeRecord[]>;
  setDocumentArende(documentId: string, arendeId: string | null): Promise<void>;
  documentsOfArende(arendeId: string): Promise<string[]>;
  arendeOfDocument(documentId: string): Promise<string | undefined>;
}

export interface StoredTemplateVersion {
  packId: string;
  version: number;
  /** The pack as JSON, validated before it was saved. */
  definition: string;
  createdAt: string;
  createdBy: string | null;
}

export interface TemplateStore {
  /** Saves a new version; 'exists' when that pack already has that version (another save won). */
  saveVersion(version: StoredTemplateVersion): Promise<'saved' | 'exists'>;
  /** Every saved version of every pack, oldest first. */
  versions(): Promise<StoredTemplateVersion[]>;
  setting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
}

/** A person's account at an identity provider (issuer + subject), linked to their Yttra user. */
export interface IdentityLink {
  issuer: string;
  subject: string;
  userId: string;
}

/**
 * External sign-in (server/auth/oidc.ts, saml.ts): identity links, the state of a sign-in
 * between the redirect to the provider and its answer, and SAML assertions already used. Kept in
 * the database so that any instance may receive the provider's answer.
 */
export interface IdentityStore {
  userOf(issuer: string, subject: string): Promise<string | undefined>;
  link(link: IdentityLink, at: string): Promise<void>;
  /** Records a sign-in through the link (when it was last used). */
  touch(issuer: string, subject: string, at: string): Promise<void>;
  linksOf(userId: string): Promise<IdentityLink[]>;
  savePending(key: string, value: string, expiresAt: string): Promise<void>;
  /** The value of an unexpired pending sign-in, removed in the same step: each is used once. */
  takePending(key: string, now: string): Promise<string | undefined>;
  /** The value of an unexpired pending sign-in, left in place. */
  readPending(key: string, now: string): Promise<string | undefined>;
  /** false when the assertion was used before (a replay); kept until it expires. */
  useAssertionOnce(issuer: string, assertionId: string, expiresAt: string, now: string): Promise<boolean>;
}

export interface Storage {
  rooms: RoomStore;
  templates: TemplateStore;
  documents: DocumentStore;
  accounts: AccountStore;
  access: AccessStore;
  audit: AuditStore;
  workflow: WorkflowStore;
  identities: IdentityStore;
  notifications: NotificationStore;
  close(): Promise<void>;
}
