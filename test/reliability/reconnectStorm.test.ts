/**
 * A reconnection storm: 300 clients lose the server at the same moment. Yttra's client waits a
 * jittered, growing time before each attempt, so they come back spread out rather than in one
 * thundering herd, and every one of them converges on the same document.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { DocumentConnection } from '../../client/sync/documentConnection';
import { sectionText, typeInSection, waitFor } from '../helpers/clients';
import { freePort, spawnServer } from '../helpers/process';
import { createDocument, tempDataDir, wsUrl } from '../helpers/server';

const CLIENTS = Number(process.env.STORM_CLIENTS ?? 300);

/** A deterministic PRNG per client, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a reconnection storm', () => {
  it('brings 300 dropped clients back with jittered backoff, and all converge', async () => {
    // The server runs in its own process, as in production, so 300 clients in this process do
    // not share its event loop.
    const port = await freePort();
    const dataDir = tempDataDir();
    const first = await spawnServer(port, dataDir, { YTTRA_FRAMES_PER_SECOND: '1000' });
    const id = await createDocument(first);
    const url = wsUrl(first);
    const clients = Array.from({ length: CLIENTS }, (_, index) => {
      const doc = new Y.Doc();
      const connection = new DocumentConnection({
        serverUrl: url,
        room: id,
        doc,
        params: { token: first.adminToken },
        WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
        random: seeded(1000 + index),
        disableBroadcastChannel: true,
      });
      return { doc, connection, reconnectedAt: 0 };
    });
    try {
      await waitFor(() => clients.every((client) => client.connection.state.kind === 'saved'), 'all clients to sync', 60_000);

      // Drop everyone at once: the server goes away and comes back on the same port.
      const droppedAt = Date.now();
      await first.kill9();
      for (const client of clients) {
        client.connection.provider.on('status', ({ status }: { status: string }) => {
          if (status === 'connected' && client.reconnectedAt === 0) client.reconnectedAt = Date.now() - droppedAt;
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const second = await spawnServer(port, dataDir);
      try {
        await waitFor(
          () => clients.every((client) => client.reconnectedAt > 0 && client.connection.provider.synced),
          'every client to reconnect',
          60_000,
        );

        // Not in lockstep: the first attempts are spread over the backoff window.
        const firstDelays = clients.map((client) => client.connection.delays[0]!);
        const spread = Math.max(...firstDelays) - Math.min(...firstDelays);
        expect(spread).toBeGreaterThan(150);
        const buckets = new Map<number, number>();
        for (const delay of firstDelays) buckets.set(Math.floor(delay / 25), (buckets.get(Math.floor(delay / 25)) ?? 0) + 1);
        expect(Math.max(...buckets.values())).toBeLessThan(CLIENTS / 4);
        const arrivals = clients.map((client) => client.reconnectedAt).sort((a, b) => a - b);
        expect(arrivals[arrivals.length - 1]! - arrivals[0]!).toBeGreaterThan(100);

        // And everyone converges: each writes once, all see all.
        clients.forEach((client, index) => typeInSection(client.doc, 'arendet', `k${index} `));
        // Cheap to poll: a client has every edit once it holds an item from every writer.
        const writers = new Set(clients.map((client) => client.doc.clientID));
        await waitFor(
          () => clients.every((client) => [...writers].every((writer) => client.doc.store.clients.has(writer))),
          'all clients to see all edits',
          60_000,
        );
        const reference = sectionText(clients[0]!.doc, 'arendet');
        expect(reference.split(' ').filter(Boolean)).toHaveLength(CLIENTS);
        expect(clients.every((client) => sectionText(client.doc, 'arendet') === reference)).toBe(true);
      } finally {
        clients.forEach((client) => client.connection.destroy());
        await second.stop();
      }
    } finally {
      clients.forEach((client) => client.connection.destroy());
    }
  }, 120_000);
});
