/**
 * A sync socket whose peer has gone (no FIN ever arrives: a laptop lid closed, a dropped VPN) or
 * that never answers a ping must not hold its place, and its share of the per-address cap,
 * forever: the server pings every YTTRA_SYNC_HEARTBEAT_SECONDS and ends a socket that missed one.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { waitSynced } from '../helpers/clients';
import { createDocument, useServersAndClients, wsUrl } from '../helpers/server';

describe('the sync heartbeat', () => {
  const { start, connect } = useServersAndClients();

  it('ends a socket that does not answer pings, and keeps one that does', async () => {
    const server = await start({ syncHeartbeatMs: 300 });
    const id = await createDocument(server);
    const healthy = connect(server, id);
    await waitSynced(healthy);

    const silent = new WebSocket(`${wsUrl(server)}/${id}?token=${server.adminToken}`, { autoPong: false });
    const closedAfter = await new Promise<number>((resolve) => {
      const opened = Date.now();
      silent.on('close', () => resolve(Date.now() - opened));
      setTimeout(() => resolve(Infinity), 3000);
    });
    expect(closedAfter).toBeLessThan(1500);
    expect(healthy.provider.wsconnected).toBe(true);
  });
});
