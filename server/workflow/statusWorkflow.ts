/**
 * The status workflow: utkast → granskning → klar för arbetsutskott → behandlad i nämnd →
 * justerad. One step forward at a time, or back to utkast or granskning before justering.
 * "Klar för arbetsutskott" needs a complete document (or an administrator's audited override);
 * after justering nothing may change, and only an administrator may reopen (audited).
 */
import { metaMap } from '../../shared/doc/documentState';
import { completenessIssues, type CompletenessIssue } from '../../shared/model/completeness';
import { DOCUMENT_STATUSES, statusLabel, type DocumentStatus } from '../../shared/model/status';
import type { AuditLog } from '../audit/auditLog';
import type { DocumentService } from '../documents/documentService';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
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

  async change(user: UserRecord, documentId: string, to: DocumentStatus, override?: string): Promise<{ status: DocumentStatus }> {
    await this.documents.authorize(user, documentId, 'editor');
    const view = await this.documents.readView(documentId);
    const from = view.status;
    if (from === to) return { status: to };
    if (!allowed(from, to)) {
      throw new ValidationError(`Dokumentet kan inte gå från ${statusLabel(from)} till ${statusLabel(to)}. Statusen flyttas ett steg i taget.`);
    }
    if (from === 'justerad') {
      if (!user.isAdmin) throw new ForbiddenError('Bara en administratör kan öppna ett justerat dokument igen.');
      if (!override?.trim()) throw new ValidationError('Ange varför det justerade dokumentet öppnas igen.');
    }
    if (to === 'klar_for_au') {
      const issues = completenessIssues(view);
      if (issues.length > 0) {
        if (!override) throw new IncompleteDocumentError(issues);
        if (!user.isAdmin) throw new ForbiddenError('Bara en administratör kan flytta ett ofullständigt dokument vidare.');
      }
    }
    await this.documents.withRoom(documentId, (room) => room.change((doc) => metaMap(doc).set('status', to)));
    const at = new Date().toISOString();
    await this.storage.documents.touch(documentId, { status: to, updatedAt: at });
    const reason = override?.trim() || null;
    await this.storage.workflow.recordTransition({ documentId, at, userId: user.id, from, to, reason });
    this.audit.record({ documentId, userId: user.id, action: 'status_changed', detail: { from, to, override: reason } });
    await this.versions.create(documentId, `Status: ${statusLabel(to)} ${at.slice(0, 10)}`, user.id);
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
