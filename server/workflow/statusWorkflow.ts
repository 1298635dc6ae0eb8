/**
 * The status workflow: utkast → granskning → klar för arbetsutskott → behandlad i nämnd →
 * justerad. One step forward at a time, or back to utkast or granskning before justering.
 * "Klar för arbetsutskott" needs a complete document (or an administrator's audited override);
 * after justering nothing may change, and only an administrator may reopen (audited).
 * Who takes which step (auth/namndRoles.ts): the document's editors and owners the drafting steps,
 * a nämndsekreterare who can read the document every step, administrators every step.
 */
import { metaMap } from '../../shared/doc/documentState';
import { completenessIssues, type CompletenessIssue } from '../../shared/model/completeness';
import { DOCUMENT_STATUSES, isMeetingStep, statusLabel, type DocumentStatus } from '../../shared/model/status';
import type { AuditLog } from '../audit/auditLog';
import type { DocumentService } from '../documents/documentService';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { roleAtLeast } from '../auth/accessPolicy';
import { actsAsNamndsekreterare } from '../auth/namndRoles';
import type { Storage, UserRecord } from '../storage/storage';
import type { VersionService } from '../versions/versionService';

const ORDER: readonly DocumentStatus[] = DOCUMENT_STATUSES.map((status) => status.key);

export class IncompleteDocumentError extends ConflictError {
  constructor(readonly issues: CompletenessIssue[]) {
    super(`Dokumentet är inte klart för arbetsutskottet: ${issues.map((issue) => issue.message).join(' ')}`, { issues });
  }
}

function allowed(from: DocumentStatus, to: DocumentStatus): boolean {
  const step = ORDER.indexOf(to) - ORDER.indexOf(from);
  if (from === 'justerad') return to === 'behandlad';
  return step === 1 || (step < 0 && (to === 'utkast' || to === 'granskning'));
}

/** Another change of the same document came first, on this instance or another; `current` is its status now. */
export class StatusChangedMeanwhileError extends ConflictError {
  constructor(current: DocumentStatus) {
    const message = `Statusen har ändrats av någon annan under tiden och är nu ${statusLabel(current)}. Läs in sidan igen och försök på nytt om det behövs.`;
    super(message, { current });
  }
}

/** How many times a committed status is written into the document before the change gives up. */
const MIRROR_ATTEMPTS = 3;

/**
 * The document row's status decides (it changes only by a conditional update, so two
 * instances cannot both move a document from the same status); the document's meta status
 * follows it, for the body guard's justerad lock and for the clients.
 */
export class StatusWorkflow {
  constructor(
    private readonly documents: DocumentService,
    private readonly versions: VersionService,
    private readonly storage: Storage,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Every status change saves a version of the whole document. That version is part of the
   * workflow, so the version quota (auth/quotas.ts), which is for versions saved by hand and
   * restores, never refuses it: a justering must not fail because the official saved many versions
   * this hour. These versions are bounded by the status changes themselves, which need an editor's
   * rights and succeed once per step; they still count towards the user's manual quota.
   */
  async change(user: UserRecord, documentId: string, to: DocumentStatus, override?: string): Promise<{ status: DocumentStatus }> {
    const reason = override?.trim() || undefined;
    const { record, role } = await this.documents.authorize(user, documentId, 'reader');
    const secretary = actsAsNamndsekreterare(user);
    if (!secretary && !roleAtLeast(role, 'editor')) {
      throw new ForbiddenError('Bara dokumentets redaktörer, en nämndsekreterare eller en administratör kan ändra status.');
    }
    const from = record.status;
    if (from === to) {
      // Asked for by someone who saw another status: whoever moved it there came first.
      await this.mirrorStatus(documentId);
      throw new ConflictError(`Dokumentet har redan statusen ${statusLabel(to)}; någon annan kan ha ändrat den nyss.`, { current: to });
    }
    if (!allowed(from, to)) {
      throw new ValidationError(
        from === 'justerad'
          ? `Ett justerat dokument kan bara öppnas igen till ${statusLabel('behandlad')}.`
          : `Dokumentet kan inte gå från ${statusLabel(from)} till ${statusLabel(to)}. Statusen flyttas ett steg i taget framåt, eller tillbaka till utkast eller granskning.`,
      );
    }
    if (from === 'justerad') {
      if (!user.isAdmin) throw new ForbiddenError('Bara en administratör kan öppna ett justerat dokument igen.');
      if (!reason) throw new ValidationError('Ange varför det justerade dokumentet öppnas igen (override).');
    }
    if (!secretary && isMeetingStep(from, to)) {
      throw new ForbiddenError(
        `Det är nämndsekreteraren som flyttar ett dokument till eller från ${statusLabel('behandlad')} och ${statusLabel('justerad')}.`,
      );
    }
    // An administrator's override moves an incomplete document on; what it skipped is audited.
    let skipped: CompletenessIssue[] = [];
    if (to === 'klar_for_au') {
      skipped = completenessIssues(await this.documents.readView(documentId));
      if (skipped.length > 0) {
        if (!reason) throw new IncompleteDocumentError(skipped);
        if (!user.isAdmin) throw new ForbiddenError('Bara en administratör kan flytta ett ofullständigt dokument vidare.');
      }
    }
    const at = new Date();
    const reopened = from === 'justerad';
    // A reason is kept only where it justified something: an override or a reopening.
    const recorded = skipped.length > 0 || reopened ? reason! : null;
    const outcome = await this.storage.workflow.changeStatus({
      documentId,
      at: at.toISOString(),
      userId: user.id,
      from,
      to,
      reason: recorded,
    });
    if (outcome === 'stale') {
      const now = (await this.documents.record(documentId)).status;
      await this.mirrorStatus(documentId);
      throw new StatusChangedMeanwhileError(now);
    }
    const detail: Record<string, unknown> = { from, to };
    if (skipped.length > 0) Object.assign(detail, { override: recorded, missing: skipped.map((issue) => issue.key) });
    if (reopened) detail.reason = recorded;
    this.audit.record({ documentId, userId: user.id, action: reopened ? 'reopened' : 'status_changed', detail });
    await this.mirrorStatus(documentId);
    await this.versions.createAtStatusChange(documentId, from, to, user, at);
    return { status: to };
  }

  /**
   * Writes the row's status into the document, read inside the room's task: only the instance
   * holding the room writes it, and an instance that asks for the room takes it over first, so a
   * later status is never overwritten by an earlier one. The room may be taken over between the
   * commit and this write (another instance's API call on the document); then it is tried again.
   * If it still cannot be written, the committed change stands and is not reported as failed:
   * whichever instance loads the room next writes the record's status into the document before
   * it accepts any change (server/sync/roomKinds.ts), and an instance that asked for the room
   * took it from the one that had it.
   */
  private async mirrorStatus(documentId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.documents.withRoom(documentId, (room) =>
          room.changeFrom(
            async () => (await this.documents.record(documentId)).status,
            (doc, status) => {
              const meta = metaMap(doc);
              if (meta.get('status') !== status) meta.set('status', status);
            },
          ),
        );
        return;
      } catch (error) {
        if (attempt >= MIRROR_ATTEMPTS) {
          this.documents.onBackgroundError(error, 'status into document', { documentId });
          return;
        }
      }
    }
  }

  async history(user: UserRecord, documentId: string) {
    await this.documents.authorize(user, documentId, 'reader');
    const view = await this.documents.readView(documentId);
    return {
      status: view.status,
      transitions: await this.storage.workflow.transitions(documentId),
      completeness: completenessIssues(view),
    };
  }
}
