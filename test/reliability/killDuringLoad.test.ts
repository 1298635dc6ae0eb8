/**
 * kill -9 under a steady edit load. Yttra commits an update before it broadcasts it, so every
 * word any client saw arrive from the server must be in what was on disk at the moment of the
 * kill (checked on a copy of the data directory, before anyone could send it again). Then the
 * server restarts on the same port, and the stock clients, which kept typing while it was down,
 * reconnect by themselves and converge on a document holding every word anyone typed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentType } from '../../shared/model';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { freePort, spawnServer, type ServerProcess } from '../helpers/process';
import { createDocument, tempDataDir, wsUrl } from '../helpers/server';

const WRITERS = 3;
const sections = documentType('tjansteskrivelse').sections.map((section) => section.key);

const words = (client: TestClient, writer: number) => sectionText(client.doc, sections[writer]!).split(/\s+/).filter(Boolean);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('when the server is killed with -9 during a steady edit load', () => {
  it('keeps every broadcast word, and clients reconnect by themselves and converge with their offline edits', async () => {
    const port = await freePort();
    const dataDir = tempDataDir();
    const processes: ServerProcess[] = [await spawnServer(port, dataDir)];
    const first = processes[0]!;
    const id = await createDocument(first);
    const clients = Array.from({ length: WRITERS }, () => connectClient(wsUrl(first), id, { token: first.adminToken }));
    let typing: NodeJS.Timeout | undefined;
    try {
      await Promise.all(clients.map(waitSynced));

      // What each client received from the server: other writers' words.
      const broadcast = new Set<string>();
      clients.forEach((client, index) => {
        client.doc.on('update', (_update: Uint8Array, origin: unknown) => {
          if (origin !== client.provider) return;
          for (let writer = 0; writer < WRITERS; writer++)
            if (writer !== index) words(client, writer).forEach((word) => broadcast.add(word));
        });
      });
      let serverUp = true;
      const typed: string[][] = clients.map(() => []);
      const typedOffline: string[] = [];
      typing = setInterval(() => {
        clients.forEach((client, index) => {
          const word = `w${index}.${typed[index]!.length}${serverUp ? '' : '-offline'}`;
          typed[index]!.push(word);
          if (!serverUp) typedOffline.push(word);
          typeInSection(client.doc, sections[index]!, `${word} `);
        });
      }, 10);
      await waitFor(() => broadcast.size >= 150, 'a steady stream of broadcast words');

      await first.kill9();
      serverUp = false;
      const seenBeforeKill = [...broadcast];
      const atKill = path.join(tempDataDir(), 'copy');
      fs.cpSync(dataDir, atKill, { recursive: true });

      await sleep(700);
      processes.push(await spawnServer(port, dataDir));
      serverUp = true;
      await waitFor(
        () => clients.every((client) => client.provider.wsconnected && client.provider.synced),
        'clients to reconnect by themselves',
        20_000,
      );
      await sleep(300);
      clearInterval(typing);
      expect(typedOffline.length).toBeGreaterThan(0);

      // Everything broadcast before the kill was on disk at the kill.
      const copy = await spawnServer(await freePort(), atKill);
      processes.push(copy);
      const onDisk = connectClient(wsUrl(copy), id, { token: copy.adminToken });
      clients.push(onDisk);
      await waitSynced(onDisk);
      const stored = new Set(sections.slice(0, WRITERS).flatMap((_, writer) => words(onDisk, writer)));
      expect(seenBeforeKill.filter((word) => !stored.has(word))).toEqual([]);

      // And after the restart every client converges on every word anyone typed.
      const all = (client: TestClient) =>
        sections
          .slice(0, WRITERS)
          .map((_, writer) => words(client, writer).join(' '))
          .join('\n');
      await waitFor(() => all(clients[0]!) === all(clients[1]!) && all(clients[1]!) === all(clients[2]!), 'writers to converge', 20_000);
      const reader = connectClient(wsUrl(first), id, { token: first.adminToken });
      clients.push(reader);
      await waitSynced(reader);
      await waitFor(() => all(reader) === all(clients[0]!), 'a new reader to see the converged document', 20_000);
      typed.forEach((list, writer) => {
        const present = new Set(words(reader, writer));
        expect(
          list.filter((word) => !present.has(word)),
          `words of writer ${writer} lost`,
        ).toEqual([]);
      });
    } finally {
      clearInterval(typing);
      clients.forEach((client) => client.destroy());
      await Promise.all(processes.map((server) => server.kill9()));
    }
  }, 60_000);
});
