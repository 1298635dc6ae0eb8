/**
 * Slows down password guessing: after a few failed sign-ins for one e-mail address (or from one
 * address) within a window, further attempts are refused for a while, even with the right password.
 */
const WINDOW_MS = 15 * 60 * 1000;
const FREE_ATTEMPTS = 5;
const LOCK_MS = 5 * 60 * 1000;

interface Failures {
  count: number;
  firstAt: number;
  lockedUntil: number;
}

export class SignInThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds until another attempt is allowed for any of these keys, or 0. */
  waitFor(keys: readonly string[]): number {
    const now = this.now();
    return Math.max(0, ...keys.map((key) => (this.failures.get(key)?.lockedUntil ?? 0) - now));
  }

  recordFailure(keys: readonly string[]): void {
    const now = this.now();
    for (const key of keys) {
      let entry = this.failures.get(key);
      if (!entry || now - entry.firstAt > WINDOW_MS) {
        entry = { count: 0, firstAt: now, lockedUntil: 0 };
        this.failures.set(key, entry);
      }
      entry.count += 1;
      if (entry.count >= FREE_ATTEMPTS) entry.lockedUntil = now + LOCK_MS;
    }
    if (this.failures.size > 100_000) this.prune(now);
  }

  recordSuccess(keys: readonly string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.failures) {
      if (now - entry.firstAt > WINDOW_MS && entry.lockedUntil < now) this.failures.delete(key);
    }
  }
}
