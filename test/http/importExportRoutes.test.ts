/**
 * The import and export routes against the real DocumentService of a running test server, in an
 * app of their own (with the shared error handler and a signed-in administrator), until the
 * lead's app.ts registers them.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../server/errors';
import { installErrorHandler } from '../../server/http/errorHandler';
import { registerImportExportRoutes } from '../../server/http/routes/importExport';
import { DOCX_MEDIA_TYPE, importDocx } from '../../server/import';
import type { UserRecord } from '../../server/storage/storage';
import { readSeed } from '../helpers/seeds';
import { startTestServer, type TestServer } from '../helpers/server';

const ADMINISTRATOR: UserRecord = {
  id: 'import-test-admin',
  email: 'import@test.yttra',
  name: 'Import Testsson',
  title: 'Nämndsekreterare',
  party: null,
  isAdmin: true,
  disabled: false,
  mustChangePassword: false,
  createdAt: '2024-01-01T00:00:00.000Z',
};

describe('the import and export routes', () => {
  let server: TestServer;
  let app: FastifyInstance;
  const documentsBefore = async () => (await server.documents.list()).length;

  beforeAll(async () => {
    server = await startTestServer();
    app = Fastify();
    installErrorHandler(app);
    app.decorateRequest('user', null);
    app.addHook('onRequest', async (request) => {
      request.user = request.headers['x-test-anonymous'] ? null : ADMINISTRATOR;
    });
    registerImportExportRoutes(app, {
      documents: server.documents,
      announcedBilagor: async () => [{ type: 'sarskilt_yttrande', persons: [{ name: 'Kerstin Håkansson', party: 'M' }] }],
      versionView: async () => {
        throw new NotFoundError('Det finns ingen sådan version.');
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  const importSeed = (query = '') =>
    app.inject({
      method: 'POST',
      url: `/api/import${query}`,
      headers: { 'content-type': 'text/markdown; charset=utf-8' },
      payload: readSeed('yttrande-asn-2023-13451'),
    });

  it('answers a dry run with the report and the parsed document, and creates nothing', async () => {
    const before = await documentsBefore();
    const response = await importSeed('?dryRun=1');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.type).toBe('yttrande');
    expect(body.fields.remissDiarienummer).toBe('STK-2023-663');
    expect(body.report.type.label).toBe('Yttrande');
    expect(body.announcedBilagor).toHaveLength(2);
    expect(await documentsBefore()).toBe(before);
  });

  it('creates the document with 201 and serves its content back', async () => {
    const response = await importSeed();
    expect(response.statusCode).toBe(201);
    const { id, report } = response.json();
    expect(report.entries.length).toBeGreaterThan(0);
    const view = await server.documents.readView(id);
    expect(view.type).toBe('yttrande');
    expect(view.fields.ordforande).toEqual({ name: 'Sedat Arif' });
  });

  it('exports each format with its media type and a file name from the diarienummer', async () => {
    const { id } = (await importSeed()).json();
    const expected = {
      txt: 'text/plain; charset=utf-8',
      html: 'text/html; charset=utf-8',
      docx: DOCX_MEDIA_TYPE,
    };
    for (const [format, contentType] of Object.entries(expected)) {
      const response = await app.inject({ method: 'GET', url: `/api/documents/${id}/export?format=${format}` });
      expect(response.statusCode, format).toBe(200);
      expect(response.headers['content-type']).toBe(contentType);
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="ASN-2023-13451 Yttrande.${format}"; filename*=UTF-8''ASN-2023-13451%20Yttrande.${format}`,
      );
    }
    const text = (await app.inject({ method: 'GET', url: `/api/documents/${id}/export?format=txt` })).body;
    expect(text).toContain('Kerstin Håkansson (M) avser inkomma med ett särskilt yttrande, bilaga.');
    const docx = await app.inject({ method: 'GET', url: `/api/documents/${id}/export?format=docx` });
    expect((await importDocx(docx.rawPayload)).fields.diarienummer).toBe('ASN-2023-13451');
  });

  it('imports a DOCX body', async () => {
    const { id } = (await importSeed()).json();
    const docx = (await app.inject({ method: 'GET', url: `/api/documents/${id}/export?format=docx` })).rawPayload;
    const response = await app.inject({
      method: 'POST',
      url: '/api/import?dryRun=1',
      headers: { 'content-type': DOCX_MEDIA_TYPE },
      payload: docx,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().title).toMatch(/^Ansökan från Flamman/);
  });

  it('refuses a 50 MB upload with 413 and a Swedish sentence naming the limit', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/import',
      headers: { 'content-type': DOCX_MEDIA_TYPE },
      payload: Buffer.alloc(50 * 1024 * 1024, 0x20),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatch(/^Filen är för stor.*10 MB/);
  });

  it('answers bad files with the import error and creates nothing', async () => {
    const before = await documentsBefore();
    const cases: Array<[string, Buffer | string, number]> = [
      ['text/plain', 'Bara lite text utan struktur.', 422],
      [DOCX_MEDIA_TYPE, Buffer.from('PK\u0003\u0004trasig'), 422],
      ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 415],
    ];
    for (const [contentType, payload, status] of cases) {
      const response = await app.inject({ method: 'POST', url: '/api/import', headers: { 'content-type': contentType }, payload });
      expect(response.statusCode, contentType).toBe(status);
      expect(Object.keys(response.json())).toEqual(['error']);
    }
    const empty = await app.inject({ method: 'POST', url: '/api/import', headers: { 'content-type': 'text/plain' } });
    expect(empty.statusCode).toBe(400);
    expect(await documentsBefore()).toBe(before);
  });

  it('asks for a known format, and hides unknown documents and versions', async () => {
    const { id } = (await importSeed()).json();
    const noFormat = await app.inject({ method: 'GET', url: `/api/documents/${id}/export?format=odt` });
    expect(noFormat.statusCode).toBe(400);
    expect(noFormat.json().error).toContain('docx, pdf, html, txt');
    const version = await app.inject({ method: 'GET', url: `/api/documents/${id}/export?format=txt&version=1` });
    expect(version.statusCode).toBe(404);
    const unknown = await app.inject({ method: 'GET', url: '/api/documents/finnsinte/export?format=txt' });
    expect(unknown.statusCode).toBe(404);
  });

  it('requires a signed-in user for both routes', async () => {
    const headers = { 'x-test-anonymous': '1', 'content-type': 'text/plain' };
    expect((await app.inject({ method: 'POST', url: '/api/import', headers, payload: 'x' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/documents/abc/export?format=txt', headers })).statusCode).toBe(401);
  });
});
