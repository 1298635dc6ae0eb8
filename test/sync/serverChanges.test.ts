/**
 * A server change that reads what it writes (the status mirrored from the document's record)
 * reads in its turn on the room's queue: a change queued after another reads what that one wrote,
 * so a stale read can never be written over a newer value.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log';
import { Room } from '../../server/sync/room';
import { memoryRoomStore } from './memoryRoomStore';

const rooms: Room[] = [];
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.unload()));
});

function openRoom(): Room {
  const room = new Room({
    name: 'doc:r',
    store: memoryRoomStore(),
    guard: () => ({ accepted: true, changesDocument: true }),
    log: createLogger('silent'),
    maxDocumentBytes: 1024 * 1024,
    onEmpty: () => undefined,
  });
  rooms.push(room);
  return room;
}

describe('a server change that reads what it writes', () => {
  it('reads after everything queued before it was written, and the last one queued wins', async () => {
    const room = openRoom();
    await room.whenLoaded();
    let recorded = 'klar_for_au';
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const reads: string[] = [];
    const mirror = () =>
      room.changeFrom(
        async () => {
          reads.push(recorded);
          return recorded;
        },
        (doc, status) => doc.getMap('meta').set('status', status),
      );

    // Something slow is on the queue; the first mirror is asked for while the record still says
    // klar_for_au, then the record becomes justerad and a second mirror is asked for.
    const slow = room.changeFrom(
      () => held,
      () => undefined,
    );
    const first = mirror();
    recorded = 'justerad';
    const second = mirror();
    release();
    await Promise.all([slow, first, second]);

    expect(reads).toEqual(['justerad', 'justerad']);
    expect(room.doc.getMap('meta').get('status')).toBe('justerad');
  });
});
