/**
 * The workflow API (for the client: every error is `{ "error": "<Swedish sentence>" }`).
 *
 * Status — ids utkast, granskning, klar_for_au, behandlad, justerad; one step forward, or back to
 * utkast/granskning before justering. Editors and owners take the drafting steps, a nämndsekreterare
 * who can read the document every step (auth/namndRoles.ts):
 *   GET  /api/documents/:id/status   → { status, transitions: [{at, userId, from, to, reason}], completeness: CompletenessIssue[] }
 *   POST /api/documents/:id/status {status, override?} → { status }
 *        400 a skipped or unknown step · 403 reader/commenter who is no nämndsekreterare, an editor's
 *        step to or from behandlad/justerad, or a non-administrator's override
 *        409 { error, issues: [{kind: 'section'|'field', key, title, message}] } when klar_for_au
 *            finds the document incomplete; an administrator may resend with "override": "<reason>"
 *        justerad → behandlad (reopening) is the administrator's, with "override": "<reason>"
 *   Every change also makes a version "<label> <date> <time>" (origin statusbyte) and is audited.
 *
 * Versions:
 *   GET  /api/documents/:id/versions               → { versions: [{id, name, createdAt, createdBy, authorName,
 *        origin: 'manuell'|'statusbyte'|'aterstallning', originDetail, savedBy}] } (oldest first; savedBy in Swedish)
 *   POST /api/documents/:id/versions {name}        → 201 { version } (editors); 409 when the document already has a
 *        version of that name (trimmed, case-insensitively)
 *   GET  /api/documents/:id/versions/:versionId    → the version's read-only view {type, title, status, fields, sections}
 *   GET  /api/documents/:id/versions/compare?from=<id|current>&to=<id|current>
 *        → { title: DiffPart[], fields: [{key, label, before, after}] (changed ones only),
 *            sections: [{key, title, changed, formattingChanged, coarse?, entries: BlockDiffEntry[],
 *                        parts: [{kind: 'same'|'inserted'|'deleted', text}]}] } — entries paragraph by
 *            paragraph, see shared/diff/blockDiff.ts
 *   Views and comparisons are queued fairly per user (versionService.ts VERSION_READING_LIMITS): 429 when
 *   the user's or everyone's queue is full.
 *   POST /api/documents/:id/versions/:versionId/restore → { ok, kept } — a new change every open
 *        editor receives; the replaced state is kept first as version `kept`. 423 when justerad.
 *
 * Bilagor (särskilt yttrande, reservation) of a main document:
 *   GET  /api/documents/:id/bilagor                → { bilagor: [{type, persons}], closingLines: string[],
 *        invitations: [{bilagaId, type, title, state: 'inbjuden'|'bekraftad'|'avbojd', invitedBy}],
 *        mayFile: boolean, filingRefusal: string|null, withdrawable: [{bilagaId, type, title}] }
 *        (invitations: the caller's own, to co-sign one of these bilagor; mayFile: whether the caller
 *        sits on the document's nämnd with a party; withdrawable: the bilagor the caller signs)
 *   POST /api/documents/:id/bilagor {type: 'sarskilt_yttrande'|'reservation', cosigners: [userId], title?,
 *        sammantradesdatum?, paragraf?} → 201 { id, invited: [userId] } (ledamöter and ersättare of the main
 *        document's nämnd, in a party group, who may comment on it; co-signers of the same party group sign at once, members of
 *        another party group who can read the main document are invited; anyone else 403; 423 when justerad)
 *   POST /api/documents/:id/bilagor/:bilagaId/confirm → { state: 'bekraftad' } the invitee signs: named
 *        in the closing lines, editor of the bilaga (403 once they are in no party group)
 *   POST /api/documents/:id/bilagor/:bilagaId/decline → { state: 'avbojd' } the invitee declines, or takes
 *        a confirmation back (403 for anyone not invited; 423 once justerad, except declining an open invitation)
 *   POST /api/documents/:id/bilagor/:bilagaId/withdraw → { ok } a signatory withdraws the bilaga: its closing
 *        line leaves the main document (403 for anyone who does not sign it; 423 once justerad; 409 twice)
 *   The main document's meta `closingLines` (server-owned) follows the bilagor's undertecknare live,
 *   listing only members of the bilaga's party group and confirmed co-signers (see workflow/bilagor.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_TITLE_LENGTH } from '../../../shared/doc/headerFields';
import { isDocumentStatus, isLockedStatus } from '../../../shared/model/status';
import { auditSubject, type AuditLog } from '../../audit/auditLog';
import type { DocumentService } from '../../documents/documentService';
import { DocumentLockedError, ValidationError } from '../../errors';
import type { VersionService } from '../../versions/versionService';
import { MAX_PARAGRAF_LENGTH, type Bilagor, type CosignerAnswer } from '../../workflow/bilagor';
import type { StatusWorkflow } from '../../workflow/statusWorkflow';
import type { UserRecord } from '../../storage/storage';
import { requireUser } from '../authentication';
import { parseBody } from '../parseBody';
import { createdBySince } from '../../auth/quotas';
import { documentAccessOf, documentIdParam } from './documents';

const statusBody = z.object({ status: z.string().max(40), override: z.string().max(1000).optional() });
const versionBody = z.object({ name: z.string().max(500) });
// Lengths from the model; forbidden characters are refused by Bilagor.create, which names the field.
const bilagaBody = z.object({
  type: z.enum(['sarskilt_yttrande', 'reservation']),
  title: z.string().max(MAX_TITLE_LENGTH).optional(),
  cosigners: z.array(z.string().max(100)).max(50).default([]),
  sammantradesdatum: z.string().max(20).optional(),
  paragraf: z.string().max(MAX_PARAGRAF_LENGTH).optional(),
});

export interface WorkflowDeps {
  documents: DocumentService;
  versions: VersionService;
  workflow: StatusWorkflow;
  bilagor: Bilagor;
  audit: AuditLog;
}

/** What the bilaga panel may offer the caller: starting one, and withdrawing those they sign. */
async function filingOffer(bilagor: Bilagor, user: UserRecord, mainId: string) {
  const filingRefusal = await bilagor.filingRefusal(user, mainId);
  return { mayFile: filingRefusal === null, filingRefusal, withdrawable: await bilagor.withdrawableBy(user, mainId) };
}

