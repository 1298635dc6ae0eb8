import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { documentTypeLabel, documentTypeOfView, isDocumentTypeKey } from '../../../shared/model';
import { NotFoundError, ValidationError } from '../../errors';
import { auditSubject, type AuditLog } from '../../audit/auditLog';
import type { DocumentLifecycle } from '../../documents/documentLifecycle';
import type { DocumentService } from '../../documents/documentService';
import { matchesDocumentFilter, parseDocumentFilter } from '../../documents/documentFilter';
import type { ArendeService } from '../../arenden/arendeService';
import type { AccountStore, DocumentRecord, DocumentRole } from '../../storage/storage';
import { isDocumentId } from '../../sync/roomNames';
import { requireUser } from '../authentication';
import { parseBody } from '../parseBody';
import { withUserNames } from './auditEvents';

const createBody = z.object({ type: z.string().max(50), title: z.string().max(500), arendeId: z.string().max(100).optional() });
const accessBody = z.object({
  entries: z
    .array(
      z.object({
        principalType: z.enum(['user', 'group']),
        principalId: z.string().max(100),
        role: z.enum(['owner', 'editor', 'suggester', 'commenter', 'reader']),
      }),
    )
    .max(500)
    // One entry per person or group: a second would be a second role, which the table cannot hold.
    .refine(
      (entries) => new Set(entries.map((entry) => `${entry.principalType}:${entry.principalId}`)).size === entries.length,
      'Samma person eller grupp står två gånger i listan. Ge var och en en enda roll.',
    ),
});

export function documentIdParam(params: unknown): string {
  const id = (params as { id?: string }).id ?? '';
  if (!isDocumentId(id)) throw new NotFoundError();
  return id;
}

/**
 * The document `:id` and the caller's role, as the route's declared rule (server/auth/routeRules.ts)
 * checked them before the handler ran.
 */
export function documentAccessOf(request: FastifyRequest): { id: string; record: DocumentRecord; role: DocumentRole } {
  const access = request.documentAccess;
  if (!access) throw new Error(`${request.method} ${request.routeOptions.url} has no document rule`);
  return { id: access.record.id, ...access };
}

export interface DocumentRouteDeps {
  documents: DocumentService;
  arenden: ArendeService;
  accountStore: AccountStore;
  audit: AuditLog;
  lifecycle: DocumentLifecycle;
  /** Which party group a bilaga was filed for, whose membership changes its log shows. */
  bilagor?: { filedFor(bilagaId: string): Promise<string | null> };
}

