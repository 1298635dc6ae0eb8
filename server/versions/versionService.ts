/**
 * Named versions: created by hand (names unique per document), at every status change and before
 * a restore, each recording who or what made it; opened read-only, compared paragraph by
 * paragraph (shared/diff/blockDiff.ts), restored as a new change (history is never rewritten).
 *
 * Storage: a version is the document's encoded Yjs state at that moment, deflated. Measured on
 * seed ASN-2023-5446 (10 kB of text): 13.9 kB encoded, 5.0 kB deflated when fresh; after 5,000
 * keystrokes typed in 250 places, 41.6 kB / 13.7 kB; after 5,000 single-character edits all at
 * one spot (the worst case for Yjs), 74 kB / 22 kB. A Yjs snapshot would be 0–5 kB, but only
 * works on a Doc created with `gc: false`, which keeps every deleted character in the room's
 * state forever: every client would sync and hold it, on every load, to save a few kilobytes per
 * version. Versions are made by people and by status changes (a handful per document, never per
 * keystroke), so a full deflated state each is the simpler and cheaper choice, and a version
 * stays readable on its own even if the room's history is compacted.
 */
import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as Y from 'yjs';
import { readDocument, replaceSectionContent, type DocumentSnapshotView } from '../../shared/doc/documentState';
import { writeField, writeTitle } from '../../shared/doc/headerFields';
import { documentTypeOfView } from '../../shared/model';
import { statusLabel, type DocumentStatus } from '../../shared/model/status';
import { hasForbiddenNameCharacters } from '../../shared/model/text';
import { ConflictError, NotFoundError, ValidationError, YttraError } from '../errors';
import { FairQueue, QueueFullError, type FairQueueLimits } from '../limits/fairQueue';
import type { DocumentService } from '../documents/documentService';
import type { VersionOrigin, VersionRecord, WorkflowStore } from '../storage/storage';
import { stateBytes, templatePacksFor, type DocumentStates } from '../work/documentStates';
import type { ViewOrSource } from '../work/tasks';
import { compareViews, type VersionComparison } from './compareViews';

export type { FieldComparison, SectionComparison, VersionComparison } from './compareViews';

/** Who saved a version, for the list: a person, or the change that made it. */
export interface VersionListEntry extends VersionRecord {
  /** In Swedish, e.g. "Sparad av Anna Berg", "Automatiskt vid statusbyte Utkast → Granskning (Anna Berg)". */
  savedBy: string;
}

export interface VersionAuthor {
  id: string;
  name: string;
}

/** Names compare trimmed, with runs of spaces as one, case-insensitively (Swedish letters included). */
export function versionNameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv-SE');
}

/** A version's name at most, in characters: it is shown whole in lists and menus. */
export const MAX_VERSION_NAME = 200;

/** An automatic name is made unique with a counter, "(2)", "(3)", …; this many tries at most. */
const MAX_NAME_COUNTER = 1000;

export const CURRENT = 'current';

/** The calendar date in Sweden (not UTC, which is a day behind until 01:00 or 02:00). */
export function swedishDate(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Date and minute in Sweden, for automatic version names: "2026-12-03 13:20". */
export function swedishDateTime(at: Date): string {
  const time = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }).format(at);
  return `${swedishDate(at)} ${time}`;
}

function savedBy(version: VersionRecord): string {
  const who = version.authorName ?? (version.createdBy ? 'okänd användare' : null);
  switch (version.origin) {
    case 'statusbyte': {
      const [from, to] = (version.originDetail ?? '').split('→') as [DocumentStatus?, DocumentStatus?];
      const change = from && to ? ` ${safeLabel(from)} → ${safeLabel(to)}` : '';
      return `Automatiskt vid statusbyte${change}${who ? ` (${who})` : ''}`;
    }
    case 'aterstallning':
      return `Återställning${version.originDetail ? ` till ”${version.originDetail}”` : ''}${who ? ` (${who})` : ''}`;
    default:
      return who ? `Sparad av ${who}` : 'Sparad av systemet';
  }
}

function safeLabel(status: DocumentStatus): string {
  try {
    return statusLabel(status);
  } catch {
    return status;
  }
}

/**
 * Opening or comparing versions inflates whole Yjs states and diffs every section: work any
 * reader can trigger in a loop. At once overall and per user, and waiting (beyond: 429).
 */
export const VERSION_READING_LIMITS: FairQueueLimits = { concurrency: 2, perKey: 1, maxWaiting: 32, maxWaitingPerKey: 2 };

