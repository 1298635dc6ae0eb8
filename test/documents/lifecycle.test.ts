/**
 * Deleting and archiving: an owner moves a draft to the wastebasket, where it is gone from every
 * list and socket until it is restored or, after the wastebasket's days, purged for good; a
 * decided document cannot be deleted, only archived — read-only for everyone, out of the default
 * list, found with the archive filter — and taken out again. Every step is in the audit log.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { metaMap } from '../../shared/doc/documentState';
import { bodyRoom } from '../../server/sync/roomNames';
import { sectionText, typeInSection, waitFor, waitSynced } from '../helpers/clients';
import { createPerson, share } from '../helpers/people';
import { api, createDocument, useServersAndClients, type TestServer } from '../helpers/server';

const DAY_MS = 24 * 60 * 60 * 1000;

async function listed(
  server: TestServer,
  token: string,
  state?: string,
): Promise<Array<{ id: string; purgeAt?: string; archivedAt?: string | null }>> {
  const { status, body } = await api<{ documents: Array<{ id: string; purgeAt?: string; archivedAt?: string | null }> }>(
    server,
    token,
    'GET',
    `/api/documents${state ? `?state=${state}` : ''}`,
  );
  expect(status).toBe(200);
  return body.documents;
}

const ids = (documents: Array<{ id: string }>) => documents.map((document) => document.id);

/** The status as if the workflow had got there: the record decides, the document carries a copy. */
async function setLiveStatus(server: TestServer, id: string, status: string): Promise<void> {
  const database = new Database(path.join(server.dataDir, 'yttra.sqlite'));
  try {
    database.prepare('UPDATE document SET status = ? WHERE id = ?').run(status, id);
  } finally {
    database.close();
  }
  await server.documents.withRoom(id, (room) => room.change((doc) => metaMap(doc).set('status', status)));
}

