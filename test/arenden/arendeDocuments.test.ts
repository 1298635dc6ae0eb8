import { describe, expect, it } from 'vitest';
import { waitSynced } from '../helpers/clients';
import { addToGroup, createGroup, createPerson, share } from '../helpers/people';
import { api, createDocument, type TestServer, useServersAndClients } from '../helpers/server';
import { documentInArende, documentInNewArende, newArendeId, putInArende } from './fixture';

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

/**
 * Kerstin, a Moderat ledamot of the nämnd who comments on the main document, with the reservation
 * she filed from it (filed from the main document, it is in its ärende).
 */
async function memberWithReservation(server: TestServer, mainId: string) {
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
  return { kerstin, bilagaId: filed.body.id };
}

describe("an ärende's documents", () => {
  const { start, connect } = useServersAndClients();

  it('are listed with type, status and title', async () => {
    const server = await start();
    const { arendeId, id } = await documentInNewArende(server, 'ASN-2023-13451', 'yttrande', 'Yttrande över remiss');
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
    const { arendeId, id: mainId } = await documentInNewArende(server, 'ASN-2023-13451', 'yttrande', 'Yttrande över remiss');
    const { kerstin, bilagaId: draftId } = await memberWithReservation(server, mainId);
    expect((await putInArende(server, kerstin.token, draftId, arendeId)).status).toBe(200);

    expect((await view(server, server.adminToken, arendeId)).documents.map((document) => document.id)).toEqual([mainId]);
    expect((await view(server, kerstin.token, arendeId)).documents.map((document) => document.id).sort()).toEqual([mainId, draftId].sort());
  });

  it('show who is working in each while they are connected, and not after', async () => {
    const server = await start();
    const { arendeId, id: mainId } = await documentInNewArende(server, 'ASN-2023-13451', 'yttrande', 'Yttrande över remiss');
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
    const refused = await putInArende(server, granskare.token, id, arendeId);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/kommentator/);
  });

  it("puts a member's bilaga only in its main document's ärende, unless they may manage the other", async () => {
    const server = await start();
    const arendeId = await newArendeId(server, 'ASN-2023-13451');
    const otherId = await newArendeId(server, 'ASN-2023-20000');
    const mainId = await documentInArende(server, arendeId, 'yttrande', 'Yttrande över remiss');
    const { kerstin, bilagaId } = await memberWithReservation(server, mainId);

    const elsewhere = await putInArende(server, kerstin.token, bilagaId, otherId);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error).toMatch(/handläggare/);
    expect((await view(server, server.adminToken, otherId)).documents).toEqual([]);
    // An unlinked reservation has no main document to follow either.
    const loose = await createDocument(server, 'reservation', 'Reservation', kerstin.token);
    expect((await putInArende(server, kerstin.token, loose, arendeId)).status).toBe(403);

    expect((await putInArende(server, kerstin.token, bilagaId, null)).status).toBe(200);
    expect((await putInArende(server, kerstin.token, bilagaId, arendeId)).status).toBe(200);
    // As the other ärende's handläggare she may put it there.
    expect((await api(server, server.adminToken, 'PATCH', `/api/arenden/${otherId}`, { handlaggare: kerstin.id })).status).toBe(200);
    expect((await putInArende(server, kerstin.token, bilagaId, otherId)).status).toBe(200);
  });

  it('can be undone, and names an unknown ärende as such', async () => {
    const server = await start();
    const { arendeId, id } = await documentInNewArende(server, 'ASN-2023-13451', 'tjansteskrivelse', 'Sociala insatser');
    expect((await putInArende(server, server.adminToken, id, null)).status).toBe(200);
    expect((await view(server, server.adminToken, arendeId)).documents).toEqual([]);
    const unknown = await putInArende(server, server.adminToken, id, 'finnsinte');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('Det finns inget sådant ärende.');
  });
});
