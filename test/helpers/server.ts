import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startYttraServer, type YttraServer, type YttraServerOptions } from '../../server/server';

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'yttra-test-'));
}

/** A real Yttra server on a free port with its own data directory. */
export async function startTestServer(options: Partial<YttraServerOptions> = {}): Promise<YttraServer & { dataDir: string }> {
  const dataDir = options.dataDir ?? tempDataDir();
  const server = await startYttraServer({ port: 0, host: '127.0.0.1', seedDemo: false, ...options, dataDir });
  return Object.assign(server, { dataDir });
}

export function wsUrl(server: { url: string }): string {
  return `${server.url.replace(/^http/, 'ws')}/sync`;
}

export async function createDocument(server: { url: string }, type = 'tjansteskrivelse', title = 'Testärende'): Promise<string> {
  const response = await fetch(`${server.url}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type, title }),
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
