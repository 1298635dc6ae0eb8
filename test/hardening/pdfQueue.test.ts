/**
 * Findings 21–23 on the export side: one reader's twenty PDF requests neither delay another
 * user's PDF nor queue without end (429); a conversion that fails or hangs leaves no file and no
 * process behind, and what a crashed server left is removed at the next start; a download's name
 * carries no character that can disguise it (U+202E), whatever the format.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfConversionError, PdfQueue, convertDocxToPdf, removeStalePdfFiles } from '../../server/export/pdfExport';
import { createPerson, share } from '../helpers/people';
import { api, createDocument, startTestServer, type TestServer } from '../helpers/server';

const scratch = (): Promise<string> => mkdtemp(join(process.env.YTTRA_TEST_TMP ?? tmpdir(), 'pdf-queue-'));

async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

/** Alive and not a zombie waiting to be reaped (a killed process's orphans are reparented). */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

describe('PDF requests from one reader and another user', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuse the reader’s requests beyond their share with 429 and serve the other user’s PDF next', async () => {
    const documentId = await createDocument(server, 'tjansteskrivelse', 'Nya rutiner för remisser');
    const reader = await createPerson(server, 'Läsare Flodsson');
    const other = await createPerson(server, 'Handläggare Annan');
    await share(server, server.adminToken, documentId, [
      { principalType: 'user', principalId: reader.id, role: 'reader' },
      { principalType: 'user', principalId: other.id, role: 'reader' },
    ]);
    const finished: string[] = [];
    const exportPdf = async (who: string, token: string) => {
      const response = await fetch(`${server.url}/api/documents/${documentId}/export?format=pdf`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = response.status === 200 ? Buffer.from(await response.arrayBuffer()) : await response.json();
      if (response.status === 200) finished.push(who);
      return { status: response.status, body };
    };
    const flood = Array.from({ length: 20 }, () => exportPdf('läsaren', reader.token));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const othersPdf = exportPdf('den andra', other.token);
    const answers = await Promise.all([...flood, othersPdf]);

    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(17);
    expect((refused[0]!.body as { error: string }).error).toBe(
      'Dina tidigare PDF-filer skapas fortfarande. Vänta tills de är klara och försök igen om en stund.',
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(4);
    // The reader's first conversion was already running; the other user's comes right after it.
    expect(finished.indexOf('den andra')).toBeLessThanOrEqual(1);
  }, 180_000);
});

describe('a conversion that fails or hangs', () => {
  it('leaves no work file when LibreOffice fails, and closing the queue removes its profiles', async () => {
    const queue = new PdfQueue({ tempRoot: await scratch() });
    await expect(convertDocxToPdf(Buffer.from('inte en docx'), { queue, command: 'false' })).rejects.toBeInstanceOf(PdfConversionError);
    expect((await readdir(queue.directory)).filter((name) => name.startsWith('work-'))).toEqual([]);
    await queue.close();
    await expect(readdir(queue.directory)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('kills what LibreOffice started when it takes too long, and removes its files', async () => {
    const dir = await scratch();
    const pidFile = join(dir, 'barn.pid');
    const fakeOffice = join(dir, 'libreoffice-som-hanger');
    // Like the real wrapper, a shell whose child does the work.
    await writeFile(fakeOffice, `#!/bin/sh\nsleep 60 &\necho $! > ${pidFile}\nwait\n`);
    await chmod(fakeOffice, 0o755);
    const queue = new PdfQueue({ tempRoot: dir });
    await expect(convertDocxToPdf(Buffer.from('docx'), { queue, command: fakeOffice, timeoutMs: 500 })).rejects.toBeInstanceOf(
      PdfConversionError,
    );
    const child = Number(await readFile(pidFile, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await isRunning(child)).toBe(false);
    expect((await readdir(queue.directory)).filter((name) => name.startsWith('work-'))).toEqual([]);
    await queue.close();
  });
});

describe('at start, the files of PDF conversions of processes that are gone', () => {
  it('are removed; those of running processes and recent ones stay', async () => {
    const root = await scratch();
    const dead = await deadPid();
    const paths = {
      deadQueue: join(root, 'yttra-pdf', `${dead}-0a1b2c3d`, 'profile-0'),
      liveQueue: join(root, 'yttra-pdf', `${process.pid}-0a1b2c3d`, 'profile-0'),
      deadProfile: join(root, `yttra-libreoffice-${dead}`),
      liveProfile: join(root, `yttra-libreoffice-${process.pid}`),
      oldWork: join(root, 'yttra-pdf-Ab12Cd'),
      recentWork: join(root, 'yttra-pdf-Ef34Gh'),
    };
    for (const path of Object.values(paths)) await mkdir(path, { recursive: true });
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(paths.oldWork, twoHoursAgo, twoHoursAgo);

    const removed = await removeStalePdfFiles(root);
    expect(removed.sort()).toEqual([join(root, 'yttra-pdf', `${dead}-0a1b2c3d`), paths.deadProfile, paths.oldWork].sort());
    expect((await readdir(join(root, 'yttra-pdf'))).sort()).toEqual([`${process.pid}-0a1b2c3d`]);
    expect((await readdir(root)).sort()).toEqual(['yttra-libreoffice-' + process.pid, 'yttra-pdf', 'yttra-pdf-Ef34Gh'].sort());
  });
});

describe('download file names', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(['txt', 'html', 'docx'])('hold no bidi override, invisible or broken character in %s exports', async (format) => {
    const title = 'Faktura\u202Efdp.exe\u200B\u2066 bilaga\u0007';
    const { status, body } = await api<{ id: string }>(server, server.adminToken, 'POST', '/api/documents', {
      type: 'tjansteskrivelse',
      title,
    });
    expect(status).toBe(201);
    const response = await fetch(`${server.url}/api/documents/${body.id}/export?format=${format}`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(response.status).toBe(200);
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).not.toMatch(/%E2%80%AE|%E2%80%8B|%E2%81%A6|%07/i);
    // The control character may already have been replaced (U+FFFD) when the title was stored.
    expect(decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(disposition)![1]!)).toMatch(
      new RegExp(`^Fakturafdp\\.exe bilaga\uFFFD?\\.${format}$`),
    );
  });

  it('are rendered a few at a time per user: a flood of Word exports is answered with 429 beyond that', async () => {
    // Long enough that rendering it takes a while, so the requests overlap.
    const paragraphs = Array.from({ length: 4000 }, (_, index) => `Stycke ${index} om rutinerna för remisser och hur de ska följas.`);
    const imported = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'text/plain; charset=utf-8' },
      body: `Tjänsteskrivelse\n\nNya rutiner\n\nSammanfattning\n\n${paragraphs.join('\n\n')}`,
    });
    expect(imported.status).toBe(201);
    const { id: documentId } = (await imported.json()) as { id: string };
    const statuses = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const response = await fetch(`${server.url}/api/documents/${documentId}/export?format=docx`, {
          headers: { authorization: `Bearer ${server.adminToken}` },
        });
        const body = response.status === 429 ? ((await response.json()) as { error: string }).error : (await response.arrayBuffer(), '');
        return { status: response.status, body };
      }),
    );
    const refused = statuses.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.body).toBe('Dina tidigare exporter skapas fortfarande. Vänta tills de är klara och försök igen om en stund.');
    expect(statuses.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(6);
  });
});
