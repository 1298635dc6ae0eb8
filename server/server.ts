/**
 * Assembles one Yttra server: storage, accounts, rooms, documents, HTTP API and the sync
 * endpoint on one port. Tests start it on port 0 with a temporary data directory.
 */
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { defaultConfig, type Config } from './config';
import { createLogger, type Logger } from './log';
import { openStorage } from './storage/openStorage';
import { RoomRegistry } from './sync/roomRegistry';
import { createRoom, type RoomServices } from './sync/roomKinds';
import { attachSyncEndpoint } from './sync/syncEndpoint';
import { Quotas } from './auth/quotas';
import { DocumentService } from './documents/documentService';
import { importRunnerFor } from './import/importRunner';
import { pdfOptionsFor, removeStalePdfFiles } from './export/pdfExport';
import { buildApp } from './http/app';
import { AccountService } from './auth/accountService';
import { accessOfRole } from './auth/accessPolicy';
import { OriginPolicy, originOf, tokenFromRequest } from './auth/requestToken';
import { ExternalSignIn } from './auth/externalSignIn';
import { AuditLog } from './audit/auditLog';
import { Metrics, listenMetrics } from './metrics';
import { VERSION_READING_LIMITS, VersionService } from './versions/versionService';
import { DocumentStates } from './work/documentStates';
import { workerPoolFor } from './work/workerPool';
import { StatusWorkflow } from './workflow/statusWorkflow';
import { Bilagor } from './workflow/bilagor';
import { ArendeService } from './arenden/arendeService';
import { templates } from '../shared/model';
import { TemplateService } from './templates/templateService';
import { DocumentLifecycle } from './documents/documentLifecycle';
import { NotFoundError, UnauthenticatedError } from './errors';
import { CLOSE } from '../shared/protocol/messages';
import { seedDemoDocuments } from './demo/seedDemo';
import { migrateBeslutsplanering } from './arenden/beslutsplaneringMigration';
import { projectRoot } from './projectRoot';
import type { SyncPrincipal } from './sync/access';
import { parseRoomName, type RoomAddress } from './sync/roomNames';
import type { Room } from './sync/room';
import type { UserRecord } from './storage/storage';
import type { Cluster } from './cluster/cluster';
import { registerReadyRoute } from './http/routes/health';
import { NotificationService } from './notifications/notificationService';
import { NotificationMailer } from './notifications/notificationMailer';
import { registerNotificationRoutes } from './notifications/notificationRoutes';

export interface YttraServerOptions extends Partial<Config> {
  dataDir: string;
  log?: Logger;
  clientDir?: string;
}

export interface YttraServer {
  url: string;
  port: number;
  documents: DocumentService;
  /** The wastebasket and the archive (its purge also runs by itself once an hour). */
  lifecycle: DocumentLifecycle;
  accounts: AccountService;
  registry: RoomRegistry;
  /** The port of /metrics' own listener (YTTRA_METRICS_HOST / YTTRA_METRICS_PORT), if it has one. */
  metricsPort?: number;
  /** Sends the notification mail that is due now (tests; it also runs by itself). */
  sendMailNow(): Promise<void>;
  /** Flushes every room, closes every socket and the database. */
  close(): Promise<void>;
}

