/**
 * A large document's versions, views, comparisons and exports are made in the worker pool from
 * the stored bytes; what the official gets must be exactly what the same work in place gives.
 * The server here sends every document to the workers (inlineBelowBytes 0), and each answer is
 * compared with the in-place result computed from the live document in this process.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../server/config';
import { exportDocument } from '../../server/export/exportDocument';
import { compareViews } from '../../server/versions/compareViews';
import { WorkerPool } from '../../server/work/workerPool';
import { zipEntry } from '../export/zipEntry';
import { typeInSection, waitFor, waitSynced, sectionText } from '../helpers/clients';
import { readSeed } from '../helpers/seeds';
import { api, type TestServer, useServersAndClients } from '../helpers/server';

describe('a document large enough for the workers', () => {
  const servers = useServersAndClients();
  const run = vi.spyOn(WorkerPool.prototype, 'run');
  afterEach(() => run.mockClear());
  const tasksRun = () => run.mock.calls.map(([name]) => name);

  const importedDocument = async (server: TestServer): Promise<string> => {
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed('tjansteskrivelse-asn-2023-5446'),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const startAllInWorkers = () => servers.start({ work: { ...defaultConfig().work, inlineBelowBytes: 0 } });
  const download = async (server: TestServer, id: string, query: string) => {
    const response = await fetch(`${server.url}/api/documents/${id}/export?${query}`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(response.status).toBe(200);
    return {
      body: Buffer.from(await response.arrayBuffer()),
      type: response.headers.get('content-type'),
      disposition: response.headers.get('content-disposition'),
    };
  };

  it('exports the same text, HTML and Word document as an export in place', async () => {
    const server = await startAllInWorkers();
    const id = await importedDocument(server);
    const view = await server.documents.readView(id);
    for (const format of ['txt', 'html'] as const) {
      const expected = await exportDocument(view, [], format);
      const got = await download(server, id, `format=${format}`);
      expect(got.body.toString('utf8')).toBe(expected.body.toString('utf8'));
      expect(got.type).toBe(expected.contentType);
    }
    const expectedDocx = await exportDocument(view, [], 'docx', { suggestions: 'markup' });
    const gotDocx = await download(server, id, 'format=docx&suggestions=markup');
    expect(zipEntry(gotDocx.body, 'word/document.xml')).toBe(zipEntry(expectedDocx.body, 'word/document.xml'));
    expect(gotDocx.disposition).toContain(encodeURIComponent(expectedDocx.filename).slice(0, 20));
    expect(tasksRun().filter((name) => name === 'exportFile')).toHaveLength(3);
  });

  it('saves a version from the stored bytes that opens, compares and exports as the document was', async () => {
    const server = await startAllInWorkers();
    const id = await importedDocument(server);
    const writer = servers.connect(server, id);
    await waitSynced(writer);
    typeInSection(writer.doc, 'sammanfattning', ' Tillägg före versionen.');
    const check = servers.connect(server, id);
    await waitFor(() => sectionText(check.doc, 'sammanfattning').includes('Tillägg före versionen.'), 'the edit to be stored');
    const before = await server.documents.readView(id);

    const saved = await api<{ version: { id: string } }>(server, server.adminToken, 'POST', `/api/documents/${id}/versions`, {
      name: 'Före',
    });
    expect(saved.status).toBe(201);
    const versionId = saved.body.version.id;
    typeInSection(writer.doc, 'sammanfattning', ' Tillägg efter versionen.');
    await waitFor(() => sectionText(check.doc, 'sammanfattning').includes('Tillägg efter versionen.'), 'the second edit to be stored');
    const after = await server.documents.readView(id);

    const { suggestions: _ignored, ...beforeWithoutSuggestions } = before;
    const opened = await api(server, server.adminToken, 'GET', `/api/documents/${id}/versions/${versionId}`);
    expect(opened.body).toEqual(JSON.parse(JSON.stringify(beforeWithoutSuggestions)));

    const compared = await api(server, server.adminToken, 'GET', `/api/documents/${id}/versions/compare?from=${versionId}&to=current`);
    expect(compared.body).toEqual(JSON.parse(JSON.stringify(await compareViews(beforeWithoutSuggestions, after))));
    expect(JSON.stringify(compared.body)).toContain('efter');

    const exported = await download(server, id, `format=txt&version=${versionId}`);
    expect(exported.body.toString('utf8')).toBe((await exportDocument(beforeWithoutSuggestions, [], 'txt')).body.toString('utf8'));
    // The room itself was loaded from slices cut in a worker (server/sync/slicedLoad.ts).
    expect(new Set(tasksRun())).toEqual(new Set(['sliceState', 'deflatedState', 'readView', 'compareDocuments', 'exportFile']));
  });
});
