/**
 * Stock y-websocket clients for the benchmarks, with a count of the bytes each receives, so that
 * "bytes sent to a new client" is measured on the wire and not estimated.
 */
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type { BenchServer } from './servers';

// Every WebsocketProvider in Node registers a process 'exit' handler; hundreds of clients in one
// process are the point of a benchmark, not a leak.
process.setMaxListeners(0);

export interface BenchClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  bytesReceived(): number;
  whenSynced(): Promise<void>;
  destroy(): void;
}

export function connectBenchClient(server: BenchServer, room: string, doc = new Y.Doc()): BenchClient {
  let received = 0;
  class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.on('message', (data: Buffer) => (received += data.byteLength));
    }
  }
  const provider = new WebsocketProvider(server.providerUrl, room, doc, {
    WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
    params: server.params,
    disableBc: true,
    maxBackoffTime: 500,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', () => resolve());
  });
  return {
    doc,
    provider,
    bytesReceived: () => received,
    whenSynced: () => synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Rejects when `promise` takes longer than `ms` (so a stuck run ends with a message). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
