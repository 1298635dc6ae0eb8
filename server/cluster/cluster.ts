/**
 * Several Yttra instances on one PostgreSQL database (SCALEOUT.md). Each room has one owner
 * instance, holding its lease (leases.ts); the owner alone loads, guards, stores and broadcasts
 * the room, every write fenced by its epoch (fencedRoomStore.ts). A socket that reaches another
 * instance is authenticated there and forwarded to the owner (forwarding.ts) over this
 * instance's internal listener, which only instances knowing YTTRA_CLUSTER_SECRET may use. What
 * every instance must hear (access changed, session ended) goes out as a NOTIFY.
 *
 * Runs only with YTTRA_DATABASE_URL; with SQLite there is one process and none of this.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { Duplex } from 'node:stream';
import pg from 'pg';
import { WebSocketServer } from 'ws';
import { CLOSE } from '../../shared/protocol/messages';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { createPool } from '../storage/postgresPool';
import { POSTGRES_MIGRATIONS } from '../storage/postgresMigrations';
import type { EndedSessions } from '../auth/sessions';
import type { RoomStore } from '../storage/storage';
import type { RoomRegistry } from '../sync/roomRegistry';
import type { SyncEndpoint } from '../sync/syncEndpoint';
import type { SyncConnection } from '../sync/syncConnection';
import { parseRoomPath, type RoomAddress } from '../sync/roomNames';
import { LeaseTable, type Lease } from './leases';
import { fencedRoomStore } from './fencedRoomStore';
import { OwnerLink, PRINCIPAL_HEADER, SECRET_HEADER, decodePrincipal } from './forwarding';

const CHANNEL = 'yttra_cluster';

export interface ClusterOptions {
  databaseUrl: string;
  /** Shared by every instance; without one, this instance cannot take forwarded sockets. */
  secret?: string;
  host: string;
  port: number;
  /** How the others reach the internal listener; http://host:port by default. */
  address?: string;
  leaseMs: number;
  log: Logger;
  metrics: Metrics;
}

/** What the cluster tells the rest of the server about other instances' events. */
export interface ClusterEvents {
  documentAccessChanged(documentId: string): void;
  userAccessChanged(userId: string): void;
}

