/**
 * Ärenden (who may call each route: server/auth/routeRules.ts):
 *   GET   /api/arenden?q=             → { arenden }
 *   POST  /api/arenden {diarienummer, arendemening, namnd?, handlaggare?, beslutsplanering?} → 201 { arende }
 *                                         (a nämndsekreterare or an administrator)
 *   GET   /api/arenden/:id            → the ärende, handlaggareName, and its documents (those you may see),
 *                                         each with typeLabel and present: [{name, party}]
 *   PATCH /api/arenden/:id             → { arende, notUpdated?: {documents: [{id, title}], message} } (a
 *                                         nämndsekreterare or an administrator; its handläggare the
 *                                         ärendemening only); notUpdated: documents that could not show the
 *                                         change now (they do when they next load)
 *   GET   /api/arenden/:id/audit       → { events } what was changed, by whom
 *   PUT   /api/documents/:id/arende {arendeId | null} → { ok, beslutsplanering?: {added, kept} } the meetings
 *                                         its Beslutsplanering section named that the ärende now has, and
 *                                         the lines kept as text in it (the ärende writes that section)
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ArendeService } from '../../arenden/arendeService';
import { auditSubject, type AuditLog } from '../../audit/auditLog';
import type { AccountStore } from '../../storage/storage';
import { requireUser } from '../authentication';
import { parseBody } from '../parseBody';
import type { Quotas } from '../../auth/quotas';
import { documentIdParam } from './documents';
import { withUserNames } from './auditEvents';
import { MAX_MEETINGS } from '../../../shared/model/meetings';

const meeting = z.object({ organ: z.string().max(200), date: z.string().max(10) });
const arendeBody = z.object({
  diarienummer: z.string().max(40),
  arendemening: z.string().max(500),
  namnd: z.string().max(200).optional(),
  handlaggare: z.string().max(100).nullable().optional(),
  beslutsplanering: z.array(meeting).max(MAX_MEETINGS).optional(),
});
const attachBody = z.object({ arendeId: z.string().max(100).nullable() });

export interface ArendeRouteDeps {
  arenden: ArendeService;
  documents: { quotas: Quotas };
  audit: AuditLog;
  accountStore: AccountStore;
}

export function registerArendeRoutes(app: FastifyInstance, deps: ArendeRouteDeps): void {
  const { arenden, audit } = deps;

  app.get('/api/arenden', async (request) => {
    const { q } = request.query as { q?: unknown };
    return { arenden: await arenden.search(typeof q === 'string' ? q : undefined) };
  });

  app.post('/api/arenden', async (request, reply) => {
    const user = requireUser(request);
    const input = parseBody(arendeBody, request.body);
    const release = await deps.documents.quotas.reserveArendeRegistration(user.id, (since) => arenden.registeredBySince(user.id, since));
    const arende = await arenden.create(input, user).finally(release);
    await audit.recordAbout(auditSubject.arende(arende.id), { userId: user.id, action: 'arende_registered', detail: { arende } });
    return reply.status(201).send({ arende });
  });

  app.get('/api/arenden/:arendeId', async (request) =>
    arenden.withDocuments(requireUser(request), (request.params as { arendeId: string }).arendeId),
  );

  app.patch('/api/arenden/:arendeId', async (request) => {
    const user = requireUser(request);
    const { arendeId } = request.params as { arendeId: string };
    const changes = parseBody(arendeBody.partial(), request.body);
    const before = await arenden.get(arendeId);
    const { arende: after, notUpdated } = await arenden.update(user, arendeId, changes);
    const changed = (Object.keys(changes) as Array<keyof typeof changes>).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
    );
    if (changed.length > 0) {
      await audit.recordAbout(auditSubject.arende(arendeId), {
        userId: user.id,
        action: 'arende_changed',
        detail: {
          before: Object.fromEntries(changed.map((key) => [key, before[key]])),
          after: Object.fromEntries(changed.map((key) => [key, after[key]])),
        },
      });
    }
    return { arende: after, notUpdated };
  });

  app.get('/api/arenden/:arendeId/audit', async (request) => {
    const { arendeId } = request.params as { arendeId: string };
    return { events: await withUserNames(deps.accountStore, await audit.list('', [auditSubject.arende(arendeId)])) };
  });

  app.put('/api/documents/:id/arende', async (request) => {
    const user = requireUser(request);
    const id = documentIdParam(request.params);
    const { arendeId } = parseBody(attachBody, request.body);
    const { before, takeover } = await arenden.attach(user, id, arendeId);
    // What the document's beslutsplanering held that did not become a meeting is reported, not lost.
    const beslutsplanering = takeover && (takeover.added.length > 0 || takeover.kept.length > 0) ? takeover : undefined;
    if (before !== arendeId) {
      audit.record({ documentId: id, userId: user.id, action: 'arende_set', detail: { from: before, to: arendeId, beslutsplanering } });
      for (const changed of [before, arendeId]) {
        if (changed)
          await audit.recordAbout(auditSubject.arende(changed), {
            userId: user.id,
            action: changed === arendeId ? 'document_attached' : 'document_detached',
            detail: changed === arendeId ? { documentId: id, beslutsplanering } : { documentId: id },
          });
      }
    }
    return { ok: true, beslutsplanering: takeover ?? undefined };
  });
}
