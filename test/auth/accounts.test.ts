/**
 * Accounts that can be managed: choosing one's own password, a reset by an administrator (a
 * one-time password that must be replaced before anything else), the last-administrator rules,
 * editing a person, and signing out everywhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountService } from '../../server/auth/accountService';
import { createLogger } from '../../server/log';
import { openSqliteStorage } from '../../server/storage/sqlite';
import { openRawSocket } from '../helpers/rawSocket';
import { createPerson, PERSON_PASSWORD, share } from '../helpers/people';
import { ADMIN, api, createDocument, signIn, startTestServer, tempDataDir, wsUrl, type TestServer } from '../helpers/server';

type PublicUser = {
  id: string;
  email: string;
  name: string;
  title: string;
  isAdmin: boolean;
  disabled: boolean;
  mustChangePassword: boolean;
};

describe('accounts that can be managed', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const start = async (dataDir?: string) => {
    const server = await startTestServer(dataDir ? { dataDir } : {});
    servers.push(server);
    return server;
  };
  const me = async (server: TestServer, token: string) => (await api<{ user: PublicUser }>(server, token, 'GET', '/api/session')).body.user;

  it('refuses a chosen password shorter than 12 characters, in Swedish, and accepts a passphrase', async () => {
    const server = await start();
    const person = await createPerson(server, 'Pia Person');
    const short = await api<{ error: string }>(server, person.token, 'PUT', '/api/session/password', {
      currentPassword: PERSON_PASSWORD,
      newPassword: 'Kort-lösen1',
    });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatch(/minst 12 tecken/);
    const repeated = await api<{ error: string }>(server, person.token, 'PUT', '/api/session/password', {
      currentPassword: PERSON_PASSWORD,
      newPassword: 'abababababababab',
    });
    expect(repeated.status).toBe(400);
    const phrase = await api<{ token: string }>(server, person.token, 'PUT', '/api/session/password', {
      currentPassword: PERSON_PASSWORD,
      newPassword: 'blå cykel vid ån',
    });
    expect(phrase.status).toBe(200);
    expect((await api(server, undefined, 'POST', '/api/session', { email: person.email, password: 'blå cykel vid ån' })).status).toBe(200);
  });

  it('a reset gives a one-time password, ends the person’s sessions, and every write is refused until they choose their own', async () => {
    const server = await start();
    const person = await createPerson(server, 'Rolf Återställd');
    const documentId = await createDocument(server);
    await share(server, server.adminToken, documentId, [{ principalType: 'user', principalId: person.id, role: 'editor' }]);
    const reset = await api<{ password: string }>(server, server.adminToken, 'POST', `/api/users/${person.id}/password-reset`);
    expect(reset.status).toBe(200);
    expect(reset.body.password.length).toBeGreaterThanOrEqual(16);
    expect((await api(server, person.token, 'GET', '/api/session')).status).toBe(401);
    expect((await api(server, undefined, 'POST', '/api/session', { email: person.email, password: PERSON_PASSWORD })).status).toBe(401);

    const token = await signIn(server, person.email, reset.body.password);
    expect((await me(server, token)).mustChangePassword).toBe(true);
    const write = await api<{ error: string }>(server, token, 'POST', '/api/documents', { type: 'yttrande', title: 'Får inte skapas' });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatch(/engångslösenord/);
    const socket = await openRawSocket(`${wsUrl(server)}/${documentId}?token=${token}`);
    expect((await socket.closed).code).toBe(4403);

    const changed = await api<{ token: string }>(server, token, 'PUT', '/api/session/password', {
      currentPassword: reset.body.password,
      newPassword: 'ett eget nytt lösenord',
    });
    expect(changed.status).toBe(200);
    expect((await me(server, changed.body.token)).mustChangePassword).toBe(false);
    expect((await api(server, changed.body.token, 'POST', '/api/documents', { type: 'yttrande', title: 'Nu går det' })).status).toBe(201);
    const events = (await api<{ events: Array<{ action: string }> }>(server, server.adminToken, 'GET', '/api/audit')).body.events;
    expect(events.map((event) => event.action)).toContain('password_reset');
  });

  it('a reset whose audit record cannot be written changes nothing: the person keeps their password and sessions', async () => {
    const server = await start();
    const person = await createPerson(server, 'Rut Revision');
    // The audit write fails (a full disk, a locked database) for this one action only.
    const db = new Database(path.join(server.dataDir, 'yttra.sqlite'));
    try {
      db.exec(`CREATE TRIGGER refuse_reset_audit BEFORE INSERT ON audit_event WHEN NEW.action = 'password_reset'
               BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END`);
    } finally {
      db.close();
    }
    const reset = await api(server, server.adminToken, 'POST', `/api/users/${person.id}/password-reset`);
    expect(reset.status).toBe(500);
    expect((await api(server, person.token, 'GET', '/api/session')).status).toBe(200);
    expect((await me(server, person.token)).mustChangePassword).toBe(false);
    expect((await api(server, undefined, 'POST', '/api/session', { email: person.email, password: PERSON_PASSWORD })).status).toBe(200);
  });

  it('the first administrator’s one-time password must be changed at first sign-in', async () => {
    const dataDir = tempDataDir();
    const log = createLogger('silent');
    const storage = openSqliteStorage(dataDir, log);
    try {
      const admin = await new AccountService(storage.accounts, log).ensureAdministrator(undefined, undefined);
      expect(admin?.isAdmin).toBe(true);
      expect(admin?.mustChangePassword).toBe(true);
    } finally {
      await storage.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('an administrator cannot disable themself, nor demote or disable the last active administrator', async () => {
    const server = await start();
    const admin = await me(server, server.adminToken);
    const disableSelf = await api<{ error: string }>(server, server.adminToken, 'PATCH', `/api/users/${admin.id}`, { disabled: true });
    expect(disableSelf.status).toBe(409);
    expect(disableSelf.body.error).toMatch(/ditt eget konto/);
    const demoteSelf = await api<{ error: string }>(server, server.adminToken, 'PATCH', `/api/users/${admin.id}`, { isAdmin: false });
    expect(demoteSelf.status).toBe(409);
    expect(demoteSelf.body.error).toMatch(/minst en aktiv administratör/);
    expect((await me(server, server.adminToken)).isAdmin).toBe(true);

    // With a second administrator, the first may step down; the second, now the last, may not.
    const other = await createPerson(server, 'Annika Admin');
    expect((await api(server, server.adminToken, 'PATCH', `/api/users/${other.id}`, { isAdmin: true })).status).toBe(200);
    expect((await api(server, server.adminToken, 'PATCH', `/api/users/${admin.id}`, { isAdmin: false })).status).toBe(200);
    expect((await api(server, other.token, 'PATCH', `/api/users/${other.id}`, { isAdmin: false })).status).toBe(409);
    expect((await api(server, other.token, 'PATCH', `/api/users/${admin.id}`, { disabled: true })).status).toBe(200);
  });

  it('a restart recovers data where the last administrator was disabled', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    await first.close();
    servers.splice(servers.indexOf(first), 1);
    const db = new Database(path.join(dataDir, 'yttra.sqlite'));
    db.prepare('UPDATE user SET disabled = 1 WHERE is_admin = 1').run();
    db.close();
    const second = await start(dataDir);
    expect((await me(second, second.adminToken)).isAdmin).toBe(true);
  });

  it('an administrator edits a person’s name, title and e-mail, and the person signs in with the new address', async () => {
    const server = await start();
    const person = await createPerson(server, 'Eva Fel');
    const edited = await api<{ user: PublicUser }>(server, server.adminToken, 'PATCH', `/api/users/${person.id}`, {
      name: 'Eva Rätt',
      title: 'Utredare',
      email: 'eva.ratt@test.yttra',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.user).toMatchObject({ name: 'Eva Rätt', title: 'Utredare', email: 'eva.ratt@test.yttra' });
    expect((await api(server, undefined, 'POST', '/api/session', { email: 'eva.ratt@test.yttra', password: PERSON_PASSWORD })).status).toBe(
      200,
    );
    const taken = await api(server, server.adminToken, 'PATCH', `/api/users/${person.id}`, { email: ADMIN.email });
    expect(taken.status).toBe(409);
    expect((await api(server, server.adminToken, 'PATCH', `/api/users/${person.id}`, { email: 'inte en adress' })).status).toBe(400);
  });

  it('"Logga ut överallt" ends every session of the user and closes their sockets', async () => {
    const server = await start();
    const person = await createPerson(server, 'Sven Överallt');
    const documentId = await createDocument(server);
    await share(server, server.adminToken, documentId, [{ principalType: 'user', principalId: person.id, role: 'editor' }]);
    const laptop = await signIn(server, person.email, PERSON_PASSWORD);
    const socket = await openRawSocket(`${wsUrl(server)}/${documentId}?token=${laptop}`);
    expect((await api(server, person.token, 'DELETE', '/api/session/all')).status).toBe(200);
    expect((await socket.closed).code).toBe(4401);
    expect((await api(server, laptop, 'GET', '/api/session')).status).toBe(401);
    expect((await api(server, person.token, 'GET', '/api/session')).status).toBe(401);
    expect((await api(server, server.adminToken, 'GET', '/api/session')).status).toBe(200);
  });
});
