/**
 * The audit log: who opened a document, who changed which sections when (per user and minute, one
 * event for each section newly touched), role, status and sharing changes, exports, and
 * the events about groups, users and ärenden that decide who may read a document.
 *
 * "Edited" events are written through: the event is committed while the change it describes is
 * applied, before that change is stored and acknowledged, so a crash (kill -9) cannot keep an
 * edit and lose who made it. Only a new minute or a newly touched section writes; further typing
 * in the same section within the minute costs nothing.
 */
import type * as Y from 'yjs';
import { FIELDS, SECTION_KEY_ATTRIBUTE, bodyFragment } from '../../shared/doc/documentState';
import { TITLE } from '../../shared/doc/headerFields';
import type { Logger } from '../log';
import type { AuditEvent, AuditStore } from '../storage/storage';

const OPEN_COALESCE_MS = 10 * 60 * 1000;

/** Anything with a user behind it (a socket's connection); other origins are the server. */
interface WithPrincipal {
  principal: { userId: string; verified: boolean };
}

function userOf(origin: unknown): string | null {
  if (origin && typeof origin === 'object' && 'principal' in origin) {
    const { principal } = origin as WithPrincipal;
    return principal.verified ? principal.userId : null;
  }
  return null;
}

/**
 * Where a change sits: a section's key; in the meta map `titel` for the title, `fält:<key>` for a
 * header field (so the log can name it as the document's template does), HEADER for anything
 * else there; nothing for the body itself. `keys` are the map keys the change set on `type`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function placesOf(type: Y.AbstractType<any>, keys: Set<string | null>, body: Y.XmlFragment): string[] {
  let current = type as Y.AbstractType<unknown>;
  if (current === (body as unknown)) return [];
  // The map keys from the meta map down to the changed type: ['fields', 'namnd', …].
  const path: string[] = [];
  while (current._item) {
    const parent = current._item.parent as Y.AbstractType<unknown>;
    if (parent === (body as unknown)) {
      const key = (current as unknown as Y.XmlElement).getAttribute(SECTION_KEY_ATTRIBUTE);
      return typeof key === 'string' ? [key] : [];
    }
    if (current._item.parentSub) path.unshift(current._item.parentSub);
    current = parent;
  }
  // The meta map itself, or the field map, had keys set: each key is a place of its own.
  const setKeys = [...keys].filter((key): key is string => typeof key === 'string');
  const paths = path.length < 2 && setKeys.length > 0 ? setKeys.map((key) => [...path, key]) : [path];
  return paths.map((at) => {
    if (at[0] === TITLE) return TITLE_PLACE;
    return at[0] === FIELDS && at[1] ? `${FIELD_PREFIX}${at[1]}` : HEADER;
  });
}

const HEADER = 'rubrikfält';
const TITLE_PLACE = 'titel';
/** `fält:<key>`: a header field, by its key in the document's template. */
export const FIELD_PREFIX = 'fält:';

/** Subjects of events that are not about one document (see AuditEvent.subject). */
export const auditSubject = {
  group: (groupId: string) => `group:${groupId}`,
  user: (userId: string) => `user:${userId}`,
  arende: (arendeId: string) => `arende:${arendeId}`,
  /** Who is an administrator: administrators are owners of every document not private to a group. */
  admins: 'admins',
} as const;

type NewEvent = Omit<AuditEvent, 'at'> & { at?: string };

/** A suggestion a change settled, as the suggestion guard reports it. */
export interface SettledSuggestion {
  id: string;
  mark: string;
  authorId: string;
  authorName: string | null;
  outcome: 'accepted' | 'rejected' | 'withdrawn';
  sectionKey: string | null;
  text: string;
}

/** The suggestion's text is kept in the log this long at most. */
const MAX_SUGGESTION_TEXT = 200;

/** The sections a user has been recorded as editing in a document, in the current minute. */
interface EditEntry {
  minute: string;
  sections: Set<string>;
}

