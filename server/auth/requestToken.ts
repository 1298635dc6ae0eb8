/** Where a request carries its session token: the cookie, a Bearer header, or ?token= (WebSocket). */
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE } from './sessions';

export type TokenSource = 'cookie' | 'bearer' | 'query';

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function tokenFromRequest(request: Pick<IncomingMessage, 'headers' | 'url'>): { token: string; source: TokenSource } | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return { token: authorization.slice(7).trim(), source: 'bearer' };
  const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
  if (cookie) return { token: cookie, source: 'cookie' };
  const query = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
  if (query) return { token: query, source: 'query' };
  return undefined;
}

/**
 * Cookie-authenticated requests that change state must come from Yttra's own pages: the browser
 * sends Origin on such requests, and it must name this host. (The cookie is also SameSite=Strict.)
 */
export function isSameOrigin(request: Pick<IncomingMessage, 'headers'>): boolean {
  const origin = request.headers.origin;
  const host = request.headers.host;
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
