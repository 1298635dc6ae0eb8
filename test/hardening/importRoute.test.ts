/**
 * POST /api/import on a real server, fed what finding 1 and 2 fed it: every 1 MB hostile text, a
 * zip bomb, parallel imports, a document past the size limit, a parse that takes too long or
 * outgrows its heap. Each is answered with a Swedish error or a result, quickly, and the server
 * keeps serving everyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../server/config';
import { DOCX_MEDIA_TYPE } from '../../server/import';
import { createPerson } from '../helpers/people';
import { readSeed } from '../helpers/seeds';
import { startTestServer, type TestServer } from '../helpers/server';
import { HOSTILE_TEXTS } from './importAdversarialCases';
import { docxBomb } from './importZipFixtures';

const IMPORT_DEFAULTS = defaultConfig().imports;

async function postImport(
  server: TestServer,
  token: string,
  body: string | Buffer,
  options: { dryRun?: boolean; contentType?: string } = {},
): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${server.url}/api/import${options.dryRun === false ? '' : '?dryRun=1'}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': options.contentType ?? 'text/plain; charset=utf-8' },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  return { status: response.status, body: json, ms: performance.now() - started };
}

describe('the import route with the default limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a dry run of every 1 MB hostile text within seconds', async () => {
    const slow: string[] = [];
    for (const [name, text] of Object.entries(HOSTILE_TEXTS)) {
      const answer = await postImport(server, server.adminToken, text);
      expect([200, 422], `${name}: ${JSON.stringify(answer.body).slice(0, 200)}`).toContain(answer.status);
      if (answer.ms > 10_000) slow.push(`${name}: ${Math.round(answer.ms)} ms`);
    }
    expect(slow).toEqual([]);
  }, 300_000);

  it('refuses a zip bomb with 413 in Swedish, and the next import succeeds', async () => {
    const bomb = await postImport(server, server.adminToken, docxBomb(100 * 1024 * 1024), { contentType: DOCX_MEDIA_TYPE });
    expect(bomb.status).toBe(413);
    expect(bomb.body.error).toMatch(/packas upp till mer än 50 MB/);
    const seed = await postImport(server, server.adminToken, readSeed('yttrande-asn-2023-13451'), { dryRun: false });
    expect(seed.status).toBe(201);
  });

  it('counts in the report the control characters it replaced', async () => {
    const answer = await postImport(
      server,
      server.adminToken,
      'Tjänsteskrivelse\n\nRubrik\u0007 med fel\n\nSammanfattning\n\nText\u0001 och\u007f mer\u0085.',
    );
    expect(answer.status).toBe(200);
    expect(answer.body.title).toBe('Rubrik\uFFFD med fel');
    const entries = (answer.body.report as { entries: Array<{ kind: string; message: string }> }).entries;
    expect(entries).toContainEqual({ kind: 'warning', message: expect.stringMatching(/^4 tecken som inte kan finnas i ett dokument/) });
    expect(JSON.stringify(answer.body)).not.toMatch(/\\u000[17]|\\u007f|\\u0085/);
  });
});

describe('the import route when imports are limited to one at a time', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ imports: { ...IMPORT_DEFAULTS, concurrency: 1, perUser: 1, queue: 0 } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a second parallel import with 429 and a message saying to try again shortly', async () => {
    const other = await createPerson(server, 'Sara Lind');
    const seed = readSeed('yttrande-asn-2023-13451');
    const answers = await Promise.all([
      postImport(server, server.adminToken, seed),
      postImport(server, server.adminToken, seed),
      postImport(server, other.token, seed),
    ]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1)).toEqual([429, 429]);
    expect(answers[1]!.body.error).toBe('Du importerar redan en fil. Vänta tills den är klar och försök igen om en stund.');
    expect(answers[2]!.body.error).toBe('Servern läser in många filer just nu. Försök igen om en stund.');
    // Once the first is done, both may import again.
    expect((await postImport(server, other.token, seed)).status).toBe(200);
  });
});

describe('the import route with a small document size limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ maxDocumentBytes: 100_000 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a file whose document would pass YTTRA_MAX_DOCUMENT_BYTES with 413, creating nothing', async () => {
    const before = (await server.documents.list()).length;
    const text = `Tjänsteskrivelse\n\nRubrik\n\nSammanfattning\n\n${'Ett långt stycke text om ärendet. '.repeat(10_000)}`;
    const answer = await postImport(server, server.adminToken, text, { dryRun: false });
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatch(/^Dokumentet skulle bli 0,3 MB, men största tillåtna storlek är 0,1 MB/);
    expect((await server.documents.list()).length).toBe(before);
  });

  it('refuses any document created past the limit, not only imported ones', async () => {
    const paragraph = { kind: 'paragraph' as const, runs: [{ text: 'x'.repeat(200_000) }] };
    await expect(
      server.documents.create({ type: 'tjansteskrivelse', title: 'Stort', sections: { sammanfattning: [paragraph] } }),
    ).rejects.toMatchObject({
      status: 413,
      code: 'document_too_large',
    });
  });
});

describe('the import route when a parse takes too long or outgrows its heap', () => {
  let slowServer: TestServer;
  let smallServer: TestServer;
  beforeAll(async () => {
    slowServer = await startTestServer({ imports: { ...IMPORT_DEFAULTS, timeoutMs: 1 } });
    smallServer = await startTestServer({ imports: { ...IMPORT_DEFAULTS, workerMemoryMb: 32 } });
  });
  afterAll(async () => {
    await slowServer?.close();
    await smallServer?.close();
  });

  it('stops the parse at the time limit with 422, and keeps serving', async () => {
    const answer = await postImport(slowServer, slowServer.adminToken, readSeed('yttrande-asn-2023-13451'));
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatch(/^Det tog för lång tid att läsa filen/);
    expect((await fetch(`${slowServer.url}/healthz`)).status).toBe(200);
  });

  it('ends a parse that outgrows its heap with 422, and keeps serving', async () => {
    const text = `Tjänsteskrivelse\n\nRubrik\n\nSammanfattning\n\n${'*ord* '.repeat(1_500_000)}`;
    const answer = await postImport(smallServer, smallServer.adminToken, text);
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatch(/^Filen kräver för mycket minne/);
    expect((await postImport(smallServer, smallServer.adminToken, readSeed('yttrande-asn-2023-13451'))).status).toBe(200);
  });
});
