/**
 * The roles of a nämnd (issue 16): only a ledamot or ersättare of the document's nämnd files a
 * särskilt yttrande or a reservation; a nämndsekreterare registers ärenden, plans their meetings
 * and takes the meeting's steps of the workflow, which a document's editors no longer take.
 */
import { describe, expect, it } from 'vitest';
import { addToGroup, createGroup, createPerson, share, type Person } from '../helpers/people';
import { readSeed } from '../helpers/seeds';
import { api, useServersAndClients, type TestServer } from '../helpers/server';

const ASN = 'Arbetsmarknads- och socialnämnden';

async function importSeed(server: TestServer): Promise<string> {
  const response = await fetch(`${server.url}/api/import`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
    body: readSeed('yttrande-asn-2023-13451'),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function grantNamndsekreterare(server: TestServer, person: Person): Promise<void> {
  const granted = await api(server, server.adminToken, 'PATCH', `/api/users/${person.id}`, { isNamndsekreterare: true });
  expect(granted.status).toBe(200);
}

const fileReservation = (server: TestServer, token: string, mainId: string) =>
  api<{ id?: string; error?: string }>(server, token, 'POST', `/api/documents/${mainId}/bilagor`, { type: 'reservation', cosigners: [] });

const setStatus = (server: TestServer, token: string, id: string, status: string) =>
  api<{ status?: string; error?: string }>(server, token, 'POST', `/api/documents/${id}/status`, { status });

describe('the roles of a nämnd', () => {
  const { start } = useServersAndClients();

  /** Groups made before the seed is imported, so every nämnd may comment on it (the default sharing). */
  async function nämndWithSeed() {
    const server = await start();
    const asn = await createGroup(server, ASN, 'namnd');
    const kultur = await createGroup(server, 'Kulturnämnden', 'namnd');
    const forvaltning = await createGroup(server, 'Arbetsmarknads- och socialförvaltningen', 'forvaltning');
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const mainId = await importSeed(server);
    return { server, asn, kultur, forvaltning, moderaterna, mainId };
  }

  describe('when someone files a reservation', () => {
    it('refuses a förvaltning official and a commenter with a Swedish reason (403)', async () => {
      const { server, forvaltning, mainId } = await nämndWithSeed();
      const official = await createPerson(server, 'Olle Tjänsteman');
      await addToGroup(server, forvaltning, official.id);
      const commenter = await createPerson(server, 'Greta Granskare');
      await share(server, server.adminToken, mainId, [
        { principalType: 'user', principalId: official.id, role: 'editor' },
        { principalType: 'user', principalId: commenter.id, role: 'commenter' },
      ]);
      for (const person of [official, commenter]) {
        const refused = await fileReservation(server, person.token, mainId);
        expect(refused.status, person.name).toBe(403);
        expect(refused.body.error, person.name).toMatch(/ledamöter och ersättare i nämnden/);
      }
      const offer = await api<{ mayFile: boolean }>(server, official.token, 'GET', `/api/documents/${mainId}/bilagor`);
      expect(offer.body.mayFile).toBe(false);
    });

    it('refuses a party member who sits on no nämnd', async () => {
      const { server, moderaterna, mainId } = await nämndWithSeed();
      const outsider = await createPerson(server, 'Sven Partiman', { party: 'M' });
      await addToGroup(server, moderaterna, outsider.id);
      await share(server, server.adminToken, mainId, [{ principalType: 'user', principalId: outsider.id, role: 'commenter' }]);
      expect((await fileReservation(server, outsider.token, mainId)).status).toBe(403);
    });

    it('lets a party member of the nämnd the document belongs to file one', async () => {
      const { server, asn, moderaterna, mainId } = await nämndWithSeed();
      const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
      for (const group of [asn, moderaterna]) await addToGroup(server, group, kerstin.id);
      const offer = await api<{ mayFile: boolean }>(server, kerstin.token, 'GET', `/api/documents/${mainId}/bilagor`);
      expect(offer.body.mayFile).toBe(true);
      const filed = await fileReservation(server, kerstin.token, mainId);
      expect(filed.status).toBe(201);
      const lines = await api<{ closingLines: string[] }>(server, kerstin.token, 'GET', `/api/documents/${mainId}/bilagor`);
      expect(lines.body.closingLines.join(' ')).toMatch(/Kerstin Håkansson \(M\).*reservation/);
    });

    it('refuses a party member of another nämnd, naming the nämnd the document belongs to', async () => {
      const { server, kultur, moderaterna, mainId } = await nämndWithSeed();
      const olof = await createPerson(server, 'Olof Kulturpolitiker', { party: 'M' });
      for (const group of [kultur, moderaterna]) await addToGroup(server, group, olof.id);
      const refused = await fileReservation(server, olof.token, mainId);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toContain(ASN);
    });

    it("reads the nämnd from the document's ärende when the document itself names none", async () => {
      const { server, kultur, moderaterna } = await nämndWithSeed();
      const registered = await api<{ arende: { id: string } }>(server, server.adminToken, 'POST', '/api/arenden', {
        diarienummer: 'ASN-2023-4711',
        arendemening: 'Bidrag till föreningar',
        namnd: ASN,
      });
      const created = await api<{ id: string }>(server, server.adminToken, 'POST', '/api/documents', {
        type: 'tjansteskrivelse',
        title: 'Bidrag',
        arendeId: registered.body.arende.id,
      });
      const olof = await createPerson(server, 'Olof Kulturpolitiker', { party: 'M' });
      for (const group of [kultur, moderaterna]) await addToGroup(server, group, olof.id);
      await share(server, server.adminToken, created.body.id, [{ principalType: 'user', principalId: olof.id, role: 'commenter' }]);
      const refused = await fileReservation(server, olof.token, created.body.id);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toContain(ASN);
    });
  });

  describe('when someone moves a document through the workflow', () => {
    it('lets an editor take the drafting steps but not mark the document behandlad', async () => {
      const { server, mainId } = await nämndWithSeed();
      const editor = await createPerson(server, 'Eva Redaktör');
      await share(server, server.adminToken, mainId, [{ principalType: 'user', principalId: editor.id, role: 'editor' }]);
      expect((await setStatus(server, editor.token, mainId, 'granskning')).status).toBe(200);
      expect((await setStatus(server, editor.token, mainId, 'klar_for_au')).status).toBe(200);
      const refused = await setStatus(server, editor.token, mainId, 'behandlad');
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatch(/nämndsekreteraren/);
      expect((await setStatus(server, editor.token, mainId, 'granskning')).status).toBe(200);
    });

    it('lets a nämndsekreterare who can read the document take every step up to justerad', async () => {
      const { server, mainId } = await nämndWithSeed();
      const lena = await createPerson(server, 'Lena Ek');
      await grantNamndsekreterare(server, lena);
      await share(server, server.adminToken, mainId, [{ principalType: 'user', principalId: lena.id, role: 'reader' }]);
      for (const status of ['granskning', 'klar_for_au', 'behandlad', 'justerad']) {
        const moved = await setStatus(server, lena.token, mainId, status);
        expect(moved.status, `${status}: ${JSON.stringify(moved.body)}`).toBe(200);
      }
      // Reopening stays the administrator's.
      expect((await setStatus(server, lena.token, mainId, 'behandlad')).status).toBe(403);
    });

    it('refuses a reader who is no nämndsekreterare', async () => {
      const { server, mainId } = await nämndWithSeed();
      const reader = await createPerson(server, 'Rut Läsare');
      await share(server, server.adminToken, mainId, [{ principalType: 'user', principalId: reader.id, role: 'reader' }]);
      const refused = await setStatus(server, reader.token, mainId, 'granskning');
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatch(/redaktörer, en nämndsekreterare eller en administratör/);
    });
  });

  describe('when someone registers or changes an ärende', () => {
    const arende = { diarienummer: 'ASN-2023-13451', arendemening: 'Samverkan med polisen', namnd: ASN };

    it('refuses a signed-in person who is no nämndsekreterare, and lets one the administrator made nämndsekreterare', async () => {
      const server = await start();
      const lena = await createPerson(server, 'Lena Ek');
      const refused = await api<{ error: string }>(server, lena.token, 'POST', '/api/arenden', arende);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatch(/nämndsekreterare/);
      await grantNamndsekreterare(server, lena);
      const listed = await api<{ users: Array<{ id: string; isNamndsekreterare: boolean }> }>(server, lena.token, 'GET', '/api/users');
      expect(listed.body.users.find((user) => user.id === lena.id)?.isNamndsekreterare).toBe(true);
      expect((await api(server, lena.token, 'POST', '/api/arenden', arende)).status).toBe(201);
    });

    it('lets the handläggare change the ärendemening but not plan its meetings; the nämndsekreterare plans them', async () => {
      const server = await start();
      const mimmi = await createPerson(server, 'Mimmi Olsson');
      const lena = await createPerson(server, 'Lena Ek');
      await grantNamndsekreterare(server, lena);
      const registered = await api<{ arende: { id: string } }>(server, lena.token, 'POST', '/api/arenden', {
        ...arende,
        handlaggare: mimmi.id,
      });
      const path = `/api/arenden/${registered.body.arende.id}`;
      // The ärende page offers the planning to the nämndsekreterare only.
      expect((await api<{ mayManage: boolean; mayPlan: boolean }>(server, mimmi.token, 'GET', path)).body).toMatchObject({
        mayManage: true,
        mayPlan: false,
      });
      expect((await api<{ mayPlan: boolean }>(server, lena.token, 'GET', path)).body.mayPlan).toBe(true);
      const meetings = { beslutsplanering: [{ organ: 'ASN arbetsutskott', date: '2023-08-17' }] };
      const planned = await api<{ error: string }>(server, mimmi.token, 'PATCH', path, meetings);
      expect(planned.status).toBe(403);
      expect(planned.body.error).toMatch(/beslutsplanering ändras av nämndsekreteraren/);
      // The whole form sent back unchanged, with a new ärendemening: only that is a change.
      const renamed = await api(server, mimmi.token, 'PATCH', path, { ...arende, arendemening: 'Samverkan med polisen i Malmö' });
      expect(renamed.status).toBe(200);
      expect((await api(server, lena.token, 'PATCH', path, meetings)).status).toBe(200);
      const someoneElse = await createPerson(server, 'Utan Ärende');
      expect((await api(server, someoneElse.token, 'PATCH', path, { arendemening: 'Kapat' })).status).toBe(403);
    });
  });
});
