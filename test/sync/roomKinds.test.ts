/**
 * The kinds of room (server/sync/roomKinds.ts): a room's name selects its guard and its hooks.
 * A body room refuses what only belongs in the review room and the other way round, each tells
 * only its own listeners after a stored change, only the body is audited, and a name of no kind
 * is no room.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initialiseDocument, sectionElements } from '../../shared/doc/documentState';
import { anchorFor, createThread } from '../../shared/review/reviewDoc';
import type { DocumentStatus } from '../../shared/model/status';
import type { YttraErrorCode } from '../../shared/protocol/messages';
import { createLogger } from '../../server/log';
import type { Room } from '../../server/sync/room';
import type { RoomConnection } from '../../server/sync/roomConnection';
import { UnknownRoomError, createRoom, type RoomServices } from '../../server/sync/roomKinds';
import { parseRoomPath } from '../../server/sync/roomNames';
import type { SyncPrincipal } from '../../server/sync/access';
import { typeInSection } from '../helpers/clients';
import { memoryRoomStore } from './memoryRoomStore';

const log = createLogger('silent');

interface Refusal {
  code: YttraErrorCode;
  message: string;
}

function connection(access: SyncPrincipal['access']): RoomConnection & { refusals: Refusal[] } {
  return {
    principal: { userId: 'u1', name: 'Greta Granskare', access, verified: true },
    awarenessClients: new Set(),
    wantsAcks: false,
    acknowledgedFrames: 0,
    refusals: [],
    send() {},
    refuse(code, message) {
      this.refusals.push({ code, message });
    },
    close() {},
  };
}

/** What the hooks were told, in order. */
function recordingServices(status: DocumentStatus = 'utkast') {
  const told: string[] = [];
  const services: RoomServices = {
    log,
    documentRecords: { get: (id) => Promise.resolve({ id, status } as Awaited<ReturnType<RoomServices['documentRecords']['get']>>) },
    audit: {
      watchEdits: (id) => told.push(`audit edits ${id}`),
      suggestionsSettled: () => undefined,
    },
    documents: {
      onBodyStored: (id) => told.push(`listing ${id}`),
      quotas: { checkThreads: () => null } as unknown as NonNullable<RoomServices['documents']>['quotas'],
    },
    notifications: {
      bodyStored: (id) => told.push(`body stored ${id}`),
      reviewStored: (id) => told.push(`review stored ${id}`),
    },
  };
  return { told, services };
}

function bodyState(): Uint8Array {
  const doc = new Y.Doc();
  initialiseDocument(doc, 'tjansteskrivelse', { title: 'Ärende' });
  return Y.encodeStateAsUpdate(doc);
}

/** What a client replica of `room` sends for `change`. */
function changeOf(room: Room, change: (doc: Y.Doc) => void): Uint8Array {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(room.doc));
  const before = Y.encodeStateVector(replica);
  change(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

function thread(review: Y.Doc, body: Y.Doc): void {
  const text = (sectionElements(body)[0]!.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  createThread(review, {
    id: 't1',
    commentId: 't1-c1',
    sectionKey: 'sammanfattning',
    quote: '',
    anchor: anchorFor(text, 0, text, 0),
    author: { id: 'u1', name: 'Greta Granskare' },
    body: 'Stämmer detta?',
    now: new Date().toISOString(),
  });
}

const rooms: Room[] = [];
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.unload()));
});

async function open(name: string, services: RoomServices, store = memoryRoomStore({ 'doc:d1': bodyState() })): Promise<Room> {
  const room = createRoom(name, { store, log, maxDocumentBytes: 1024 * 1024, onEmpty: () => undefined }, services);
  rooms.push(room);
  await room.whenLoaded();
  return room;
}

describe('the kinds of room', () => {
  it('refuses a name that parses to no kind of room', () => {
    const { services } = recordingServices();
    for (const name of ['doc:d1:draft', 'doc:d1:review:x', 'arende:d1', 'doc:', 'doc:d 1'])
      expect(
        () => createRoom(name, { store: memoryRoomStore(), log, maxDocumentBytes: 1024, onEmpty: () => undefined }, services),
        name,
      ).toThrow(UnknownRoomError);
  });

  it('reads the same rooms from a socket URL, and nothing else', () => {
    expect(parseRoomPath('d1')).toEqual({ documentId: 'd1', kind: 'body', name: 'doc:d1' });
    expect(parseRoomPath('d1:review')).toEqual({ documentId: 'd1', kind: 'review', name: 'doc:d1:review' });
    expect(parseRoomPath('d1%3Areview')).toEqual({ documentId: 'd1', kind: 'review', name: 'doc:d1:review' });
    for (const path of ['', 'd1:draft', 'd1:review:x', 'doc:d1', 'd%201', '%E0%A4%A']) expect(parseRoomPath(path), path).toBeNull();
  });

  it('stores typing in a body room and tells the listing and the notifications of the body', async () => {
    const { told, services } = recordingServices();
    const body = await open('doc:d1', services);
    expect(told).toEqual(['audit edits d1']);
    const writer = connection('write');
    body.join(writer);
    await body.receiveChange(
      writer,
      changeOf(body, (doc) => typeInSection(doc, 'sammanfattning', 'Hej')),
      1,
    );
    expect(writer.refusals).toEqual([]);
    expect(told).toEqual(['audit edits d1', 'body stored d1', 'listing d1']);
  });

  it('refuses a comment thread sent to the body room', async () => {
    const { told, services } = recordingServices();
    const body = await open('doc:d1', services);
    const writer = connection('write');
    body.join(writer);
    await body.receiveChange(
      writer,
      changeOf(body, (doc) => thread(doc, body.doc)),
      1,
    );
    expect(writer.refusals.map((refusal) => refusal.code)).toEqual(['structure_refused']);
    expect(told).toEqual(['audit edits d1']);
  });

  it('stores a comment thread in a review room and tells only the review notifications, with no audit of edits', async () => {
    const { told, services } = recordingServices();
    const body = await open('doc:d1', services);
    told.length = 0;
    const review = await open('doc:d1:review', services);
    const commenter = connection('comment');
    review.join(commenter);
    await review.receiveChange(
      commenter,
      changeOf(review, (doc) => thread(doc, body.doc)),
      1,
    );
    expect(commenter.refusals).toEqual([]);
    expect(told).toEqual(['review stored d1']);
  });

  it('refuses body text sent to the review room', async () => {
    const { told, services } = recordingServices();
    const review = await open('doc:d1:review', services);
    const writer = connection('write');
    review.join(writer);
    await review.receiveChange(
      writer,
      changeOf(review, (doc) => initialiseDocument(doc, 'tjansteskrivelse', { title: 'Ärende' })),
      1,
    );
    expect(writer.refusals.map((refusal) => refusal.code)).toEqual(['forbidden']);
    expect(told).toEqual([]);
  });

  it('closes the review room of a justerad document to new comments', async () => {
    const { told, services } = recordingServices('justerad');
    const body = await open('doc:d1', services);
    told.length = 0;
    const review = await open('doc:d1:review', services);
    const commenter = connection('comment');
    review.join(commenter);
    await review.receiveChange(
      commenter,
      changeOf(review, (doc) => thread(doc, body.doc)),
      1,
    );
    expect(commenter.refusals.map((refusal) => refusal.code)).toEqual(['document_locked']);
    expect(told).toEqual([]);
  });
});
