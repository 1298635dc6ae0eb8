/**
 * Sockets end with their session (finding 10): after sign-out, expiry or a password change the
 * session's open sockets close within two seconds, and an edit sent on one is never stored.
 */
import { describe, expect, it } from 'vitest';
import { sectionText, typeInSection, waitSynced, type TestClient } from '../helpers/clients';
import { createPerson, PERSON_PASSWORD } from '../helpers/people';
import { api, createDocument, signIn, useServersAndClients, type TestServer } from '../helpers/server';

/** The close code of the client's socket, or 'still open' after five seconds. */
function closeOf(client: TestClient): Promise<number | 'still open'> {
  return new Promise((resolve) => {
    setTimeout(() => resolve('still open'), 5000);
    client.provider.once('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0));
  });
}

describe('when a session ends, its sockets end with it', () => {
  const { start, connect } = useServersAndClients();

  /** A person and a document of their own (its owner). */
  async function editorOnDocument(server: TestServer) {
    const person = await createPerson(server, 'Sara Sekreterare');
    const id = await createDocument(server, 'tjansteskrivelse', 'Sessionsprov', person.token);
    return { id, person };
  }

  /** What the document holds, read by a fresh administrator socket. */
  async function storedText(server: TestServer, id: string): Promise<string> {
    const reader = connect(server, id);
    await waitSynced(reader);
    const text = sectionText(reader.doc, 'sammanfattning');
    reader.destroy();
    return text;
  }

  it('closes the socket at sign-out, and an edit sent after it is not stored', async () => {
    const server = await start();
    const { id, person } = await editorOnDocument(server);
    const client = connect(server, id, person.token);
    await waitSynced(client);
    typeInSection(client.doc, 'sammanfattning', 'före utloggning ');
    const closed = closeOf(client);
    const started = Date.now();
    expect((await api(server, person.token, 'DELETE', '/api/session')).status).toBe(200);
    typeInSection(client.doc, 'sammanfattning', 'efter utloggning');
    expect(await closed).toBe(4401);
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stored = await storedText(server, id);
    expect(stored).toContain('före utloggning');
    expect(stored).not.toContain('efter utloggning');
  });

  it('closes the socket when the session expires', async () => {
    const server = await start({ sessionTtlMs: 2500 });
    const id = await createDocument(server);
    const token = await signIn(server, 'admin@test.yttra', 'admin-losenord-1');
    const client = connect(server, id, token);
    await waitSynced(client);
    const closed = closeOf(client);
    const expiresAt = Date.now() + 2500;
    expect(await closed).toBe(4401);
    expect(Date.now() - expiresAt).toBeLessThan(2000);
  });

  it("closes every socket of the user's sessions when they change their password, and only the new session works", async () => {
    const server = await start();
    const { id, person } = await editorOnDocument(server);
    const otherDevice = await signIn(server, person.email, PERSON_PASSWORD);
    const client = connect(server, id, otherDevice);
    await waitSynced(client);
    const closed = closeOf(client);
    const started = Date.now();
    const changed = await api<{ token: string }>(server, person.token, 'PUT', '/api/session/password', {
      currentPassword: PERSON_PASSWORD,
      newPassword: 'ett-nytt-langt-losenord',
    });
    expect(changed.status).toBe(200);
    expect(await closed).toBe(4401);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await api(server, otherDevice, 'GET', '/api/session')).status).toBe(401);
    expect((await api(server, person.token, 'GET', '/api/session')).status).toBe(401);
    expect((await api(server, changed.body.token, 'GET', '/api/session')).status).toBe(200);
    await expect(signIn(server, person.email, PERSON_PASSWORD)).rejects.toThrow(/401/);
    await waitSynced(connect(server, id, await signIn(server, person.email, 'ett-nytt-langt-losenord')));
  });

  it('refuses a password change without the current password', async () => {
    const server = await start();
    const person = await createPerson(server, 'Per Person');
    const refused = await api(server, person.token, 'PUT', '/api/session/password', {
      currentPassword: 'fel-losenord',
      newPassword: 'ett-nytt-langt-losenord',
    });
    expect(refused.status).toBe(403);
    expect((await api(server, person.token, 'GET', '/api/session')).status).toBe(200);
  });

  it('marks the cookie Secure behind a trusted https proxy, and whenever the public URL is https', async () => {
    const cookieOf = async (server: TestServer, headers: Record<string, string> = {}) =>
      (
        await fetch(`${server.url}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ email: 'admin@test.yttra', password: 'admin-losenord-1' }),
        })
      ).headers.get('set-cookie') ?? '';
    const plain = await start();
    expect(await cookieOf(plain)).not.toContain('Secure');
    expect(await cookieOf(plain, { 'x-forwarded-proto': 'https' })).toContain('; Secure');
    const untrusting = await start({ trustedProxies: [] });
    expect(await cookieOf(untrusting, { 'x-forwarded-proto': 'https' })).not.toContain('Secure');
    const public_ = await start({ trustedProxies: [], publicUrls: ['https://yttra.kommun.example'] });
    expect(await cookieOf(public_)).toContain('; Secure');
  });
});
