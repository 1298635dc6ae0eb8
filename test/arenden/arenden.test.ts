import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, waitSynced, type TestClient } from '../helpers/clients';
import { addToGroup, createGroup, createPerson } from '../helpers/people';
import { api, createDocument, startTestServer, wsUrl, type TestServer } from '../helpers/server';

interface ArendeView {
  id: string;
  diarienummer: string;
  documents: Array<{ id: string; type: string; status: string; present: Array<{ name: string }> }>;
}

describe('ärenden', () => {
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const start = async () => {
    const server = await startTestServer();
    servers.push(server);
    return server;
  };
  const newArende = (server: TestServer, diarienummer: string, token = server.adminToken) =>
    api<{ arende?: { id: string }; error?: string }>(server, token, 'POST', '/api/arenden', {
      diarienummer,
      arendemening: 'Samverkan med polisen',
      namnd: 'Arbetsmarknads- och socialnämnden',
      beslutsplanering: [
        { organ: 'ASN beredning', date: '2023-08-09' },
        { organ: 'Arbetsmarknads- och socialnämndens arbetsutskott', date: '2023-08-17' },
      ],
    });

  it('refuses a malformed diarienummer and a duplicate, with clear messages', async () => {
    const server = await start();
    const bad = await newArende(server, 'asn-23-1');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/ASN-2023-13451/);
    expect((await newArende(server, 'ASN-2023-12667')).status).toBe(201);
    const duplicate = await newArende(server, 'ASN-2023-12667');
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatch(/redan ett ärende/);
  });

  it("lists an ärende's documents with who is working in each, hiding another party's draft", async () => {
    const server = await start();
    const arendeId = (await newArende(server, 'ASN-2023-13451')).body.arende!.id;
    const mainId = (await api<{ id: string }>(server, server.adminToken, 'POST', '/api/documents', { type: 'yttrande', title: 'Yttrande över remiss', arendeId })).body.id;
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    await addToGroup(server, moderaterna, kerstin.id);
    const draftId = await createDocument(server, 'reservation', 'Reservation', kerstin.token);
    expect((await api(server, kerstin.token, 'PUT', `/api/documents/${draftId}/arende`, { arendeId })).status).toBe(200);

    const writer = connectClient(wsUrl(server), mainId, { token: server.adminToken });
    clients.push(writer);
    await waitSynced(writer);
    writer.provider.awareness.setLocalStateField('user', { name: 'x', color: '#000' });
    const view = async (token: string) => (await api<ArendeView>(server, token, 'GET', `/api/arenden/${arendeId}`)).body;
    let adminView = await view(server.adminToken);
    for (let attempt = 0; attempt < 50 && adminView.documents[0]?.present.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      adminView = await view(server.adminToken);
    }
    expect(adminView.documents.map((document) => document.id)).toEqual([mainId]);
    expect(adminView.documents[0]!.present.map((person) => person.name)).toEqual(['Administratör']);
    expect((await view(kerstin.token)).documents.map((document) => document.id).sort()).toEqual([draftId]);
  });

  it('filters the document list by text, status, type and diarienummer', async () => {
    const server = await start();
    const arendeId = (await newArende(server, 'ASN-2023-5446')).body.arende!.id;
    const inArende = (await api<{ id: string }>(server, server.adminToken, 'POST', '/api/documents', { type: 'tjansteskrivelse', title: 'Sociala insatser', arendeId })).body.id;
    const other = await createDocument(server, 'yttrande', 'Remissvar om lokaler');
    await api(server, server.adminToken, 'POST', `/api/documents/${other}/status`, { status: 'granskning' });
    const ids = async (query: string) =>
      (await api<{ documents: Array<{ id: string }> }>(server, server.adminToken, 'GET', `/api/documents?${query}`)).body.documents.map((document) => document.id);
    expect(await ids('q=sociala')).toEqual([inArende]);
    expect(await ids('status=granskning')).toEqual([other]);
    expect(await ids('type=tjansteskrivelse')).toEqual([inArende]);
    expect(await ids('diarienummer=ASN-2023-5446')).toEqual([inArende]);
  });
});
