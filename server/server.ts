/**
 * Assembles one Yttra server: storage, rooms, documents, HTTP API and the sync endpoint on one
 * port. Tests start it on port 0 with a temporary data directory.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { defaultConfig, type Config } from './config';
import { createLogger, type Logger } from './log';
import { openSqliteStorage } from './storage/sqlite';
import { RoomRegistry } from './sync/roomRegistry';
import { Room } from './sync/room';
import { attachSyncEndpoint } from './sync/syncEndpoint';
import { checkBodyUpdate } from './sync/guards/bodyGuard';
import { DocumentService } from './documents/documentService';
import { buildApp } from './http/app';
import { NotFoundError } from './errors';
import { CLOSE } from '../shared/protocol/messages';
import { seedDemoDocuments } from './demo/seedDemo';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface YttraServerOptions extends Partial<Config> {
  dataDir: string;
  log?: Logger;
  clientDir?: string;
}

export interface YttraServer {
  url: string;
  port: number;
  documents: DocumentService;
  registry: RoomRegistry;
  /** Flushes every room, closes every socket and the database. */
  close(): Promise<void>;
}

export async function startYttraServer(options: YttraServerOptions): Promise<YttraServer> {
  const config: Config = { ...defaultConfig({ port: 0, host: '127.0.0.1', seedDemo: false }), ...options };
  const log = options.log ?? createLogger(process.env.LOG_LEVEL ?? 'silent');
  const storage = openSqliteStorage(config.dataDir);

  let documents: DocumentService | null = null;
  const registry: RoomRegistry = new RoomRegistry(
    (name) =>
      new Room({
        name,
        store: storage.rooms,
        log,
        maxDocumentBytes: config.maxDocumentBytes,
        guard: (doc, update, connection) => checkBodyUpdate(doc, update, connection.principal.access),
        onEmpty: registry.onEmpty,
        onStored: (room) => {
          const id = name.slice('doc:'.length);
          if (!name.endsWith(':review')) documents?.onBodyStored(id, room);
        },
      }),
  );
  documents = new DocumentService(storage, registry);
  const documentService = documents;

  if (config.seedDemo) await seedDemoDocuments(documentService, log);

  const app = await buildApp({
    log,
    documents: documentService,
    registry,
    clientDir: options.clientDir ?? path.join(repoRoot, 'dist', 'client'),
  });
  await app.listen({ port: config.port, host: config.host });
  const endpoint = attachSyncEndpoint(app.server, {
    registry,
    log,
    maxFrameBytes: config.maxFrameBytes,
    framesPerSecond: config.framesPerSecond,
    async authorize(_request, address) {
      // Accounts and roles come with the access-control work; until then everyone may write.
      if (!(await storage.documents.get(address.documentId))) {
        throw new NotFoundError('Dokumentet finns inte. Kontrollera länken.');
      }
      return { userId: 'anonymous', name: 'Gäst', access: 'write', verified: false };
    },
  });

  const port = (app.server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    documents: documentService,
    registry,
    close() {
      closing ??= (async () => {
        endpoint.close();
        await registry.closeAll(CLOSE.serverRestart, 'Servern startar om. Anslut igen om en stund.');
        await documentService.flushListings();
        await app.close();
        await storage.close();
      })();
      return closing;
    },
  };
}
