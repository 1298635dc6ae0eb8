/**
 * Limits on TCP connections (HTTP and sync alike), so that one client cannot hold every file
 * descriptor with requests that never finish (slowloris): a cap on connections in all and one
 * per client address. Trusted proxies are exempt from the per-address cap (every user arrives
 * from them); they must limit their own clients.
 */
import fs from 'node:fs';
import { BlockList, isIP, type Socket } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from '../log';

/** HTTP timeouts: a request's headers within 10 s, the whole request within 2 minutes. */
export const HTTP_TIMEOUTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  /** How often Node looks for requests past those timeouts. */
  checkIntervalMs: 1_000,
} as const;

/** Descriptors kept free for the database, its WAL, temp files and LibreOffice. */
const RESERVED_DESCRIPTORS = 256;

/** A list of addresses and CIDR ranges (YTTRA_TRUSTED_PROXY), checked as Node's BlockList does. */
export function addressList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`YTTRA_TRUSTED_PROXY: "${entry}" is not an IP address or CIDR range such as 10.0.0.0/8`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) {
      list.addAddress(address, type);
    } else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32))
        throw new Error(`YTTRA_TRUSTED_PROXY: "${entry}" has a bad prefix length`);
      list.addSubnet(address, bits, type);
    }
  }
  return list;
}

/** Whether `address` (as a socket reports it, IPv4 possibly mapped into IPv6) is in `list`. */
export function listed(list: BlockList, address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const family = isIP(plain);
  return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

/** The soft limit on open files of this process (Linux), or null where it cannot be read. */
function openFileLimit(): number | null {
  try {
    const line = fs
      .readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('Max open files'));
    const soft = Number(line?.split(/\s+/)[3]);
    return Number.isFinite(soft) ? soft : null;
  } catch {
    return null;
  }
}

export interface ConnectionLimits {
  maxConnections: number;
  maxConnectionsPerAddress: number;
  trustedProxies: BlockList;
}

/**
 * Applies the caps to the server; connections past one are closed at once. (The timeouts must
 * be given when the server is created: Node reads them then.)
 */
export function limitConnections(server: Server, limits: ConnectionLimits, log: Logger): void {
  const fileLimit = openFileLimit();
  let maxConnections = limits.maxConnections;
  if (fileLimit !== null && maxConnections > fileLimit - RESERVED_DESCRIPTORS) {
    maxConnections = Math.max(10, fileLimit - RESERVED_DESCRIPTORS);
    log.warn(
      { configured: limits.maxConnections, openFileLimit: fileLimit, maxConnections },
      'YTTRA_MAX_CONNECTIONS lowered to fit the limit on open files',
    );
  }
  server.maxConnections = maxConnections;

  const perAddress = new Map<string, number>();
  let warnedAt = 0;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    if (listed(limits.trustedProxies, address)) return;
    const count = (perAddress.get(address) ?? 0) + 1;
    if (count > limits.maxConnectionsPerAddress) {
      socket.destroy();
      if (Date.now() - warnedAt > 60_000) {
        warnedAt = Date.now();
        log.warn({ address, limit: limits.maxConnectionsPerAddress }, 'connections from one address over the limit are closed at once');
      }
      return;
    }
    perAddress.set(address, count);
    socket.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
  });
}
