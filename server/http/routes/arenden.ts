/**
 * Ärenden:
 *   GET   /api/arenden?q=             → { arenden }
 *   POST  /api/arenden {diarienummer, arendemening, namnd?, handlaggare?, beslutsplanering?} → 201 { arende }
 *   GET   /api/arenden/:id            → the ärende, handlaggareName, and its documents (those you may see),
 *                                         each with typeLabel and present: [{name, party}]
 *   PATCH /api/arenden/:id
 *   PUT   /api/documents/:id/arende {arendeId | null}
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ArendeService } from '../../arenden/arendeService';
import { requireUser } from '../authentication';
import { parseBody } from '../parseBody';
import { documentIdParam } from './documents';

const meeting = z.object({ organ: z.string().max(200), date: z.string().max(10) });
const arendeBody = z.object({
  diarienummer: z.string().max(40),
  arendemening: z.string().max(500),
  namnd: z.string().max(200).optional(),
  handlaggare: z.string().max(100).nullable().optional(),
  beslutsplanering: z.array(meeting).max(50).optional(),
});
const attachBody = z.object({ arendeId: z.string().max(100).nullable() });

export function registerArendeRoutes(app: FastifyInstance, deps: { arenden: ArendeService }): void {
  const { arenden } = deps;

  app.get('/api/arenden', async (request) => {
    requireUser(request);
    const { q } = request.query as { q?: unknown };
    return { arenden: await arenden.search(typeof q === 'string' ? q : undefined) };
  });

  app.post('/api/arenden', async (request, reply) => {
    requireUser(request);
    return reply.status(201).send({ arende: await arenden.create(parseBody(arendeBody, request.body)) });
  });

  app.get('/api/arenden/:arendeId', async (request) =>
    arenden.withDocuments(requireUser(request), (request.params as { arendeId: string }).arendeId),
  );

  app.patch('/api/arenden/:arendeId', async (request) => {
    requireUser(request);
    return { arende: await arenden.update((request.params as { arendeId: string }).arendeId, parseBody(arendeBody.partial(), request.body)) };
  });

  app.put('/api/documents/:id/arende', async (request) => {
    const { arendeId } = parseBody(attachBody, request.body);
    await arenden.attach(requireUser(request), documentIdParam(request.params), arendeId);
    return { ok: true };
  });
}
