/**
 * Ärenden: the case a document belongs to (diarienummer, ärendemening, nämnd, handläggare,
 * beslutsplanering), and who may see which of its documents.
 */
import { randomBytes } from 'node:crypto';
import { documentType, isValidDiarienummer, isValidIsoDate } from '../../shared/model';
import type { DocumentService } from '../documents/documentService';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { ArendeRecord, Storage, UserRecord } from '../storage/storage';
import type { RoomRegistry } from '../sync/roomRegistry';
import { bodyRoom } from '../sync/roomNames';

export interface ArendeInput {
  diarienummer: string;
  arendemening: string;
  namnd?: string;
  handlaggare?: string | null;
  beslutsplanering?: Array<{ organ: string; date: string }>;
}

function validate(input: Partial<ArendeInput>): void {
  if (input.diarienummer !== undefined && !isValidDiarienummer(input.diarienummer.trim())) {
    throw new ValidationError('Diarienumret ska se ut som ASN-2023-13451 (organ, år, löpnummer).');
  }
  if (input.arendemening !== undefined && !input.arendemening.trim()) throw new ValidationError('Ärendet behöver en ärendemening.');
  for (const meeting of input.beslutsplanering ?? []) {
    if (!meeting.organ.trim() || !isValidIsoDate(meeting.date)) {
      throw new ValidationError('Varje sammanträde i beslutsplaneringen behöver organ och ett datum som 2023-08-17.');
    }
  }
}

export class ArendeService {
  constructor(
    private readonly storage: Storage,
    private readonly documents: DocumentService,
    private readonly registry: RoomRegistry,
  ) {}

  async create(input: ArendeInput): Promise<ArendeRecord> {
    validate(input);
    const diarienummer = input.diarienummer.trim();
    if ((await this.storage.workflow.arenden()).some((arende) => arende.diarienummer === diarienummer)) {
      throw new ConflictError(`Det finns redan ett ärende med diarienumret ${diarienummer}.`);
    }
    const arende: ArendeRecord = {
      id: randomBytes(9).toString('base64url'),
      diarienummer,
      arendemening: input.arendemening.trim(),
      namnd: input.namnd?.trim() ?? '',
      handlaggare: input.handlaggare ?? null,
      beslutsplanering: input.beslutsplanering ?? [],
      createdAt: new Date().toISOString(),
    };
    await this.storage.workflow.createArende(arende);
    return arende;
  }

  async update(id: string, changes: Partial<ArendeInput>): Promise<ArendeRecord> {
    await this.get(id);
    validate(changes);
    await this.storage.workflow.updateArende(id, changes);
    return this.get(id);
  }

  async get(id: string): Promise<ArendeRecord> {
    const arende = await this.storage.workflow.arende(id);
    if (!arende) throw new NotFoundError('Det finns inget sådant ärende.');
    return arende;
  }

  async search(query: string | undefined): Promise<ArendeRecord[]> {
    const all = await this.storage.workflow.arenden();
    const needle = query?.trim().toLowerCase();
    if (!needle) return all;
    return all.filter((arende) => arende.diarienummer.toLowerCase().includes(needle) || arende.arendemening.toLowerCase().includes(needle));
  }

  /** The ärende with the documents this user may see, and who is working in each right now. */
  async withDocuments(user: UserRecord, id: string) {
    const arende = await this.get(id);
    const inArende = new Set(await this.storage.workflow.documentsOfArende(id));
    const visible = (await this.documents.listFor(user)).filter((document) => inArende.has(document.id));
    return {
      ...arende,
      documents: visible.map((document) => ({
        ...document,
        typeLabel: documentType(document.type).label,
        present: this.presentIn(document.id),
      })),
    };
  }

  private presentIn(documentId: string): Array<{ name: string; party: string | null }> {
    const room = this.registry.get(bodyRoom(documentId));
    if (!room) return [];
    const people = new Map<string, { name: string; party: string | null }>();
    for (const state of room.awareness.getStates().values()) {
      const user = (state as { user?: { id?: string; name?: string; party?: string | null } }).user;
      if (user?.id && user.name) people.set(user.id, { name: user.name, party: user.party ?? null });
    }
    return [...people.values()];
  }

  async attach(user: UserRecord, documentId: string, arendeId: string | null): Promise<void> {
    await this.documents.authorize(user, documentId, 'editor');
    if (arendeId) await this.get(arendeId);
    await this.storage.workflow.setDocumentArende(documentId, arendeId);
  }
}
