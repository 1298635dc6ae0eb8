/**
 * Opening and comparing versions inflates whole Yjs states and diffs every section, and any
 * reader can trigger it in a loop: it runs in a fair queue per user, answered with a Swedish 429
 * when that user's share is full, while everyone else's requests are still served.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPerson, share } from '../helpers/people';
import { api, createDocument, startTestServer, type TestServer } from '../helpers/server';

describe('version views and comparisons', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it("refuse one reader's many parallel requests with 429 while another user's comparison is answered", async () => {
    const server = await startTestServer();
    servers.push(server);
    const id = await createDocument(server);
    const saved = await api<{ version: { id: string } }>(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, {
      name: 'Underlag',
    });
    expect(saved.status).toBe(201);
    const reader = await createPerson(server, 'Lars Läsare');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: reader.id, role: 'reader' }]);
    const compare = `/api/documents/${id}/versions/compare?from=${saved.body.version.id}&to=current`;
    const view = `/api/documents/${id}/versions/${saved.body.version.id}`;

    const flood = Array.from({ length: 16 }, (_, i) => api<{ error?: string }>(server, reader.token, 'GET', i % 2 ? view : compare));
    const other = api<{ sections?: unknown[] }>(server, server.adminToken, 'GET', compare);
    const answers = await Promise.all(flood);
    const otherAnswer = await other;

    expect(otherAnswer.status).toBe(200);
    expect(otherAnswer.body.sections?.length).toBeGreaterThan(0);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    expect(answers.find((answer) => answer.status === 429)!.body.error).toMatch(/Dina tidigare versioner och jämförelser/);
    // Once the queue has drained the reader is served again.
    expect((await api(server, reader.token, 'GET', compare)).status).toBe(200);
  });
});
