/**
 * The workflow API:
 *   GET  /api/documents/:id/status                 → { status, transitions, completeness }
 *   POST /api/documents/:id/status {status, override?}   409 { error, issues } when incomplete
 *   GET  /api/documents/:id/versions                → { versions }
 *   POST /api/documents/:id/versions {name}         → 201 { version }
 *   GET  /api/documents/:id/versions/compare?from=<id|current>&to=<id|current> → { title, sections }
 *   GET  /api/documents/:id/versions/:versionId     → the version's read-only view
 *   POST /api/documents/:id/versions/:versionId/restore
 *   GET  /api/documents/:id/bilagor                 → { bilagor, closingLines }
 *   POST /api/documents/:id/bilagor {type, cosigners, title?, sammantradesdatum?, paragraf?} → 201 { id }
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isDocumentStatus } from '../../../shared/model/status';
import type { AuditLog } from '../../audit/auditLog';
import type { DocumentService } from '../../documents/documentService';
import { ValidationError } from '../../errors';
import type { VersionService } from '../../versions/versionService';
import type { Bilagor } from '../../workflow/bilagor';
import type { StatusWorkflow } from '../../workflow/statusWorkflow';
import { requireUser } from '../authentication';
import { parseBody } from '../parseBody';
import { documentIdParam } from './documents';

const statusBody = z.object({ status: z.string().max(40), override: z.string().max(1000).optional() });
const versionBody = z.object({ name: z.string().max(500) });
const bilagaBody = z.object({
  type: z.enum(['sarskilt_yttrande', 'reservation']),
  title: z.string().max(500).optional(),
  cosigners: z.array(z.string().max(100)).max(50).default([]),
  sammantradesdatum: z.string().max(20).optional(),
  paragraf: z.string().max(40).optional(),
});

export interface WorkflowDeps {
  documents: DocumentService;
  versions: VersionService;
  workflow: StatusWorkflow;
  bilagor: Bilagor;
  audit: AuditLog;
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
    const id = documentIdParam(request.params);
    await documents.authorize(requireUser(request), id, 'reader');
    return { versions: await versions.list(id) };
  });

  app.post('/api/documents/:id/versions', async (request, reply) => {
    const user = requireUser(request);
    const id = documentIdParam(request.params);
    await documents.authorize(user, id, 'editor');
    const version = await versions.create(id, parseBody(versionBody, request.body).name, user.id);
    audit.record({ documentId: id, userId: user.id, action: 'version_created', detail: { name: version.name } });
    return reply.status(201).send({ version });
  });

  app.get('/api/documents/:id/versions/compare', async (request) => {
    const id = documentIdParam(request.params);
    await documents.authorize(requireUser(request), id, 'reader');
    const { from, to } = request.query as { from?: string; to?: string };
    if (!from || !to) throw new ValidationError('Ange vilka versioner som ska jämföras (from och to).');
    return versions.compare(id, from, to);
  });

  app.get('/api/documents/:id/versions/:versionId', async (request) => {
    const id = documentIdParam(request.params);
    await documents.authorize(requireUser(request), id, 'reader');
    return versions.view(id, (request.params as { versionId: string }).versionId);
  });

  app.post('/api/documents/:id/versions/:versionId/restore', async (request) => {
    const user = requireUser(request);
    const id = documentIdParam(request.params);
    const { record } = await documents.authorize(user, id, 'editor');
    if (record.status === 'justerad') throw new ValidationError('Ett justerat dokument kan inte ändras.');
    const { versionId } = request.params as { versionId: string };
    await versions.restore(id, versionId, { principal: { userId: user.id, verified: true } });
    audit.record({ documentId: id, userId: user.id, action: 'version_restored', detail: { versionId } });
    return { ok: true };
  });

  app.get('/api/documents/:id/bilagor', async (request) => {
    const id = documentIdParam(request.params);
    await documents.authorize(requireUser(request), id, 'reader');
    return { bilagor: await bilagor.announced(id), closingLines: await bilagor.closingLinesOf(id) };
  });

  app.post('/api/documents/:id/bilagor', async (request, reply) => {
    const user = requireUser(request);
    const id = documentIdParam(request.params);
    const created = await bilagor.create(user, id, parseBody(bilagaBody, request.body));
    audit.record({ documentId: id, userId: user.id, action: 'bilaga_created', detail: { bilaga: created.id } });
    return reply.status(201).send(created);
  });
}
