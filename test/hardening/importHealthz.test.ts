/**
 * The acceptance test: while the importer is fed hostile files (zip bombs, a structure
 * bomb, 1 MB backtracking bait) by several users and the PDF converter is flooded, GET /healthz
 * keeps answering within 200 ms: the work runs in worker threads and child processes, bounded by
 * queues, never on the event loop that serves everyone. The server runs in a process of its own,
 * so that the test's own clients do not share its event loop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCX_MEDIA_TYPE } from '../../server/import';
import { createPerson, share, type Person } from '../helpers/people';
import { freePort, spawnServer, type ServerProcess } from '../helpers/process';
import { createDocument, tempDataDir, type TestServer } from '../helpers/server';
import { HOSTILE_TEXTS } from './importAdversarialCases';
import { docxBomb, docxParagraphBomb } from './importZipFixtures';

const HEALTHZ_BUDGET_MS = 200;
/**
 * The probe's time includes this test process's own scheduling on a 2-core machine where other
 * test files run at the same time, so one probe in a hundred may miss the budget for reasons that
 * are not the server's. A blocked event loop (the finding: 22.8 s) misses it on every probe in a
 * row and fails both checks.
 */
const ALLOWED_SLOW_SHARE = 0.01;
const NEVER_SLOWER_THAN_MS = 1000;

describe('/healthz while the importer and the PDF converter are fed hostile input', () => {
  let server: ServerProcess;
  let people: Person[] = [];
  let documentId = '';
  const bombs = [docxBomb(100 * 1024 * 1024), docxParagraphBomb(2 * 1024 * 1024)];
  const texts = Object.values(HOSTILE_TEXTS);

  beforeAll(async () => {
    server = await spawnServer(await freePort(), tempDataDir(), { YTTRA_IMPORT_TIMEOUT_MS: '10000' });
    const asTestServer = server as unknown as TestServer;
    people = [];
    for (const name of ['Anna', 'Bo', 'Cecilia', 'David']) people.push(await createPerson(asTestServer, name));
    documentId = await createDocument(asTestServer, 'tjansteskrivelse', 'Nya rutiner för remisser');
    await share(
      asTestServer,
      server.adminToken,
      documentId,
      people.map((person) => ({ principalType: 'user' as const, principalId: person.id, role: 'reader' })),
    );
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it(`answers every probe within ${HEALTHZ_BUDGET_MS} ms`, async () => {
    const statuses: number[] = [];
    const request = async (path: string, token: string, init: RequestInit = {}): Promise<void> => {
      const response = await fetch(`${server.url}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      statuses.push(response.status);
    };
    const importer = async (person: Person, index: number): Promise<void> => {
      for (let round = 0; round < 3; round++) {
        const docx = (index + round) % 2 === 0;
        await request('/api/import?dryRun=1', person.token, {
          method: 'POST',
          headers: { 'content-type': docx ? DOCX_MEDIA_TYPE : 'text/plain' },
          body: docx ? new Uint8Array(bombs[(index + round) % bombs.length]!) : texts[(index * 3 + round) % texts.length],
        });
      }
    };
    const pdfFlood = (person: Person): Array<Promise<void>> =>
      Array.from({ length: 10 }, () => request(`/api/documents/${documentId}/export?format=pdf`, person.token));

    // Warm up: the first export and import load their modules (and LibreOffice its profile);
    // that is start-up, not the hostile load measured here.
    await request(`/api/documents/${documentId}/export?format=pdf`, people[2]!.token);
    await request('/api/import?dryRun=1', people[3]!.token, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: texts[0] });
    statuses.length = 0;

    let hostile = true;
    const latencies: number[] = [];
    const probing = (async () => {
      while (hostile) {
        const started = performance.now();
        const response = await fetch(`${server.url}/healthz`);
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
        expect(response.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await Promise.all([...people.map(importer), ...pdfFlood(people[0]!), ...pdfFlood(people[1]!)]);
    hostile = false;
    await probing;

    // The hostile work was done or refused, not dropped: every request got a real answer.
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses).toContain(413);
    expect(statuses).toContain(429);
    expect(latencies.length).toBeGreaterThan(20);
    const slow = latencies.filter((ms) => ms > HEALTHZ_BUDGET_MS).map(Math.round);
    const summary = `slow probes ${JSON.stringify(slow)} of ${latencies.length}`;
    expect(slow.length, summary).toBeLessThanOrEqual(Math.floor(latencies.length * ALLOWED_SLOW_SHARE));
    expect(Math.max(...latencies), summary).toBeLessThan(NEVER_SLOWER_THAN_MS);
  }, 300_000);
});
