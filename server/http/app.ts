/**
 * The HTTP side of the one server: the JSON API under /api, /healthz, and the built client.
 * Each feature registers its routes from its own module in routes/.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Logger } from '../log';
import type { DocumentService } from '../documents/documentService';
import type { RoomRegistry } from '../sync/roomRegistry';
import { installErrorHandler } from './errorHandler';
import { HTTP_TIMEOUTS, addressList, limitConnections, listed } from './connectionLimits';
import { registerDocumentRoutes } from './routes/documents';
import { registerHealthRoutes } from './routes/health';
import { registerSessionRoutes } from './routes/session';
import { registerAdminRoutes } from './routes/admin';
import { registerImportExportRoutes, type ImportExportDeps } from './routes/importExport';
import { registerWorkflowRoutes } from './routes/workflow';
import { registerArendeRoutes } from './routes/arenden';
import { registerTemplateRoutes } from './routes/templates';
import type { TemplateService } from '../templates/templateService';
import type { DocumentLifecycle } from '../documents/documentLifecycle';
import type { ArendeService } from '../arenden/arendeService';
import { CURRENT, type VersionService } from '../versions/versionService';
import type { StatusWorkflow } from '../workflow/statusWorkflow';
import type { Bilagor } from '../workflow/bilagor';
import { installAuthentication } from './authentication';
import { installRouteAuthorization } from '../auth/routeAuthorization';
import type { AccountService } from '../auth/accountService';
import type { AccountStore } from '../storage/storage';
import type { AuditLog } from '../audit/auditLog';
import type { Metrics, MetricsExposure } from '../metrics';
import type { OriginPolicy } from '../auth/requestToken';
import type { SignInOptions } from './routes/externalSession';

export interface AppDeps {
  log: Logger;
  documents: DocumentService;
  registry: RoomRegistry;
  accounts: AccountService;
  accountStore: AccountStore;
  audit: AuditLog;
  clientDir: string;
  metrics: Metrics;
  versions: VersionService;
  workflow: StatusWorkflow;
  bilagor: Bilagor;
  arenden: ArendeService;
  templates: TemplateService;
  lifecycle: DocumentLifecycle;
  onUserAccessChanged(userId: string): void;
  /** Yttra's own browser origins (CSRF on the API, hijacking on /sync). */
  origins: OriginPolicy;
  /** Password sign-in on or off, and OpenID Connect / SAML when configured. */
  signIn?: SignInOptions;
  /** The import limits and the PDF queue (configured in server.ts); defaults when absent. */
  importExport?: Pick<ImportExportDeps, 'imports' | 'pdf' | 'work'>;
  /** Who may read /metrics on this port. */
  metricsExposure: MetricsExposure;
  /** Caps on connections, and the proxies whose X-Forwarded-For names the client. */
  network: { maxConnections: number; maxConnectionsPerAddress: number; trustedProxies: readonly string[] };
}

/** JSON bodies of the API are small; files (import) have their own, larger limit. */
const JSON_BODY_LIMIT = 1024 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const trustedProxies = addressList(deps.network.trustedProxies);
  const app: FastifyInstance = Fastify({
    // Per-request lines only at debug: the sync traffic is where the volume is, not the API.
    loggerInstance: deps.log.child(
      { component: 'http' },
      { level: deps.log.level === 'debug' || deps.log.level === 'trace' ? deps.log.level : 'warn' },
    ) as FastifyBaseLogger,
    bodyLimit: JSON_BODY_LIMIT,
    // request.ip (the sign-in throttle) and request.protocol come from X-Forwarded-* only when
    // the socket's peer is a configured proxy; anyone else could write those headers.
    trustProxy: (address: string) => listed(trustedProxies, address),
    // Node reads these when the server is made, not later (slowloris: see connectionLimits.ts).
    http: {
      headersTimeout: HTTP_TIMEOUTS.headersTimeoutMs,
      requestTimeout: HTTP_TIMEOUTS.requestTimeoutMs,
      connectionsCheckingInterval: HTTP_TIMEOUTS.checkIntervalMs,
    },
    requestTimeout: HTTP_TIMEOUTS.requestTimeoutMs,
    keepAliveTimeout: HTTP_TIMEOUTS.keepAliveTimeoutMs,
  });
  limitConnections(app.server, { ...deps.network, trustedProxies }, deps.log);
  installErrorHandler(app);
  installAuthentication(app, deps.accounts, deps.origins);
  // Before any route: every route registered from here on must be declared in auth/routeRules.ts.
  installRouteAuthorization(app, { documents: deps.documents, arenden: deps.arenden, accountStore: deps.accountStore, audit: deps.audit });
  registerHealthRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerAdminRoutes(app, deps);
  registerDocumentRoutes(app, deps);
  registerImportExportRoutes(app, {
    documents: deps.documents,
    audit: deps.audit,
    announcedBilagor: (id) => deps.bilagor.announced(id),
    versionView: (id, versionId) => deps.versions.view(id, versionId),
    exportSource: (id, versionId) => deps.versions.source(id, versionId ?? CURRENT),
    work: deps.importExport?.work,
    imports: deps.importExport?.imports,
    pdf: deps.importExport?.pdf,
    users: () => deps.accountStore.listUsers(),
    activePack: () => deps.templates.active(),
  });
  registerWorkflowRoutes(app, deps);
  registerArendeRoutes(app, deps);
  registerTemplateRoutes(app, deps);

  const indexHtml = path.join(deps.clientDir, 'index.html');
  const clientBuilt = fs.existsSync(indexHtml);
  if (clientBuilt) {
    await app.register(fastifyStatic, { root: deps.clientDir, wildcard: false, index: ['index.html'] });
  } else {
    deps.log.warn({ clientDir: deps.clientDir }, 'the client is not built; run `npm run build` to serve it');
  }
  // Client-side routes (/d/<id>, …) load the app shell; unknown API paths stay JSON 404s.
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/sync/');
    if (wantsPage && clientBuilt) return reply.type('text/html').send(fs.createReadStream(indexHtml));
    return reply.status(404).send({ error: `Det finns ingen sida eller tjänst på ${request.url}.` });
  });
  return app;
}
