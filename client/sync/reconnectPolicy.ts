/**
 * How long to wait before reconnecting: exponential backoff with full jitter. A fleet of tabs that
 * lost the server at the same moment must not come back in lockstep, so each waits a random time
 * between 0 and the (capped) exponential bound.
 */
export const RECONNECT_BASE_MS = 250;
export const RECONNECT_MAX_MS = 15_000;

export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const bound = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.floor(random() * bound);
}

/**
 * A server that closed with "restarting" (1012) is usually back within seconds, and people wait
 * for "Sparat": for this long after such a close the client tries again every second or so
 * (jittered, so the tabs still arrive spread out) instead of backing off to 15 s.
 */
export const RESTART_WINDOW_MS = 60_000;
const RESTART_MIN_MS = 200;
const RESTART_SPREAD_MS = 800;

export function restartDelay(random: () => number = Math.random): number {
  return RESTART_MIN_MS + Math.floor(random() * RESTART_SPREAD_MS);
}

/** Close codes after which retrying as-is cannot help (see shared/protocol/PROTOCOL.md). */
export function isPermanentClose(code: number | undefined): boolean {
  return code !== undefined && code >= 4400 && code < 4500;
}
