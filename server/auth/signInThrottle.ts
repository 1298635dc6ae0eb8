/**
 * Slows down password guessing without letting a stranger lock anyone out.
 *
 *   - per account and client address: five failures, then a wait that doubles with each further
 *     failure (1 s, 2 s, 4 s … at most 15 minutes). A user who mistypes slows down only themselves.
 *   - per client address (an IPv6 address counts by its /64): 30 failures within 15 minutes
 *     block that address for 15 minutes, whatever accounts it tries. Strict: it only hurts the
 *     guesser (and, behind a NAT, that office — configure the proxy, not the NAT, as trusted).
 *   - per account, from every address together: past 20 failures within 15 minutes each further
 *     failure doubles a short wait (at most one minute), which an address that has signed in to
 *     that account before does not face. A botnet guessing the administrator's password is held
 *     to one guess a minute; the administrator signing in from a known address is not held at all.
 *
 * Attempts refused here never reach the password check and do not count, so hammering does not
 * extend a wait. The client address is the one Fastify derives (X-Forwarded-For only from a
 * trusted proxy). State is in memory: a restart forgets it, which only ever lets people in sooner.
 */
import { isIP } from 'node:net';

const WINDOW_MS = 15 * 60 * 1000;
const PAIR_FREE_FAILURES = 5;
const PAIR_MAX_WAIT_MS = 15 * 60 * 1000;
const ADDRESS_FAILURES = 30;
const ADDRESS_BLOCK_MS = 15 * 60 * 1000;
const ACCOUNT_FREE_FAILURES = 20;
const ACCOUNT_MAX_WAIT_MS = 60 * 1000;
const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 100_000;

interface Failures {
  count: number;
  firstAt: number;
  /** No attempt under this key before this time. */
  allowedAt: number;
}

/** The part of an address that one client controls: IPv4 whole, IPv6 by its /64. */
export function clientKey(address: string): string {
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  if (isIP(plain) !== 6) return plain;
  const [head = '', tail = ''] = plain.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = plain.includes('::') ? 8 - headParts.length - tailParts.length : 0;
  const groups = [...headParts, ...Array<string>(missing).fill('0'), ...tailParts];
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

function doublingWait(failuresOverFree: number, maxMs: number): number {
  return Math.min(maxMs, 1000 * 2 ** Math.min(failuresOverFree - 1, 30));
}

export class SignInThrottle {
  private readonly failures = new Map<string, Failures>();
  /** account → client key → when it last signed in there. */
  private readonly knownAddresses = new Map<string, Map<string, number>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds until `account` may be tried from `address`, or 0. */
  waitFor(account: string, address: string): number {
    const now = this.now();
    const client = clientKey(address);
    const keys = [`pair:${account}\u0000${client}`, `address:${client}`];
    if (!this.isKnown(account, client, now)) keys.push(`account:${account}`);
    return Math.max(0, ...keys.map((key) => this.current(key, now)?.allowedAt ?? 0).map((at) => at - now));
  }

  recordFailure(account: string, address: string): void {
    const now = this.now();
    const client = clientKey(address);
    const pair = this.count(`pair:${account}\u0000${client}`, now);
    if (pair.count >= PAIR_FREE_FAILURES) pair.allowedAt = now + doublingWait(pair.count - PAIR_FREE_FAILURES + 1, PAIR_MAX_WAIT_MS);
    const byAddress = this.count(`address:${client}`, now);
    if (byAddress.count >= ADDRESS_FAILURES) byAddress.allowedAt = now + ADDRESS_BLOCK_MS;
    const byAccount = this.count(`account:${account}`, now);
    if (byAccount.count > ACCOUNT_FREE_FAILURES)
      byAccount.allowedAt = now + doublingWait(byAccount.count - ACCOUNT_FREE_FAILURES, ACCOUNT_MAX_WAIT_MS);
    if (this.failures.size > MAX_ENTRIES) this.prune(now);
  }

  /** A correct password: that pair starts afresh and the address becomes known for the account. */
  recordSuccess(account: string, address: string): void {
    const client = clientKey(address);
    this.failures.delete(`pair:${account}\u0000${client}`);
    let known = this.knownAddresses.get(account);
    if (!known) {
      known = new Map();
      this.knownAddresses.set(account, known);
    }
    known.set(client, this.now());
    if (known.size > 50) known.delete(known.keys().next().value!);
    if (this.knownAddresses.size > MAX_ENTRIES) this.knownAddresses.delete(this.knownAddresses.keys().next().value!);
  }

  private isKnown(account: string, client: string, now: number): boolean {
    const at = this.knownAddresses.get(account)?.get(client);
    return at !== undefined && now - at < KNOWN_ADDRESS_MS;
  }

  /** The entry for `key` if its window is still open. */
  private current(key: string, now: number): Failures | undefined {
    const entry = this.failures.get(key);
    return entry && (now - entry.firstAt <= WINDOW_MS || entry.allowedAt > now) ? entry : undefined;
  }

  private count(key: string, now: number): Failures {
    let entry = this.current(key, now);
    if (!entry) {
      entry = { count: 0, firstAt: now, allowedAt: 0 };
      this.failures.set(key, entry);
    }
    entry.count += 1;
    return entry;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.failures) {
      if (now - entry.firstAt > WINDOW_MS && entry.allowedAt < now) this.failures.delete(key);
    }
  }
}
