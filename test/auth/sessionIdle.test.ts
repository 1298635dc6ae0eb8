/**
 * Sessions end after a configurable idle time (YTTRA_SESSION_IDLE_MINUTES, issue 16): a session
 * in use stays, over HTTP or by writing over a socket; one left alone ends, whatever its absolute
 * lifetime. The tests configure an idle time of 2.5 s.
 */
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config';
import { connectClient, typeInSection, waitSynced } from '../helpers/clients';
import { createPerson, share } from '../helpers/people';
import { api, createDocument, useServersAndClients, wsUrl } from '../helpers/server';

const IDLE_MS = 2500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('idle sessions', () => {
  const { start } = useServersAndClients();

  it('reads the idle time from YTTRA_SESSION_IDLE_MINUTES, eight hours unless set', () => {
    expect(configFromEnv({}).sessionIdleMs).toBe(8 * 60 * 60 * 1000);
    expect(configFromEnv({ YTTRA_SESSION_IDLE_MINUTES: '30' }).sessionIdleMs).toBe(30 * 60 * 1000);
    expect(() => configFromEnv({ YTTRA_SESSION_IDLE_MINUTES: '0' })).toThrow(/YTTRA_SESSION_IDLE_MINUTES/);
  });

  it('ends a session left unused for the idle time, while one in use goes on', async () => {
    const server = await start({ sessionIdleMs: IDLE_MS });
    const busy = await createPerson(server, 'Bo Flitig');
    const idle = await createPerson(server, 'Ida Borta');
    const deadline = Date.now() + IDLE_MS * 2;
    while (Date.now() < deadline) {
      expect((await api(server, busy.token, 'GET', '/api/session')).status).toBe(200);
      await sleep(200);
    }
    const expired = await api<{ error: string }>(server, idle.token, 'GET', '/api/session');
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatch(/gått ut/);
    expect((await api(server, busy.token, 'GET', '/api/documents')).status).toBe(200);
  });

  it('counts changes written over a socket as use of the session', async () => {
    const server = await start({ sessionIdleMs: IDLE_MS });
    const writer = await createPerson(server, 'Wilma Skrivare');
    const id = await createDocument(server);
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: writer.id, role: 'editor' }]);
    const client = connectClient(wsUrl(server), id, { token: writer.token });
    try {
      await waitSynced(client);
      const deadline = Date.now() + IDLE_MS * 2;
      while (Date.now() < deadline) {
        typeInSection(client.doc, 'sammanfattning', 'Ord. ');
        await sleep(200);
      }
      expect((await api(server, writer.token, 'GET', '/api/session')).status).toBe(200);
    } finally {
      client.destroy();
    }
  });
});