export class VersionsBusyError extends YttraError {
  constructor(ownLimit: boolean) {
    super(
      ownLimit
        ? 'Dina tidigare versioner och jämförelser tas fortfarande fram. Vänta tills de är klara och försök igen om en stund.'
        : 'Servern tar fram många versioner och jämförelser just nu. Försök igen om en stund.',
      429,
      'versions_busy',
    );
  }
}

export class VersionService {
  /** Version views and comparisons, served fairly per user (see VERSION_READING_LIMITS). */
  private readonly readings: FairQueue;

  constructor(
    private readonly documents: DocumentService,
    private readonly workflow: WorkflowStore,
    limits: FairQueueLimits = VERSION_READING_LIMITS,
    /** Where a large document's versions are encoded, read and compared; without it, all in place. */
    private readonly work?: DocumentStates,
  ) {
    this.readings = new FairQueue(limits);
  }

  /** Runs a view or comparison for a user in the fair queue; a full queue is a Swedish 429. */
  private queued<T>(userId: string, task: () => Promise<T>): Promise<T> {
    return this.readings.run(userId, task).catch((error: unknown) => {
      throw error instanceof QueueFullError ? new VersionsBusyError(error.ownLimit) : error;
    });
  }

  /** `view` for a person, queued fairly with everyone else's version views and comparisons. */
  viewFor(userId: string, documentId: string, versionId: string): Promise<DocumentSnapshotView> {
    return this.queued(userId, () => this.view(documentId, versionId));
  }

  /** `compare` for a person, queued fairly with everyone else's version views and comparisons. */
  compareFor(userId: string, documentId: string, fromId: string, toId: string): ReturnType<VersionService['compare']> {
    return this.queued(userId, () => this.compare(documentId, fromId, toId));
  }

  /** A version a person names; a name the document already has is refused (409). */
  async create(documentId: string, name: string, author: VersionAuthor | null): Promise<VersionRecord> {
    const trimmed = name.trim().replace(/\s+/g, ' ');
    if (!trimmed) throw new ValidationError('Ge versionen ett namn, t.ex. "Till arbetsutskottet 2023-08-17".');
    if (trimmed.length > MAX_VERSION_NAME) throw new ValidationError(`Versionens namn får vara högst ${MAX_VERSION_NAME} tecken.`);
    if (hasForbiddenNameCharacters(trimmed)) {
      throw new ValidationError(
        'Versionens namn innehåller styrtecken eller osynliga tecken (t.ex. för textriktning). Skriv namnet med vanliga tecken.',
      );
    }
    const taken = await this.takenNames(documentId);
    const duplicate = new ConflictError(`Dokumentet har redan en version som heter ”${trimmed}”. Välj ett annat namn.`);
    if (taken.has(versionNameKey(trimmed))) throw duplicate;
    const saved = await this.save(documentId, trimmed, author, 'manuell', null);
    if (!saved) throw duplicate;
    return saved;
  }

  /** The version a status change makes, named after the new status and the minute. */
  createAtStatusChange(
    documentId: string,
    from: DocumentStatus,
    to: DocumentStatus,
    author: VersionAuthor,
    at: Date,
  ): Promise<VersionRecord> {
    return this.createAutomatic(documentId, `${statusLabel(to)} ${swedishDateTime(at)}`, author, 'statusbyte', `${from}→${to}`);
  }

  /** An automatic version gets the first free name of base, "base (2)", "base (3)", … */
  private async createAutomatic(
    documentId: string,
    base: string,
    author: VersionAuthor | null,
    origin: VersionOrigin,
    detail: string | null,
  ): Promise<VersionRecord> {
    const taken = await this.takenNames(documentId);
    for (let counter = 1; counter <= MAX_NAME_COUNTER; counter++) {
      const name = counter === 1 ? base : `${base} (${counter})`;
      if (taken.has(versionNameKey(name))) continue;
      // Another version may take the name meanwhile: then the next number.
      const saved = await this.save(documentId, name, author, origin, detail);
      if (saved) return saved;
      taken.add(versionNameKey(name));
    }
    throw new ConflictError(`Dokumentet har redan ${MAX_NAME_COUNTER} versioner som heter ”${base}”.`);
  }

  private async takenNames(documentId: string): Promise<Set<string>> {
    return new Set((await this.workflow.versions(documentId)).map((version) => versionNameKey(version.name)));
  }

