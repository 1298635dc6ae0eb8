/**
 * Fan-out: N stock clients on one document, W of them typing at R edits/s each. Every edit is
 * timed from the writer's local transaction to its arrival at each other client, and every
 * arrival is counted: an edit has arrived at a client when that client's state vector covers the
 * writer's clock at the end of the edit (Yjs integrates a client's items in clock order only).
 * Afterwards each client's text is checked to hold every edit's token.
 */
import * as Y from 'yjs';
import { documentType } from '../shared/model';
import { sectionText, typeInSection } from '../test/helpers/clients';
import { connectBenchClient, sleep, within, type BenchClient } from './lib/clients';
import { percentile, quick, runIfMain, type Row } from './lib/report';
import { startServer, type ServerKind } from './lib/servers';

const CLIENT_COUNTS = [10, 50, 200];
const WRITERS = 5;
const EDITS_PER_SECOND = 10;
const DURATION_MS = quick ? 3_000 : 10_000;
const SECTIONS = documentType('tjansteskrivelse').sections.map((section) => section.key);

export interface FanOutResult {
  latencies: number[];
  delivered: number;
  expected: number;
  /** (client, edit) pairs whose token is missing from that client's final text. */
  missingTokens: number;
}

interface Edit {
  endClock: number;
  sentAt: number;
}

export async function measureFanOut(kind: ServerKind, clientCount: number): Promise<FanOutResult> {
  const server = await startServer(kind);
  const clients: BenchClient[] = [];
  try {
    const room = await server.createRoom();
    for (let index = 0; index < clientCount; index++) clients.push(connectBenchClient(server, room));
    await within(Promise.all(clients.map((client) => client.whenSynced())), 60_000, `${clientCount} clients to sync`);
    // Let the join-time awareness exchange (N² frames) finish before timing anything.
    await sleep(1_000);

    const writers = clients.slice(0, WRITERS);
    const edits: Edit[][] = writers.map(() => []);
    const latencies: number[] = [];
    let delivered = 0;
    clients.forEach((client) => {
      const next = writers.map(() => 0);
      client.doc.on('update', () => {
        const now = performance.now();
        writers.forEach((writer, writerIndex) => {
          if (writer === client) return;
          const state = Y.getState(client.doc.store, writer.doc.clientID);
          const list = edits[writerIndex]!;
          let k = next[writerIndex]!;
          for (; k < list.length && list[k]!.endClock <= state; k++) latencies.push(now - list[k]!.sentAt);
          delivered += k - next[writerIndex]!;
          next[writerIndex] = k;
        });
      });
    });

    const timers: NodeJS.Timeout[] = [];
    const interval = 1000 / EDITS_PER_SECOND;
    writers.forEach((writer, writerIndex) => {
      const start = setTimeout(() => {
        const tick = () => {
          const sentAt = performance.now();
          typeInSection(writer.doc, SECTIONS[writerIndex % SECTIONS.length]!, `w${writerIndex}.${edits[writerIndex]!.length} `);
          edits[writerIndex]!.push({ endClock: Y.getState(writer.doc.store, writer.doc.clientID), sentAt });
        };
        tick();
        timers.push(setInterval(tick, interval));
      }, (writerIndex * interval) / WRITERS);
      timers.push(start);
    });
    await sleep(DURATION_MS);
    timers.forEach((timer) => clearInterval(timer));

    const expected = edits.reduce((sum, list) => sum + list.length, 0) * (clientCount - 1);
    const deadline = Date.now() + 30_000;
    while (delivered < expected && Date.now() < deadline) await sleep(20);

    let missingTokens = 0;
    for (const client of clients) {
      const words = new Set(SECTIONS.flatMap((key) => sectionText(client.doc, key).split(/\s+/)));
      edits.forEach((list, writerIndex) => {
        for (let seq = 0; seq < list.length; seq++) if (!words.has(`w${writerIndex}.${seq}`)) missingTokens += 1;
      });
    }
    return { latencies: latencies.sort((a, b) => a - b), delivered, expected, missingTokens };
  } finally {
    clients.forEach((client) => client.destroy());
    await server.stop();
  }
}

export async function fanOut(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const count of CLIENT_COUNTS) {
    const yttra = await measureFanOut('yttra', count);
    const reference = await measureFanOut('reference', count);
    const scenario = `fan-out N=${count} (${WRITERS}×${EDITS_PER_SECOND}/s)`;
    for (const p of [50, 95, 99]) {
      const row: Row = { scenario, metric: `latency p${p}`, yttra: percentile(yttra.latencies, p), reference: percentile(reference.latencies, p), unit: 'ms' };
      if (count === 50 && p === 99) Object.assign(row, { target: '≤ reference', met: row.yttra! <= row.reference! });
      rows.push(row);
    }
    rows.push({ scenario, metric: 'latency max', yttra: yttra.latencies.at(-1) ?? NaN, reference: reference.latencies.at(-1) ?? NaN, unit: 'ms' });
    const share = (result: FanOutResult) => (100 * result.delivered) / result.expected;
    rows.push({ scenario, metric: `delivered (of ${yttra.expected} / ${reference.expected})`, yttra: share(yttra), reference: share(reference), unit: '%', target: '100 %', met: yttra.delivered === yttra.expected });
    rows.push({ scenario, metric: 'tokens missing in final text', yttra: yttra.missingTokens, reference: reference.missingTokens, unit: 'count', target: '0', met: yttra.missingTokens === 0 });
  }
  return rows;
}

runIfMain(import.meta.url, fanOut);
