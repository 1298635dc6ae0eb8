/**
 * Issue 11, finding 6 (second half) and finding 7 (the null among undertecknare), over real
 * sockets: a header value of the wrong shape is refused before it reaches the document, so export,
 * the status check and comparison keep answering for everyone.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { fieldsMap, metaMap } from '../../shared/doc/documentState';
import { connectClient, waitSynced, type TestClient } from '../helpers/clients';
import { openRawSocket } from '../helpers/rawSocket';
import { addToGroup, createGroup, createPerson, share } from '../helpers/people';
import { readSeed } from '../helpers/seeds';
import { api, createDocument, useServersAndClients, wsUrl, type TestServer } from '../helpers/server';

function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Sends what `change` does to a copy of the document as one raw frame; resolves with the close code, or null if the socket stayed open. */
async function sendChange(
  server: TestServer,
  id: string,
  honest: TestClient,
  change: (doc: Y.Doc) => void,
  token = server.adminToken,
): Promise<number | null> {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(honest.doc));
  const updates: Uint8Array[] = [];
  copy.on('update', (update: Uint8Array) => updates.push(update));
  change(copy);
  const socket = await openRawSocket(`${wsUrl(server)}/${id}?token=${token}`);
  socket.send(syncUpdateFrame(Y.mergeUpdates(updates)));
  const closed = await Promise.race([socket.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 1500))]);
  socket.ws.close();
  return closed?.code ?? null;
}

async function answers(server: TestServer, id: string): Promise<Record<string, number>> {
  const version = await api<{ version: { id: string } }>(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, {
    name: 'Efter försöket',
  });
  const statuses: Record<string, number> = {
    document: (await api(server, server.adminToken, 'GET', `/api/documents/${id}`)).status,
    status: (await api(server, server.adminToken, 'GET', `/api/documents/${id}/status`)).status,
    compare: (
      await api(server, server.adminToken, 'GET', `/api/documents/${id}/versions/compare?from=${version.body.version?.id}&to=current`)
    ).status,
  };
  for (const format of ['html', 'txt', 'docx']) {
    statuses[format] = (
      await fetch(`${server.url}/api/documents/${id}/export?format=${format}`, {
        headers: { authorization: `Bearer ${server.adminToken}` },
      })
    ).status;
  }
  return statuses;
}

const ALL_OK = { document: 200, status: 200, compare: 200, html: 200, txt: 200, docx: 200 };

describe('a header value of the wrong shape sent over the socket', () => {
  const { start, connect } = useServersAndClients();

  async function openDocument(type: string) {
    const server = await start();
    const id = await createDocument(server, type, 'Fältets form');
    const honest = connect(server, id);
    await waitSynced(honest);
    return { server, id, honest };
  }

  it('refuses datum = {name: 5}, and export, status and compare keep answering', async () => {
    const { server, id, honest } = await openDocument('tjansteskrivelse');
    expect(await sendChange(server, id, honest, (doc) => fieldsMap(doc).set('datum', { name: 5 }))).toBe(4409);
    expect(await answers(server, id)).toEqual(ALL_OK);
    const view = await api<{ fields: Record<string, unknown> }>(server, server.adminToken, 'GET', `/api/documents/${id}`);
    expect(view.body.fields.datum).toBe('');
  });

  it('refuses a null among the undertecknare, and the reservation still exports', async () => {
    const { server, id, honest } = await openDocument('reservation');
    const code = await sendChange(server, id, honest, (doc) => (fieldsMap(doc).get('undertecknare') as Y.Array<unknown>).push([null]));
    expect(code).toBe(4409);
    expect(await answers(server, id)).toEqual(ALL_OK);
  });

  it('refuses a null among a linked reservation’s undertecknare, and the main document still exports', async () => {
    const server = await start();
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    await addToGroup(server, moderaterna, kerstin.id);
    // Only a ledamot or ersättare of the nämnd files a bilaga (issue 16).
    await addToGroup(server, await createGroup(server, 'Arbetsmarknads- och socialnämnden', 'namnd'), kerstin.id);
    const imported = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed('yttrande-asn-2023-13451'),
    });
    const mainId = ((await imported.json()) as { id: string }).id;
    await share(server, server.adminToken, mainId, [{ principalType: 'user', principalId: kerstin.id, role: 'commenter' }]);
    const filed = await api<{ id: string }>(server, kerstin.token, 'POST', `/api/documents/${mainId}/bilagor`, {
      type: 'reservation',
      cosigners: [],
    });
    expect(filed.status).toBe(201);
    const honest = connect(server, filed.body.id, kerstin.token);
    await waitSynced(honest);
    const code = await sendChange(
      server,
      filed.body.id,
      honest,
      (doc) => (fieldsMap(doc).get('undertecknare') as Y.Array<unknown>).push([null]),
      kerstin.token,
    );
    expect(code).toBe(4409);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the closing lines follow a bilaga 300 ms after a change
    expect(await answers(server, mainId)).toEqual(ALL_OK);
  });

  it('refuses an old client writing a plain value over a field, and the field keeps what was typed in it', async () => {
    const { server, id, honest } = await openDocument('tjansteskrivelse');
    (fieldsMap(honest.doc).get('diarienummer') as Y.Text).insert(0, 'ASN-2023-13451');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await sendChange(server, id, honest, (doc) => fieldsMap(doc).set('diarienummer', 'skrivet över'))).toBe(4409);
    expect(await sendChange(server, id, honest, (doc) => metaMap(doc).set('title', 'Ny titel'))).toBe(4409);
    const view = await api<{ title: string; fields: Record<string, unknown> }>(server, server.adminToken, 'GET', `/api/documents/${id}`);
    expect(view.body.fields.diarienummer).toBe('ASN-2023-13451');
    expect(view.body.title).toBe('Fältets form');
  });

  it('lets a stock client type in a field and add a person, as the editor does', async () => {
    const { server, id } = await openDocument('reservation');
    const writer = connectClient(wsUrl(server), id, { token: server.adminToken });
    try {
      await waitSynced(writer);
      (fieldsMap(writer.doc).get('paragraf') as Y.Text).insert(0, '§ 195');
      const person = new Y.Map<Y.Text>([
        ['name', new Y.Text('Anna Adell')],
        ['party', new Y.Text('M')],
      ]);
      (fieldsMap(writer.doc).get('undertecknare') as Y.Array<unknown>).push([person]);
      const deadline = Date.now() + 5000;
      let fields: Record<string, unknown> = {};
      while (Date.now() < deadline) {
        fields = (await api<{ fields: Record<string, unknown> }>(server, server.adminToken, 'GET', `/api/documents/${id}`)).body.fields;
        if (fields.paragraf === '§ 195' && Array.isArray(fields.undertecknare) && fields.undertecknare.length === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(fields).toMatchObject({ paragraf: '§ 195', undertecknare: [{ name: 'Anna Adell', party: 'M' }] });
      expect(writer.provider.wsconnected).toBe(true);
    } finally {
      writer.destroy();
    }
  });
});
