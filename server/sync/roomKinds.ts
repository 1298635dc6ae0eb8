/**
 * What each kind of room is (roomNames.ts names them): the guard its clients' changes pass, and
 * what the server does around it — bringing a document stored in an older layout up to date,
 * keeping listings, notifications and bilagor in step after a stored change, and auditing edits.
 * One entry per kind, so a new kind is one entry here and a name that parses to no kind is no room.
 */
import type * as Y from 'yjs';
import type { Logger } from '../log';
import type { DocumentStore } from '../storage/storage';
import type { AuditLog } from '../audit/auditLog';
import type { DocumentService } from '../documents/documentService';
import type { NotificationService } from '../notifications/notificationService';
import type { Bilagor } from '../workflow/bilagor';
import { metaMap } from '../../shared/doc/documentState';
import { migrateHeaderFields } from '../../shared/doc/headerFields';
import { isBilagaTypeKey } from '../../shared/model';
import { isLockedStatus } from '../../shared/model/status';
import { checkReviewUpdate } from './guards/reviewGuard';
import { checkSuggestionUpdate, checkWriterUpdate, watchSuggestionResolutions } from './guards/suggestionGuard';
import { Room, type RoomOptions } from './room';
import { parseRoomName, type RoomAddress, type RoomKind } from './roomNames';

/**
 * What the hooks reach. The services made after the registry (they need it) are filled in once
 * they exist; a room loaded before that runs without their hooks.
 */
export interface RoomServices {
  log: Logger;
  /** The document's record: the review guard closes the comments of a justerad document. */
  documentRecords: Pick<DocumentStore, 'get'>;
  audit: Pick<AuditLog, 'watchEdits' | 'suggestionsSettled'>;
  documents?: Pick<DocumentService, 'onBodyStored' | 'quotas'>;
  notifications?: Pick<NotificationService, 'bodyStored' | 'reviewStored'>;
  bilagor?: Pick<Bilagor, 'onBilagaStored'>;
}

/** The options of a room that its kind decides. */
type KindOptions = Pick<RoomOptions, 'guard' | 'migrate' | 'onStored'>;

/** The options every room gets alike. */
export type CommonRoomOptions = Omit<RoomOptions, 'name' | keyof KindOptions>;

interface RoomKindSpec {
  options(address: RoomAddress, services: RoomServices): KindOptions;
  /** Watches the room's document for as long as it is loaded. */
  watch?(documentId: string, doc: Y.Doc, services: RoomServices): void;
}

const ROOM_KINDS: Record<RoomKind, RoomKindSpec> = {
  body: {
    options: ({ documentId, name }, services) => ({
      // A suggester may only add suggestions of their own; a writer may not forge anyone's.
      guard: (doc, update, connection) =>
        connection.principal.access === 'suggest'
          ? checkSuggestionUpdate(doc, update, connection.principal)
          : checkWriterUpdate(doc, update, connection.principal),
      migrate: async (_doc, change) => {
        // The record's status decides (status changes are conditional updates of it); one that
        // reached the record but not the document (the room was lost between the two writes)
        // is written now, so the justerad lock and the editor's status hold from the first frame.
        const record = await services.documentRecords.get(documentId);
        change((doc) => {
          const migration = migrateHeaderFields(doc);
          if (migration.keptAsText.length > 0)
            services.log.warn({ room: name, fields: migration.keptAsText }, 'header values that did not fit their field were kept as text');
          const meta = metaMap(doc);
          const current = meta.get('status');
          if (record && current !== undefined && current !== record.status) meta.set('status', record.status);
        });
      },
      onStored: (room, _origin, update) => {
        services.notifications?.bodyStored(documentId, room.doc, update);
        services.documents?.onBodyStored(documentId, room);
        if (isBilagaTypeKey(String(metaMap(room.doc).get('type')))) services.bilagor?.onBilagaStored(documentId, room.doc);
      },
    }),
    watch: (documentId, doc, services) => {
      services.audit.watchEdits(documentId, doc);
      // Who accepted, rejected or took back which suggestion, whose it was (issue 15).
      watchSuggestionResolutions(doc, (userId, settled) => services.audit.suggestionsSettled(documentId, userId, settled));
    },
  },
  review: {
    options: ({ documentId }, services) => ({
      guard: async (doc, update, connection) => {
        const record = await services.documentRecords.get(documentId);
        const verdict = checkReviewUpdate(doc, update, connection.principal, {
          locked: record ? isLockedStatus(record.status) : true,
          now: Date.now(),
        });
        // Comment threads per user and document are limited (auth/quotas.ts); replies are not.
        return verdict.accepted && verdict.changesDocument
          ? (services.documents?.quotas.checkThreads(doc, update, connection.principal.userId) ?? verdict)
          : verdict;
      },
      onStored: (room) => services.notifications?.reviewStored(documentId, room.doc),
    }),
  },
};

/** A name that no kind of room answers to; the sync endpoint never asks for one. */
export class UnknownRoomError extends Error {
  constructor(name: string) {
    super(`${JSON.stringify(name)} names no kind of room`);
  }
}

/** The room `name` names, with its kind's guard and hooks; throws UnknownRoomError for any other name. */
export function createRoom(name: string, common: CommonRoomOptions, services: RoomServices): Room {
  const address = parseRoomName(name);
  if (!address) throw new UnknownRoomError(name);
  const kind = ROOM_KINDS[address.kind];
  const room = new Room({ ...common, name, ...kind.options(address, services) });
  kind.watch?.(address.documentId, room.doc, services);
  return room;
}
