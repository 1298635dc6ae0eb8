/**
 * One beslutsplanering (issue 19): the ärende's meetings are the single source, and the sections
 * of its documents that show them (SectionSpec.fromArende) are written from it by the server,
 * through room.change, so everyone with the document open sees a change at once. The body guard
 * refuses a client's edit of such a section (server/sync/guards/sectionsFromArendeGuard.ts).
 *
 * When a document enters an ärende (or, for one put in an ärende before the ärende kept the
 * meetings, at the next start or change of meetings: beslutsplaneringMigration.ts) its section is
 * taken over: lines that name a meeting the ärende lacks become meetings of the ärende, if
 * whoever put the document there may plan meetings (else they are kept as text); lines that name
 * no meeting are kept as text under the meetings; and what was done is reported. A document that leaves keeps the text it shows, as ordinary text.
 *
 * A document that cannot be loaded or written when the meetings change does not undo the change
 * (the meetings are the ärende's, saved before its documents are written): it is named in the
 * answer, reported, and brought in step when its room next loads (`roomLoaded`), which compares
 * it with the ärende as the database has it, so nothing stays stale across a restart either.
 */
import type * as Y from 'yjs';
import {
  documentTypeOfMeta,
  isLockedStatus,
  linesAsMeetings,
  MAX_MEETINGS,
  meetingLine,
  orderedMeetings,
  sectionsFromArende,
  templates,
  type Meeting,
} from '../../shared/model';
import type { DocumentStatus } from '../../shared/model/status';
import { metaMap } from '../../shared/doc/documentState';
import { arendeLinkOf, readSectionLines, unlinkArende, writeSectionsFromArende, type ArendeLink } from '../../shared/doc/arendeSections';
import type { DocumentService } from '../documents/documentService';
import type { ArendeRecord, Storage } from '../storage/storage';
import type { Room } from '../sync/room';

/** What taking over a document's sections did: the meetings it added to the ärende, the lines kept as text. */
export interface Takeover {
  added: Meeting[];
  kept: string[];
}

/** A document whose sections could not be brought in step now; its room's next load does it. */
export interface DocumentNotUpdated {
  id: string;
  title: string;
}

/** What bringing an ärende's documents in step did: the takeovers by document, and the documents it could not reach. */
export interface SectionsSync {
  takeovers: Map<string, Takeover>;
  notUpdated: DocumentNotUpdated[];
}

/** Runs `task` with the document's room loaded. */
type OpenRoom = <T>(documentId: string, task: (room: Room) => Promise<T> | T) => Promise<T>;

