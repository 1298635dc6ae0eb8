/**
 * Rooms' stored logs in memory, as the storage contract describes them (test/storage/contract.ts):
 * enough for a Room to load, append and compact without a database. `load` hands out copies, as
 * a database does, so a compaction may move them to a worker.
 */
import type { RoomStore, StoredRoom } from '../../server/storage/storage';

interface MemoryRoom {
  snapshot: Uint8Array | null;
  upTo: number;
  log: { seq: number; data: Uint8Array }[];
  lastSeq: number;
}

export interface MemoryRoomStore extends RoomStore {
  /** What was asked of the store, in order ("append doc:x", "compact doc:x up to 3"). */
  readonly calls: string[];
}

export function memoryRoomStore(snapshots: Record<string, Uint8Array> = {}): MemoryRoomStore {
  const rooms = new Map<string, MemoryRoom>();
  for (const [name, snapshot] of Object.entries(snapshots)) rooms.set(name, { snapshot, upTo: 0, log: [], lastSeq: 0 });
  const of = (name: string): MemoryRoom => {
    let room = rooms.get(name);
    if (!room) rooms.set(name, (room = { snapshot: null, upTo: 0, log: [], lastSeq: 0 }));
    return room;
  };
  const calls: string[] = [];
  return {
    calls,
    load(name): Promise<StoredRoom> {
      const room = of(name);
      const snapshot = room.snapshot?.slice() ?? null;
      const updates = room.log.map((entry) => entry.data.slice());
      const bytes = (snapshot?.byteLength ?? 0) + updates.reduce((sum, update) => sum + update.byteLength, 0);
      return Promise.resolve({ snapshot, updates, lastSeq: room.lastSeq, bytes });
    },
    append(name, updates) {
      calls.push(`append ${name}`);
      const room = of(name);
      for (const data of updates) room.log.push({ seq: ++room.lastSeq, data: data.slice() });
      return Promise.resolve(room.lastSeq);
    },
    compact(name, snapshot, upToSeq) {
      calls.push(`compact ${name} up to ${upToSeq}`);
      const room = of(name);
      room.snapshot = snapshot.slice();
      room.upTo = upToSeq;
      room.log = room.log.filter((entry) => entry.seq > upToSeq);
      return Promise.resolve();
    },
  };
}
