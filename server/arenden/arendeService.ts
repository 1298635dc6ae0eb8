/**
 * Ärenden: the case a document belongs to (diarienummer, ärendemening, nämnd, handläggare,
 * beslutsplanering), and which of its documents a user may see, with who is working in each.
 */
import { randomBytes } from 'node:crypto';
import { documentTypeLabel, isBilagaTypeKey, isValidDiarienummer, isValidIsoDate, type Meeting } from '../../shared/model';
import { diarienummerExamples } from '../../shared/model/diarienummer';
import type { DocumentService } from '../documents/documentService';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { ArendeRecord, Storage, UserRecord } from '../storage/storage';
import type { RoomRegistry } from '../sync/roomRegistry';
import { peopleIn } from './presence';
import { createdBySince } from '../auth/quotas';
import { SECRETARIAT_ARENDE_FIELDS, actsAsNamndsekreterare } from '../auth/namndRoles';
import { SectionsFromArende, type DocumentNotUpdated, type SectionsSync, type Takeover } from './sectionsFromArende';
import type { Room } from '../sync/room';

export interface ArendeInput {
  diarienummer: string;
  arendemening: string;
  namnd?: string;
  handlaggare?: string | null;
  beslutsplanering?: Meeting[];
}

/** Trimmed and checked; only the fields that were given, so a PATCH changes only those. */
function normalise(input: Partial<ArendeInput>): Partial<ArendeInput> {
  const out: Partial<ArendeInput> = {};
  if (input.diarienummer !== undefined) {
    out.diarienummer = input.diarienummer.trim();
    if (!isValidDiarienummer(out.diarienummer)) {
      throw new ValidationError(`Diarienumret ska se ut som ${diarienummerExamples()}.`);
    }
  }
  if (input.arendemening !== undefined) {
    out.arendemening = input.arendemening.trim();
    if (!out.arendemening) throw new ValidationError('Ärendet behöver en ärendemening.');
  }
  if (input.namnd !== undefined) out.namnd = input.namnd.trim();
  if (input.handlaggare !== undefined) out.handlaggare = input.handlaggare?.trim() || null;
  if (input.beslutsplanering !== undefined) {
    out.beslutsplanering = input.beslutsplanering.map((meeting) => ({ organ: meeting.organ.trim(), date: meeting.date.trim() }));
    for (const meeting of out.beslutsplanering) {
      if (!meeting.organ || !isValidIsoDate(meeting.date)) {
        throw new ValidationError('Varje sammanträde i beslutsplaneringen behöver organ och ett datum som 2023-08-17.');
      }
    }
    // Meetings are read in the order they happen, whatever order they were entered in.
    out.beslutsplanering.sort((a, b) => a.date.localeCompare(b.date));
  }
  return out;
}

/** A change of an ärende, and the documents that do not show it yet, if any. */
export interface ArendeUpdate {
  arende: ArendeRecord;
  notUpdated?: NotUpdatedNotice;
}

/** Documents that could not be brought in step with a saved change now; their rooms' next load does it. */
export interface NotUpdatedNotice {
  documents: DocumentNotUpdated[];
  message: string;
}

const swedishList = new Intl.ListFormat('sv', { type: 'conjunction' });

function notUpdatedNotice(documents: DocumentNotUpdated[]): NotUpdatedNotice | undefined {
  if (documents.length === 0) return undefined;
  const titles = swedishList.format(documents.map((document) => `”${document.title || 'Namnlöst dokument'}”`));
  const message =
    documents.length === 1
      ? `Ändringen är sparad i ärendet, men dokumentet ${titles} kunde inte uppdateras just nu. Det visar ändringen när det öppnas nästa gång.`
      : `Ändringen är sparad i ärendet, men dokumenten ${titles} kunde inte uppdateras just nu. De visar ändringen när de öppnas nästa gång.`;
  return { documents, message };
}

export class ArendeService {
  /** The documents' sections that show the ärende's meetings. */
  private readonly sections: SectionsFromArende;

  /** Told about a document that could not be brought in step with its ärende; server.ts logs and counts it. */
  // eslint-disable-next-line no-console -- only until server.ts attaches its logger (a service built bare, in a test)
  onBackgroundError: (error: unknown, task: string, context: Record<string, unknown>) => void = (error, task) => console.error(task, error);

  constructor(
    private readonly storage: Storage,
    private readonly documents: DocumentService,
    private readonly registry: RoomRegistry,
  ) {
    this.sections = new SectionsFromArende(storage, documents, (error, context) =>
      this.onBackgroundError(error, 'ärende sections', context),
    );
  }