  private async save(
    documentId: string,
    name: string,
    author: VersionAuthor | null,
    origin: VersionOrigin,
    originDetail: string | null,
  ): Promise<VersionRecord | undefined> {
    const large = await this.work?.largeBody(documentId, false);
    const deflated = large
      ? await this.work!.pool.run('deflatedState', large.state, stateBytes(large.state))
      : await this.documents.withRoom(documentId, (room) => deflateRawSync(Y.encodeStateAsUpdate(room.doc)));
    const version: VersionRecord = {
      id: randomBytes(9).toString('base64url'),
      documentId,
      name,
      createdAt: new Date().toISOString(),
      createdBy: author?.id ?? null,
      authorName: author?.name ?? null,
      origin,
      originDetail,
    };
    const result = await this.workflow.saveVersion(version, versionNameKey(name), deflated);
    return result === 'saved' ? version : undefined;
  }

  async list(documentId: string): Promise<VersionListEntry[]> {
    return (await this.workflow.versions(documentId)).map((version) => ({ ...version, savedBy: savedBy(version) }));
  }

  /** The document as it was in a version (or as it is now, for CURRENT). */
  async view(documentId: string, versionId: string): Promise<DocumentSnapshotView> {
    return this.read(await this.source(documentId, versionId));
  }

  /**
   * The document (CURRENT) or a version: read here, or, when it is large, the bytes a worker
   * reads it from (server/work/documentStates.ts).
   */
  async source(documentId: string, versionId: string): Promise<ViewOrSource> {
    if (versionId === CURRENT) {
      const large = await this.work?.largeBody(documentId);
      return large ? { large } : { view: await this.documents.readView(documentId) };
    }
    return (await this.stored(documentId, versionId)).source;
  }

  private read(source: ViewOrSource): Promise<DocumentSnapshotView> | DocumentSnapshotView {
    return 'view' in source ? source.view : this.work!.pool.run('readView', source.large, stateBytes(source.large.state));
  }

  private async stored(documentId: string, versionId: string): Promise<{ version: VersionRecord; source: ViewOrSource }> {
    const stored = await this.workflow.versionState(documentId, versionId);
    if (!stored) throw new NotFoundError('Det finns ingen sådan version.');
    if (this.work) {
      const large = this.work.largeVersion(stored.state, (await this.documents.record(documentId)).template);
      if (large) return { version: stored.version, source: { large } };
    }
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, inflateRawSync(stored.state));
      return { version: stored.version, source: { view: readDocument(doc) } };
    } finally {
      doc.destroy();
    }
  }

  async compare(documentId: string, fromId: string, toId: string): Promise<VersionComparison> {
    const [from, to] = await Promise.all([this.source(documentId, fromId), this.source(documentId, toId)]);
    if ('view' in from && 'view' in to) return compareViews(from.view, to.view);
    // One of them is large: both are compared in a worker (the small one goes as its view).
    const bytes = [from, to].flatMap((source) => ('large' in source ? stateBytes(source.large.state) : []));
    const withPacks = (source: ViewOrSource) => ('view' in source ? { ...source, packs: templatePacksFor(source.view.template) } : source);
    return this.work!.pool.run('compareDocuments', { from: withPacks(from), to: withPacks(to) }, bytes);
  }

  /**
   * Brings back a version's title, header fields and text as a new change that every connected
   * client receives. The state it replaces is first kept as a version of its own, so a restore
   * can itself be undone. Only what differs is rewritten: an unchanged section keeps its Yjs
   * items, and with them everyone's cursor and the comments anchored in it.
   */
  async restore(documentId: string, versionId: string, author: VersionAuthor | null, origin: unknown): Promise<{ kept: VersionRecord }> {
    const stored = await this.stored(documentId, versionId);
    const { version } = stored;
    const view = await this.read(stored.source);
    const name = version.name.length > 120 ? `${version.name.slice(0, 119)}…` : version.name;
    const kept = await this.createAutomatic(
      documentId,
      `Före återställning till ”${name}” ${swedishDateTime(new Date())}`,
      author,
      'aterstallning',
      version.name,
    );
    await this.documents.withRoom(documentId, (room) =>
      room.change((doc) => {
        const current = readDocument(doc);
        if (current.title !== view.title) writeTitle(doc, view.title);
        for (const spec of documentTypeOfView(current).fields) {
          const value = view.fields[spec.key];
          if (value !== undefined && JSON.stringify(current.fields[spec.key]) !== JSON.stringify(value)) writeField(doc, spec, value);
        }
        for (const section of view.sections) {
          const now = current.sections.find((candidate) => candidate.key === section.key);
          if (JSON.stringify(now?.blocks) !== JSON.stringify(section.blocks)) replaceSectionContent(doc, section.key, section.blocks);
        }
      }, origin),
    );
    return { kept };
  }
}