type Notice = { kind: 'document'; id: string } | { kind: 'user'; id: string } | { kind: 'session'; ended: EndedSessions };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export class Cluster {
  readonly instanceId = `${process.pid}-${randomUUID()}`;
  private readonly pool: pg.Pool;
  private readonly leases: LeaseTable;
  private readonly secret: string;
  /** Rooms whose lease this instance holds, with the epoch it holds them under. */
  private readonly owned = new Map<string, Lease>();
  private readonly forwarded = new Set<SyncConnection>();
  /** Rooms just handed over on request, until when: their clients are sent on, not taken back. */
  private readonly handedOver = new Map<string, number>();
  private readonly sessionListeners = new Set<(ended: EndedSessions) => void>();
  private registry: RoomRegistry | null = null;
  private endpoint: SyncEndpoint | null = null;
  private events: ClusterEvents | null = null;
  private internal: Server | null = null;
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private listener: pg.Client | null = null;
  private renewing: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(private readonly options: ClusterOptions) {
    this.pool = createPool(options.databaseUrl, options.log, { max: 5 });
    this.leases = new LeaseTable(this.pool, this.instanceId, options.leaseMs);
    if (!options.secret) options.log.warn('YTTRA_CLUSTER_SECRET is not set: other instances cannot forward sockets to this one');
    this.secret = options.secret ?? randomBytes(32).toString('hex');
    options.metrics.observeCluster({ roomsOwned: () => this.owned.size, forwarded: () => this.forwarded.size });
  }

  static async start(options: ClusterOptions): Promise<Cluster> {
    const cluster = new Cluster(options);
    try {
      await cluster.listenInternal();
      await cluster.listenForNotices();
    } catch (error) {
      await cluster.close();
      throw error;
    }
    return cluster;
  }

  /** Wires the cluster to the server's rooms and sockets (they are made after the storage). */
  attach(registry: RoomRegistry, endpoint: SyncEndpoint, events: ClusterEvents): void {
    this.registry = registry;
    this.endpoint = endpoint;
    this.events = events;
    const period = Math.max(100, Math.floor(this.options.leaseMs / 3));
    this.renewing = setInterval(() => void this.renew(), period);
    this.renewing.unref();
  }

  /** The store of one in-memory copy of a room (see fencedRoomStore). */
  storeFor(base: RoomStore): RoomStore {
    return fencedRoomStore({
      pool: this.pool,
      base,
      instanceId: this.instanceId,
      acquire: (room) => this.acquireForLoad(room),
      onFencedOut: (room) => {
        this.options.log.warn({ room }, 'another instance took the room over; this one gives it up');
        this.options.metrics.leasesLost.inc();
        this.owned.delete(room);
      },
    });
  }

  /**
   * Where a client's socket is served: here (false) when this instance has or can take the room,
   * otherwise forwarded to the owner (true).
   */
  async place(address: RoomAddress, connection: SyncConnection): Promise<boolean> {
    if (this.servesOwned(address.name)) return false;
    const handingOver = this.recentlyHandedOver(address.name);
    if (!handingOver && (await this.take(address.name))) return false;
    const owner = await this.leases.ownerOf(address.name);
    if (!owner) {
      // Released in between: take it now (unless it was released for an instance about to take it).
      if (!handingOver && (await this.take(address.name))) return false;
      throw new Error(`room ${address.name} has no owner that can be reached`);
    }
    if (!owner.address) throw new Error(`the owner of ${address.name} has left the instance table`);
    this.forwarded.add(connection);
    connection.forwardTo(
      new OwnerLink(
        owner.address,
        address,
        connection.principal,
        this.secret,
        connection,
        () => this.forwarded.delete(connection),
        Math.max(250, Math.floor(this.options.leaseMs / 2)),
      ),
    );
    return true;
  }

  private recentlyHandedOver(room: string): boolean {
    const until = this.handedOver.get(room);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.handedOver.delete(room);
    return false;
  }

  /** Serving the room under a lease not known to be lost (an unloading copy does not count). */
  private servesOwned(room: string): boolean {
    return this.registry!.serves(room) && this.owned.has(room);
  }

  /** The room's lease for this instance now, or null when another instance holds it. */
  private async take(room: string): Promise<Lease | null> {
    const acquired = await this.leases.acquire(room);
    if (!acquired) return null;
    if (acquired.takeover) {
      this.options.metrics.leaseTakeovers.inc();
      this.options.log.info({ room, epoch: acquired.epoch }, 'took the room over from an instance whose lease ran out');
    }
    const lease = { room, epoch: acquired.epoch };
    this.owned.set(room, lease);
    return lease;
  }

  /**
   * The lease for loading the room here. A socket's room was placed here already; an API call
   * on a room another instance serves asks that instance to hand it over and waits for it
   * (bounded: a dead owner's lease runs out within leaseMs).
   */
  private async acquireForLoad(room: string): Promise<number> {
    const deadline = Date.now() + this.options.leaseMs * 3;
    for (;;) {
      const lease = await this.take(room);
      if (lease) return lease.epoch;
      if (this.closed || Date.now() > deadline) throw new Error(`room ${room} is held by another instance`);
      const handed = await this.requestHandover(room).then(
        () => true,
        (error: unknown) => {
          this.options.log.debug({ err: error, room }, 'asking the owner to hand the room over failed');
          return false;
        },
      );
      // A dead owner does not answer: its lease runs out by itself.
      if (!handed) await sleep(100);
    }
  }

  private async requestHandover(room: string): Promise<void> {
    const owner = await this.leases.ownerOf(room);
    if (!owner?.address || owner.owner === this.instanceId) return;
    const response = await fetch(`${owner.address}/handover`, {
      method: 'POST',
      headers: { [SECRET_HEADER]: this.secret, 'content-type': 'application/json' },
      body: JSON.stringify({ room }),
      signal: AbortSignal.timeout(this.options.leaseMs),
    });
    if (!response.ok) throw new Error(`the owner answered ${response.status}`);
  }

  /** The registry's copy of the room is gone: hand its lease over at once. */
  readonly roomGone = (room: string): void => {
    void this.releaseIfIdle(room);
  };

  private async releaseIfIdle(room: string): Promise<void> {
    const lease = this.owned.get(room);
    if (!lease || this.registry?.holds(room)) return;
    this.owned.delete(room);
    await this.leases
      .release(lease)
      .catch((error: unknown) => this.options.log.warn({ err: error, room }, 'could not release a room lease'));
  }

  private async renew(): Promise<void> {
    if (this.closed) return;
    const registry = this.registry!;
    const held: Lease[] = [];
    for (const lease of this.owned.values()) {
      if (registry.holds(lease.room)) held.push(lease);
      else void this.releaseIfIdle(lease.room);
    }
    try {
      const kept = await this.leases.renew(held);
      for (const lease of held) {
        if (kept.has(lease.room) || this.owned.get(lease.room) !== lease) continue;
        // Another instance took the room while this one was away (a pause, a lost network):
        // its writes would be refused by the fence anyway; close the room so its clients go there.
        this.owned.delete(lease.room);
        this.options.metrics.leasesLost.inc();
        this.options.log.warn({ room: lease.room }, 'lost the lease of a room; giving it up');
        void registry.evict(lease.room, CLOSE.resync, 'Dokumentet har flyttat till en annan server. Ansluter igen.');
      }
      await this.leases.heartbeat();
    } catch (error) {
      this.options.log.warn({ err: error }, 'could not renew room leases');
    }
  }

  /** Tells every other instance (NOTIFY); they re-check their sockets as this one does its own. */
  publish(notice: Notice): void {
    if (this.closed) return;
    this.pool
      .query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ from: this.instanceId, ...notice })])
      .catch((error: unknown) => this.options.log.warn({ err: error }, 'could not tell the other instances'));
  }

  /** Sessions ended on other instances (for the sockets that follow them here). */
  onSessionEnded(listener: (ended: EndedSessions) => void): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  private receive(payload: string | undefined): void {
    let notice: Notice & { from?: string };
    try {
      notice = JSON.parse(payload ?? '') as Notice & { from?: string };
    } catch {
      return;
    }
    if (notice.from === this.instanceId) return;
    if (notice.kind === 'document') this.events?.documentAccessChanged(notice.id);
    else if (notice.kind === 'user') this.events?.userAccessChanged(notice.id);
    else if (notice.kind === 'session') for (const listener of this.sessionListeners) listener(notice.ended);
  }

  private async listenForNotices(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl, keepAlive: true });
    client.on('notification', (message) => this.receive(message.payload));
    client.on('error', (error) => {
      this.options.log.warn({ err: error }, 'the NOTIFY connection failed; reconnecting');
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.listenForNotices().catch(() => this.retryNotices()), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }

  private retryNotices(): void {
    if (!this.closed) setTimeout(() => void this.listenForNotices().catch(() => this.retryNotices()), 1000).unref();
  }

  private authentic(request: IncomingMessage): boolean {
    const given = request.headers[SECRET_HEADER];
    return typeof given === 'string' && timingSafeEqual(digest(given), digest(this.secret));
  }

  private async listenInternal(): Promise<void> {
    const server = createServer((request, response) => {
      if (!this.authentic(request)) return void response.writeHead(403).end();
      if (request.method !== 'POST' || request.url !== '/handover') return void response.writeHead(404).end();
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const room = (JSON.parse(body || '{}') as { room?: unknown }).room;
        if (typeof room !== 'string') return void response.writeHead(400).end();
        void this.handOver(room).then(
          () => response.writeHead(204).end(),
          () => response.writeHead(500).end(),
        );
      });
    });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => void this.adopt(request, socket, head));
    this.internal = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    // Listening on every interface: the others reach this machine by its name unless told otherwise.
    const host = ['0.0.0.0', '::'].includes(this.options.host) ? hostname() : this.options.host;
    await this.leases.register(this.options.address ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  }

  /** Another instance needs the room for an API call: unload it here and release its lease. */
  private async handOver(room: string): Promise<void> {
    this.handedOver.set(room, Date.now() + Math.min(this.options.leaseMs, 2000));
    await this.registry?.evict(room, CLOSE.resync, 'Dokumentet har flyttat till en annan server. Ansluter igen.');
    await this.releaseIfIdle(room);
  }

  /** A socket forwarded by another instance for its client. */
  private async adopt(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://internal');
    const address = url.pathname.startsWith('/room/') ? parseRoomPath(url.pathname.slice('/room/'.length)) : null;
    const principal = decodePrincipal(request.headers[PRINCIPAL_HEADER]);
    if (!this.authentic(request) || !address || !principal || !this.endpoint || this.closed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    // Only the owner serves a room: one hop, never a chain of forwards.
    const owns =
      this.servesOwned(address.name) ||
      (!this.recentlyHandedOver(address.name) && (await this.take(address.name).catch(() => null)) !== null);
    if (!owns) {
      socket.end('HTTP/1.1 409 Conflict\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.endpoint!.adopt(ws, principal, address));
  }

  /** Database reachable and its schema what this Yttra expects (GET /readyz). */
  async ready(): Promise<{ ok: boolean; problem?: string }> {
    try {
      const { rows } = await this.pool.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migration');
      const version = rows[0]?.version ?? 0;
      return version === POSTGRES_MIGRATIONS.length ? { ok: true } : { ok: false, problem: `schema at version ${version}` };
    } catch (error) {
      return { ok: false, problem: (error as Error).message };
    }
  }

  get roomsOwned(): number {
    return this.owned.size;
  }

  /**
   * At shutdown, after the rooms are flushed: hands every lease over, closes the sockets this
   * instance forwarded, and leaves the instance table.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.renewing) clearInterval(this.renewing);
    for (const connection of [...this.forwarded]) connection.close(CLOSE.serverRestart, 'Servern startar om. Anslut igen om en stund.');
    await this.leases.leave().catch((error: unknown) => this.options.log.warn({ err: error }, 'could not hand the rooms over'));
    this.owned.clear();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    if (this.internal) {
      this.internal.closeAllConnections();
      await new Promise<void>((resolve) => this.internal!.close(() => resolve()));
    }
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}
