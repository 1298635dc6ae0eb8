/** A bare WebSocket speaking (or abusing) the protocol byte by byte. */
import WebSocket from 'ws';

export interface RawSocket {
  ws: WebSocket;
  frames: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  send(frame: Uint8Array | Buffer): void;
}

export async function openRawSocket(url: string): Promise<RawSocket> {
  const ws = new WebSocket(url);
  const frames: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, closed, send: (frame) => ws.send(frame) };
}
