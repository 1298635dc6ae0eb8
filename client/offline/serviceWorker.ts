/**
 * The service worker (built into /sw.js by vite.config.ts, which fills in the build's file list).
 * It lets a document that was opened before open again while the server cannot be reached:
 *  - the app shell (index.html and the built assets) is cached at install, served cache-first,
 *    and a page load tries the network first and falls back to the cached shell;
 *  - the last answers for a document's details and for a template pack version are kept, and
 *    served only when the server cannot be reached.
 * The document itself comes from the client's IndexedDB copy (y-indexeddb), not from here.
 * Nothing about who is signed in is cached here; the page clears the answer cache at sign-in and
 * sign-out (client/offline/offlineData.ts), so no one sees another person's answers.
 */
import { ANSWER_CACHE, isKeptAnswer } from './keptAnswers';

declare const __PRECACHE__: string[];
declare const __SHELL_VERSION__: string;

/** The few service worker types used here (the project's lib is the DOM's, not the worker's). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
const worker = self as unknown as WorkerScope;

const SHELL_PREFIX = 'yttra-shell-';
const SHELL_CACHE = `${SHELL_PREFIX}${__SHELL_VERSION__}`;
const SHELL_PAGE = '/index.html';

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll([SHELL_PAGE, ...__PRECACHE__]))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name.startsWith(SHELL_PREFIX) && name !== SHELL_CACHE).map((name) => caches.delete(name))),
      )
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    if (isKeptAnswer(url)) event.respondWith(answerFromNetworkOrLast(request));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(pageFromNetworkOrShell(request));
  } else if (__PRECACHE__.includes(url.pathname)) {
    event.respondWith(caches.match(request, { cacheName: SHELL_CACHE }).then((cached) => cached ?? fetch(request)));
  }
});

/** The server's page when it answers (so a new version shows at once), else the cached shell. */
async function pageFromNetworkOrShell(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await caches.match(SHELL_PAGE, { cacheName: SHELL_CACHE });
    if (shell) return shell;
    throw error;
  }
}

/**
 * The server's answer, kept when it is a success and forgotten when access is gone; the kept one
 * only when the server cannot be reached at all (an answer, even a refusal, is passed on).
 */
async function answerFromNetworkOrLast(request: Request): Promise<Response> {
  const cache = await caches.open(ANSWER_CACHE);
  let response: Response;
  try {
    response = await fetch(request);
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw error;
  }
  if (response.ok) await cache.put(request, response.clone());
  else if (response.status === 401 || response.status === 403 || response.status === 404) await cache.delete(request);
  return response;
}