  /** A document's body room loaded: its sections are brought in step with its ärende if they are not. */
  roomLoaded(documentId: string, room: Room): Promise<void> {
    return this.sections.roomLoaded(documentId, room);
  }

  /**
   * Who may change an ärende (which documents belong to it, and facts as `update` allows): its
   * handläggare, a nämndsekreterare and administrators. Whoever registered it no longer counts by
   * that alone: registering is the nämndsekreterare's now, and an ärende registered by someone
   * else before must not stay theirs to change.
   */
  mayManage(user: UserRecord, arende: ArendeRecord): boolean {
    return actsAsNamndsekreterare(user) || arende.handlaggare === user.id;
  }

  async assertMayManage(user: UserRecord, id: string): Promise<ArendeRecord> {
    const arende = await this.get(id);
    if (!this.mayManage(user, arende)) {
      throw new ForbiddenError('Bara ärendets handläggare, en nämndsekreterare eller en administratör kan ändra det.');
    }
    return arende;
  }

  async create(input: ArendeInput, registrar?: UserRecord): Promise<ArendeRecord> {
    const checked = normalise(input);
    await this.checkUnique(checked.diarienummer!);
    await this.checkHandlaggare(checked.handlaggare);
    const arende: ArendeRecord = {
      id: randomBytes(9).toString('base64url'),
      diarienummer: checked.diarienummer!,
      arendemening: checked.arendemening!,
      namnd: checked.namnd ?? '',
      handlaggare: checked.handlaggare ?? null,
      beslutsplanering: checked.beslutsplanering ?? [],
      createdAt: new Date().toISOString(),
      createdBy: registrar?.id ?? null,
    };
    await this.storage.workflow.createArende(arende);
    return arende;
  }

  /**
   * Changes an ärende. Its diarienummer, nämnd, handläggare and beslutsplanering (the meetings it
   * goes to) are the nämndsekreterare's; its handläggare may change the ärendemening. A value sent
   * unchanged (a form sends every field) is not a change.
   */
  async update(user: UserRecord, id: string, changes: Partial<ArendeInput>): Promise<ArendeUpdate> {
    const current = await this.assertMayManage(user, id);
    const checked = normalise(changes);
    if (!actsAsNamndsekreterare(user)) {
      const touched = SECRETARIAT_ARENDE_FIELDS.filter(
        (key) => checked[key] !== undefined && JSON.stringify(checked[key] ?? null) !== JSON.stringify(current[key] ?? null),
      );
      if (touched.length > 0) {
        throw new ForbiddenError(
          'Diarienummer, nämnd, handläggare och beslutsplanering ändras av nämndsekreteraren. Du kan ändra ärendemeningen.',
        );
      }
    }
    if (checked.diarienummer !== undefined) await this.checkUnique(checked.diarienummer, id);
    await this.checkHandlaggare(checked.handlaggare);
    await this.storage.workflow.updateArende(id, checked);
    // The documents show the meetings and the diarienummer they come from.
    let notUpdated: DocumentNotUpdated[] = [];
    if (
      (checked.beslutsplanering && JSON.stringify(checked.beslutsplanering) !== JSON.stringify(current.beslutsplanering)) ||
      (checked.diarienummer !== undefined && checked.diarienummer !== current.diarienummer)
    ) {
      ({ notUpdated } = await this.sections.refresh(id));
    }
    return { arende: await this.get(id), notUpdated: notUpdatedNotice(notUpdated) };
  }

  /** How many ärenden the user registered after `since` (for the quota). */
  async registeredBySince(userId: string, since: string): Promise<number> {
    return createdBySince(await this.storage.workflow.arenden(), userId, since);
  }

  async get(id: string): Promise<ArendeRecord> {
    const arende = await this.storage.workflow.arende(id);
    if (!arende) throw new NotFoundError('Det finns inget sådant ärende.');
    return arende;
  }

  /** Ärenden whose diarienummer or ärendemening contains the text, newest first. */
  async search(query: string | undefined): Promise<ArendeRecord[]> {
    const all = await this.storage.workflow.arenden();
    const needle = query?.trim().toLowerCase();
    if (!needle) return all;
    return all.filter((arende) => arende.diarienummer.toLowerCase().includes(needle) || arende.arendemening.toLowerCase().includes(needle));
  }

  /** Every ärende's diarienummer by its id, for filtering the document list. */
  async diarienummerById(): Promise<Map<string, string>> {
    return new Map((await this.storage.workflow.arenden()).map((arende) => [arende.id, arende.diarienummer]));
  }