describe('the wastebasket', () => {
  const { start, connect } = useServersAndClients();

  it('takes a draft out of every list and socket, and restores it with its text', async () => {
    const server = await start();
    const id = await createDocument(server, 'tjansteskrivelse', 'Felaktigt utkast');
    const client = connect(server, id);
    await waitSynced(client);
    typeInSection(client.doc, 'sammanfattning', 'Text som ska finnas kvar.');
    await waitFor(() => sectionText(client.doc, 'sammanfattning').includes('kvar'), 'local text');
    await expect.poll(async () => JSON.stringify((await server.documents.readView(id)).sections)).toContain('Text som ska finnas kvar.');

    const deleted = await api<{ purgeAt: string }>(server, server.adminToken, 'DELETE', `/api/documents/${id}`);
    expect(deleted.status).toBe(200);
    expect(Date.parse(deleted.body.purgeAt) - Date.now()).toBeGreaterThan(29 * DAY_MS);
    expect(ids(await listed(server, server.adminToken))).not.toContain(id);
    expect(ids(await listed(server, server.adminToken, 'wastebasket'))).toEqual([id]);
    expect((await api(server, server.adminToken, 'GET', `/api/documents/${id}`)).status).toBe(404);
    // The open socket is closed and cannot come back while the document is in the wastebasket.
    await waitFor(() => !client.provider.wsconnected, 'the socket to the deleted document to close');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(client.provider.wsconnected).toBe(false);

    expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/restore`)).status).toBe(200);
    expect(ids(await listed(server, server.adminToken))).toContain(id);
    expect(await listed(server, server.adminToken, 'wastebasket')).toEqual([]);
    expect(JSON.stringify((await server.documents.readView(id)).sections)).toContain('Text som ska finnas kvar.');
    const again = connect(server, id);
    await waitSynced(again);
    expect(sectionText(again.doc, 'sammanfattning')).toContain('Text som ska finnas kvar.');
  });

  it('lets only an owner delete, and refuses to delete a decided document', async () => {
    const server = await start();
    const owner = await createPerson(server, 'Olle Ägare');
    const editor = await createPerson(server, 'Elin Redaktör');
    const id = await createDocument(server, 'tjansteskrivelse', 'Delat utkast', owner.token);
    await share(server, owner.token, id, [{ principalType: 'user', principalId: editor.id, role: 'editor' }]);
    expect((await api(server, editor.token, 'DELETE', `/api/documents/${id}`)).status).toBe(403);

    for (const status of ['behandlad', 'justerad']) {
      await setLiveStatus(server, id, status);
      const refused = await api<{ error: string }>(server, owner.token, 'DELETE', `/api/documents/${id}`);
      expect(refused.status, status).toBe(409);
      expect(refused.body.error).toMatch(/Arkivera det i stället/);
    }
    expect(ids(await listed(server, owner.token))).toContain(id);
  });

  it('purges a document once it has been in the wastebasket past its days, keeping the audit of it', async () => {
    const server = await start();
    const id = await createDocument(server, 'tjansteskrivelse', 'Att rensa');
    const kept = await createDocument(server, 'tjansteskrivelse', 'Nyss borttaget');
    expect((await api(server, server.adminToken, 'DELETE', `/api/documents/${id}`)).status).toBe(200);
    expect(await server.lifecycle.purgeExpired(new Date(Date.now() + 29 * DAY_MS))).toEqual([]);
    expect((await api(server, server.adminToken, 'DELETE', `/api/documents/${kept}`)).status).toBe(200);
    expect(await server.lifecycle.purgeExpired(new Date(Date.now() + 30 * DAY_MS + 60_000))).toEqual(expect.arrayContaining([id, kept]));
    expect(await listed(server, server.adminToken, 'wastebasket')).toEqual([]);
    expect((await api(server, server.adminToken, 'POST', `/api/documents/${id}/restore`)).status).toBe(404);
    await expect(server.documents.record(id)).rejects.toThrow();
    expect(server.registry.get(bodyRoom(id))).toBeUndefined();
  });
});

describe('the archive', () => {
  const { start, connect } = useServersAndClients();

  it('makes a justerad document read-only and out of the default list, and an owner takes it out again', async () => {
    const server = await start();
    const owner = await createPerson(server, 'Olle Ägare');
    const editor = await createPerson(server, 'Elin Redaktör');
    const id = await createDocument(server, 'tjansteskrivelse', 'Beslutat ärende', owner.token);
    await share(server, owner.token, id, [{ principalType: 'user', principalId: editor.id, role: 'editor' }]);
    await setLiveStatus(server, id, 'justerad');

    expect((await api(server, owner.token, 'POST', `/api/documents/${id}/archive`)).status).toBe(200);
    expect(ids(await listed(server, editor.token))).not.toContain(id);
    expect(ids(await listed(server, editor.token, 'archived'))).toEqual([id]);
    expect((await api(server, editor.token, 'GET', `/api/documents/${id}`)).status).toBe(200);
    const write = await api<{ error: string }>(server, editor.token, 'POST', `/api/documents/${id}/versions`, { name: 'Efter arkivering' });
    expect(write.status).toBe(423);
    expect(write.body.error).toMatch(/arkiverat/);
    expect((await api(server, editor.token, 'POST', `/api/documents/${id}/unarchive`)).status).toBe(403);

    // Over the socket an archived document is read-only too: an editor's typing never reaches it.
    await setLiveStatus(server, id, 'utkast');
    const client = connect(server, id, editor.token);
    await waitSynced(client);
    typeInSection(client.doc, 'arendet', 'Skrivet i arkivet.');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(JSON.stringify((await server.documents.readView(id)).sections)).not.toContain('Skrivet i arkivet.');

    expect((await api(server, owner.token, 'POST', `/api/documents/${id}/unarchive`)).status).toBe(200);
    expect(ids(await listed(server, editor.token))).toContain(id);
    const audit = await api<{ events: Array<{ action: string }> }>(server, owner.token, 'GET', `/api/documents/${id}/audit`);
    expect(audit.body.events.map((event) => event.action)).toEqual(expect.arrayContaining(['archived', 'unarchived']));
  });
});
