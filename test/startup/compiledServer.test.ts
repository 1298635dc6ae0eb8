/**
 * The server as `npm start` runs it: the compiled bundle in dist/server, not the TypeScript source
 * the other tests load. What only the bundle can get wrong is pinned here: files found relative to
 * the code (the built client, the demo's seed documents), the chunks loaded on first use (DOCX
 * export, the import worker), and no source maps in what is served.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, SERVER_COMPILED, spawnServer, type ServerProcess } from '../helpers/process';
import { api, tempDataDir } from '../helpers/server';
import { readSeed } from '../helpers/seeds';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

describe('the compiled server', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    // `npm test` has built it already; run directly, vitest gets the same build (only if stale).
    const build = spawnSync(process.execPath, ['scripts/build.js'], { cwd: repoRoot, stdio: 'inherit' });
    expect(build.status).toBe(0);
    server = await spawnServer(await freePort(), tempDataDir(), { YTTRA_DEMO: 'true', LOG_LEVEL: 'info' }, SERVER_COMPILED);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('serves the built client, and no source map', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const code = await (await fetch(`${server.url}${script}`)).text();
    expect(code).not.toContain('sourceMappingURL');
    expect((await fetch(`${server.url}${script}.map`)).headers.get('content-type')).not.toContain('json');
    const built = fs.readdirSync(path.join(repoRoot, 'dist', 'client', 'assets'));
    expect(built.filter((name) => name.endsWith('.map'))).toEqual([]);
  });

  it('creates the demo documents from the seed documents beside the source', async () => {
    const { status, body } = await api<{ documents: unknown[] }>(server, server.adminToken, 'GET', '/api/documents');
    expect(status).toBe(200);
    expect(server.output()).toContain('created the demo documents');
    expect(server.output()).not.toContain('"level":50');
    expect(body.documents.length).toBeGreaterThan(0);
  });

  it('exports DOCX and imports a file through the chunks it loads on first use', async () => {
    const created = await api<{ id: string }>(server, server.adminToken, 'POST', '/api/documents', {
      type: 'tjansteskrivelse',
      title: 'Kompilerad',
    });
    expect(created.status).toBe(201);
    const docx = await fetch(`${server.url}/api/documents/${created.body.id}/export?format=docx`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(docx.status).toBe(200);
    expect(
      Buffer.from(await docx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    const imported = await fetch(`${server.url}/api/import?dryRun=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'text/plain; charset=utf-8' },
      body: readSeed('yttrande-asn-2023-13451'),
    });
    expect(imported.status, await imported.clone().text()).toBe(200);
  });
});
