import type { FastifyInstance } from 'fastify';
import type { RoomRegistry } from '../../sync/roomRegistry';

export function registerHealthRoutes(app: FastifyInstance, deps: { registry: RoomRegistry }): void {
  app.get('/healthz', async () => ({ ok: true, rooms: deps.registry.size }));
}
