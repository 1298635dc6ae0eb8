/**
 * Room leases and the instance table in PostgreSQL (SCALEOUT.md). A room has at most one owner:
 * a row room_lease(room, owner, epoch, expires_at), taken by one statement that succeeds only
 * when the lease is free, run out or already ours, and that raises the epoch whenever the owner
 * changes. Times are the database's (now()), so the instances' clocks need not agree.
 */
import type pg from 'pg';

export interface Lease {
  room: string;
  epoch: number;
}

export interface Acquired extends Lease {
  /** The room was taken from another instance whose lease had run out (not handed over). */
  takeover: boolean;
}

const ACQUIRE = `
  WITH previous AS (SELECT owner, expires_at FROM room_lease WHERE room = $1)
  INSERT INTO room_lease AS l (room, owner, epoch, expires_at)
  VALUES ($1, $2, 1, now() + $3::int * interval '1 millisecond')
  ON CONFLICT (room) DO UPDATE SET
    epoch = CASE WHEN l.owner = excluded.owner THEN l.epoch ELSE l.epoch + 1 END,
    owner = excluded.owner,
    expires_at = excluded.expires_at
  WHERE l.owner = excluded.owner OR l.expires_at <= now()
  RETURNING l.epoch, (SELECT owner FROM previous) AS previous_owner`;

const RENEW = `
  UPDATE room_lease AS l SET expires_at = now() + $2::int * interval '1 millisecond'
  FROM unnest($3::text[], $4::bigint[]) AS held(room, epoch)
  WHERE l.room = held.room AND l.epoch = held.epoch AND l.owner = $1
  RETURNING l.room`;

/** A released lease has no owner and has run out: the next instance takes it without waiting. */
const RELEASE = `UPDATE room_lease SET owner = '', expires_at = now() WHERE room = $1 AND owner = $2 AND epoch = $3`;

export class LeaseTable {
  constructor(
    private readonly pool: pg.Pool,
    readonly instanceId: string,
    readonly leaseMs: number,
  ) {}

  /** The room's lease for this instance, or null when another instance holds a live one. */
  async acquire(room: string): Promise<Acquired | null> {
    const { rows } = await this.pool.query<{ epoch: number; previous_owner: string | null }>(ACQUIRE, [
      room,
      this.instanceId,
      this.leaseMs,
    ]);
    const row = rows[0];
    if (!row) return null;
    const previous = row.previous_owner;
    return { room, epoch: row.epoch, takeover: previous !== null && previous !== '' && previous !== this.instanceId };
  }

  /** Renews the leases held; returns the rooms whose lease is still this instance's. */
  async renew(leases: readonly Lease[]): Promise<Set<string>> {
    if (leases.length === 0) return new Set();
    const { rows } = await this.pool.query<{ room: string }>(RENEW, [
      this.instanceId,
      this.leaseMs,
      leases.map((lease) => lease.room),
      leases.map((lease) => lease.epoch),
    ]);
    return new Set(rows.map((row) => row.room));
  }

  async release(lease: Lease): Promise<void> {
    await this.pool.query(RELEASE, [lease.room, this.instanceId, lease.epoch]);
  }

  /** Who holds a live lease on the room, and where that instance takes forwarded sockets. */
  async ownerOf(room: string): Promise<{ owner: string; address: string | null } | null> {
    const { rows } = await this.pool.query<{ owner: string; address: string | null }>(
      `SELECT l.owner, i.address FROM room_lease l LEFT JOIN cluster_instance i ON i.id = l.owner
       WHERE l.room = $1 AND l.owner <> '' AND l.expires_at > now()`,
      [room],
    );
    return rows[0] ?? null;
  }

  async register(address: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO cluster_instance (id, address, heartbeat_at) VALUES ($1, $2, now())
       ON CONFLICT (id) DO UPDATE SET address = excluded.address, heartbeat_at = now()`,
      [this.instanceId, address],
    );
  }

  /** Also forgets instances silent for ten lease times (killed without a goodbye). */
  async heartbeat(): Promise<void> {
    await this.pool.query('UPDATE cluster_instance SET heartbeat_at = now() WHERE id = $1', [this.instanceId]);
    await this.pool.query(`DELETE FROM cluster_instance WHERE heartbeat_at < now() - $1::int * interval '1 millisecond'`, [
      this.leaseMs * 10,
    ]);
  }

  /** At shutdown: hands over every lease of this instance and leaves the instance table. */
  async leave(): Promise<void> {
    await this.pool.query(`UPDATE room_lease SET owner = '', expires_at = now() WHERE owner = $1`, [this.instanceId]);
    await this.pool.query('DELETE FROM cluster_instance WHERE id = $1', [this.instanceId]);
  }
}
