/**
 * Prometheus metrics: what an operator needs to see whether sync is healthy — rooms and
 * connections, stored updates and how long storing takes, how long an edit is held before the
 * others see it, refused frames by reason.
 */
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
  readonly updatesStored = new Counter({ name: 'yttra_updates_stored_total', help: 'Document updates committed to storage', registers: [this.registry] });
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

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'yttra_process_' });
  }

  /** Where the gauges read their values when scraped. */
  observe(sources: { rooms(): number; connections(): number }): void {
    this.sources = sources;
  }
}
