/**
 * What this browser keeps for working offline, and its removal: the service worker's answer
 * cache, the documents' IndexedDB copies, and who signed in here (so a page loaded while the
 * server cannot be reached still knows whose edits it is making). All of it is one person's and
 * goes at sign-out, and at a sign-in by someone else.
 */
import type { SessionUser } from '../app/api';
import { ANSWER_CACHE, isKeptAnswer } from './keptAnswers';
const USER_KEY = 'yttra.offlineUser';
/** y-indexeddb's databases (client/sync/useDocumentSession.ts names them `yttra:<room>`). */
const COPY_PREFIX = 'yttra:';

/** Registers the service worker; a browser without one (or the dev server) simply has no offline start. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const hadWorker = navigator.serviceWorker.controller !== null;
  // On the first visit the page asked for its answers before the worker was there to keep them:
  // ask again once it has taken over, so this very document opens offline next time.
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (hadWorker) return;
    askAgainForKeptAnswers(performance.getEntriesByType('resource'));
    // A request still under way when the worker took over finishes without it, after the list
    // above was read: ask for such answers again as they complete (workerStart 0: no worker saw it).
    const late = new PerformanceObserver((list) =>
      askAgainForKeptAnswers(list.getEntries().filter((entry) => (entry as PerformanceResourceTiming).workerStart === 0)),
    );
    late.observe({ type: 'resource' });
    setTimeout(() => late.disconnect(), 30_000);
  });
  navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('Yttra works without an offline start:', error));
}

function askAgainForKeptAnswers(entries: readonly PerformanceEntry[]): void {
  for (const entry of entries) {
    const url = new URL(entry.name);
    if (url.origin === location.origin && isKeptAnswer(url)) void fetch(url, { credentials: 'same-origin' }).catch(() => undefined);
  }
}

export function rememberUser(user: SessionUser): void {
  try {
    const previous = rememberedUser();
    if (previous && previous.id !== user.id) void clearOfflineData();
    localStorage.setItem(USER_KEY, JSON.stringify(user));
  } catch {
    // Storage blocked: no offline start, nothing else changes.
  }
}

/** The person who signed in on this browser and has not signed out, if any. */
export function rememberedUser(): SessionUser | null {
  try {
    const stored = localStorage.getItem(USER_KEY);
    return stored ? (JSON.parse(stored) as SessionUser) : null;
  } catch {
    return null;
  }
}

/** Forgets everything kept for offline use (at sign-out). */
export async function clearOfflineData(): Promise<void> {
  try {
    localStorage.removeItem(USER_KEY);
  } catch {
    // Storage blocked: nothing was kept there.
  }
  const removals: Array<Promise<unknown>> = [];
  if ('caches' in window) removals.push(caches.delete(ANSWER_CACHE));
  if (typeof indexedDB.databases === 'function') {
    const databases = await indexedDB.databases().catch(() => []);
    for (const { name } of databases) {
      if (name?.startsWith(COPY_PREFIX)) removals.push(deleteDatabase(name));
    }
  }
  await Promise.all(removals);
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}
