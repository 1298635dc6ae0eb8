/**
 * The lease and the fence on their own, against PostgreSQL: one owner at a time, the epoch grows
 * on every change of owner, a stale owner's append and compaction write nothing, a renewal or
 * release under a stale epoch changes nothing, and a handed-over lease is taken without waiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createLogger } from '../../server/log';
import { openPostgresStorage } from '../../server/storage/postgres';
import { createPool } from '../../server/storage/postgresPool';
import type { Storage } from '../../server/storage/storage';
import { LeaseTable } from '../../server/cluster/leases';
import { FencedOut, fencedRoomStore } from '../../server/cluster/fencedRoomStore';
import { freshSchemaUrl, useTestDatabase } from '../helpers/postgres';

const database = useTestDatabase();
const log = createLogger('silent');
let storage: Storage;
let pool: pg.Pool;

beforeAll(async () => {
  const url = await freshSchemaUrl(database.current);
  storage = await openPostgresStorage({ url }, log);
  pool = createPool(url, log);
});
afterAll(async () => {
  await pool?.end();
  await storage?.close();
});

const bytes = (...values: number[]) => new Uint8Array(values);

describe('room leases and the fence', () => {
  it('lets one owner write at a time and refuses every write of a stale one', async () => {
    const room = 'doc:fence';
    const a = new LeaseTable(pool, 'instance-a', 400);
    const b = new LeaseTable(pool, 'instance-b', 400);
    const fencedOut: string[] = [];
    const storeOf = (leases: LeaseTable) =>
      fencedRoomStore({
        pool,
        base: storage.rooms,
        instanceId: leases.instanceId,
        acquire: async (name) => {
          const lease = await leases.acquire(name);
          if (!lease) throw new Error('held elsewhere');
          return lease.epoch;
        },
        onFencedOut: (name) => fencedOut.push(`${leases.instanceId}:${name}`),
      });

    const storeA = storeOf(a);
    await storeA.load(room);
    expect(await b.acquire(room)).toBeNull();
    // Taking it again while holding it keeps the epoch: one instance never fences itself.
    expect((await a.acquire(room))!.epoch).toBe(1);
    expect(await storeA.append(room, [bytes(1)])).toBe(1);

    // a stops renewing; once its lease has run out, b takes the room under a higher epoch.
    const deadline = Date.now() + 20_000;
    let taken = await b.acquire(room);
    while (!taken) {
      if (Date.now() > deadline) throw new Error('the lease never ran out');
      await new Promise((resolve) => setTimeout(resolve, 50));
      taken = await b.acquire(room);
    }
    expect(taken).toEqual({ room, epoch: 2, takeover: true });

    await expect(storeA.append(room, [bytes(2)])).rejects.toBeInstanceOf(FencedOut);
    await expect(storeA.compact(room, bytes(9), 1)).rejects.toBeInstanceOf(FencedOut);
    expect(fencedOut).toEqual([`instance-a:${room}`, `instance-a:${room}`]);
    expect(await a.renew([{ room, epoch: 1 }])).toEqual(new Set());
    await a.release({ room, epoch: 1 });
    expect((await a.ownerOf(room))?.owner).toBe('instance-b');

    const storeB = storeOf(b);
    const loaded = await storeB.load(room);
    expect(loaded.updates).toEqual([bytes(1)]);
    expect(await storeB.append(room, [bytes(3)])).toBe(2);
    await storeB.compact(room, bytes(1, 3), 2);
    expect(await b.renew([{ room, epoch: 2 }])).toEqual(new Set([room]));

    // Handed over: the next instance takes it at once, and that is no takeover.
    await b.release({ room, epoch: 2 });
    expect(await a.ownerOf(room)).toBeNull();
    expect(await a.acquire(room)).toEqual({ room, epoch: 3, takeover: false });
    const { rows } = await pool.query<{ seq: number }>('SELECT seq FROM room_update WHERE room = $1 ORDER BY seq', [room]);
    expect(rows).toEqual([]);
    expect((await storage.rooms.load(room)).snapshot).toEqual(bytes(1, 3));
  });
});
