import { describe, expect, it } from 'vitest';
import { api, createDocument, type TestServer, useServersAndClients } from '../helpers/server';
import { documentInArende, documentInNewArende, newArendeId } from './fixture';

const ids = async (server: TestServer, query: string) => {
  const { status, body } = await api<{ documents: Array<{ id: string }>; error?: string }>(
    server,
    server.adminToken,
    'GET',
    `/api/documents?${query}`,
  );
  if (status !== 200) throw new Error(`GET /api/documents?${query}: ${status} ${body.error}`);
  return body.documents.map((document) => document.id).sort();
};

describe('the document list filters', () => {
  const { start } = useServersAndClients();

  it('finds documents by a part of the title, in any case', async () => {
    const server = await start();
    const sociala = await createDocument(server, 'tjansteskrivelse', 'Sociala insatser');
    await createDocument(server, 'yttrande', 'Remissvar om lokaler');
    expect(await ids(server, 'q=SOCIALA')).toEqual([sociala]);
  });

  it('finds documents by status', async () => {
    const server = await start();
    await createDocument(server, 'tjansteskrivelse', 'Sociala insatser');
    const inReview = await createDocument(server, 'yttrande', 'Remissvar om lokaler');
    expect((await api(server, server.adminToken, 'POST', `/api/documents/${inReview}/status`, { status: 'granskning' })).status).toBe(200);
    expect(await ids(server, 'status=granskning')).toEqual([inReview]);
  });

  it('finds documents by type, and combines filters', async () => {
    const server = await start();
    const sociala = await createDocument(server, 'tjansteskrivelse', 'Sociala insatser');
    const lokaler = await createDocument(server, 'tjansteskrivelse', 'Lokaler');
    await createDocument(server, 'yttrande', 'Sociala frågor');
    expect(await ids(server, 'type=tjansteskrivelse')).toEqual([sociala, lokaler].sort());
    expect(await ids(server, 'type=tjansteskrivelse&q=sociala')).toEqual([sociala]);
  });

  it("finds documents by their ärende's diarienummer, whole or by leading parts", async () => {
    const server = await start();
    const inArende = await documentInArende(server, await newArendeId(server, 'ASN-2023-5446'), 'tjansteskrivelse', 'Sociala insatser');
    const inLonger = await documentInArende(server, await newArendeId(server, 'ASN-2023-54460'), 'tjansteskrivelse', 'Annat');
    await documentInArende(server, await newArendeId(server, 'STK-2023-663'), 'yttrande', 'Remissvar');
    expect(await ids(server, 'diarienummer=asn-2023-5446')).toEqual([inArende]);
    expect(await ids(server, 'diarienummer=ASN-2023')).toEqual([inArende, inLonger].sort());
  });

  it('finds a document without an ärende by the diarienummer in its title', async () => {
    const server = await start();
    const leading = await createDocument(server, 'yttrande', 'ASN-2023-13451 Yttrande över remiss');
    const trailing = await createDocument(server, 'tjansteskrivelse', 'Svar på nämndinitiativ ASN-2023-13451');
    await createDocument(server, 'tjansteskrivelse', 'Utan diarienummer');
    expect(await ids(server, 'diarienummer=ASN-2023-13451')).toEqual([leading, trailing].sort());
  });

  it('answers an unknown status or type with the values it knows', async () => {
    const server = await start();
    const status = await api<{ error: string }>(server, server.adminToken, 'GET', '/api/documents?status=klar');
    expect(status.status).toBe(400);
    expect(status.body.error).toMatch(/klar_for_au/);
    const type = await api<{ error: string }>(server, server.adminToken, 'GET', '/api/documents?type=protokoll');
    expect(type.status).toBe(400);
    expect(type.body.error).toMatch(/tjansteskrivelse/);
  });

  it('keeps the list shape, with each document naming its ärende', async () => {
    const server = await start();
    const { arendeId, id: inArende } = await documentInNewArende(server, 'ASN-2023-5446', 'tjansteskrivelse', 'Sociala insatser');
    const loose = await createDocument(server);
    const { body } = await api<{ documents: Array<{ id: string; arendeId: string | null; typeLabel: string }> }>(
      server,
      server.adminToken,
      'GET',
      '/api/documents',
    );
    expect(body.documents.find((document) => document.id === inArende)).toMatchObject({ arendeId, typeLabel: 'Tjänsteskrivelse' });
    expect(body.documents.find((document) => document.id === loose)).toMatchObject({ arendeId: null });
  });
});
