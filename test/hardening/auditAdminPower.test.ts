/**
 * Finding 14 and its class: what gives or uses access is audited and shown where it matters —
 * in the log of the document concerned, including a party's private draft.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addToGroup, createGroup, createPerson } from '../helpers/people';
import { api, createDocument, startTestServer, type TestServer } from '../helpers/server';

interface AuditAnswer {
  events: Array<{ action: string; userName: string | null; detail: Record<string, unknown> }>;
}

const adminId = async (server: TestServer) =>
  (await api<{ user: { id: string } }>(server, server.adminToken, 'GET', '/api/session')).body.user.id;

describe('the audit log of what gives or uses access', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const start = async () => {
    const server = await startTestServer();
    servers.push(server);
    return server;
  };

  it("shows in a party draft's log that an administrator joined the party group, exported the draft in every format and left", async () => {
    const server = await start();
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    await addToGroup(server, moderaterna, kerstin.id);
    const draftId = await createDocument(server, 'reservation', 'Reservation om budgeten', kerstin.token);
    // The draft is private to the party group: not even an administrator can open it …
    expect((await api(server, server.adminToken, 'GET', `/api/documents/${draftId}`)).status).toBe(404);

    // … until they make themself a member.
    const admin = await adminId(server);
    expect((await api(server, server.adminToken, 'POST', `/api/groups/${moderaterna}/members`, { userId: admin })).status).toBe(201);
    for (const format of ['docx', 'pdf', 'html', 'txt']) {
      const exported = await fetch(`${server.url}/api/documents/${draftId}/export?format=${format}`, {
        headers: { authorization: `Bearer ${server.adminToken}` },
      });
      await exported.arrayBuffer();
      expect(exported.status, format).toBe(200);
    }
    expect((await api(server, server.adminToken, 'DELETE', `/api/groups/${moderaterna}/members/${admin}`)).status).toBe(200);

    const log = await api<AuditAnswer>(server, kerstin.token, 'GET', `/api/documents/${draftId}/audit`);
    expect(log.status).toBe(200);
    // The log comes in the order things happened, oldest first (issue 16).
    const lines = log.body.events.map(
      (event) => `${event.userName}: ${event.action}${event.detail.format ? ` ${String(event.detail.format)}` : ''}`,
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'Administratör: member_added',
        'Administratör: exported docx',
        'Administratör: exported pdf',
        'Administratör: exported html',
        'Administratör: exported txt',
        'Administratör: member_removed',
      ]),
    );
    const order = ['member_added', 'exported', 'member_removed'].map((action) => lines.findIndex((line) => line.includes(action)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The latest addition to the group (the first is Kerstin's own, oldest first).
    expect(log.body.events.filter((event) => event.action === 'member_added').at(-1)!.detail).toMatchObject({
      groupName: 'Moderaterna',
      memberName: 'Administratör',
    });
  });

  it('shows status changes, sharing changes and who was made administrator in the log of a shared document', async () => {
    const server = await start();
    const owner = await createPerson(server, 'Mimmi Olsson');
    const colleague = await createPerson(server, 'Britt-Marie Pettersson');
    const id = await createDocument(server, 'tjansteskrivelse', 'Samverkan', owner.token);
    const entries = (await api<{ entries: object[] }>(server, owner.token, 'GET', `/api/documents/${id}/access`)).body.entries;
    await api(server, owner.token, 'PUT', `/api/documents/${id}/access`, {
      entries: [...entries, { principalType: 'user', principalId: colleague.id, role: 'reader' }],
    });
    expect((await api(server, owner.token, 'POST', `/api/documents/${id}/status`, { status: 'granskning' })).status).toBe(200);
    // An administrator is an owner of every shared document: granting it is a change of who may read this one.
    expect((await api(server, server.adminToken, 'PATCH', `/api/users/${colleague.id}`, { isAdmin: true })).status).toBe(200);

    const { body } = await api<AuditAnswer>(server, owner.token, 'GET', `/api/documents/${id}/audit`);
    const actions = body.events.map((event) => `${event.userName}: ${event.action}`);
    expect(actions).toEqual(
      expect.arrayContaining(['Mimmi Olsson: access_changed', 'Mimmi Olsson: status_changed', 'Administratör: user_changed']),
    );
    expect(body.events.find((event) => event.action === 'user_changed')!.detail).toMatchObject({
      name: 'Britt-Marie Pettersson',
      before: { isAdmin: false },
      after: { isAdmin: true },
    });
  });

  it("audits every change to an ärende, and shows it in its documents' logs", async () => {
    const server = await start();
    const handlaggare = await createPerson(server, 'Mimmi Olsson');
    const registered = await api<{ arende: { id: string } }>(server, server.adminToken, 'POST', '/api/arenden', {
      diarienummer: 'ASN-2023-13451',
      arendemening: 'Samverkan med polisen',
      handlaggare: handlaggare.id,
    });
    const arendeId = registered.body.arende.id;
    // Diarienummer and beslutsplanering are the nämndsekreterare's to change (issue 16).
    expect((await api(server, server.adminToken, 'PATCH', `/api/users/${handlaggare.id}`, { isNamndsekreterare: true })).status).toBe(200);
    const documentId = (
      await api<{ id: string }>(server, server.adminToken, 'POST', '/api/documents', {
        type: 'tjansteskrivelse',
        title: 'Samverkan',
        arendeId,
      })
    ).body.id;
    const patched = await api(server, handlaggare.token, 'PATCH', `/api/arenden/${arendeId}`, {
      diarienummer: 'ASN-2023-13452',
      beslutsplanering: [{ organ: 'ASN arbetsutskott', date: '2023-08-17' }],
    });
    expect(patched.status).toBe(200);

    const log = await api<AuditAnswer>(server, handlaggare.token, 'GET', `/api/arenden/${arendeId}/audit`);
    const changed = log.body.events.find((event) => event.action === 'arende_changed');
    expect(changed).toMatchObject({
      userName: 'Mimmi Olsson',
      detail: {
        before: { diarienummer: 'ASN-2023-13451', beslutsplanering: [] },
        after: { diarienummer: 'ASN-2023-13452', beslutsplanering: [{ organ: 'ASN arbetsutskott', date: '2023-08-17' }] },
      },
    });
    expect(log.body.events.map((event) => event.action)).toEqual(
      expect.arrayContaining(['arende_registered', 'document_attached', 'arende_changed']),
    );
    const documentLog = await api<AuditAnswer>(server, server.adminToken, 'GET', `/api/documents/${documentId}/audit`);
    expect(documentLog.body.events.map((event) => event.action)).toContain('arende_changed');
  });
});
