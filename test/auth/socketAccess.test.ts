import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { openRawSocket } from '../helpers/rawSocket';
import { addToGroup, createGroup, createPerson, share } from '../helpers/people';
import { api, createDocument, signIn, startTestServer, wsUrl, type TestServer } from '../helpers/server';

function closeOf(client: TestClient): Promise<number> {
  return new Promise((resolve) => client.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));
}

describe('access control on the sync socket', () => {
  const clients: TestClient[] = [];
  const servers: TestServer[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const connect = (server: TestServer, id: string, token?: string) => {
    const client = connectClient(wsUrl(server), id, token ? { token } : {});
    clients.push(client);
    return client;
  };
  async function serverWithDocument() {
    const server = await startTestServer();
    servers.push(server);
    const id = await createDocument(server);
    return { server, id };
  }

  it('refuses a socket without a token before sending anything of the room', async () => {
    const { server, id } = await serverWithDocument();
    const socket = await openRawSocket(`${wsUrl(server)}/${id}`);
    const { code, reason } = await socket.closed;
    expect(code).toBe(4401);
    expect(reason).toMatch(/logga in/);
    // Only the refusal (auth "permission denied"), no sync step and no awareness.
    expect(socket.frames.every((frame) => frame[0] === 2)).toBe(true);
  });

  it('refuses a forged token and an expired one', async () => {
    const { server, id } = await serverWithDocument();
    const forged = await openRawSocket(`${wsUrl(server)}/${id}?token=${'A'.repeat(43)}`);
    expect((await forged.closed).code).toBe(4401);

    const token = await signIn(server, 'admin@test.yttra', 'admin-losenord-1');
    const db = new Database(path.join(server.dataDir, 'yttra.sqlite'));
    db.prepare('UPDATE session SET expires_at = ?').run('2000-01-01T00:00:00.000Z');
    db.close();
    const expired = await openRawSocket(`${wsUrl(server)}/${id}?token=${token}`);
    expect((await expired.closed).code).toBe(4401);
    expect((await api(server, token, 'GET', '/api/documents')).status).toBe(401);
  });

  it("never applies a reader's update, and other clients receive nothing", async () => {
    const { server, id } = await serverWithDocument();
    const reader = await createPerson(server, 'Rut Läsare');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: reader.id, role: 'reader' }]);
    const editor = connect(server, id, server.adminToken);
    const readerClient = connect(server, id, reader.token);
    await Promise.all([waitSynced(editor), waitSynced(readerClient)]);

    let editorUpdates = 0;
    editor.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === editor.provider) editorUpdates += 1;
    });
    typeInSection(readerClient.doc, 'sammanfattning', 'läsaren skriver');
    typeInSection(editor.doc, 'arendet', 'markör');
    const watcher = connect(server, id, server.adminToken);
    await waitFor(() => sectionText(watcher.doc, 'arendet').includes('markör'), 'the editor edit to arrive');
    expect(sectionText(watcher.doc, 'sammanfattning')).not.toContain('läsaren skriver');
    expect(sectionText(editor.doc, 'sammanfattning')).not.toContain('läsaren skriver');
    expect(editorUpdates).toBe(0);
  });

  it('lets a commenter read but not change the body', async () => {
    const { server, id } = await serverWithDocument();
    const commenter = await createPerson(server, 'Greta Granskare');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: commenter.id, role: 'commenter' }]);
    const client = connect(server, id, commenter.token);
    await waitSynced(client);
    typeInSection(client.doc, 'sammanfattning', 'ändrat av granskaren');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const check = connect(server, id, server.adminToken);
    await waitSynced(check);
    expect(sectionText(check.doc, 'sammanfattning')).not.toContain('ändrat av granskaren');
  });

  it("keeps a party group's draft out of another party's list and socket", async () => {
    const server = await startTestServer();
    servers.push(server);
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const vansterpartiet = await createGroup(server, 'Vänsterpartiet', 'parti', 'V');
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    const anna = await createPerson(server, 'Anna Adell', { party: 'M' });
    const marek = await createPerson(server, 'Marek Lakatos', { party: 'V' });
    await addToGroup(server, moderaterna, kerstin.id);
    await addToGroup(server, moderaterna, anna.id);
    await addToGroup(server, vansterpartiet, marek.id);
    const id = await createDocument(server, 'reservation', 'Reservation om Hoppa av', kerstin.token);

    const listed = async (token: string) =>
      (await api<{ documents: Array<{ id: string }> }>(server, token, 'GET', '/api/documents')).body.documents.map((doc) => doc.id);
    expect(await listed(kerstin.token)).toContain(id);
    expect(await listed(anna.token)).toContain(id);
    expect(await listed(marek.token)).not.toContain(id);
    expect(await listed(server.adminToken)).not.toContain(id);
    expect((await api(server, marek.token, 'GET', `/api/documents/${id}`)).status).toBe(404);

    const intruder = connect(server, id, marek.token);
    expect(await closeOf(intruder)).toBe(4404);
    const member = connect(server, id, anna.token);
    await waitSynced(member);
  });

  it('closes the live socket of a user whose role is revoked, within two seconds', async () => {
    const { server, id } = await serverWithDocument();
    const editor = await createPerson(server, 'Eva Redaktör');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: editor.id, role: 'editor' }]);
    const client = connect(server, id, editor.token);
    await waitSynced(client);
    const closed = closeOf(client);
    const started = Date.now();
    const entries = (
      await api<{ entries: Array<{ principalId: string }> }>(server, server.adminToken, 'GET', `/api/documents/${id}/access`)
    ).body.entries;
    await api(server, server.adminToken, 'PUT', `/api/documents/${id}/access`, {
      entries: entries.filter((entry) => entry.principalId !== editor.id),
    });
    expect(await closed).toBe(4403);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('closes the sockets of a disabled user', async () => {
    const { server, id } = await serverWithDocument();
    const person = await createPerson(server, 'Otto Avslutad');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: person.id, role: 'editor' }]);
    const client = connect(server, id, person.token);
    await waitSynced(client);
    const closed = closeOf(client);
    await api(server, server.adminToken, 'PATCH', `/api/users/${person.id}`, { disabled: true });
    // Disabling ends every session of the account (4401), which closes its sockets at once.
    expect(await closed).toBe(4401);
    expect((await api(server, person.token, 'GET', '/api/documents')).status).toBe(401);
  });

  it('shows a client that claims another name with its own', async () => {
    const { server, id } = await serverWithDocument();
    const mallory = await createPerson(server, 'Mallory Falsk');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: mallory.id, role: 'editor' }]);
    const spoofer = connect(server, id, mallory.token);
    const observer = connect(server, id, server.adminToken);
    await Promise.all([waitSynced(spoofer), waitSynced(observer)]);
    spoofer.provider.awareness.setLocalStateField('user', { name: 'Administratör', id: 'someone-else', color: '#f00' });
    const stateOfSpoofer = () =>
      observer.provider.awareness.getStates().get(spoofer.doc.clientID) as
        { user?: { name: string; id: string; color: string } } | undefined;
    await waitFor(() => stateOfSpoofer()?.user !== undefined, 'the spoofer to appear');
    expect(stateOfSpoofer()!.user).toMatchObject({ name: 'Mallory Falsk', id: mallory.id, color: '#f00' });
    // Nor may it remove another connection's presence with a forged awareness entry.
    observer.provider.awareness.setLocalStateField('user', { name: 'x' });
    const third = connect(server, id, server.adminToken);
    await waitSynced(third);
    await waitFor(() => third.provider.awareness.getStates().has(observer.doc.clientID), 'the observer to be present');
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1);
    encoding.writeVarUint(update, observer.doc.clientID);
    encoding.writeVarUint(update, 1_000_000);
    encoding.writeVarString(update, 'null');
    encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
    spoofer.provider.ws!.send(encoding.toUint8Array(encoder));
    typeInSection(spoofer.doc, 'arendet', 'efter');
    await waitFor(() => sectionText(third.doc, 'arendet').includes('efter'), 'a later frame from the spoofer');
    expect(third.provider.awareness.getStates().has(observer.doc.clientID)).toBe(true);
  });
});