export function registerWorkflowRoutes(app: FastifyInstance, deps: WorkflowDeps): void {
  const { documents, versions, workflow, bilagor, audit } = deps;

  app.get('/api/documents/:id/status', async (request) => workflow.history(requireUser(request), documentIdParam(request.params)));

  app.post('/api/documents/:id/status', async (request) => {
    const body = parseBody(statusBody, request.body);
    if (!isDocumentStatus(body.status)) {
      throw new ValidationError('Okänd status. Välj utkast, granskning, klar_for_au, behandlad eller justerad.');
    }
    return workflow.change(requireUser(request), documentIdParam(request.params), body.status, body.override);
  });

  app.get('/api/documents/:id/versions', async (request) => {
    const { id } = documentAccessOf(request);
    return { versions: await versions.list(id) };
  });

  app.post('/api/documents/:id/versions', async (request, reply) => {
    const user = requireUser(request);
    const { id } = documentAccessOf(request);
    const { name } = parseBody(versionBody, request.body);
    const release = await documents.quotas.reserveVersion(user.id, id, async (since) =>
      createdBySince(await versions.list(id), user.id, since),
    );
    const version = await versions.create(id, name, user).finally(release);
    audit.record({ documentId: id, userId: user.id, action: 'version_created', detail: { name: version.name } });
    return reply.status(201).send({ version });
  });

  app.get('/api/documents/:id/versions/compare', async (request) => {
    const user = requireUser(request);
    const { id } = documentAccessOf(request);
    const { from, to } = request.query as { from?: string; to?: string };
    if (!from || !to) throw new ValidationError('Ange vilka versioner som ska jämföras (from och to).');
    return versions.compareFor(user.id, id, from, to);
  });

  app.get('/api/documents/:id/versions/:versionId', async (request) => {
    const user = requireUser(request);
    const { id } = documentAccessOf(request);
    return versions.viewFor(user.id, id, (request.params as { versionId: string }).versionId);
  });

  app.post('/api/documents/:id/versions/:versionId/restore', async (request) => {
    const user = requireUser(request);
    const { id, record } = documentAccessOf(request);
    if (isLockedStatus(record.status)) throw new DocumentLockedError();
    const { versionId } = request.params as { versionId: string };
    // A restore first keeps the replaced state as a version.
    const release = await documents.quotas.reserveVersion(user.id, id, async (since) =>
      createdBySince(await versions.list(id), user.id, since),
    );
    const { kept } = await versions.restore(id, versionId, user, { principal: { userId: user.id, verified: true } }).finally(release);
    audit.record({ documentId: id, userId: user.id, action: 'version_restored', detail: { versionId, kept: kept.id } });
    return { ok: true, kept };
  });

  app.get('/api/documents/:id/bilagor', async (request) => {
    const { id } = documentAccessOf(request);
    return {
      bilagor: await bilagor.announced(id),
      closingLines: await bilagor.closingLinesOf(id),
      invitations: await bilagor.invitationsFor(requireUser(request), id),
      ...(await filingOffer(bilagor, requireUser(request), id)),
    };
  });

  app.post('/api/documents/:id/bilagor/:bilagaId/withdraw', async (request) => {
    const user = requireUser(request);
    const id = documentIdParam(request.params);
    const { bilagaId } = request.params as { bilagaId: string };
    await bilagor.withdraw(user, id, bilagaId);
    // On both: the bilaga's log says it was withdrawn, the main document's why its closing lines changed.
    audit.record({ documentId: bilagaId, userId: user.id, action: 'bilaga_withdrawn', detail: { main: id } });
    audit.record({ documentId: id, userId: user.id, action: 'bilaga_withdrawn', detail: { bilaga: bilagaId } });
    return { ok: true };
  });

  app.post('/api/documents/:id/bilagor', async (request, reply) => {
    const user = requireUser(request);
    const id = documentIdParam(request.params);
    const input = parseBody(bilagaBody, request.body);
    const { id: bilagaId, arendeId, invited } = await bilagor.file(user, id, input);
    audit.record({ documentId: id, userId: user.id, action: 'bilaga_created', detail: { bilaga: bilagaId } });
    audit.record({
      documentId: bilagaId,
      userId: user.id,
      action: 'created',
      detail: { type: input.type, main: id, cosigners: input.cosigners },
    });
    for (const cosigner of invited) {
      audit.record({
        documentId: bilagaId,
        userId: user.id,
        action: 'cosigner_invited',
        detail: { cosigner: cosigner.id, cosignerName: cosigner.name },
      });
    }
    if (arendeId)
      await audit.recordAbout(auditSubject.arende(arendeId), {
        userId: user.id,
        action: 'document_attached',
        detail: { documentId: bilagaId },
      });
    return reply.status(201).send({ id: bilagaId, invited: invited.map((cosigner) => cosigner.id) });
  });

  const answerRoute = (path: 'confirm' | 'decline', answer: CosignerAnswer) =>
    app.post(`/api/documents/:id/bilagor/:bilagaId/${path}`, async (request) => {
      const user = requireUser(request);
      const id = documentIdParam(request.params);
      const { bilagaId } = request.params as { bilagaId: string };
      const { state, changed } = await bilagor.answer(user, id, bilagaId, answer);
      if (changed) {
        const action = answer === 'bekraftad' ? 'cosigner_confirmed' : 'cosigner_declined';
        // On both: the bilaga's log says who signs it, the main document's why its closing lines changed.
        audit.record({ documentId: bilagaId, userId: user.id, action, detail: { main: id } });
        audit.record({ documentId: id, userId: user.id, action, detail: { bilaga: bilagaId } });
      }
      return { state };
    });
  answerRoute('confirm', 'bekraftad');
  answerRoute('decline', 'avbojd');
}
