/**
 * The lease and the fence on their own, against PostgreSQL: one owner at a time, the epoch grows
 * on every change of owner, a stale owner's append and compaction write nothing, a renewal or
 * release under a stale epoch changes nothing, and a handed-over lease is taken without waiting.
 * A room whose append is fenced out sends its clients to reconnect (4002, not a storage failure),
 * gives the room up and counts the lost lease.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import * as Y from 'yjs';
import { createLogger } from '../../server/log';
import { openPostgresStorage } from '../../server/storage/postgres';
import { createPool } from '../../server/storage/postgresPool';
import type { Storage } from '../../server/storage/storage';
import { LeaseTable } from '../../server/cluster/leases';
import { FencedOut, fencedRoomStore } from '../../server/cluster/fencedRoomStore';
import { Cluster } from '../../server/cluster/cluster';
import { Metrics } from '../../server/metrics';
import { Room } from '../../server/sync/room';
import { testWriter } from '../sync/testWriter';
import { CLOSE } from '../../shared/protocol/messages';
import { freshSchemaUrl, useTestDatabase } from '../helpers/postgres';

const database = useTestDatabase();
const log = createLogger('silent');
let storage: Storage;
let pool: pg.Pool;
let url: string;

beforeAll(async () => {
  url = await freshSchemaUrl(database.current);
  storage = await openPostgresStorage({ url }, log);
  pool = createPool(url, log);
});
afterAll(async () => {
  await pool?.end();
  await storage?.close();
});

const bytes = (...values: number[]) => new Uint8Array(values);

/** Takes `room` for `leases` as soon as the lease of whoever holds it has run out. */
async function takeOnceExpired(leases: LeaseTable, room: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const taken = await leases.acquire(room);
    if (taken) return taken;
    if (Date.now() > deadline) throw new Error('the lease never ran out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

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

  it('sends the clients of a stale owner to reconnect (4002) when its append is fenced out, gives the room up and counts it', async () => {
    const room = 'doc:stale-owner';
    const metrics = new Metrics();
    // Never attached, so it never renews: its lease runs out as a paused instance's does.
    const cluster = await Cluster.start({ databaseUrl: url, host: '127.0.0.1', port: 0, leaseMs: 400, log, metrics });
    try {
      const stale = new Room({
        name: room,
        store: cluster.storeFor(storage.rooms),
        guard: () => ({ accepted: true, changesDocument: true }),
        log,
        maxDocumentBytes: 1024 * 1024,
        onEmpty: () => undefined,
      });
      await stale.whenLoaded();
      const client = testWriter();
      stale.join(client);
      expect(cluster.roomsOwned).toBe(1);

      const taken = await takeOnceExpired(new LeaseTable(pool, 'instance-b', 400), room);
      expect(taken.takeover).toBe(true);
      const replica = new Y.Doc();
      replica.getText('t').insert(0, 'skrivet efter övertagandet');
      await expect(stale.receiveChange(client, Y.encodeStateAsUpdate(replica), 1)).rejects.toThrow();

      expect(client.closedWith?.code).toBe(CLOSE.resync);
      expect(client.closedWith?.reason).toMatch(/Ansluter igen; dina ändringar finns kvar/);
      expect(stale.state).toBe('failed');
      expect(cluster.roomsOwned).toBe(0);
      expect((await metrics.leasesLost.get()).values[0]?.value).toBe(1);
      expect((await storage.rooms.load(room)).updates).toEqual([]);
    } finally {
      await cluster.close();
    }
  });
});