  /**
   * The ärende with the documents this user may see (another party group's private draft stays
   * hidden, as everywhere else), and who is working in each right now.
   */
  async withDocuments(user: UserRecord, id: string) {
    const arende = await this.get(id);
    const inArende = new Set(await this.storage.workflow.documentsOfArende(id));
    const visible = (await this.documents.listFor(user)).filter((document) => inArende.has(document.id));
    const handlaggare = arende.handlaggare ? await this.storage.accounts.getUser(arende.handlaggare) : undefined;
    return {
      ...arende,
      handlaggareName: handlaggare?.name ?? null,
      /** Whether this user may change it (the page offers editing only then; the server decides). */
      mayManage: this.mayManage(user, arende),
      /** Whether this user may plan its meetings (a nämndsekreterare's, see `update`). */
      mayPlan: actsAsNamndsekreterare(user),
      documents: visible.map((document) => ({
        ...document,
        typeLabel: documentTypeLabel(document),
        present: peopleIn(this.registry, document.id),
      })),
    };
  }

  /**
   * Puts a document in an ärende (or takes it out, with null). Needs editor on the document and,
   * to put it in, the right to manage the ärende (a document placed in someone else's ärende would
   * show in its list as one of its documents) — except a member's särskilt yttrande or reservation
   * put in the ärende of the document it answers, which is written there by people who do not run
   * it. Returns the ärende it was in before, and what became of the text of its sections that the
   * ärende writes from now on (SectionsFromArende.takeOver): the meetings added to the ärende,
   * the lines kept as text.
   */
  async attach(
    user: UserRecord,
    documentId: string,
    arendeId: string | null,
  ): Promise<{ before: string | null; takeover: Takeover | null }> {
    const { record } = await this.documents.authorize(user, documentId, 'editor');
    if (arendeId && !(isBilagaTypeKey(record.type) && (await this.isMainDocumentsArende(documentId, arendeId)))) {
      await this.assertMayManage(user, arendeId);
    }
    const before = (await this.storage.workflow.arendeOfDocument(documentId)) ?? null;
    await this.storage.workflow.setDocumentArende(documentId, arendeId);
    if (!arendeId) {
      if (before) await this.sections.release(documentId);
      return { before, takeover: null };
    }
    try {
      return { before, takeover: await this.sections.takeOver(documentId, arendeId, actsAsNamndsekreterare(user)) };
    } catch (error) {
      // Not taken over, so not in the ärende: left there, a later load would take it over as a
      // document from before meetings were the ärende's, and plan its meetings whoever put it there.
      await this.storage.workflow.setDocumentArende(documentId, before);
      throw error;
    }
  }

  /**
   * Brings every document of the ärende in step with its meetings, taking over those put in it
   * before the ärende kept them (their meetings become the ärende's); what that did, by document,
   * and the documents it could not reach.
   */
  takeOverDocuments(arendeId: string): Promise<SectionsSync> {
    return this.sections.refresh(arendeId);
  }

  /**
   * Puts the document in the ärende as the system (the demo data, a migration): the meetings its
   * sections name become the ärende's.
   */
  async attachAsSystem(documentId: string, arendeId: string): Promise<Takeover> {
    await this.get(arendeId);
    await this.storage.workflow.setDocumentArende(documentId, arendeId);
    return this.sections.takeOver(documentId, arendeId, true);
  }

  /**
   * Whether the ärende is the one the bilaga's main document is in: the only ärende its editors may
   * put it in without managing the ärende (an editor of a bilaga is not a handläggare of every ärende).
   */
  private async isMainDocumentsArende(bilagaId: string, arendeId: string): Promise<boolean> {
    await this.get(arendeId);
    const mainId = await this.storage.workflow.mainOf(bilagaId);
    return mainId !== undefined && (await this.storage.workflow.arendeOfDocument(mainId)) === arendeId;
  }

  private async checkUnique(diarienummer: string, exceptId?: string): Promise<void> {
    const taken = (await this.storage.workflow.arenden()).some((arende) => arende.diarienummer === diarienummer && arende.id !== exceptId);
    if (taken) throw new ConflictError(`Det finns redan ett ärende med diarienumret ${diarienummer}.`);
  }

  private async checkHandlaggare(userId: string | null | undefined): Promise<void> {
    if (userId && !(await this.storage.accounts.getUser(userId))) {
      throw new ValidationError('Handläggaren finns inte bland användarna. Välj en person i listan.');
    }
  }
}