export class SectionsFromArende {
  /** Work on one ärende's documents, one task at a time (two documents taken over at once both count). */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly storage: Pick<Storage, 'workflow'>,
    private readonly documents: Pick<DocumentService, 'record' | 'withRoom'>,
    /** Told of each document that could not be brought in step (logged and counted by the server). */
    private readonly reportNotUpdated: (error: unknown, context: Record<string, unknown>) => void,
  ) {}

  /**
   * The document was put in the ärende: its sections show the ärende's meetings from now on.
   * `mayPlan`: whether meetings its section named may be added to the ärende (a nämndsekreterare
   * plans them); otherwise they are kept as text like any other line.
   */
  takeOver(documentId: string, arendeId: string, mayPlan: boolean): Promise<Takeover> {
    return this.serially(arendeId, async () => {
      const { takeovers, notUpdated } = await this.sync(arendeId, new Map([[documentId, mayPlan]]));
      // The document being put there must show the ärende before it is reported there.
      if (notUpdated.some((document) => document.id === documentId)) throw new Error(`document ${documentId} could not be taken over`);
      return takeovers.get(documentId) ?? none();
    });
  }

  /**
   * The ärende's meetings changed: every document in it shows them now. Documents put in it
   * before it kept the meetings are taken over on the way (their meetings become the ärende's).
   * Returns what that did, by document, and the documents that could not be brought in step.
   */
  refresh(arendeId: string): Promise<SectionsSync> {
    return this.serially(arendeId, () => this.sync(arendeId, new Map()));
  }

  /**
   * A body room loaded: if the document's sections do not show its ärende as the database has it
   * (a change that could not reach it, a crash before it was written), they are written now, in
   * this room only; a room unloaded meanwhile is checked again at its next load. A document the
   * database has in no ärende loses a link left behind.
   */
  async roomLoaded(documentId: string, room: Room): Promise<void> {
    try {
      const meta = metaMap(room.doc);
      const type = documentTypeOfMeta(meta);
      // A justerad document stays as it was justerad (sync leaves it alone too).
      if (!type || sectionsFromArende(type).length === 0 || isLockedStatus(meta.get('status') as DocumentStatus)) return;
      const arendeId = await this.storage.workflow.arendeOfDocument(documentId);
      if (!arendeId) {
        if (room.state === 'active' && arendeLinkOf(meta)) await room.change((doc) => unlinkArende(doc));
        return;
      }
      const inThisRoom: OpenRoom = async (_id, task) => {
        if (room.state !== 'active') throw new RoomUnloaded();
        return task(room);
      };
      // A document not yet taken over may bring meetings, which every document of the ärende then shows.
      const linked = arendeLinkOf(meta)?.id === arendeId;
      await this.serially(arendeId, () =>
        linked ? this.sync(arendeId, new Map(), [documentId], inThisRoom) : this.sync(arendeId, new Map()),
      );
    } catch (error) {
      if (room.state === 'active') this.reportNotUpdated(error, { document: documentId, when: 'room loaded' });
    }
  }

  /** The document left its ärende: its sections become ordinary text again, showing what they showed. */
  async release(documentId: string): Promise<void> {
    if (!(await this.hasSections(documentId))) return;
    await this.documents.withRoom(documentId, async (room) => {
      if (arendeLinkOf(metaMap(room.doc))) await room.change((doc) => unlinkArende(doc));
    });
  }

  /**
   * Takes over the documents of the ärende not yet linked to it (`newcomers` with whether their
   * meetings may be added; any other is a document from before, migrated: its meetings are
   * added), stores the meetings they brought, then writes every document's sections. A justerad
   * document is left as it was justerad.
   */
  private async sync(
    arendeId: string,
    newcomers: ReadonlyMap<string, boolean>,
    only?: readonly string[],
    open: OpenRoom = (documentId, task) => this.documents.withRoom(documentId, task),
  ): Promise<SectionsSync> {
    const arende = await this.arende(arendeId);
    const takeovers = new Map<string, Takeover>();
    const links = new Map<string, ArendeLink>();
    const notUpdated = new Map<string, DocumentNotUpdated>();
    /** Runs one document's part; a failure leaves that document out of the rest and is reported. */
    const attempt = async (documentId: string, title: string, task: () => Promise<void>) => {
      try {
        await task();
      } catch (error) {
        links.delete(documentId);
        notUpdated.set(documentId, { id: documentId, title });
        if (!(error instanceof RoomUnloaded)) this.reportNotUpdated(error, { arende: arende.diarienummer, document: documentId });
      }
    };
    const titles = new Map<string, string>();
    let meetings = arende.beslutsplanering;
    for (const documentId of only ?? (await this.storage.workflow.documentsOfArende(arendeId))) {
      const record = await this.documents.record(documentId);
      const type = templates.documentType(record.template, record.type);
      if (!type || sectionsFromArende(type).length === 0) continue;
      titles.set(documentId, record.title);
      await attempt(documentId, record.title, () =>
        open(documentId, (room) => {
          const meta = metaMap(room.doc);
          if (isLockedStatus(meta.get('status') as DocumentStatus)) return;
          const before = arendeLinkOf(meta);
          if (before?.id === arende.id) {
            links.set(documentId, { ...before, diarienummer: arende.diarienummer });
            return;
          }
          const { link, report } = takeOverSections(room.doc, arende, meetings, before, newcomers.get(documentId) ?? true);
          links.set(documentId, link);
          takeovers.set(documentId, report);
          if (report.added.length > 0) meetings = orderedMeetings([...meetings, ...report.added]);
        }),
      );
    }
    if (meetings !== arende.beslutsplanering) await this.storage.workflow.updateArende(arende.id, { beslutsplanering: meetings });
    for (const [documentId, link] of [...links]) {
      await attempt(documentId, titles.get(documentId) ?? '', () =>
        open(documentId, async (room) => {
          // Checked again: the status may have changed while the other documents were read.
          if (isLockedStatus(metaMap(room.doc).get('status') as DocumentStatus)) return;
          await room.change((doc) => writeSectionsFromArende(doc, link, meetings));
        }),
      );
    }
    return { takeovers, notUpdated: [...notUpdated.values()] };
  }

  private async hasSections(documentId: string): Promise<boolean> {
    const record = await this.documents.record(documentId);
    const type = templates.documentType(record.template, record.type);
    return type !== undefined && sectionsFromArende(type).length > 0;
  }

  private serially<T>(arendeId: string, task: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(arendeId) ?? Promise.resolve()).then(task, task);
    const settled = next.catch(() => undefined);
    this.queues.set(arendeId, settled);
    void settled.then(() => {
      if (this.queues.get(arendeId) === settled) this.queues.delete(arendeId);
    });
    return next;
  }

  private async arende(id: string): Promise<ArendeRecord> {
    const arende = await this.storage.workflow.arende(id);
    if (!arende) throw new Error(`No ärende ${id}`);
    return arende;
  }
}

/** The room given to a catch-up was unloaded before it was done: its next load does it. */
class RoomUnloaded extends Error {
  constructor() {
    super('room unloaded before its sections were brought in step');
  }
}

function none(): Takeover {
  return { added: [], kept: [] };
}

/**
 * Reads what the document's sections say against the ärende's meetings. A section another ärende
 * wrote shows that ärende's meetings, not the document's own text: only its kept lines carry over.
 */
function takeOverSections(
  doc: Y.Doc,
  arende: ArendeRecord,
  meetings: readonly Meeting[],
  before: ArendeLink | null,
  mayPlan: boolean,
): { link: ArendeLink; report: Takeover } {
  const link: ArendeLink = { id: arende.id, diarienummer: arende.diarienummer, kept: {} };
  const report = none();
  const type = documentTypeOfMeta(metaMap(doc));
  for (const spec of type ? sectionsFromArende(type) : []) {
    const lines = before ? [] : readSectionLines(doc, spec.key);
    // A line with an open suggestion is not decided: it never becomes a meeting, and is kept as
    // text (the section is written anew, so the suggestion itself goes, and is reported as kept).
    const read = linesAsMeetings(
      lines.filter((line) => !line.suggested).map((line) => line.text),
      [...meetings, ...report.added],
    );
    const undecided = lines.filter((line) => line.suggested && line.text.trim()).map((line) => line.text.trim());
    // An ärende plans at most MAX_MEETINGS meetings, as its page does; lines past that stay text.
    const room = Math.max(0, MAX_MEETINGS - meetings.length - report.added.length);
    const planned = mayPlan ? read.added.slice(0, room) : [];
    report.added.push(...planned);
    const kept = [...(before?.kept[spec.key] ?? []), ...read.added.slice(planned.length).map(meetingLine), ...read.unparsed, ...undecided];
    if (kept.length > 0) link.kept[spec.key] = kept;
    report.kept.push(...kept);
  }
  return { link, report };
}
