/**
 * Särskilda yttranden and reservationer linked to the document they answer. A member of a party
 * group files one from the main document (header filled in from it, co-signers from the same party
 * group named); the main document's closing lines are generated from its bilagor's signatories and
 * kept live as those change.
 *
 * Closing lines name people in the yttrande, so they cannot be typed into it: of the undertecknare
 * written in a bilaga (a field its editors can change freely), only members of the party group the
 * bilaga was filed for reach them, under their own name and the group's party, plus signatories
 * the server itself wrote (demo data). Anything malformed in the field is passed over.
 *
 * Members of different parties do sign one särskilt yttrande together ("Kerstin Håkansson (M) och
 * Marek Lakatos (V) avser inkomma …"), but nobody may be named by another party without consent:
 * a co-signer from another party group is invited, and becomes a signatory (named, and an editor
 * of the bilaga) only when they confirm it themselves. People in no party group cannot sign.
 *
 * Only a ledamot or ersättare of the nämnd the main document belongs to may file one (issue 16,
 * auth/namndRoles.ts), and its signatories may withdraw it before justering (bilagaWithdrawal.ts).
 */
import * as Y from 'yjs';
import { FIELDS, metaMap } from '../../shared/doc/documentState';
import { MAX_FIELD_TEXT_LENGTH, MAX_TITLE_LENGTH, readFieldValue, writeField } from '../../shared/doc/headerFields';
import {
  closingLines,
  documentTypeLabel,
  isBilagaTypeKey,
  templateRefOf,
  templates,
  isLockedStatus,
  isValidIsoDate,
  type AnnouncedBilaga,
  type DocumentStatus,
  type Person,
} from '../../shared/model';
import { hasForbiddenNameCharacters } from '../../shared/model/text';
import type { DocumentService } from '../documents/documentService';
import { ConflictError, DocumentLockedError, ForbiddenError, ValidationError } from '../errors';
import type { Logger } from '../log';
import type { AccessEntry, CosignerState, GroupRecord, Storage, UserRecord } from '../storage/storage';
import { bilagaRefusal } from '../auth/namndRoles';
import { signsBilaga, withdrawBilaga } from './bilagaWithdrawal';

export const CLOSING_LINES = 'closingLines';

/** The longest paragraf a bilaga is filed with (a reference like "§ 195", not prose). */
export const MAX_PARAGRAF_LENGTH = 40;