export async function startYttraServer(options: YttraServerOptions): Promise<YttraServer> {
  const config: Config = { ...defaultConfig({ port: 0, host: '127.0.0.1', seedDemo: false }), ...options };
  const log = options.log ?? createLogger(process.env.LOG_LEVEL ?? 'silent');
  const storage = await openStorage(config, log);
  const accounts = new AccountService(storage.accounts, log, { sessionTtlMs: config.sessionTtlMs, sessionIdleMs: config.sessionIdleMs });
  const origins = new OriginPolicy(config.publicUrls);
  const audit = new AuditLog(storage.audit, log);
  const metrics = new Metrics();
  const metricsOwnListener = config.metricsPort !== undefined || config.metricsHost !== undefined;
  // Several instances on one PostgreSQL database: room leases and forwarding (server/cluster/).
  // Loaded only then; with SQLite this is one process, as it always was.
  let cluster: Cluster | null = null;
  if (config.databaseUrl) {
    const { Cluster } = await import('./cluster/cluster');
    const clusterConfig = config.cluster ?? { host: '127.0.0.1', port: 0, leaseMs: 5000 };
    cluster = await Cluster.start({ databaseUrl: config.databaseUrl, ...clusterConfig, log, metrics }).catch(async (error: unknown) => {
      await storage.close();
      throw error;
    });
  }

  // Heavy work of large documents (compaction, versions, export) runs in these worker threads.
  const work = workerPoolFor(config);
  // The services made after the registry (they need it) join the room hooks when they exist.
  const roomServices: RoomServices = { log, documentRecords: storage.documents, audit };
  // A body room that loads is brought in step with its ärende (ArendeService.roomLoaded), once that exists.
  const noop = () => undefined;
  let bodyRoomLoaded: (documentId: string, room: Room) => void = noop;
  const registry: RoomRegistry = new RoomRegistry((name) => {
    const room = createRoom(
      name,
      {
        store: cluster ? cluster.storeFor(storage.rooms) : storage.rooms,
        log,
        maxDocumentBytes: config.maxDocumentBytes,
        metrics,
        work: { pool: work, inlineBelowBytes: config.work.inlineBelowBytes },
        onEmpty: registry.onEmpty,
      },
      roomServices,
    );
    const address = parseRoomName(name);
    // A failed load is the room's to report.
    if (address?.kind === 'body') void room.whenLoaded().then(() => bodyRoomLoaded(address.documentId, room), noop);
    return room;
  }, cluster?.roomGone);
  const templateService = new TemplateService(storage.templates, templates, log);
  await templateService.load();
  const documents = new DocumentService(storage, registry);
  documents.activeTemplate = () => templateService.active();
  documents.quotas = new Quotas(storage.documents, config.quotas);
  documents.maxDocumentBytes = config.maxDocumentBytes;
  roomServices.documents = documents;
  const documentService = documents;
  const pdf = pdfOptionsFor(config);
  // What conversions of a crashed earlier process left in the temp directory.
  removeStalePdfFiles().catch((error: unknown) => log.warn({ err: error }, 'could not remove stale PDF temp files'));
  const lifecycle = new DocumentLifecycle({
    store: storage.documents,
    rooms: registry,
    onAccessChanged: (id) => documentService.onAccessChanged(id),
    log,
  });
  lifecycle.wastebasketDays = config.wastebasketDays;
  const versions = new VersionService(
    documentService,
    storage.workflow,
    VERSION_READING_LIMITS,
    new DocumentStates(work, documentService, storage.rooms, config.work.inlineBelowBytes),
  );
  // Mail (if YTTRA_SMTP_URL is set) and in-app notifications (issue 19); status changes and
  // co-signer invitations are announced by the workflow store the workflow writes through.
  const mailer = config.mail?.smtpUrl
    ? new NotificationMailer({
        smtpUrl: config.mail.smtpUrl,
        from: config.mail.from,
        batchMs: config.mail.batchMs,
        gatherMs: config.mail.gatherMs,
        intervalMs: config.mail.intervalMs,
        publicUrl: config.publicUrls[0],
        store: storage.notifications,
        accounts: storage.accounts,
        documents: storage.documents,
        log,
      })
    : null;
  const notificationService = new NotificationService({
    store: storage.notifications,
    accounts: storage.accounts,
    access: storage.access,
    documents: storage.documents,
    policy: documentService.policy,
    log,
    onAdded: () => mailer?.nudge(),
  });
  roomServices.notifications = notificationService;
  const notifyingStorage = { ...storage, workflow: notificationService.watchWorkflow(storage.workflow) };
  const workflow = new StatusWorkflow(documentService, versions, notifyingStorage, audit);
  const bilagaService = new Bilagor(documentService, notifyingStorage, log);
  roomServices.bilagor = bilagaService;
  const arenden = new ArendeService(storage, documentService, registry);
  bodyRoomLoaded = (documentId, room) => void arenden.roomLoaded(documentId, room);

  await accounts.ensureAdministrator(config.adminEmail, config.adminPassword);
  if (config.seedDemo)
    await seedDemoDocuments({ documents: documentService, accounts, accountStore: storage.accounts, bilagor: bilagaService, arenden, log });
  // Once per ärende: documents put in one before its meetings were the single source (issue 19).
  await migrateBeslutsplanering({ storage, arenden, audit, log });

  /** The role-derived access of a user on a document, or null when they have none. */
  const accessOf = async (user: UserRecord, documentId: string): Promise<SyncPrincipal['access'] | null> => {
    const record = await storage.documents.get(documentId);
    if (!record || record.deletedAt) return null;
    const role = await documentService.policy.roleFor(user, record);
    if (!role) return null;
    // An archived document is read-only for everyone until it is taken out of the archive.
    return record.archivedAt ? 'read' : accessOfRole(role);
  };

  const principalOf = (user: UserRecord, access: SyncPrincipal['access']): SyncPrincipal => ({
    userId: user.id,
    name: user.name,
    party: user.party ?? undefined,
    access,
    verified: true,
  });

  let onUserAccessChanged: (userId: string) => void = () => undefined;
  const app = await buildApp({
    log,
    documents: documentService,
    registry,
    accounts,
    accountStore: storage.accounts,
    audit,
    clientDir: options.clientDir ?? path.join(projectRoot, 'dist', 'client'),
    metrics,
    versions,
    workflow,
    bilagor: bilagaService,
    origins,
    arenden,
    templates: templateService,
    lifecycle,
    onUserAccessChanged: (userId) => onUserAccessChanged(userId),
    signIn: {
      localPasswords: config.localSignIn ?? true,
      publicUrl: config.publicUrls[0] ? originOf(config.publicUrls[0]) : undefined,
      external: config.externalSignIn
        ? new ExternalSignIn(config.externalSignIn, {
            accounts: storage.accounts,
            identities: storage.identities,
            sessions: accounts.sessions,
            audit,
            log,
            onUserAccessChanged: (userId) => onUserAccessChanged(userId),
          })
        : undefined,
    },
    network: {
      maxConnections: config.maxConnections,
      maxConnectionsPerAddress: config.maxConnectionsPerAddress,
      trustedProxies: config.trustedProxies,
    },
    metricsExposure: { token: config.metricsToken, separateListener: metricsOwnListener },
    importExport: { imports: importRunnerFor(config), pdf, work },
  });
  const readyCluster = cluster;
  registerReadyRoute(app, async () => (readyCluster ? readyCluster.ready() : { ok: true }));
  registerNotificationRoutes(app, { notifications: notificationService, accounts: storage.accounts, policy: documentService.policy });
  await app.listen({ port: config.port, host: config.host });
  const metricsListener = metricsOwnListener
    ? await listenMetrics(metrics, {
        host: config.metricsHost ?? '127.0.0.1',
        port: config.metricsPort ?? 9464,
        token: config.metricsToken,
      })
    : null;
  const endpoint = attachSyncEndpoint(app.server, {
    registry,
    log,
    maxFrameBytes: config.maxFrameBytes,
    allowsOrigin: (request) => origins.allowsUpgrade(request),
    heartbeatMs: config.syncHeartbeatMs,
    sessions: {
      sessionOf: (request) => accounts.sessions.describe(tokenFromRequest(request)?.token),
      isValid: (key) => accounts.sessions.isValid(key),
      used: (key) => accounts.sessions.used(key),
      onEnded: (listener) => {
        const stopLocal = accounts.sessions.onEnded(listener);
        const stopRemote = cluster?.onSessionEnded(listener);
        return () => {
          stopLocal();
          stopRemote?.();
        };
      },
    },
    place: cluster ? (address, connection) => cluster.place(address, connection) : undefined,
    framesPerSecond: config.framesPerSecond,
    onRefused: (code) => metrics.framesRefused.inc({ reason: code }),
    async authorize(request, address: RoomAddress) {
      const user = await accounts.sessions.userFor(tokenFromRequest(request)?.token);
      if (!user) throw new UnauthenticatedError('Du behöver logga in för att öppna dokumentet.');
      const access = await accessOf(user, address.documentId);
      if (!access) throw new NotFoundError('Dokumentet finns inte, eller så har du inte tillgång till det.');
      audit.opened(address.documentId, user.id, access);
      return principalOf(user, access);
    },
    async reauthorize(principal, address) {
      const user = await storage.accounts.getUser(principal.userId);
      return user && !user.disabled ? accessOf(user, address.documentId) : null;
    },
  });
  metrics.observe({ rooms: () => registry.size, connections: () => endpoint.connectionCount });
  // Work nobody awaits: a failure is logged and counted, never an unhandled rejection.
  const reportBackgroundError = (error: unknown, task: string, context: Record<string, unknown> = {}): void => {
    log.error({ err: error, task, ...context }, 'background task failed; the server keeps running');
    metrics.backgroundErrors.inc({ task });
  };
  documentService.onBackgroundError = reportBackgroundError;
  arenden.onBackgroundError = reportBackgroundError;
  const recheckDocument = (documentId: string): void =>
    void endpoint
      .recheck((connection) => connection.address.documentId === documentId)
      .catch((error: unknown) => reportBackgroundError(error, 'socket access re-check'));
  const recheckUser = (userId: string): void =>
    void endpoint
      .recheck((connection) => connection.principal.userId === userId)
      .catch((error: unknown) => reportBackgroundError(error, 'socket access re-check'));
  documentService.onAccessChanged = (documentId) => {
    recheckDocument(documentId);
    cluster?.publish({ kind: 'document', id: documentId });
  };
  onUserAccessChanged = (userId) => {
    recheckUser(userId);
    cluster?.publish({ kind: 'user', id: userId });
  };
  if (cluster) {
    // What happens on one instance reaches the sockets of every other (NOTIFY).
    cluster.attach(registry, endpoint, { documentAccessChanged: recheckDocument, userAccessChanged: recheckUser });
    const announcing = cluster;
    accounts.sessions.onEnded((ended) => announcing.publish({ kind: 'session', ended }));
  }

  // The wastebasket is emptied of what has been there too long once an hour (and once at start).
  const purge = () => void lifecycle.purgeExpired().catch((error: unknown) => reportBackgroundError(error, 'wastebasket purge'));
  purge();
  const purging = setInterval(purge, 60 * 60 * 1000);
  purging.unref();

  const port = (app.server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    documents: documentService,
    lifecycle,
    accounts,
    registry,
    metricsPort: metricsListener?.port,
    sendMailNow: () => mailer?.kick() ?? Promise.resolve(),
    close() {
      closing ??= (async () => {
        clearInterval(purging);
        endpoint.close();
        bilagaService.close();
        notificationService.close();
        await mailer?.close();
        await registry.closeAll(CLOSE.serverRestart, 'Servern startar om. Anslut igen om en stund.');
        await documentService.flushListings();
        // Rooms are flushed: their leases go to whichever instance their clients reach next.
        await cluster?.close();
        await audit.close();
        await app.close();
        await metricsListener?.close();
        await pdf.queue.close();
        await work.close();
        await storage.close();
      })();
      return closing;
    },
  };
}
