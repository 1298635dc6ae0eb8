/**
 * Särskilda yttranden and reservationer linked to the document they answer. A member creates one
 * from the main document (header filled in from it, co-signers named); the main document's closing
 * lines are generated from its bilagor's signatories and kept live as those change.
 */
import { fieldsMap, metaMap, readDocument } from '../../shared/doc/documentState';
import { closingLines, documentType, type AnnouncedBilaga, type Person } from '../../shared/model';
import type { DocumentService } from '../documents/documentService';
import { ValidationError } from '../errors';
import type { Logger } from '../log';
import type { Storage, UserRecord } from '../storage/storage';

export const CLOSING_LINES = 'closingLines';

export interface NewBilaga {
  type: 'sarskilt_yttrande' | 'reservation';
  title?: string;
  cosigners: string[];
  sammantradesdatum?: string;
  paragraf?: string;
}

export class Bilagor {
  private readonly refreshTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly documents: DocumentService,
    private readonly storage: Storage,
    private readonly log: Logger,
  ) {}

  async create(user: UserRecord, mainId: string, input: NewBilaga): Promise<{ id: string }> {
    await this.documents.authorize(user, mainId, 'reader');
    const main = await this.documents.readView(mainId);
    const cosigners: UserRecord[] = [];
    for (const id of input.cosigners) {
      const person = await this.storage.accounts.getUser(id);
      if (!person) throw new ValidationError('En av de medundertecknande finns inte.');
      if (person.id !== user.id) cosigners.push(person);
    }
    const signer = (person: UserRecord): Person => ({ name: person.name, party: person.party ?? undefined });
    const title = String(main.fields.arendemening ?? main.fields.remissTitel ?? '') || main.title;
    const label = documentType(input.type).label;
    const { id } = await this.documents.create(
      {
        type: input.type,
        title: input.title?.trim() || `${label}: ${title}`,
        fields: {
          namnd: main.fields.namnd ?? '',
          arendemening: title,
          diarienummer: main.fields.diarienummer ?? '',
          sammantradesdatum: input.sammantradesdatum ?? '',
          paragraf: input.paragraf ?? '',
          undertecknare: [signer(user), ...cosigners.map(signer)],
        },
      },
      user,
    );
    if (cosigners.length > 0) {
      const entries = await this.documents.accessEntries(id);
      for (const cosigner of cosigners) entries.push({ principalType: 'user', principalId: cosigner.id, role: 'editor' });
      await this.documents.replaceAccess(id, entries);
    }
    await this.storage.workflow.link(mainId, id);
    const arende = await this.storage.workflow.arendeOfDocument(mainId);
    if (arende) await this.storage.workflow.setDocumentArende(id, arende);
    await this.refreshClosingLines(mainId);
    return { id };
  }

  /** The bilagor announced for a document, from its linked bilagor's signatories. */
  async announced(mainId: string): Promise<AnnouncedBilaga[]> {
    const announced: AnnouncedBilaga[] = [];
    for (const bilagaId of await this.storage.workflow.bilagorOf(mainId)) {
      const view = await this.documents.readView(bilagaId);
      if (view.type !== 'sarskilt_yttrande' && view.type !== 'reservation') continue;
      const persons = Array.isArray(view.fields.undertecknare) ? view.fields.undertecknare : [];
      announced.push({ type: view.type, persons });
    }
    return announced;
  }

  async refreshClosingLines(mainId: string): Promise<void> {
    const lines = closingLines(await this.announced(mainId));
    await this.documents.withRoom(mainId, async (room) => {
      const current = metaMap(room.doc).get(CLOSING_LINES);
      if (JSON.stringify(current) === JSON.stringify(lines)) return;
      await room.change((doc) => metaMap(doc).set(CLOSING_LINES, lines));
    });
  }

  /** A bilaga's document changed: its signatories may have, so the main document's lines too. */
  onBilagaStored(bilagaId: string): void {
    if (this.refreshTimers.has(bilagaId)) return;
    this.refreshTimers.set(
      bilagaId,
      setTimeout(() => {
        this.refreshTimers.delete(bilagaId);
        void this.storage.workflow
          .mainOf(bilagaId)
          .then((mainId) => (mainId ? this.refreshClosingLines(mainId) : undefined))
          .catch((error: unknown) => this.log.error({ err: error }, 'could not refresh closing lines'));
      }, 300),
    );
  }

  /** Signatories written by the server (demo data, imports) rather than typed. */
  async setSigners(bilagaId: string, persons: Person[]): Promise<void> {
    await this.documents.withRoom(bilagaId, (room) => room.change((doc) => fieldsMap(doc).set('undertecknare', persons)));
    await this.refreshClosingLines((await this.storage.workflow.mainOf(bilagaId)) ?? '');
  }

  /** For tests and the API: the main document's current closing lines. */
  async closingLinesOf(mainId: string): Promise<string[]> {
    return this.documents.withRoom(mainId, (room) => (metaMap(room.doc).get(CLOSING_LINES) as string[] | undefined) ?? []);
  }

  view(id: string) {
    return this.documents.withRoom(id, (room) => readDocument(room.doc));
  }
}
