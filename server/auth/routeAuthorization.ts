/**
 * Enforces routeRules.ts: every route registered on the app gets the check of its declared rule
 * as its first route-level onRequest hook, after authentication (an app-level onRequest hook) and
 * before the body is read. Registering a route that is not declared throws, so the server cannot
 * start with an unguarded route.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, onSendHookHandler, RouteOptions } from 'fastify';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors';
import type { AccountStore, DocumentRecord, DocumentRole, UserRecord } from '../storage/storage';
import { isDocumentId } from '../sync/roomNames';
import { NOT_NAMND_MEMBER, NOT_NAMNDSEKRETERARE, actsAsNamndsekreterare, isNamndPolitician } from './namndRoles';
import { ROUTE_RULES, isStaticClientRoute, type RouteDeclaration, type RouteRule } from './routeRules';

declare module 'fastify' {
  interface FastifyRequest {
    /** The document `:id` and the caller's role on it, once a `document` rule has passed. */
    documentAccess: { record: DocumentRecord; role: DocumentRole } | null;
  }
}

export interface RouteAuthorizationDeps {
  documents: {
    authorize(
      user: UserRecord,
      id: string,
      needed: DocumentRole,
      evenIf?: 'deleted' | 'archived',
    ): Promise<{ record: DocumentRecord; role: DocumentRole }>;
  };
  arenden: { assertMayManage(user: UserRecord, arendeId: string): Promise<unknown> };
  accountStore: Pick<AccountStore, 'groupsOf'>;
  audit: {
    recordNow(event: { documentId: string; userId: string | null; action: string; detail: Record<string, unknown> }): Promise<void>;
  };
}

export class UndeclaredRouteError extends Error {}

function signedInUser(request: FastifyRequest): UserRecord {
  if (!request.user) {
    throw new UnauthenticatedError(request.sessionToken ? 'Din inloggning har gått ut. Logga in igen.' : 'Du behöver logga in.');
  }
  return request.user;
}

function param(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

async function enforce(rule: RouteRule, request: FastifyRequest, deps: RouteAuthorizationDeps): Promise<void> {
  if (rule.who === 'anyone') return;
  const user = signedInUser(request);
  switch (rule.who) {
    case 'signedIn':
      return;
    case 'admin':
      if (!user.isAdmin) throw new ForbiddenError('Bara en administratör kan göra det.');
      return;
    case 'document':
    case 'partyMember': {
      const id = param(request, 'id');
      if (!isDocumentId(id)) throw new NotFoundError();
      request.documentAccess = await deps.documents.authorize(user, id, rule.role, rule.who === 'document' ? rule.evenIf : undefined);
      if (rule.who === 'partyMember' && !isNamndPolitician(await deps.accountStore.groupsOf(user.id))) {
        throw new ForbiddenError(NOT_NAMND_MEMBER);
      }
      return;
    }
    case 'namndsekreterare':
      if (!actsAsNamndsekreterare(user)) throw new ForbiddenError(NOT_NAMNDSEKRETERARE);
      return;
    case 'arendeManager':
      await deps.arenden.assertMayManage(user, param(request, 'arendeId'));
      return;
  }
}

function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The declaration of a route, or an error naming the route that lacks one. */
export function declarationOf(method: string, url: string): RouteDeclaration | null {
  const declared = ROUTE_RULES[routeKey(method, url)];
  if (declared) return declared;
  if (isStaticClientRoute(method, url)) return null;
  throw new UndeclaredRouteError(
    `The route ${method} ${url} has no authorization rule; declare who may call it in server/auth/routeRules.ts.`,
  );
}

export function installRouteAuthorization(app: FastifyInstance, deps: RouteAuthorizationDeps): void {
  app.decorateRequest('documentAccess', null);
  app.addHook('onRoute', (route: RouteOptions) => {
    for (const method of asArray(route.method)) {
      const declaration = declarationOf(method, route.url);
      if (!declaration) continue;
      const check: onRequestHookHandler = async (request) => enforce(declaration.rule, request, deps);
      route.onRequest = [check, ...asArray(route.onRequest)];
      if (declaration.audit)
        route.onSend = [auditOnSuccess(declaration.audit.action, declaration.audit.queryDetail, deps), ...asArray(route.onSend)];
    }
  });
}

/** Records the event before the answer leaves, so what a user took away is always in the log. */
function auditOnSuccess(action: string, queryDetail: readonly string[], deps: RouteAuthorizationDeps): onSendHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply, payload) => {
    if (reply.statusCode >= 400 || !request.documentAccess || !request.user) return payload;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const detail: Record<string, unknown> = {};
    for (const key of queryDetail) if (typeof query[key] === 'string' && query[key] !== '') detail[key] = String(query[key]).slice(0, 100);
    await deps.audit.recordNow({ documentId: request.documentAccess.record.id, userId: request.user.id, action, detail });
    return payload;
  };
}
