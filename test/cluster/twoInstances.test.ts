/**
 * Two Yttra instances on one PostgreSQL database (issue 17, SCALEOUT.md), in one process: stock
 * clients on both edit one document and converge; a client of the instance that does not own the
 * room is forwarded to the owner and held to the same structure guard and justerad lock; a
 * session from one instance works on the other, and revoking access or signing out on one closes
 * the socket on the other within 2 seconds.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { bodyFragment } from '../../shared/doc/documentState';
import { CAPABILITY_ACKS, encodeHello } from '../../shared/protocol/messages';
import { sectionKeys, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { createPerson, share } from '../helpers/people';
import { openRawSocket } from '../helpers/rawSocket';
import { readSeed } from '../helpers/seeds';
import { api, signIn, useServersAndClients, wsUrl, type TestServer } from '../helpers/server';
import { useTestDatabase } from '../helpers/postgres';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';

const database = useTestDatabase();
const SECRET = 'ein-geheimnis-fur-die-tests-0123456789';

function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

function closedWith(client: TestClient): Promise<{ code: number; at: number }> {
  return new Promise((resolve) =>
    client.provider.on('connection-close', (event) => {
      client.provider.shouldConnect = false;
      resolve({ code: event?.code ?? 0, at: Date.now() });
    }),
  );
}

describe('two instances on one PostgreSQL database', () => {
  const { start, connect } = useServersAndClients();
  const startPair = async (): Promise<[TestServer, TestServer]> => {
    const options = { databaseUrl: database.current.url, cluster: { secret: SECRET, host: '127.0.0.1', port: 0, leaseMs: 3000 } };
    return [await start(options), await start(options)];
  };
  const importSeed = async (server: TestServer) => {
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed('tjansteskrivelse-asn-2023-5446'),
    });
    return ((await response.json()) as { id: string }).id;
  };
  const setStatus = (server: TestServer, id: string, status: string) =>
    api(server, server.adminToken, 'POST', `/api/documents/${id}/status`, { status });

  it('serves one room from its owner to stock clients on both, with the structure guard and the justerad lock for the other’s clients', async () => {
    const [a, b] = await startPair();
    const id = await importSeed(a);
    const room = `doc:${id}`;
    const onA = connect(a, id);
    await waitSynced(onA);
    // A session made on a is good on b: sessions live in the database.
    const onB = connect(b, id, a.adminToken);
    await waitSynced(onB);
    expect(a.registry.get(room)).toBeDefined();
    expect(b.registry.holds(room)).toBe(false);

    for (let index = 0; index < 20; index++) {
      typeInSection(onA.doc, 'sammanfattning', ` a${index}`);
      typeInSection(onB.doc, 'arendet', ` b${index}`);
    }
    const converged = () =>
      [onA, onB].every(
        (client) => sectionText(client.doc, 'sammanfattning').includes(' a19') && sectionText(client.doc, 'arendet').includes(' b19'),
      );
    await waitFor(converged, 'both clients to see every word', 20_000);
    expect(Y.encodeStateVector(onA.doc)).toEqual(Y.encodeStateVector(onB.doc));
    const metrics = await (await fetch(`${b.url}/metrics`)).text();
    expect(metrics).toMatch(/yttra_cluster_forwarded_connections 1/);
    expect(await (await fetch(`${a.url}/metrics`)).text()).toMatch(/yttra_cluster_rooms_owned 1/);

    // A section deletion sent through b is refused by the owner's structure guard.
    const rogue = new Y.Doc();
    Y.applyUpdate(rogue, Y.encodeStateAsUpdate(onB.doc));
    const updates: Uint8Array[] = [];
    rogue.on('update', (update: Uint8Array) => updates.push(update));
    bodyFragment(rogue).delete(3, 1);
    const socket = await openRawSocket(`${wsUrl(b)}/${id}?token=${b.adminToken}`);
    socket.send(encodeHello(CAPABILITY_ACKS));
    socket.send(syncUpdateFrame(updates[0]!));
    expect((await socket.closed).code).toBe(4409);
    const keys = sectionKeys(onA.doc);
    const check = connect(b, id);
    await waitSynced(check);
    expect(sectionKeys(check.doc)).toEqual(keys);

    // justerad, set on the owner: b's client is held to the lock.
    for (const status of ['granskning', 'klar_for_au', 'behandlad', 'justerad']) {
      expect((await setStatus(a, id, status)).status, status).toBe(200);
    }
    await waitFor(() => a.registry.get(room) !== undefined, 'a to own the room still');
    const late = connect(b, id);
    await waitSynced(late);
    typeInSection(late.doc, 'sammanfattning', ' EFTER JUSTERING');
    const fresh = connect(a, id);
    await waitSynced(fresh);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fresher = connect(b, id);
    await waitSynced(fresher);
    for (const client of [fresh, fresher]) expect(sectionText(client.doc, 'sammanfattning')).not.toContain('EFTER JUSTERING');
  });

  it('hands a room over for an API call on the instance that does not own it', async () => {
    const [a, b] = await startPair();
    const id = await importSeed(a);
    const onA = connect(a, id);
    await waitSynced(onA);
    typeInSection(onA.doc, 'sammanfattning', ' före överlämningen');
    // The status is set through b: b takes the room over, a's client reconnects to it.
    expect((await setStatus(b, id, 'granskning')).status).toBe(200);
    const viaB = connect(b, id);
    await waitSynced(viaB);
    expect(sectionText(viaB.doc, 'sammanfattning')).toContain('före överlämningen');
    await waitFor(() => onA.provider.wsconnected && onA.provider.synced, 'a’s client to be back');
    typeInSection(onA.doc, 'sammanfattning', ' efter överlämningen');
    await waitFor(() => sectionText(viaB.doc, 'sammanfattning').includes('efter överlämningen'), 'the edit after the handover', 20_000);
    const detail = await api<{ status: string }>(a, a.adminToken, 'GET', `/api/documents/${id}`);
    expect(detail.body.status).toBe('granskning');
  });

  it('closes a socket on one instance within 2 seconds when access is revoked or the session ends on the other', async () => {
    const [a, b] = await startPair();
    const id = await importSeed(a);
    const person = await createPerson(a, 'Rut Redaktör');
    const other = await createPerson(a, 'Sune Skribent');
    await share(a, a.adminToken, id, [
      { principalType: 'user', principalId: person.id, role: 'editor' },
      { principalType: 'user', principalId: other.id, role: 'editor' },
    ]);
    // Signed in on a, working on b; b owns the room, so nothing on a holds the socket.
    const client = connect(b, id, person.token);
    await waitSynced(client);
    expect(b.registry.get(`doc:${id}`)).toBeDefined();
    const closed = closedWith(client);
    const current = await api<{ entries: Array<{ principalId: string }> }>(a, a.adminToken, 'GET', `/api/documents/${id}/access`);
    const revokedAt = Date.now();
    const revoke = await api(a, a.adminToken, 'PUT', `/api/documents/${id}/access`, {
      entries: current.body.entries.filter((entry) => entry.principalId !== person.id),
    });
    expect(revoke.status).toBe(200);
    const { code, at } = await closed;
    expect(code).toBe(4403);
    expect(at - revokedAt).toBeLessThan(2000);

    // Signing out on a ends the socket opened on b with that session.
    const token = await signIn(a, other.email, 'ett-langt-losenord');
    const second = connect(b, id, token);
    await waitSynced(second);
    const ended = closedWith(second);
    const signedOutAt = Date.now();
    const response = await fetch(`${a.url}/api/session`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBeLessThan(300);
    const end = await ended;
    expect(end.code).toBe(4401);
    expect(end.at - signedOutAt).toBeLessThan(2000);
  });
});
