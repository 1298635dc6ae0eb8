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

export class StatusWorkflow {
  constructor(
    private readonly documents: DocumentService,
    private readonly versions: VersionService,
    private readonly storage: Storage,
    private readonly audit: AuditLog,
  ) {}

  /** Status changes of one document, one at a time: each decides from the status the last left. */
  private readonly queues = new Map<string, Promise<unknown>>();

  change(user: UserRecord, documentId: string, to: DocumentStatus, override?: string): Promise<{ status: DocumentStatus }> {
    const previous = this.queues.get(documentId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.changeNow(user, documentId, to, override?.trim() || undefined));
    this.queues.set(documentId, next);
    void next
      .finally(() => {
        if (this.queues.get(documentId) === next) this.queues.delete(documentId);
      })
      .catch(() => undefined);
    return next;
  }

  /**
   * Every status change saves a version of the whole document. That version is part of the
   * workflow, so the version quota (auth/quotas.ts), which is for versions saved by hand and
   * restores, never refuses it: a justering must not fail because the official saved many versions
   * this hour. These versions are bounded by the status changes themselves, which need an editor's
   * rights and are serialised per document; they still count towards the user's manual quota.
   */
  private async changeNow(
    user: UserRecord,
    documentId: string,
    to: DocumentStatus,
    reason: string | undefined,
  ): Promise<{ status: DocumentStatus }> {
    const { role } = await this.documents.authorize(user, documentId, 'reader');
    const secretary = actsAsNamndsekreterare(user);
    if (!secretary && !roleAtLeast(role, 'editor')) {
      throw new ForbiddenError('Bara dokumentets redaktörer, en nämndsekreterare eller en administratör kan ändra status.');
    }
    const view = await this.documents.readView(documentId);
    const from = view.status;
    if (from === to) return { status: to };
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
      skipped = completenessIssues(view);
      if (skipped.length > 0) {
        if (!reason) throw new IncompleteDocumentError(skipped);
        if (!user.isAdmin) throw new ForbiddenError('Bara en administratör kan flytta ett ofullständigt dokument vidare.');
      }
    }
    await this.documents.withRoom(documentId, (room) => room.change((doc) => metaMap(doc).set('status', to)));
    const at = new Date();
    await this.storage.documents.touch(documentId, { status: to, updatedAt: at.toISOString() });
    const reopened = from === 'justerad';
    // A reason is kept only where it justified something: an override or a reopening.
    const recorded = skipped.length > 0 || reopened ? reason! : null;
    await this.storage.workflow.recordTransition({ documentId, at: at.toISOString(), userId: user.id, from, to, reason: recorded });
    const detail: Record<string, unknown> = { from, to };
    if (skipped.length > 0) Object.assign(detail, { override: recorded, missing: skipped.map((issue) => issue.key) });
    if (reopened) detail.reason = recorded;
    this.audit.record({ documentId, userId: user.id, action: reopened ? 'reopened' : 'status_changed', detail });
    await this.versions.createAtStatusChange(documentId, from, to, user, at);
    return { status: to };
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
