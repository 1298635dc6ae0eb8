/** The API answers a document needs to open offline (its details, its template pack version); nothing else of the API is kept. */
export const KEPT_ANSWERS: readonly RegExp[] = [/^\/api\/documents\/[\w-]+$/, /^\/api\/templates\/[^/]+\/versions\/\d+$/];

/** Where the service worker keeps them; the page clears it at sign-out (offlineData.ts). */
export const ANSWER_CACHE = 'yttra-answers';

export function isKeptAnswer(url: URL): boolean {
  return url.search === '' && KEPT_ANSWERS.some((pattern) => pattern.test(url.pathname));
}
