/**
 * Withdrawing a särskilt yttrande or a reservation (issue 16): a member who announced one may
 * change their mind until the protocol is justerat. The bilaga stays (its text is its
 * signatories' own) but is no longer announced: its closing line leaves the main document at
 * once, and open invitations to co-sign it can no longer be answered. After justering the
 * closing lines are the ones justerade, so a withdrawal is refused.
 */
import * as Y from 'yjs';
import { FIELDS, metaMap } from '../../shared/doc/documentState';
import { readFieldValue } from '../../shared/doc/headerFields';
import { isLockedStatus, type Person } from '../../shared/model';
import type { DocumentService } from '../documents/documentService';
import { ConflictError, DocumentLockedError, ForbiddenError } from '../errors';
import type { Storage, UserRecord } from '../storage/storage';

/** What withdrawing needs of Bilagor. */
export interface WithdrawalDeps {
  documents: DocumentService;
  storage: Storage;
  filedFor(bilagaId: string): Promise<string | null>;
  refreshClosingLines(mainId: string): Promise<void>;
}

function nameKey(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv');
}

/**
 * Whether `user` signs the bilaga: whoever filed it, a co-signer who confirmed, or a member of
 * the party group it was filed for who is written among its undertecknare. Merely being in the
 * party group (an editor of its draft) is not signing it.
 */
export async function signsBilaga(deps: WithdrawalDeps, user: UserRecord, bilagaId: string): Promise<boolean> {
  const record = await deps.documents.record(bilagaId);
  if (record.createdBy === user.id) return true;
  const cosigners = await deps.storage.workflow.cosignersOf(bilagaId);
  if (cosigners.some((cosigner) => cosigner.userId === user.id && cosigner.state === 'bekraftad')) return true;
  const group = await deps.filedFor(bilagaId);
  if (!group || !(await deps.storage.accounts.membersOf(group)).includes(user.id)) return false;
  const written = await deps.documents.withRoom(bilagaId, (room) => {
    const fields = metaMap(room.doc).get(FIELDS);
    return fields instanceof Y.Map ? readFieldValue('persons', fields.get('undertecknare')) : [];
  });
  const own = nameKey(user.name);
  return Array.isArray(written) && (written as Person[]).some((person) => nameKey(String(person?.name ?? '')) === own);
}

/** Withdraws the bilaga `bilagaId` of `mainId` on behalf of one of its signatories. */
export async function withdrawBilaga(deps: WithdrawalDeps, user: UserRecord, mainId: string, bilagaId: string): Promise<void> {
  // Someone else's bilaga, or none: the same answer, so a bilaga id reveals nothing.
  const notSigner = new ForbiddenError('Bara de som undertecknar den här bilagan kan återkalla den.');
  if ((await deps.storage.workflow.mainOf(bilagaId)) !== mainId) throw notSigner;
  if (!(await signsBilaga(deps, user, bilagaId))) throw notSigner;
  if (await deps.storage.workflow.withdrawnAt(bilagaId)) throw new ConflictError('Bilagan är redan återkallad.');
  const main = await deps.documents.record(mainId);
  if (isLockedStatus(main.status)) {
    throw new DocumentLockedError(
      'Dokumentet är justerat; ett särskilt yttrande eller en reservation kan inte återkallas efter justering.',
    );
  }
  // Between the check and the write another withdrawal may have won: then this one changes nothing.
  if (!(await deps.storage.workflow.withdrawBilaga(bilagaId, new Date().toISOString()))) {
    throw new ConflictError('Bilagan är redan återkallad.');
  }
  await deps.refreshClosingLines(mainId);
}
