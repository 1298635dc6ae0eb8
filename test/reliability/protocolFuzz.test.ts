/**
 * Seeded protocol fuzz: hostile sockets (signed in as an editor, the worst case: every guard is
 * reached) send 10,000 broken, mutated and forbidden frames while three honest stock clients
 * type. The server process must stay up, the honest clients must converge, and the document must
 * keep every template section and every honest word. FUZZ_SEED=<n> replays a run.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { documentType } from '../../shared/model';
import { connectClient, sectionKeys, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { freePort, spawnServer } from '../helpers/process';
import { seededPrng, type Prng } from '../helpers/prng';
import { openRawSocket, type RawSocket } from '../helpers/rawSocket';
import { createDocument, tempDataDir, wsUrl } from '../helpers/server';
import { hostileFrame, hostileMaterial, type HostileMaterial } from './hostileFrames';

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 10_000);
const HOSTILE_SOCKETS = 4;
const BURST = 10;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const templateKeys = documentType('tjansteskrivelse').sections.map((section) => section.key);

/** One hostile socket at a time per lane: bursts frames, and reconnects whenever it is closed. */
async function hostileLane(
  random: Prng,
  url: string,
  material: HostileMaterial,
  budget: { left: number },
  counts: { reconnects: number },
): Promise<void> {
  let socket: RawSocket | null = null;
  let isClosed = false;
  while (budget.left > 0) {
    if (!socket || isClosed) {
      if (socket) counts.reconnects += 1;
      socket = await openRawSocket(url);
      isClosed = false;
      // After open, a server-side close may surface as an error; it is expected here.
      socket.ws.on('error', () => undefined);
      void socket.closed.then(() => (isClosed = true));
    }
    for (let sent = 0; sent < BURST && budget.left > 0 && !isClosed; sent++) {
      budget.left -= 1;
      socket.send(hostileFrame(random, material));
    }
    await Promise.race([socket.closed, new Promise((resolve) => setTimeout(resolve, 5))]);
  }
  socket?.ws.close();
}

describe('when hostile sockets flood the server with broken frames', () => {
  it(`stays up, keeps the document intact and lets honest clients converge (seed ${SEED})`, async () => {
    console.log(`protocol fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED})`);
    const random = seededPrng(SEED);
    const port = await freePort();
    const server = await spawnServer(port, tempDataDir(), { YTTRA_FRAMES_PER_SECOND: '1000' });
    const honest: TestClient[] = [];
    let typing: NodeJS.Timeout | undefined;
    try {
      const id = await createDocument(server);
      for (let index = 0; index < 3; index++) {
        const client = connectClient(wsUrl(server), id, { token: server.adminToken });
        honest.push(client);
      }
      await Promise.all(honest.map(waitSynced));
      const material = hostileMaterial(random, Y.encodeStateAsUpdate(honest[0]!.doc), templateKeys);

      const written: string[][] = honest.map(() => []);
      typing = setInterval(() => {
        honest.forEach((client, index) => {
          const word = `h${index}.${written[index]!.length}`;
          written[index]!.push(word);
          typeInSection(client.doc, templateKeys[index]!, ` ${word} `);
        });
      }, 20);

      const budget = { left: FRAMES };
      const counts = { reconnects: 0 };
      const url = `${wsUrl(server)}/${id}?token=${server.adminToken}`;
      await Promise.all(
        Array.from({ length: HOSTILE_SOCKETS }, (_, lane) => hostileLane(seededPrng(SEED + lane + 1), url, material, budget, counts)),
      );
      clearInterval(typing);
      // The server really read them: most sockets were closed for a frame it refused.
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      const refused = [...metrics.matchAll(/^yttra_frames_refused_total\{[^}]*\} (\d+)/gm)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
      console.log(`sent ${FRAMES} hostile frames, ${counts.reconnects} reconnects, ${refused} frames refused`);
      expect(refused).toBeGreaterThan(counts.reconnects / 2);

      expect(server.child.exitCode).toBeNull();
      const health = await fetch(`${server.url}/healthz`);
      expect(health.ok).toBe(true);

      const state = (client: TestClient) => templateKeys.map((key) => sectionText(client.doc, key)).join('\n');
      await waitFor(() => honest.every((client) => client.provider.wsconnected), 'honest clients to be connected').catch((error) => {
        console.log(
          server.output(),
          honest.map((client) => [client.provider.wsconnected, client.provider.synced, client.provider.wsUnsuccessfulReconnects]),
        );
        throw error;
      });
      await waitFor(
        () => state(honest[0]!) === state(honest[1]!) && state(honest[1]!) === state(honest[2]!),
        'honest clients to converge',
        20_000,
      );

      // A newcomer reads what the server holds: every section, in order, and every honest word.
      const reader = connectClient(wsUrl(server), id, { token: server.adminToken });
      honest.push(reader);
      await waitSynced(reader);
      await waitFor(() => state(reader) === state(honest[0]!), 'a new reader to see the same document');
      expect(sectionKeys(reader.doc)).toEqual(templateKeys);
      written.forEach((words, index) => {
        const present = new Set(sectionText(reader.doc, templateKeys[index]!).split(/\s+/));
        expect(
          words.filter((word) => !present.has(word)),
          `honest words of client ${index} missing (seed ${SEED})`,
        ).toEqual([]);
      });
    } finally {
      clearInterval(typing);
      honest.forEach((client) => client.destroy());
      await server.stop();
    }
  }, 90_000);
});