export function registerDocumentRoutes(app: FastifyInstance, deps: DocumentRouteDeps): void {
  const { documents, accountStore, audit, arenden, lifecycle } = deps;

  /** Filters (see documentFilter): ?q= (title), status=, type=, diarienummer=, state=. */
  app.get('/api/documents', async (request) => {
    const user = requireUser(request);
    const filter = parseDocumentFilter(request.query);
    const diarienummer = filter.diarienummer ? await arenden.diarienummerById() : new Map<string, string>();
    const candidates = filter.state === 'wastebasket' ? await documents.wastebasketOf(user) : await documents.listFor(user);
    const records = candidates.filter((record) => matchesDocumentFilter(record, filter, (arendeId) => diarienummer.get(arendeId)));
    return {
      documents: records.map((record) => ({
        ...record,
        arendeId: record.arendeId ?? null,
        typeLabel: documentTypeLabel(record),
        ...(record.deletedAt ? { purgeAt: lifecycle.purgeAt(record) } : {}),
      })),
    };
  });

  /** Into the wastebasket (drafts only; a decided document is archived instead). */
  app.delete('/api/documents/:id', async (request) => {
    const user = requireUser(request);
    const { id, record } = documentAccessOf(request);
    await lifecycle.moveToWastebasket(record);
    audit.record({ documentId: id, userId: user.id, action: 'deleted', detail: {} });
    return { deleted: true, purgeAt: lifecycle.purgeAt(await documents.record(id)) };
  });

  app.post('/api/documents/:id/restore', async (request) => {
    const user = requireUser(request);
    const { id, record } = documentAccessOf(request);
    await lifecycle.restoreFromWastebasket(record);
    audit.record({ documentId: id, userId: user.id, action: 'restored', detail: {} });
    return { restored: true };
  });

  app.post('/api/documents/:id/archive', async (request) => {
    const user = requireUser(request);
    const { id, record } = documentAccessOf(request);
    await lifecycle.archive(record);
    audit.record({ documentId: id, userId: user.id, action: 'archived', detail: {} });
    return { archived: true };
  });

  app.post('/api/documents/:id/unarchive', async (request) => {
    const user = requireUser(request);
    const { id, record } = documentAccessOf(request);
    await lifecycle.unarchive(record);
    audit.record({ documentId: id, userId: user.id, action: 'unarchived', detail: {} });
    return { archived: false };
  });

  app.post('/api/documents', async (request, reply) => {
    const user = requireUser(request);
    const body = parseBody(createBody, request.body);
    if (!isDocumentTypeKey(body.type)) {
      throw new ValidationError('Okänd dokumenttyp. Välj tjänsteskrivelse, yttrande, särskilt yttrande, reservation eller nämndinitiativ.');
    }
    if (body.arendeId) await arenden.assertMayManage(user, body.arendeId);
    const created = await documents.create({ type: body.type, title: body.title }, user);
    audit.record({ documentId: created.id, userId: user.id, action: 'created', detail: { type: body.type } });
    if (body.arendeId) {
      await arenden.attach(user, created.id, body.arendeId);
      await audit.recordAbout(auditSubject.arende(body.arendeId), {
        userId: user.id,
        action: 'document_attached',
        detail: { documentId: created.id },
      });
    }
    return reply.status(201).send(created);
  });

  app.get('/api/documents/:id', async (request) => documents.details(requireUser(request), documentAccessOf(request).id));

  app.get('/api/documents/:id/access', async (request) => {
    const { id, record, role } = documentAccessOf(request);
    return { role, privateToGroup: record.privateToGroup ?? null, entries: await documents.accessEntries(id) };
  });

  app.put('/api/documents/:id/access', async (request) => {
    const user = requireUser(request);
    const { id } = documentAccessOf(request);
    const { entries } = parseBody(accessBody, request.body);
    const users = new Set((await accountStore.listUsers()).map((known) => known.id));
    const groups = new Set((await accountStore.listGroups()).map((known) => known.id));
    for (const entry of entries) {
      const known = entry.principalType === 'user' ? users.has(entry.principalId) : groups.has(entry.principalId);
      if (!known) throw new ValidationError('En av personerna eller grupperna finns inte längre.');
    }
    const before = await documents.accessEntries(id);
    await documents.replaceAccess(id, entries);
    audit.record({ documentId: id, userId: user.id, action: 'access_changed', detail: { before, after: entries } });
    return { entries: await documents.accessEntries(id) };
  });

  app.post('/api/documents/:id/hand-in', async (request) => {
    const user = requireUser(request);
    const { id, record } = documentAccessOf(request);
    if (!record.privateToGroup) throw new ValidationError('Dokumentet är redan inlämnat.');
    await documents.handIn(id);
    audit.record({ documentId: id, userId: user.id, action: 'handed_in', detail: {} });
    return { ok: true };
  });

  /**
   * The document's own events and those that decide who may read it: membership changes of the
   * groups it is shared with or private to (also the party group a bilaga was filed for), changes
   * of the users named in its sharing, of who is an administrator (unless it is a party's private
   * draft, which administrators cannot open), and of its ärende.
   */
  app.get('/api/documents/:id/audit', async (request) => {
    const { id, record } = documentAccessOf(request);
    await audit.flush();
    const entries = await documents.accessEntries(id);
    const subjects = new Set<string>();
    for (const entry of entries)
      subjects.add(entry.principalType === 'group' ? auditSubject.group(entry.principalId) : auditSubject.user(entry.principalId));
    if (record.privateToGroup) subjects.add(auditSubject.group(record.privateToGroup));
    else subjects.add(auditSubject.admins);
    const partyGroup = await deps.bilagor?.filedFor(id);
    if (partyGroup) subjects.add(auditSubject.group(partyGroup));
    if (record.arendeId) subjects.add(auditSubject.arende(record.arendeId));
    // In words, with sections and fields named as the document's own template version names them.
    const words = { documentType: documentTypeOfView(record), template: record.template };
    return { events: await withUserNames(accountStore, await audit.list(id, [...subjects]), words) };
  });
}
