/**
 * Prometheus metrics: what an operator needs to see whether sync is healthy — rooms and
 * connections, stored updates and how long storing takes, how long an edit is held before the
 * others see it, refused frames by reason.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  private sources = { rooms: () => 0, connections: () => 0 };
  readonly rooms: Gauge = new Gauge({
    name: 'yttra_rooms',
    help: 'Rooms loaded in memory',
    registers: [this.registry],
    collect: (): void => this.rooms.set(this.sources.rooms()),
  });
  readonly connections: Gauge = new Gauge({
    name: 'yttra_connections',
    help: 'Open sync connections',
    registers: [this.registry],
    collect: (): void => this.connections.set(this.sources.connections()),
  });
  readonly updatesStored = new Counter({
    name: 'yttra_updates_stored_total',
    help: 'Document updates committed to storage',
    registers: [this.registry],
  });
  readonly storeSeconds = new Histogram({
    name: 'yttra_store_seconds',
    help: 'Time to commit one update to storage',
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5],
    registers: [this.registry],
  });
  readonly relaySeconds = new Histogram({
    name: 'yttra_relay_seconds',
    help: 'Time from a change frame arriving until its broadcast begins: guard, apply and commit',
    buckets: [0.0001, 0.0002, 0.0003, 0.0005, 0.00075, 0.001, 0.002, 0.005, 0.01, 0.05, 0.25, 1],
    registers: [this.registry],
  });
  readonly framesRefused = new Counter({
    name: 'yttra_frames_refused_total',
    help: 'Frames refused by a guard, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly backgroundErrors = new Counter({
    name: 'yttra_background_errors_total',
    help: 'Failures of work nobody awaits (timers, write-behind), by task; each is logged and the server keeps running',
    labelNames: ['task'] as const,
    registers: [this.registry],
  });

  /** Several instances (server/cluster/): rooms whose lease this instance holds. */
  private clusterSources = { roomsOwned: () => 0, forwarded: () => 0 };
  readonly roomsOwned: Gauge = new Gauge({
    name: 'yttra_cluster_rooms_owned',
    help: 'Rooms whose lease this instance holds (several instances on PostgreSQL)',
    registers: [this.registry],
    collect: (): void => this.roomsOwned.set(this.clusterSources.roomsOwned()),
  });
  readonly forwardedConnections: Gauge = new Gauge({
    name: 'yttra_cluster_forwarded_connections',
    help: 'Client sockets on this instance forwarded to the owner of their room on another instance',
    registers: [this.registry],
    collect: (): void => this.forwardedConnections.set(this.clusterSources.forwarded()),
  });
  readonly leaseTakeovers = new Counter({
    name: 'yttra_cluster_lease_takeovers_total',
    help: 'Rooms this instance took over from another whose lease had run out',
    registers: [this.registry],
  });
  readonly leasesLost = new Counter({
    name: 'yttra_cluster_leases_lost_total',
    help: 'Rooms this instance gave up because another instance had taken them over (fenced)',
    registers: [this.registry],
  });

  observeCluster(sources: { roomsOwned(): number; forwarded(): number }): void {
    this.clusterSources = sources;
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'yttra_process_' });
  }

  /** Where the gauges read their values when scraped. */
  observe(sources: { rooms(): number; connections(): number }): void {
    this.sources = sources;
  }
}

/**
 * Who may read /metrics (it tells an outsider how busy the server is and what it refuses):
 * with YTTRA_METRICS_TOKEN, whoever sends it as a Bearer token; with YTTRA_METRICS_PORT, whoever
 * reaches that separate listener (YTTRA_METRICS_HOST, 127.0.0.1 by default) and the main port
 * answers 404; with neither, only a client on this machine talking to it directly (loopback, and
 * no X-Forwarded-For: a reverse proxy on the same machine must not pass the world through).
 */
export interface MetricsExposure {
  token?: string;
  separateListener: boolean;
}

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];
const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison's time tells nothing.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function metricsAccess(
  request: Pick<IncomingMessage, 'headers' | 'socket'>,
  exposure: MetricsExposure,
  listener: 'main' | 'metrics',
): 'allowed' | { status: 401 | 403 | 404; message: string } {
  if (exposure.token !== undefined) {
    const authorization = request.headers.authorization ?? '';
    if (authorization.startsWith('Bearer ') && sameSecret(authorization.slice(7).trim(), exposure.token)) return 'allowed';
    return { status: 401, message: 'Mätvärdena kräver en giltig token (YTTRA_METRICS_TOKEN).' };
  }
  if (listener === 'metrics') return 'allowed';
  if (exposure.separateListener) return { status: 404, message: 'Mätvärdena finns på en egen adress (YTTRA_METRICS_PORT).' };
  const direct =
    LOOPBACK.test(request.socket.remoteAddress ?? '') && FORWARDING_HEADERS.every((name) => request.headers[name] === undefined);
  return direct
    ? 'allowed'
    : { status: 403, message: 'Mätvärdena visas bara för den egna datorn. Sätt YTTRA_METRICS_TOKEN eller YTTRA_METRICS_PORT.' };
}

/** /metrics on a listener of its own (YTTRA_METRICS_PORT), e.g. on an internal interface. */
export async function listenMetrics(
  metrics: Metrics,
  options: { host: string; port: number; token?: string },
): Promise<{ port: number; close(): Promise<void> }> {
  const exposure: MetricsExposure = { token: options.token, separateListener: true };
  const server: Server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' || path !== '/metrics') {
      response
        .writeHead(404, { 'content-type': 'application/json; charset=utf-8' })
        .end(JSON.stringify({ error: 'Här finns bara /metrics.' }));
      return;
    }
    const access = metricsAccess(request, exposure, 'metrics');
    if (access !== 'allowed') {
      response
        .writeHead(access.status, { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer' })
        .end(JSON.stringify({ error: access.message }));
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
