/**
 * The client's side of a server restart: after the server's restart close (1012) the next
 * attempt is never more than a second away, so the client is saved again within 2 s of the
 * server listening; after any other loss it backs off, and `retryNow()` skips the wait.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { DocumentConnection } from '../../client/sync/documentConnection';
import { restartDelay } from '../../client/sync/reconnectPolicy';
import { typeInSection, waitFor } from '../helpers/clients';
import { createDocument, startTestServer, wsUrl, type TestServer } from '../helpers/server';

function connect(server: { url: string; adminToken: string }, id: string, doc: Y.Doc, random?: () => number): DocumentConnection {
  return new DocumentConnection({
    serverUrl: wsUrl(server),
    room: id,
    doc,
    params: { token: server.adminToken },
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    random,
  });
}

describe('reconnecting after the server went away', () => {
  it('keeps each attempt within a second of the last while a restarted server comes back', async () => {
    expect(restartDelay(() => 0)).toBeGreaterThanOrEqual(200);
    expect(restartDelay(() => 0.9999)).toBeLessThan(1000);

    const first = await startTestServer();
    const id = await createDocument(first);
    const doc = new Y.Doc();
    const connection = connect(first, id, doc);
    let second: TestServer | undefined;
    try {
      await waitFor(() => connection.state.kind === 'saved', 'the first sync');
      await first.close();
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect(connection.state.kind).toBe('offline');
      expect(connection.delays.length, 'attempts while the server was down').toBeGreaterThanOrEqual(4);
      expect(Math.max(...connection.delays)).toBeLessThan(1000);

      second = await startTestServer({ dataDir: first.dataDir, port: first.port });
      const listening = Date.now();
      typeInSection(doc, 'arendet', 'Efter omstarten.');
      await waitFor(() => connection.state.kind === 'saved', 'saved after the restart', 5000);
      expect(Date.now() - listening).toBeLessThan(2000);
    } finally {
      connection.destroy();
      await second?.close();
    }
  }, 30_000);

  it('backs off while the server cannot be reached, and retryNow() reconnects without waiting', async () => {
    const first = await startTestServer();
    const id = await createDocument(first);
    await first.close();
    // Never connected, so never told "restarting": each failed attempt waits longer (largest jitter).
    const connection = connect(first, id, new Y.Doc(), () => 0.999);
    let second: TestServer | undefined;
    try {
      await waitFor(() => connection.delays.length >= 6, 'six failed attempts', 15_000);
      second = await startTestServer({ dataDir: first.dataDir, port: first.port });
      const state = connection.state;
      expect(state.kind).toBe('offline');
      const wait = state.kind === 'offline' ? state.retryAt! - Date.now() : 0;
      expect(wait, 'ms until the next attempt of its own').toBeGreaterThan(2500);
      connection.retryNow();
      await waitFor(() => connection.state.kind === 'saved', 'saved at once after retryNow()', 2000);
    } finally {
      connection.destroy();
      await second?.close();
    }
  }, 30_000);
});
