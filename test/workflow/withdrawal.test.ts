/**
 * Withdrawing a reservation or a särskilt yttrande (issue 16): its signatories may, until the
 * protocol is justerat; its closing line then leaves the main document. Nobody else may, and
 * after justering nobody may.
 */
import { describe, expect, it } from 'vitest';
import { metaMap } from '../../shared/doc/documentState';
import { connectClient, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { addToGroup, createGroup, createPerson, share } from '../helpers/people';
import { readSeed } from '../helpers/seeds';
import { api, useServersAndClients, wsUrl, type TestServer } from '../helpers/server';

interface BilagorAnswer {
  closingLines: string[];
  withdrawable: Array<{ bilagaId: string; type: string }>;
}

describe('withdrawing a bilaga', () => {
  const { start } = useServersAndClients();

  /** The seed yttrande of ASN, two Moderates and a Social Democrat who sit on the nämnd. */
  async function setUp() {
    const server = await start();
    const asn = await createGroup(server, 'Arbetsmarknads- och socialnämnden', 'namnd');
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const socialdemokraterna = await createGroup(server, 'Socialdemokraterna', 'parti', 'S');
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    const farishta = await createPerson(server, 'Farishta Sulaiman', { party: 'M' });
    const sedat = await createPerson(server, 'Sedat Arif', { party: 'S' });
    for (const person of [kerstin, farishta, sedat]) await addToGroup(server, asn, person.id);
    for (const person of [kerstin, farishta]) await addToGroup(server, moderaterna, person.id);
    await addToGroup(server, socialdemokraterna, sedat.id);
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed('yttrande-asn-2023-13451'),
    });
    const mainId = ((await response.json()) as { id: string }).id;
    await share(
      server,
      server.adminToken,
      mainId,
      [kerstin, farishta, sedat].map((person) => ({ principalType: 'user' as const, principalId: person.id, role: 'commenter' })),
    );
    return { server, mainId, kerstin, farishta, sedat };
  }

  const bilagor = async (server: TestServer, token: string, mainId: string) =>
    (await api<BilagorAnswer>(server, token, 'GET', `/api/documents/${mainId}/bilagor`)).body;
  const withdraw = (server: TestServer, token: string, mainId: string, bilagaId: string) =>
    api<{ ok?: boolean; error?: string }>(server, token, 'POST', `/api/documents/${mainId}/bilagor/${bilagaId}/withdraw`, {});

  it("removes the reservation's closing line from the main document, live, when a co-signer withdraws it", async () => {
    const { server, mainId, kerstin, farishta, sedat } = await setUp();
    const filed = await api<{ id: string }>(server, kerstin.token, 'POST', `/api/documents/${mainId}/bilagor`, {
      type: 'reservation',
      cosigners: [farishta.id],
    });
    expect(filed.status).toBe(201);
    const reservationId = filed.body.id;
    const before = await bilagor(server, farishta.token, mainId);
    expect(before.closingLines.join(' ')).toMatch(/Kerstin Håkansson \(M\) och Farishta Sulaiman \(M\).*reservation/);
    expect(before.withdrawable.map((bilaga) => bilaga.bilagaId)).toEqual([reservationId]);

    const watcher: TestClient = connectClient(wsUrl(server), mainId, { token: server.adminToken });
    try {
      await waitSynced(watcher);
      expect(JSON.stringify(metaMap(watcher.doc).get('closingLines'))).toMatch(/reservation/);

      // Another member of the nämnd who does not sign it may not.
      const refused = await withdraw(server, sedat.token, mainId, reservationId);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatch(/undertecknar/);
      expect((await bilagor(server, sedat.token, mainId)).withdrawable).toEqual([]);

      const withdrawn = await withdraw(server, farishta.token, mainId, reservationId);
      expect(withdrawn.status).toBe(200);
      expect((await bilagor(server, kerstin.token, mainId)).closingLines).toEqual([]);
      await waitFor(() => JSON.stringify(metaMap(watcher.doc).get('closingLines') ?? []) === '[]', 'the closing line to leave');
    } finally {
      watcher.destroy();
    }
    expect((await withdraw(server, kerstin.token, mainId, reservationId)).status).toBe(409);
    const audit = await api<{ events: Array<{ action: string }> }>(server, server.adminToken, 'GET', `/api/documents/${mainId}/audit`);
    expect(audit.body.events.map((event) => event.action)).toContain('bilaga_withdrawn');
  });

  it('refuses a withdrawal after justering and keeps the closing line as it was justerad', async () => {
    const { server, mainId, kerstin } = await setUp();
    const filed = await api<{ id: string }>(server, kerstin.token, 'POST', `/api/documents/${mainId}/bilagor`, {
      type: 'sarskilt_yttrande',
      cosigners: [],
    });
    expect(filed.status).toBe(201);
    for (const status of ['granskning', 'klar_for_au', 'behandlad', 'justerad']) {
      expect((await api(server, server.adminToken, 'POST', `/api/documents/${mainId}/status`, { status })).status, status).toBe(200);
    }
    const justerade = (await bilagor(server, kerstin.token, mainId)).closingLines;
    expect(justerade.join(' ')).toMatch(/Kerstin Håkansson \(M\).*särskilt yttrande/);

    const refused = await withdraw(server, kerstin.token, mainId, filed.body.id);
    expect(refused.status).toBe(423);
    expect(refused.body.error).toMatch(/efter justering/);
    expect((await bilagor(server, kerstin.token, mainId)).closingLines).toEqual(justerade);
  });
});
