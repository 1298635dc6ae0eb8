/**
 * What `npm start` writes: one JSON object per line, the configuration once without its secrets
 * (issue 11, finding 12), no token from a URL or a header (finding 23), and the demo accounts only
 * when they are created.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, spawnServer, type ServerProcess } from '../helpers/process';
import { ADMIN, tempDataDir } from '../helpers/server';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const running: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});

async function start(dataDir: string, env: Record<string, string>): Promise<ServerProcess> {
  const server = await spawnServer(await freePort(), dataDir, env);
  running.push(server);
  return server;
}

async function stopped(server: ServerProcess): Promise<string> {
  running.splice(running.indexOf(server), 1);
  await server.stop();
  return server.output();
}

function lines(output: string): string[] {
  return output.split('\n').filter((line) => line.trim() !== '');
}

describe('the log of a started server', () => {
  it('shows the configuration once, with the administrator password and tokens redacted', async () => {
    const server = await start(tempDataDir(), { LOG_LEVEL: 'info', YTTRA_METRICS_TOKEN: METRICS_TOKEN });
    const output = await stopped(server);
    const config = lines(output)
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; config?: Record<string, unknown> })
      .find((entry) => entry.msg === 'starting Yttra')?.config;
    expect(config).toMatchObject({ adminEmail: ADMIN.email, adminPassword: '[redacted]', metricsToken: '[redacted]' });
    expect(output).not.toContain(ADMIN.password);
    expect(output).not.toContain(METRICS_TOKEN);
  });

  it('writes every line as one JSON object when stdout is not a terminal', async () => {
    const server = await start(tempDataDir(), { LOG_LEVEL: 'info' });
    const output = await stopped(server);
    expect(lines(output).length).toBeGreaterThan(2);
    for (const line of lines(output)) expect(() => JSON.parse(line), `not JSON: ${line}`).not.toThrow();
    expect(output).toContain('Yttra är igång');
  });

  it('keeps session tokens from URLs, Authorization and Cookie headers out of request logs', async () => {
    const server = await start(tempDataDir(), { LOG_LEVEL: 'debug' });
    const secrets = ['url-token-5f1c9a7e', 'bearer-token-8d2b6c41', 'cookie-token-3e7a9f02'];
    await fetch(`${server.url}/api/documents?token=${secrets[0]}`, {
      headers: { authorization: `Bearer ${secrets[1]}`, cookie: `yttra_session=${secrets[2]}` },
    });
    await fetch(`${server.url}/api/documents?token=${server.adminToken}`);
    await new Promise<void>((resolve) => {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/sync/missing-document?token=${server.adminToken}`);
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
    });
    const output = await stopped(server);
    expect(output).toContain('/api/documents');
    for (const secret of [...secrets, server.adminToken]) expect(output).not.toContain(secret);
  });

  it('prints the demo accounts when it creates them, not again at the next start', async () => {
    const dataDir = tempDataDir();
    const first = await stopped(await start(dataDir, { LOG_LEVEL: 'info', YTTRA_DEMO: 'true' }));
    expect(first).toContain('mimmi.olsson@yttra.demo');
    const second = await stopped(await start(dataDir, { LOG_LEVEL: 'info', YTTRA_DEMO: 'true' }));
    expect(second).toContain('starting Yttra');
    expect(second).not.toContain('mimmi.olsson@yttra.demo');
  });
});
