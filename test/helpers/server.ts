import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { startYttraServer, type YttraServer, type YttraServerOptions } from '../../server/server';
import { connectClient, type TestClient } from './clients';

export const ADMIN = { email: 'admin@test.yttra', password: 'admin-losenord-1' };

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(process.env.YTTRA_TEST_TMP ?? os.tmpdir(), 'data-'));
}

export type TestServer = YttraServer & { dataDir: string; adminToken: string };

/** A real Yttra server on a free port with its own data directory, and a signed-in administrator. */
export async function startTestServer(options: Partial<YttraServerOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const server = await startYttraServer({
    port: 0,
    host: '127.0.0.1',
    seedDemo: false,
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
    ...options,
    dataDir,
  });
  const adminToken = await signIn(server, ADMIN.email, ADMIN.password);
  return Object.assign(server, { dataDir, adminToken });
}

export function wsUrl(server: { url: string }): string {
  return `${server.url.replace(/^http/, 'ws')}/sync`;
}

export async function signIn(server: { url: string }, email: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** A JSON API call with a Bearer token; returns status and parsed body. */
export async function api<T = Record<string, unknown>>(
  server: { url: string },
  token: string | undefined,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

export async function createDocument(
  server: { url: string; adminToken?: string },
  type = 'tjansteskrivelse',
  title = 'Testärende',
  token = server.adminToken,
): Promise<string> {
  const { status, body } = await api<{ id: string }>(server, token, 'POST', '/api/documents', { type, title });
  if (status !== 201) throw new Error(`create failed: ${status} ${JSON.stringify(body)}`);
  return body.id;
}

/**
 * Servers and stock clients for the tests of one describe block, closed after each test:
 * `start()` a server, `connect()` a client to one of its documents.
 */
export function useServersAndClients() {
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return {
    async start(options: Partial<YttraServerOptions> = {}): Promise<TestServer> {
      const server = await startTestServer(options);
      servers.push(server);
      return server;
    },
    connect(server: TestServer, id: string, token = server.adminToken): TestClient {
      const client = connectClient(wsUrl(server), id, { token });
      clients.push(client);
      return client;
    },
  };
}
