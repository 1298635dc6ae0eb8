import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../metrics';
import type { RoomRegistry } from '../../sync/roomRegistry';

export function registerHealthRoutes(app: FastifyInstance, deps: { registry: RoomRegistry; metrics: Metrics }): void {
  app.get('/healthz', async () => ({ ok: true, rooms: deps.registry.size }));
  app.get('/metrics', async (_request, reply) => {
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}
