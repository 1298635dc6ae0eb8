/**
 * Who may call each route of the HTTP server: one declarative table, enforced for every route by
 * routeAuthorization.ts before the route's handler runs (and before its body is read). A route
 * that is not in this table cannot be registered: the server refuses to start.
 *
 * Rules:
 *   anyone        no session needed (signing in, liveness, the built client's files);
 *   signedIn      any signed-in, enabled account;
 *   admin         an administrator;
 *   document      at least `role` on the document `:id` (a document the user may not see at all
 *                 answers 404, so private drafts do not reveal that they exist);
 *   partyMember   as `document`, and a member of a nämnd group and of a party group (ledamot,
 *                 ersättare): filing a särskilt yttrande or a reservation (which nämnd: Bilagor.file);
 *   namndsekreterare a nämndsekreterare or an administrator (auth/namndRoles.ts);
 *   arendeManager the ärende `:arendeId`'s handläggare, a nämndsekreterare or an administrator
 *                 (which facts each may change: ArendeService.update).
 *
 * `audit` names an event recorded (before the answer is sent) when the route succeeds, for routes
 * whose use must be traceable although they change nothing, such as exports.
 */
import type { DocumentRole } from '../storage/storage';

export type RouteRule =
  | { who: 'anyone' }
  | { who: 'signedIn' }
  | { who: 'admin' }
  /** `evenIf`: the route also reaches a document in that state (taking it out of the wastebasket or the archive). */
  | { who: 'document'; role: DocumentRole; evenIf?: 'deleted' | 'archived' }
  | { who: 'partyMember'; role: DocumentRole }
  | { who: 'namndsekreterare' }
  | { who: 'arendeManager' };

export interface RouteAudit {
  action: string;
  /** Query parameters copied into the event's detail (e.g. the export format). */
  queryDetail: readonly string[];
}

export interface RouteDeclaration {
  rule: RouteRule;
  audit?: RouteAudit;
}

const anyone: RouteDeclaration = { rule: { who: 'anyone' } };
const signedIn: RouteDeclaration = { rule: { who: 'signedIn' } };
const admin: RouteDeclaration = { rule: { who: 'admin' } };
const namndsekreterare: RouteDeclaration = { rule: { who: 'namndsekreterare' } };
const document = (role: DocumentRole): RouteDeclaration => ({ rule: { who: 'document', role } });

/** Keyed by "METHOD /url" exactly as the route is registered (HEAD follows GET). */
export const ROUTE_RULES: Readonly<Record<string, RouteDeclaration>> = {
  'GET /healthz': anyone,
  // Database reachable and migrated, for a load balancer (routes/health.ts).
  'GET /readyz': anyone,
  // /metrics guards itself with its own token (see routes/health.ts).
  'GET /metrics': anyone,

  'POST /api/session': anyone,
  'GET /api/session': signedIn,
  'PUT /api/session/password': signedIn,
  'DELETE /api/session': anyone,
  'DELETE /api/session/all': signedIn,
  // Sign-in through the organisation's identity provider (auth/externalSignIn.ts).
  'GET /api/session/providers': anyone,
  'GET /api/session/oidc': anyone,
  'GET /api/session/oidc/callback': anyone,
  'POST /api/session/oidc/link': signedIn,
  'GET /api/session/saml': anyone,
  'GET /api/session/saml/metadata': anyone,
  'POST /api/session/saml/acs': anyone,

  // Any signed-in user may list people and groups: the sharing dialog needs them.
  'GET /api/users': signedIn,
  'POST /api/users': admin,
  'PATCH /api/users/:userId': admin,
  'POST /api/users/:userId/password-reset': admin,
  'GET /api/groups': signedIn,
  'POST /api/groups': admin,
  'POST /api/groups/:groupId/members': admin,
  'DELETE /api/groups/:groupId/members/:userId': admin,
  'GET /api/audit': admin,

  'GET /api/documents': signedIn,
  'POST /api/documents': signedIn,
  'GET /api/documents/:id': document('reader'),
  'GET /api/documents/:id/access': document('reader'),
  'PUT /api/documents/:id/access': document('owner'),
  'POST /api/documents/:id/hand-in': document('editor'),
  'GET /api/documents/:id/audit': document('owner'),

  'POST /api/import': signedIn,
  'GET /api/documents/:id/export': {
    rule: { who: 'document', role: 'reader' },
    audit: { action: 'exported', queryDetail: ['format', 'version', 'suggestions'] },
  },

  'GET /api/documents/:id/status': document('reader'),
  // Readers reach the workflow, which decides by the step: editors take the drafting steps, a
  // nämndsekreterare every step (auth/namndRoles.ts), an administrator also reopens.
  'POST /api/documents/:id/status': document('reader'),
  'GET /api/documents/:id/versions': document('reader'),
  'POST /api/documents/:id/versions': document('editor'),
  'GET /api/documents/:id/versions/compare': document('reader'),
  'GET /api/documents/:id/versions/:versionId': document('reader'),
  'POST /api/documents/:id/versions/:versionId/restore': document('editor'),
  'GET /api/documents/:id/bilagor': document('reader'),
  'POST /api/documents/:id/bilagor': { rule: { who: 'partyMember', role: 'commenter' } },
  // Only the invited co-signer may answer (checked by Bilagor.answer); they can read the main document.
  'POST /api/documents/:id/bilagor/:bilagaId/confirm': document('reader'),
  'POST /api/documents/:id/bilagor/:bilagaId/decline': document('reader'),
  // Only its signatories, before justering (checked by Bilagor.withdraw).
  'POST /api/documents/:id/bilagor/:bilagaId/withdraw': document('reader'),

  'GET /api/arenden': signedIn,
  'POST /api/arenden': namndsekreterare,
  'GET /api/arenden/:arendeId': signedIn,
  'PATCH /api/arenden/:arendeId': { rule: { who: 'arendeManager' } },
  'GET /api/arenden/:arendeId/audit': { rule: { who: 'arendeManager' } },
  'GET /api/templates': signedIn,
  'GET /api/templates/:packId/versions/:version': signedIn,
  'PUT /api/templates/active': admin,
  'POST /api/templates': admin,
  'GET /api/documents/:id/template-migration': document('editor'),
  'POST /api/documents/:id/template-migration': document('editor'),

  // Attaching also needs the right to manage the target ärende (ArendeService.attach).
  'PUT /api/documents/:id/arende': document('editor'),

  // The wastebasket and the archive (DocumentLifecycle): owners, and administrators as owners.
  'DELETE /api/documents/:id': document('owner'),
  'POST /api/documents/:id/restore': { rule: { who: 'document', role: 'owner', evenIf: 'deleted' } },
  'POST /api/documents/:id/archive': document('owner'),
  'POST /api/documents/:id/unarchive': { rule: { who: 'document', role: 'owner', evenIf: 'archived' } },

  // Notifications (server/notifications/): each person's own; who may be @mentioned in a comment.
  'GET /api/notifications': signedIn,
  'POST /api/notifications/read': signedIn,
  'PUT /api/notifications/settings': signedIn,
  'GET /api/documents/:id/mentionable': document('commenter'),
};

/**
 * Routes outside the table that need no rule: the built client's static files, which the static
 * plugin registers one GET (and HEAD) route each for — a file (its name has an extension) or a
 * folder's index (ends in /). Anything else must be declared.
 */
export function isStaticClientRoute(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (url.startsWith('/api/') || url.startsWith('/sync') || url.includes(':') || url.includes('*')) return false;
  const last = url.slice(url.lastIndexOf('/') + 1);
  return last === '' || last.includes('.');
}
