import { describe, expect, it } from 'vitest';
import { waitSynced } from '../helpers/clients';
import { addToGroup, createGroup, createPerson, share } from '../helpers/people';
import { api, createDocument, type TestServer, useServersAndClients } from '../helpers/server';
import { documentInArende, newArendeId } from './fixture';

interface ArendeView {
  documents: Array<{
    id: string;
    type: string;
    typeLabel: string;
    status: string;
    title: string;
    present: Array<{ name: string; party: string | null }>;
  }>;
}

const view = async (server: TestServer, token: string, arendeId: string) =>
  (await api<ArendeView>(server, token, 'GET', `/api/arenden/${arendeId}`)).body;

/** Asks again until the answer passes `done` (presence travels over the socket) or 5 s pass. */
async function eventually<T>(ask: () => Promise<T>, done: (answer: T) => boolean): Promise<T> {
  let answer = await ask();
  for (let attempt = 0; attempt < 100 && !done(answer); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    answer = await ask();
  }
  return answer;
}

describe("an ärende's documents", () => {
  const { start, connect } = useServersAndClients();

  it('are listed with type, status and title', async () => {
    const server = await start();
    const arendeId = await newArendeId(server, 'ASN-2023-13451');
    const id = await documentInArende(server, arendeId, 'yttrande', 'Yttrande över remiss');
    const { documents } = await view(server, server.adminToken, arendeId);
    expect(documents).toEqual([
      expect.objectContaining({
        id,
        type: 'yttrande',
        typeLabel: 'Yttrande',
        status: 'utkast',
        title: 'Yttrande över remiss',
        present: [],
      }),
    ]);
  });

  it("hide a party group's private draft from everyone outside the group", async () => {
    const server = await start();
    const arendeId = await newArendeId(server, 'ASN-2023-13451');
    const mainId = await documentInArende(server, arendeId, 'yttrande', 'Yttrande över remiss');
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    await addToGroup(server, moderaterna, kerstin.id);
    // Only a ledamot or ersättare of the nämnd files a bilaga (issue 16).
    await addToGroup(server, await createGroup(server, 'Arbetsmarknads- och socialnämnden', 'namnd'), kerstin.id);
    await share(server, server.adminToken, mainId, [{ principalType: 'user', principalId: kerstin.id, role: 'commenter' }]);
    // Filed from the main document, the reservation is in its ärende.
    const filed = await api<{ id: string }>(server, kerstin.token, 'POST', `/api/documents/${mainId}/bilagor`, {
      type: 'reservation',
      cosigners: [],
    });
    const draftId = filed.body.id;
    expect((await api(server, kerstin.token, 'PUT', `/api/documents/${draftId}/arende`, { arendeId })).status).toBe(200);

    expect((await view(server, server.adminToken, arendeId)).documents.map((document) => document.id)).toEqual([mainId]);
    expect((await view(server, kerstin.token, arendeId)).documents.map((document) => document.id).sort()).toEqual([mainId, draftId].sort());
  });

  it('show who is working in each while they are connected, and not after', async () => {
    const server = await start();
    const arendeId = await newArendeId(server, 'ASN-2023-13451');
    const mainId = await documentInArende(server, arendeId, 'yttrande', 'Yttrande över remiss');
    const marek = await createPerson(server, 'Marek Lakatos', { party: 'V' });
    await share(server, server.adminToken, mainId, [{ principalType: 'user', principalId: marek.id, role: 'editor' }]);

    const writer = connect(server, mainId, marek.token);
    await waitSynced(writer);
    // A client announces itself by setting a local state; the server stamps who it really is.
    writer.provider.awareness.setLocalStateField('user', { name: 'vem som helst', color: '#000' });
    const presentNow = async () => (await view(server, server.adminToken, arendeId)).documents[0]!.present;
    expect(await eventually(presentNow, (present) => present.length > 0)).toEqual([{ name: 'Marek Lakatos', party: 'V' }]);

    writer.destroy();
    const present = await eventually(presentNow, (people) => people.length === 0);
    expect(present).toEqual([]);
  });
});

describe('putting a document in an ärende', () => {
  const { start } = useServersAndClients();

  it('needs the editor role on the document', async () => {
    const server = await start();
    const arendeId = await newArendeId(server, 'ASN-2023-13451');
    const id = await createDocument(server, 'tjansteskrivelse', 'Sociala insatser');
    const granskare = await createPerson(server, 'Gunnel Granskare');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: granskare.id, role: 'commenter' }]);
    const refused = await api<{ error: string }>(server, granskare.token, 'PUT', `/api/documents/${id}/arende`, { arendeId });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/kommentator/);
  });

  it("puts a member's bilaga only in its main document's ärende, unless they may manage the other", async () => {
    const server = await start();
    const arendeId = await newArendeId(server, 'ASN-2023-13451');
    const otherId = await newArendeId(server, 'ASN-2023-20000');
    const mainId = await documentInArende(server, arendeId, 'yttrande', 'Yttrande över remiss');
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    await addToGroup(server, moderaterna, kerstin.id);
    // Only a ledamot or ersättare of the nämnd files a bilaga (issue 16).
    await addToGroup(server, await createGroup(server, 'Arbetsmarknads- och socialnämnden', 'namnd'), kerstin.id);
    await share(server, server.adminToken, mainId, [{ principalType: 'user', principalId: kerstin.id, role: 'commenter' }]);
    const filed = await api<{ id: string }>(server, kerstin.token, 'POST', `/api/documents/${mainId}/bilagor`, {
      type: 'reservation',
      cosigners: [],
    });
    const bilagaId = filed.body.id;

    const elsewhere = await api<{ error: string }>(server, kerstin.token, 'PUT', `/api/documents/${bilagaId}/arende`, {
      arendeId: otherId,
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error).toMatch(/handläggare/);
    expect((await view(server, server.adminToken, otherId)).documents).toEqual([]);
    // An unlinked reservation has no main document to follow either.
    const loose = await createDocument(server, 'reservation', 'Reservation', kerstin.token);
    expect((await api(server, kerstin.token, 'PUT', `/api/documents/${loose}/arende`, { arendeId })).status).toBe(403);

    expect((await api(server, kerstin.token, 'PUT', `/api/documents/${bilagaId}/arende`, { arendeId: null })).status).toBe(200);
    expect((await api(server, kerstin.token, 'PUT', `/api/documents/${bilagaId}/arende`, { arendeId })).status).toBe(200);
    // As the other ärende's handläggare she may put it there.
    expect((await api(server, server.adminToken, 'PATCH', `/api/arenden/${otherId}`, { handlaggare: kerstin.id })).status).toBe(200);
    expect((await api(server, kerstin.token, 'PUT', `/api/documents/${bilagaId}/arende`, { arendeId: otherId })).status).toBe(200);
  });

  it('can be undone, and names an unknown ärende as such', async () => {
    const server = await start();
    const arendeId = await newArendeId(server, 'ASN-2023-13451');
    const id = await documentInArende(server, arendeId, 'tjansteskrivelse', 'Sociala insatser');
    expect((await api(server, server.adminToken, 'PUT', `/api/documents/${id}/arende`, { arendeId: null })).status).toBe(200);
    expect((await view(server, server.adminToken, arendeId)).documents).toEqual([]);
    const unknown = await api<{ error: string }>(server, server.adminToken, 'PUT', `/api/documents/${id}/arende`, {
      arendeId: 'finnsinte',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('Det finns inget sådant ärende.');
  });
});
