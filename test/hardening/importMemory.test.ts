/**
 * Finding 2's memory half: eight hostile Word files imported in parallel took the server to
 * 9.2 GB, never released. Now each parse lives in a worker thread with a heap limit that is ended
 * afterwards, two at a time: the server's resident memory stays bounded while they run and does
 * not grow from one round of them to the next.
 *
 * Prints its figures (RSS before, peak and after each round).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCX_MEDIA_TYPE } from '../../server/import';
import { createPerson, type Person } from '../helpers/people';
import { freePort, spawnServer, type ServerProcess } from '../helpers/process';
import { tempDataDir, type TestServer } from '../helpers/server';
import { docxBomb, docxParagraphBomb } from './importZipFixtures';

const MB = 1024 * 1024;

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

describe('the server’s memory under eight hostile imports in parallel', () => {
  let server: ServerProcess;
  let people: Person[] = [];
  beforeAll(async () => {
    server = await spawnServer(await freePort(), tempDataDir(), { YTTRA_IMPORT_TIMEOUT_MS: '8000' });
    people = [];
    for (let index = 0; index < 8; index++) people.push(await createPerson(server as unknown as TestServer, `Importör ${index}`));
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('stays bounded while they run and does not grow from one round to the next', async () => {
    const pid = server.child.pid!;
    const files = [docxBomb(45 * MB), docxParagraphBomb(MB)];
    const round = async (): Promise<{ peak: number; after: number; statuses: number[] }> => {
      let peak = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, await rssOf(pid));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      const statuses = await Promise.all(
        people.map(async (person, index) => {
          const response = await fetch(`${server.url}/api/import?dryRun=1`, {
            method: 'POST',
            headers: { authorization: `Bearer ${person.token}`, 'content-type': DOCX_MEDIA_TYPE },
            body: new Uint8Array(files[index % files.length]!),
          });
          await response.arrayBuffer();
          return response.status;
        }),
      );
      sampling = false;
      await sampler;
      await new Promise((resolve) => setTimeout(resolve, 3000));
      return { peak, after: await rssOf(pid), statuses };
    };

    const before = await rssOf(pid);
    const first = await round();
    const second = await round();
    const figure = (bytes: number) => `${Math.round(bytes / MB)} MB`;
    console.log(
      `RSS before ${figure(before)}; round 1: peak ${figure(first.peak)}, after ${figure(first.after)}; round 2: peak ${figure(second.peak)}, after ${figure(second.after)}; answers ${[...first.statuses, ...second.statuses].join(',')}`,
    );
    for (const status of [...first.statuses, ...second.statuses]) expect([200, 413, 422, 429]).toContain(status);
    // Two workers of at most 512 MB heap each, plus what the files are while being read.
    expect(Math.max(first.peak, second.peak) - before).toBeLessThan(1600 * MB);
    // What the finding saw was ~1.1 GB kept per hostile import, never released. Freed worker
    // memory stays mapped by the allocator for a while (100–250 MB here, depending on what else
    // runs on the machine), so the bound is well above that noise and far below the finding.
    expect(second.after - first.after).toBeLessThan(400 * MB);
  }, 300_000);
});
