/**
 * A room's storage on an instance of several: every write is fenced by the owner's epoch in the
 * same statement. The lease row is locked FOR SHARE by the append, so a takeover (which updates
 * it) waits for an append in flight, and an append that starts after a takeover sees the new
 * epoch and inserts nothing: a stale owner can never write. (room, seq) is the primary key, so a
 * doubled append is refused rather than kept.
 */
import type pg from 'pg';
import type { RoomStore, StoredRoom } from '../storage/storage';
import { toBuffer, transaction } from '../storage/postgresPool';
import { RoomTakenOver } from '../sync/roomLog';

const FENCED_APPEND = `
  WITH lease AS (
    SELECT epoch FROM room_lease WHERE room = $1 AND owner = $3 AND epoch = $4 FOR SHARE
  ), base AS (
    SELECT GREATEST(
      COALESCE((SELECT MAX(seq) FROM room_update WHERE room = $1), 0),
      COALESCE((SELECT up_to_seq FROM room_snapshot WHERE room = $1), 0)
    ) AS seq
  )
  INSERT INTO room_update (room, seq, data)
  SELECT $1, base.seq + u.ord, u.data FROM lease, base, unnest($2::bytea[]) WITH ORDINALITY AS u(data, ord)
  RETURNING seq`;

/** Another instance took the room over: this one must stop serving it. */
export class FencedOut extends RoomTakenOver {
  constructor(room: string) {
    super(`the lease of ${room} is held by another instance`);
  }
}

export interface FencedRoomStoreOptions {
  pool: pg.Pool;
  /** The plain store, for loading (reads need no fence). */
  base: RoomStore;
  instanceId: string;
  /** Takes (or confirms) this instance's lease of the room; resolves with its epoch. */
  acquire(room: string): Promise<number>;
  /** Told when a write was fenced out. */
  onFencedOut(room: string): void;
}

/**
 * The store of one in-memory copy of a room: it writes with the epoch it loaded under, never a
 * later one, so a copy that lost its lease cannot write even if this instance takes it back.
 */
export function fencedRoomStore(options: FencedRoomStoreOptions): RoomStore {
  const { pool, base, instanceId } = options;
  let loadedEpoch: number | null = null;
  const epochFor = (room: string): number => {
    if (loadedEpoch === null) throw new FencedOut(room);
    return loadedEpoch;
  };
  const fenced = (room: string): never => {
    options.onFencedOut(room);
    throw new FencedOut(room);
  };
  return {
    async load(room: string): Promise<StoredRoom> {
      // The lease first: what is loaded after it is everything any earlier owner committed.
      loadedEpoch = await options.acquire(room);
      return base.load(room);
    },
    async append(room: string, updates: readonly Uint8Array[]): Promise<number> {
      const epoch = epochFor(room);
      if (updates.length === 0) return (await base.load(room)).lastSeq;
      const { rows } = await pool.query<{ seq: number }>(FENCED_APPEND, [room, updates.map(toBuffer), instanceId, epoch]);
      if (rows.length === 0) return fenced(room);
      return Math.max(...rows.map((row) => row.seq));
    },
    async compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
      const epoch = epochFor(room);
      const held = await transaction(pool, async (client) => {
        const lease = await client.query('SELECT 1 FROM room_lease WHERE room = $1 AND owner = $2 AND epoch = $3 FOR SHARE', [
          room,
          instanceId,
          epoch,
        ]);
        if (lease.rowCount === 0) return false;
        await client.query(
          `INSERT INTO room_snapshot (room, state, up_to_seq) VALUES ($1, $2, $3)
           ON CONFLICT (room) DO UPDATE SET state = excluded.state, up_to_seq = excluded.up_to_seq`,
          [room, toBuffer(snapshot), upToSeq],
        );
        await client.query('DELETE FROM room_update WHERE room = $1 AND seq <= $2', [room, upToSeq]);
        return true;
      });
      if (!held) fenced(room);
    },
  };
}
