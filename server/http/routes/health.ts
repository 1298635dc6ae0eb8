import type { FastifyInstance, FastifyRequest } from 'fastify';
import { metricsAccess, type Metrics, type MetricsExposure } from '../../metrics';
import type { RoomRegistry } from '../../sync/roomRegistry';

export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { registry: RoomRegistry; metrics: Metrics; metricsExposure: MetricsExposure },
): void {
  app.get('/healthz', async () => ({ ok: true, rooms: deps.registry.size }));
  app.get('/metrics', async (request: FastifyRequest, reply) => {
    const access = metricsAccess(request.raw, deps.metricsExposure, 'main');
    if (access !== 'allowed') {
      if (access.status === 401) reply.header('www-authenticate', 'Bearer');
      return reply.status(access.status).send({ error: access.message });
    }
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}

/**
 * GET /readyz: whether this instance can serve (its database reachable, its schema migrated), for
 * a load balancer to send traffic only to instances that can; 503 with the problem otherwise.
 */
export function registerReadyRoute(app: FastifyInstance, ready: () => Promise<{ ok: boolean; problem?: string }>): void {
  app.get('/readyz', async (_request, reply) => {
    const state = await ready();
    return state.ok ? { ok: true } : reply.status(503).send({ ok: false, error: state.problem ?? 'not ready' });
  });
}