export class AuditLog {
  private readonly edits = new Map<string, EditEntry>();
  private readonly lastOpened = new Map<string, number>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly store: AuditStore,
    private readonly log: Logger,
  ) {}

  /** Records an event; failures are logged (the action it describes has already happened). */
  record(event: NewEvent): void {
    void this.recordNow(event).catch(() => undefined);
  }

  /** Records an event and resolves once it is committed; rejects if it could not be written. */
  async recordNow(event: NewEvent): Promise<void> {
    await this.write([{ ...event, at: event.at ?? new Date().toISOString() }]);
  }

  /** An event about a group, a user or an ärende rather than one document. */
  recordAbout(subject: string, event: Omit<NewEvent, 'documentId' | 'subject'>): Promise<void> {
    return this.recordNow({ ...event, documentId: '', subject });
  }

  /** A user opened the document; repeated opens (reconnects) within ten minutes count once. */
  opened(documentId: string, userId: string, role: string): void {
    const key = `${documentId}\u0000${userId}`;
    const now = Date.now();
    if (now - (this.lastOpened.get(key) ?? 0) < OPEN_COALESCE_MS) return;
    this.lastOpened.set(key, now);
    this.record({ documentId, userId, action: 'opened', detail: { role } });
  }

  /** Follows a document body and writes which sections each user changes. */
  watchEdits(documentId: string, doc: Y.Doc): void {
    const body = bodyFragment(doc);
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      const userId = userOf(transaction.origin);
      if (!userId || transaction.changed.size === 0) return;
      const sections = new Set<string>();
      for (const [type, keys] of transaction.changed) for (const place of placesOf(type, keys, body)) sections.add(place);
      this.noteEdit(documentId, userId, sections);
    });
  }

  /**
   * Writes who accepted, rejected or took back which suggestion, whose it was (issue 15), at once
   * like an edit: called while the change that settled them is applied (the suggestion guard
   * finds them, server/sync/guards/suggestionGuard.ts watchSuggestionResolutions).
   */
  suggestionsSettled(documentId: string, userId: string, settled: readonly SettledSuggestion[]): void {
    if (settled.length === 0) return;
    const at = new Date().toISOString();
    const events = settled.map(({ outcome, id, mark, authorId, authorName, text, sectionKey }) => ({
      documentId,
      userId,
      at,
      action: `suggestion_${outcome}`,
      detail: { suggestionId: id, kind: mark, authorId, authorName, text: text.slice(0, MAX_SUGGESTION_TEXT), section: sectionKey },
    }));
    void this.write(events).catch(() => undefined);
  }

  /**
   * Writes an "edited" event for the sections not yet recorded for this user and minute, at once:
   * the SQLite store commits inside this call, before the change is stored and acknowledged. A
   * minute in which a user touches three sections has three events; typing on costs nothing.
   */
  private noteEdit(documentId: string, userId: string, sections: Set<string>): void {
    const minute = new Date().toISOString().slice(0, 16);
    const key = `${documentId}\u0000${userId}`;
    let entry = this.edits.get(key);
    if (!entry || entry.minute !== minute) {
      entry = { minute, sections: new Set() };
      this.edits.set(key, entry);
    }
    const added = [...sections].filter((section) => !entry.sections.has(section)).sort();
    if (added.length === 0 && entry.sections.size > 0) return;
    for (const section of added) entry.sections.add(section);
    // A change outside every section (the body itself) still says who edited, once a minute.
    if (added.length === 0) entry.sections.add('');
    void this.write([{ documentId, userId, at: `${minute}:00.000Z`, action: 'edited', detail: { sections: added } }]).catch(
      () => undefined,
    );
  }

  /** Waits for every write under way (the log is read right after). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** A document's events, with the events about the given subjects (groups, users, its ärende). */
  list(documentId: string, subjects: readonly string[] = [], limit = 500) {
    return this.store.list(documentId, limit, subjects);
  }

  /** Every event about groups, users and ärenden (the administrators' log). */
  listAbout(limit = 500) {
    return this.store.listAbout(limit);
  }

  async close(): Promise<void> {
    await this.flush();
  }

  private write(events: AuditEvent[]): Promise<number[]> {
    return this.track(this.store.append(events)).catch((error: unknown) => {
      this.log.error({ err: error }, 'could not write the audit log');
      throw error;
    });
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }
}