/** A generated title cut to the longest a title may be, with an ellipsis showing it was cut. */
function fitTitle(text: string): string {
  if (text.length <= MAX_TITLE_LENGTH) return text;
  let cut = text.slice(0, MAX_TITLE_LENGTH - 1).trimEnd();
  // Never leave half of a surrogate pair (a forbidden character) at the cut.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * Text a user gives when filing a bilaga goes into the document's title and header as it is, so it
 * is held to the same rules the editor's guards hold typed text to: no forbidden characters, and
 * no longer than the field allows.
 */
function checkFiledText(input: NewBilaga): void {
  const texts: [string, string | undefined, number][] = [
    ['Rubriken', input.title, MAX_TITLE_LENGTH],
    ['Paragrafen', input.paragraf, MAX_PARAGRAF_LENGTH],
    ['Sammanträdesdatum', input.sammantradesdatum, MAX_FIELD_TEXT_LENGTH],
  ];
  for (const [label, text, max] of texts) {
    if (text === undefined) continue;
    if (hasForbiddenNameCharacters(text)) {
      throw new ValidationError(`${label} innehåller styrtecken eller osynliga riktningstecken. Ta bort dem och försök igen.`);
    }
    if (text.length > max) throw new ValidationError(`${label} får vara högst ${max} tecken lång.`);
  }
}

function disabledCosigner(person: UserRecord): string {
  return `${person.name} har ett avstängt konto och kan inte underteckna. Välj någon annan eller be administratören öppna kontot igen.`;
}

function editorEntry(userId: string): AccessEntry {
  return { principalType: 'user', principalId: userId, role: 'editor' };
}

/** Names are compared as a person would read them: case, spacing and composition aside. */
function nameKey(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv');
}

export interface NewBilaga {
  type: 'sarskilt_yttrande' | 'reservation';
  title?: string;
  cosigners: string[];
  sammantradesdatum?: string;
  paragraf?: string;
}

/** An invitation to co-sign, as the invitee sees it where the main document's bilagor are shown. */
export interface CosignerInvitation {
  bilagaId: string;
  type: string;
  title: string;
  state: CosignerState;
  invitedBy: string;
}

export type CosignerAnswer = 'bekraftad' | 'avbojd';

/** Someone invited to co-sign, named as their account was at the time (for the audit log). */
export interface Invited {
  id: string;
  name: string;
}

export class Bilagor {
  private readonly refreshTimers = new Map<string, NodeJS.Timeout>();
  /** Each bilaga's undertecknare as last seen, to tell a change of signatories from typing. */
  private readonly knownSigners = new Map<string, string>();
  /** Answers to invitations, one at a time per bilaga: confirm and decline read, then write, its access and signers. */
  private readonly answering = new Map<string, Promise<unknown>>();

  constructor(
    private readonly documents: DocumentService,
    private readonly storage: Storage,
    private readonly log: Logger,
  ) {}

  /**
   * A user files a bilaga over the API: they must belong to a party group (ledamot, ersättare).
   * Co-signers from the same group sign at once; members of another party group who can read the
   * main document are invited. (The route's rule has checked the filer's role on the main document.)
   */
  async file(user: UserRecord, mainId: string, input: NewBilaga): Promise<{ id: string; arendeId: string | null; invited: Invited[] }> {
    const refusal = await this.filingRefusal(user, mainId);
    if (refusal) throw new ForbiddenError(refusal);
    const group = await this.partyGroupOf(user);
    if (!group) throw new ForbiddenError('Bara ledamöter och ersättare i en partigrupp kan lämna särskilda yttranden och reservationer.');
    const members = new Set(await this.storage.accounts.membersOf(group.id));
    const sameGroup: string[] = [];
    const invitees: UserRecord[] = [];
    for (const id of new Set(input.cosigners)) {
      if (id === user.id || members.has(id)) {
        sameGroup.push(id);
        continue;
      }
      const person = await this.storage.accounts.getUser(id);
      if (!person) throw new ValidationError('En av de medundertecknande finns inte.');
      if (person.disabled) throw new ValidationError(disabledCosigner(person));
      if (!(await this.partyGroupOf(person))) {
        throw new ForbiddenError(`Medundertecknare måste vara ledamöter eller ersättare i en partigrupp; ${person.name} är inte det.`);
      }
      if (!(await this.mayRead(person, mainId))) {
        throw new ForbiddenError(`${person.name} kan inte läsa dokumentet och kan därför inte bjudas in att underteckna.`);
      }
      invitees.push(person);
    }
    return this.create(user, mainId, { ...input, cosigners: sameGroup }, invitees);
  }

  /** Why `user` may not file a bilaga on the main document (null when they may). */
  async filingRefusal(user: UserRecord, mainId: string): Promise<string | null> {
    return bilagaRefusal(await this.storage.accounts.groupsOf(user.id), await this.namndOf(mainId));
  }

  /** The nämnd a document belongs to: its own Nämnd field, else its ärende's nämnd ('' if neither). */
  private async namndOf(documentId: string): Promise<string> {
    const written = (await this.documents.readView(documentId)).fields.namnd;
    if (typeof written === 'string' && written.trim()) return written;
    const arendeId = await this.storage.workflow.arendeOfDocument(documentId);
    return (arendeId ? (await this.storage.workflow.arende(arendeId))?.namnd : undefined) ?? '';
  }

  /** Withdraws a bilaga for one of its signatories, before justering (see bilagaWithdrawal.ts). */
  async withdraw(user: UserRecord, mainId: string, bilagaId: string): Promise<void> {
    await withdrawBilaga(this.withdrawalDeps(), user, mainId, bilagaId);
    this.knownSigners.delete(bilagaId);
  }

  /** The main document's announced bilagor that `user` signs, and so may withdraw. */
  async withdrawableBy(user: UserRecord, mainId: string): Promise<Array<{ bilagaId: string; type: string; title: string }>> {
    const own: Array<{ bilagaId: string; type: string; title: string }> = [];
    for (const bilagaId of await this.storage.workflow.bilagorOf(mainId)) {
      if (!(await signsBilaga(this.withdrawalDeps(), user, bilagaId))) continue;
      const record = await this.documents.record(bilagaId);
      own.push({ bilagaId, type: record.type, title: record.title });
    }
    return own;
  }

  private withdrawalDeps() {
    return {
      documents: this.documents,
      storage: this.storage,
      filedFor: (bilagaId: string) => this.filedFor(bilagaId),
      refreshClosingLines: (mainId: string) => this.refreshClosingLines(mainId),
    };
  }

  private async mayRead(person: UserRecord, documentId: string): Promise<boolean> {
    try {
      await this.documents.authorize(person, documentId, 'reader');
      return true;
    } catch {
      return false;
    }
  }

  /** The party group a user files bilagor for: the same one documents.create makes the draft private to. */
  private async partyGroupOf(user: UserRecord): Promise<GroupRecord | undefined> {
    return (await this.storage.accounts.groupsOf(user.id)).find((group) => group.kind === 'parti');
  }

  /**
   * Creates a linked bilaga (the API goes through `file`; the demo seeds call this directly).
   * `cosigners` sign at once; `invitees` are only invited, and named nowhere until they confirm.
   */
  async create(
    user: UserRecord,
    mainId: string,
    input: NewBilaga,
    invitees: readonly UserRecord[] = [],
  ): Promise<{ id: string; arendeId: string | null; invited: Invited[] }> {
    await this.documents.authorize(user, mainId, 'commenter');
    const main = await this.documents.readView(mainId);
    if (isBilagaTypeKey(main.type)) throw new ValidationError('En bilaga kan inte ha egna bilagor. Skapa den från huvuddokumentet.');
    // A bilaga announced after justering could no longer be named in the justerat document.
    if (isLockedStatus(main.status))
      throw new DocumentLockedError('Dokumentet är justerat; särskilda yttranden och reservationer lämnas före justering.');
    checkFiledText(input);
    if (input.sammantradesdatum && !isValidIsoDate(input.sammantradesdatum)) {
      throw new ValidationError('Sammanträdesdatum ska vara ett datum som 2023-09-27.');
    }
    const cosigners: UserRecord[] = [];
    for (const id of input.cosigners) {
      const person = await this.storage.accounts.getUser(id);
      if (!person) throw new ValidationError('En av de medundertecknande finns inte.');
      if (person.id === user.id) continue;
      if (person.disabled) throw new ValidationError(disabledCosigner(person));
      cosigners.push(person);
    }
    const signer = (person: UserRecord): Person => ({ name: person.name, party: person.party ?? undefined });
    const title = String(main.fields.arendemening ?? main.fields.remissTitel ?? '') || main.title;
    const label = documentTypeLabel({ type: input.type, template: main.template });
    const { id } = await this.documents.create(
      {
        type: input.type,
        title: input.title?.trim() || fitTitle(`${label}: ${title}`),
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
    await this.storage.workflow.link(
      mainId,
      id,
      (await this.documents.record(id)).privateToGroup ?? (await this.partyGroupOf(user))?.id ?? null,
    );
    const invitedAt = new Date().toISOString();
    for (const invitee of invitees) await this.storage.workflow.inviteCosigner(id, invitee.id, user.id, invitedAt);
    const arende = await this.storage.workflow.arendeOfDocument(mainId);
    if (arende) await this.storage.workflow.setDocumentArende(id, arende);
    await this.refreshClosingLines(mainId);
    return { id, arendeId: arende ?? null, invited: invitees.map((invitee) => ({ id: invitee.id, name: invitee.name })) };
  }

  /** The invitations to co-sign the main document's bilagor that `user` has had, open or answered. */
  async invitationsFor(user: UserRecord, mainId: string): Promise<CosignerInvitation[]> {
    const invitations: CosignerInvitation[] = [];
    for (const bilagaId of await this.storage.workflow.bilagorOf(mainId)) {
      const own = (await this.storage.workflow.cosignersOf(bilagaId)).find((cosigner) => cosigner.userId === user.id);
      if (!own) continue;
      const record = await this.documents.record(bilagaId);
      const inviter = await this.storage.accounts.getUser(own.invitedBy);
      invitations.push({ bilagaId, type: record.type, title: record.title, state: own.state, invitedBy: inviter?.name ?? '' });
    }
    return invitations;
  }

  /**
   * The invitee answers: confirming makes them a signatory (named in the bilaga's undertecknare and
   * the main document's closing lines) and an editor of the bilaga; declining, also after a
   * confirmation, takes all of that back. Only the invitee can answer, only before justering.
   */
  async answer(
    user: UserRecord,
    mainId: string,
    bilagaId: string,
    answer: CosignerAnswer,
  ): Promise<{ state: CosignerState; changed: boolean }> {
    // Serialised per bilaga: two answers at once (a double click, two tabs) would each read the
    // access list and the undertecknare before the other wrote them.
    const previous = this.answering.get(bilagaId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.answerNow(user, mainId, bilagaId, answer));
    this.answering.set(bilagaId, next);
    try {
      return await next;
    } finally {
      if (this.answering.get(bilagaId) === next) this.answering.delete(bilagaId);
    }
  }

  private async answerNow(
    user: UserRecord,
    mainId: string,
    bilagaId: string,
    answer: CosignerAnswer,
  ): Promise<{ state: CosignerState; changed: boolean }> {
    const own =
      (await this.storage.workflow.mainOf(bilagaId)) === mainId
        ? (await this.storage.workflow.cosignersOf(bilagaId)).find((cosigner) => cosigner.userId === user.id)
        : undefined;
    if (!own) throw new ForbiddenError('Du har ingen inbjudan att underteckna den här bilagan.');
    if (own.state === answer) return { state: answer, changed: false };
    if (answer === 'bekraftad' && (await this.storage.workflow.withdrawnAt(bilagaId))) {
      throw new ConflictError('Bilagan har återkallats av dem som skrev den och kan inte längre undertecknas.');
    }
    const main = await this.documents.record(mainId);
    // Once justerat, the closing lines are the ones justerade; only an open invitation may still be declined.
    if (isLockedStatus(main.status) && !(answer === 'avbojd' && own.state === 'inbjuden')) {
      throw new DocumentLockedError('Dokumentet är justerat; undertecknarna av dess bilagor kan inte längre ändras.');
    }
    // Signing is for a party group now, not for the party the account was once given.
    const group = await this.partyGroupOf(user);
    if (answer === 'bekraftad' && !group) {
      throw new ForbiddenError(
        'Du är inte längre ledamot eller ersättare i en partigrupp och kan därför inte underteckna. Kontakta administratören om det är fel.',
      );
    }
    await this.storage.workflow.answerInvitation(bilagaId, user.id, answer, new Date().toISOString());
    const entries = await this.documents.accessEntries(bilagaId);
    const isOwn = (entry: AccessEntry) => entry.principalType === 'user' && entry.principalId === user.id;
    const held = entries.find(isOwn);
    const party = group?.party ?? user.party ?? undefined;
    if (answer === 'bekraftad') {
      // Confirming makes the signatory an editor unless they already were more; what it adds is
      // recorded, so that declining later takes back that and no access granted otherwise.
      const raise = !held || held.role === 'reader' || held.role === 'commenter' || held.role === 'suggester';
      if (raise) await this.documents.replaceAccess(bilagaId, [...entries.filter((entry) => !isOwn(entry)), editorEntry(user.id)]);
      await this.storage.workflow.recordConfirmation(bilagaId, user.id, {
        accessAdded: raise,
        roleBefore: raise ? (held?.role ?? null) : null,
        signedName: user.name,
      });
    } else if (own.accessAdded) {
      const restored = entries.filter((entry) => !isOwn(entry));
      if (own.roleBefore) restored.push({ principalType: 'user', principalId: user.id, role: own.roleBefore });
      await this.documents.replaceAccess(bilagaId, restored);
      await this.storage.workflow.recordConfirmation(bilagaId, user.id, { accessAdded: false, roleBefore: null, signedName: null });
    }
    await this.documents.withRoom(bilagaId, (room) =>
      room.change((doc) => {
        const fields = metaMap(doc).get(FIELDS);
        const written = fields instanceof Y.Map ? readFieldValue('persons', fields.get('undertecknare')) : [];
        const persons = Array.isArray(written) ? [...(written as Person[])] : [];
        if (answer === 'bekraftad') {
          persons.push({ name: user.name, ...(party ? { party } : {}) });
        } else if (own.state === 'bekraftad') {
          // Only the one entry the confirmation wrote: a namesake in the party group stays.
          const signed = nameKey(own.signedName ?? user.name);
          const at = persons.map((person) => nameKey(String(person.name ?? ''))).lastIndexOf(signed);
          if (at < 0) return;
          persons.splice(at, 1);
        } else {
          return;
        }
        writeField(doc, { key: 'undertecknare', kind: 'persons' }, persons);
      }),
    );
    await this.refreshClosingLines(mainId);
    return { state: answer, changed: true };
  }

  /** The bilagor announced for a document, from its linked bilagor's verified signatories. */
  async announced(mainId: string): Promise<AnnouncedBilaga[]> {
    const announced: AnnouncedBilaga[] = [];
    for (const bilagaId of await this.storage.workflow.bilagorOf(mainId)) {
      const view = await this.documents.readView(bilagaId);
      if (view.type !== 'sarskilt_yttrande' && view.type !== 'reservation') continue;
      announced.push({ type: view.type, persons: await this.verifiedSigners(bilagaId, view.fields.undertecknare) });
    }
    return announced;
  }

  /**
   * The undertecknare who may be named: members of the bilaga's party group (by name, shown as
   * the account names them with the group's party), signatories the server wrote, and confirmed
   * co-signers who are in a party group now (by account: a renamed account stays named, under its
   * new name); in the order written, each once, confirmed co-signers not written last.
   */
  private async verifiedSigners(bilagaId: string, written: unknown): Promise<Person[]> {
    if (!Array.isArray(written)) return [];
    const signing = await this.storage.workflow.bilagaSigning(bilagaId);
    const eligible = new Map<string, Person>();
    for (const person of signing?.attested ?? []) eligible.set(nameKey(person.name), person);
    const groupId = signing?.partyGroup ?? (await this.creatorPartyGroup(bilagaId));
    const group = groupId ? await this.storage.accounts.getGroup(groupId) : undefined;
    if (group) {
      for (const memberId of await this.storage.accounts.membersOf(group.id)) {
        const member = await this.storage.accounts.getUser(memberId);
        if (member && !member.disabled) {
          const party = group.party ?? member.party ?? undefined;
          eligible.set(nameKey(member.name), { name: member.name, ...(party ? { party } : {}) });
        }
      }
    }
    // Confirmed co-signers of another party group, as their own accounts and groups name them now.
    const confirmed: { id: string; person: Person }[] = [];
    for (const cosigner of await this.storage.workflow.cosignersOf(bilagaId)) {
      if (cosigner.state !== 'bekraftad') continue;
      const person = await this.storage.accounts.getUser(cosigner.userId);
      if (!person || person.disabled) continue;
      const partyGroup = await this.partyGroupOf(person);
      if (!partyGroup) continue;
      const party = partyGroup.party ?? person.party ?? undefined;
      confirmed.push({ id: person.id, person: { name: person.name, ...(party ? { party } : {}) } });
    }
    const signers = new Map<string, Person>();
    const placed = new Set<string>();
    for (const entry of written) {
      if (typeof entry !== 'object' || entry === null || typeof (entry as Person).name !== 'string') continue;
      const key = nameKey((entry as Person).name);
      const cosigner = confirmed.find((candidate) => !placed.has(candidate.id) && nameKey(candidate.person.name) === key);
      if (cosigner) {
        placed.add(cosigner.id);
        signers.set(`user:${cosigner.id}`, cosigner.person);
        continue;
      }
      const known = eligible.get(key);
      if (known && !signers.has(`name:${key}`)) signers.set(`name:${key}`, known);
    }
    for (const cosigner of confirmed) if (!placed.has(cosigner.id)) signers.set(`user:${cosigner.id}`, cosigner.person);
    return [...signers.values()];
  }

  /** The party group a linked bilaga was filed for (null for other documents). */
  async filedFor(bilagaId: string): Promise<string | null> {
    const signing = await this.storage.workflow.bilagaSigning(bilagaId);
    if (!signing) return null;
    return signing.partyGroup ?? (await this.creatorPartyGroup(bilagaId));
  }

  /** For bilagor linked before the party group was recorded: the group of whoever created it. */
  private async creatorPartyGroup(bilagaId: string): Promise<string | null> {
    const creatorId = (await this.documents.record(bilagaId)).createdBy;
    const creator = creatorId ? await this.storage.accounts.getUser(creatorId) : undefined;
    return creator ? ((await this.partyGroupOf(creator))?.id ?? null) : null;
  }

  /** Regenerates the main document's closing lines; a justerat document keeps the ones it was justerat with. */
  async refreshClosingLines(mainId: string): Promise<void> {
    const announced = await this.announced(mainId);
    await this.documents.withRoom(mainId, async (room) => {
      const meta = metaMap(room.doc);
      if (isLockedStatus(meta.get('status') as DocumentStatus)) return;
      // In the wording of the main document's own template pack version.
      const lines = closingLines(announced, templates.pack(templateRefOf(meta)).closingLines);
      if (JSON.stringify(meta.get(CLOSING_LINES)) === JSON.stringify(lines)) return;
      await room.change((doc) => metaMap(doc).set(CLOSING_LINES, lines));
    });
  }

  /**
   * A bilaga's change was stored. Only a change of its undertecknare matters to the main
   * document, so typing in the bilaga costs a comparison, not a reload of its siblings.
   */
  onBilagaStored(bilagaId: string, doc: Y.Doc): void {
    const fields = metaMap(doc).get(FIELDS);
    const signers = JSON.stringify(fields instanceof Y.Map ? readFieldValue('persons', fields.get('undertecknare')) : null);
    if (this.knownSigners.get(bilagaId) === signers) return;
    this.knownSigners.set(bilagaId, signers);
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

  /** Stops pending refreshes (at shutdown, before storage closes). */
  close(): void {
    for (const timer of this.refreshTimers.values()) clearTimeout(timer);
    this.refreshTimers.clear();
  }

  /** Signatories written by the server (demo data, imports) rather than typed. */
  async setSigners(bilagaId: string, persons: Person[]): Promise<void> {
    await this.storage.workflow.setAttestedSigners(bilagaId, persons);
    await this.documents.withRoom(bilagaId, (room) =>
      room.change((doc) => writeField(doc, { key: 'undertecknare', kind: 'persons' }, persons)),
    );
    const mainId = await this.storage.workflow.mainOf(bilagaId);
    if (mainId) await this.refreshClosingLines(mainId);
  }

  /** For tests and the API: the main document's current closing lines. */
  async closingLinesOf(mainId: string): Promise<string[]> {
    return this.documents.withRoom(mainId, (room) => (metaMap(room.doc).get(CLOSING_LINES) as string[] | undefined) ?? []);
  }
}
