/**
 * The operator's recovery command (`npm run admin -- reset-password <e-mail>`), run as the operator
 * would: against the data directory of a running server, and of a stopped one whose last
 * administrator was disabled.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../../server/cli/admin';
import { startYttraServer } from '../../server/server';
import { ADMIN, api, signIn, startTestServer, type TestServer } from '../helpers/server';

const run = promisify(execFile);

type Me = { user: { email: string; isAdmin: boolean; disabled: boolean; mustChangePassword: boolean } };

describe('npm run admin -- reset-password', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('prints a one-time password that must be changed, while the server runs, and ends the old sessions', async () => {
    const server: TestServer = await startTestServer();
    servers.push(server);
    const { stdout } = await run('npm', ['run', '--silent', 'admin', '--', 'reset-password', ADMIN.email, '--data-dir', server.dataDir], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      timeout: 30_000,
    });
    const password = /Engångslösenord för [^:]+: (\S+)/.exec(stdout)?.[1];
    expect(password, stdout).toBeDefined();
    expect((await api(server, server.adminToken, 'GET', '/api/session')).status).toBe(401);
    const token = await signIn(server, ADMIN.email, password!);
    const me = await api<Me>(server, token, 'GET', '/api/session');
    expect(me.body.user).toMatchObject({ isAdmin: true, mustChangePassword: true });
  });

  it('makes a new administrator when none is active, on a stopped server', async () => {
    const server = await startTestServer();
    await server.close();
    const db = new Database(path.join(server.dataDir, 'yttra.sqlite'));
    db.prepare('UPDATE user SET disabled = 1').run();
    db.close();

    const lines: string[] = [];
    const code = await runAdminCommand(['reset-password', 'ny.admin@test.yttra', '--data-dir', server.dataDir], {}, (line) =>
      lines.push(line),
    );
    expect(code).toBe(0);
    expect(lines.join('\n')).toMatch(/ingen aktiv administratör/);
    const password = /Engångslösenord för ny\.admin@test\.yttra: (\S+)/.exec(lines.join('\n'))?.[1];

    const restarted = await startYttraServer({
      port: 0,
      host: '127.0.0.1',
      seedDemo: false,
      dataDir: server.dataDir,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
    });
    servers.push(restarted);
    const token = await signIn(restarted, 'ny.admin@test.yttra', password!);
    expect((await api<Me>(restarted, token, 'GET', '/api/session')).body.user).toMatchObject({
      isAdmin: true,
      disabled: false,
      mustChangePassword: true,
    });
  });

  it('refuses an unknown address while an administrator is active, and explains its usage', async () => {
    const server = await startTestServer();
    await server.close();
    const lines: string[] = [];
    expect(
      await runAdminCommand(['reset-password', 'okand@test.yttra', '--data-dir', server.dataDir], {}, (line) => lines.push(line)),
    ).toBe(1);
    expect(lines).toEqual(['Det finns inget konto med e-postadressen okand@test.yttra.']);
    expect(await runAdminCommand(['something-else'], {}, (line) => lines.push(line))).toBe(2);
  });
});
