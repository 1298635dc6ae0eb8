/**
 * A full disk (finding 11): rooms close without losing what they acknowledged, and no background
 * write — the document listing's write-behind, the audit flush, compaction — crashes the process.
 * The data directory is a real tmpfs of a few MiB that the test fills to the last byte.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { freePort, spawnServer, type ServerProcess } from '../helpers/process';
import { createDocument, tempDataDir } from '../helpers/server';

/** A fresh tmpfs of `size`, or null where this machine does not let us mount one. */
function mountTmpfs(size: string): string | null {
  const dir = tempDataDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

/** Writes until the file system says ENOSPC; returns the filler's path. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (let i = 0; i < 1_000_000; i += 1) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

const mountable = mountTmpfs('1m');
if (mountable) {
  execFileSync('umount', [mountable]);
  fs.rmSync(mountable, { recursive: true, force: true });
}

describe.skipIf(!mountable)('when the disk is full', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('keeps serving, loses no relayed edit, and stores the refused ones once there is space', async () => {
    const dataDir = mountTmpfs('6m')!;
    cleanups.push(() => {
      execFileSync('umount', ['-l', dataDir]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const port = await freePort();
    let server: ServerProcess = await spawnServer(port, path.join(dataDir, 'data'));
    cleanups.push(async () => void (await server.stop()));
    const id = await createDocument(server);
    const clients: TestClient[] = [];
    cleanups.push(() => clients.forEach((client) => client.destroy()));
    const connect = (token = server.adminToken) => {
      const client = connectClient(`ws://127.0.0.1:${port}/sync`, id, { token });
      clients.push(client);
      return client;
    };
    const writer = connect();
    const observer = connect();
    await Promise.all([waitSynced(writer), waitSynced(observer)]);

    // One edit is stored (the observer has it) and the disk fills at once: the listing's
    // write-behind for it comes a second later, onto a full disk. Edits go on meanwhile: each is
    // either stored (and relayed) or refused with the room closed (4500).
    const edit = (i: number) => typeInSection(writer.doc, 'sammanfattning', `ord${i} ` + 'x'.repeat(2000));
    edit(0);
    await waitFor(() => sectionText(observer.doc, 'sammanfattning').includes('ord0 '), 'the first edit to be stored and relayed');
    const filler = fillDisk(dataDir);
    for (let i = 1; i < 60; i += 1) {
      edit(i);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const relayed: string[] = [];
    for (let i = 0; i < 60; i += 1) if (sectionText(observer.doc, 'sammanfattning').includes(`ord${i} `)) relayed.push(`ord${i} `);
    expect(relayed).toContain('ord0 ');

    expect(server.child.exitCode, server.output()).toBeNull();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(server.output()).toMatch(/SQLITE_FULL|disk is full/);
    expect(server.output()).toMatch(/listing write-behind/);

    // Space again: the writer's socket reconnects and its edits that were refused arrive too;
    // everything is there after a restart from disk.
    fs.rmSync(filler);
    const everyWord = Array.from({ length: 60 }, (_, i) => `ord${i} `);
    await waitFor(
      () => everyWord.every((word) => sectionText(observer.doc, 'sammanfattning').includes(word)),
      'every edit once there is space',
      10_000,
    );
    await server.stop();
    server = await spawnServer(port, path.join(dataDir, 'data'));
    const reader = connect(server.adminToken);
    await waitSynced(reader);
    await waitFor(
      () => everyWord.every((word) => sectionText(reader.doc, 'sammanfattning').includes(word)),
      'every edit after restart',
      5000,
    );
  });
});
