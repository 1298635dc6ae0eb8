import { EventEmitter } from 'node:events';
import * as Y from 'yjs';
import type WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import { Room } from '../../server/sync/room';
import { SyncConnection } from '../../server/sync/syncConnection';
import { syncStep1Frame } from '../../server/sync/syncFrames';
import { parseRoomName } from '../../server/sync/roomNames';
import type { RoomConnection } from '../../server/sync/roomConnection';
import { openSqliteStorage, type SqliteStorage } from '../../server/storage/sqlite';
import { createLogger } from '../../server/log';
import { initialiseDocument } from '../../shared/doc/documentState';
import { MESSAGE_SYNC } from '../../shared/protocol/messages';
import { connectClient, sectionText, typeInSection, waitFor, waitSynced } from '../helpers/clients';
import { openRawSocket } from '../helpers/rawSocket';
import { createDocument, startTestServer, tempDataDir, wsUrl } from '../helpers/server';

const log = createLogger('silent');
const storages: SqliteStorage[] = [];
afterEach(async () => {
  for (const storage of storages.splice(0)) await storage.close();
});

function openRoom(storage: SqliteStorage): Room {
  return new Room({
    name: 'doc:large',
    store: storage.rooms,
    log,
    maxDocumentBytes: 64 * 1024 * 1024,
    guard: () => ({ accepted: true, changesDocument: true }),
    onEmpty: () => undefined,
  });
}

function fakeConnection(): RoomConnection & { sent: Uint8Array[] } {
  return {
    principal: { access: 'write' } as RoomConnection['principal'],
    awarenessClients: new Set(),
    wantsAcks: false,
    acknowledgedFrames: 0,
    sent: [],
    send(frame) {
      this.sent.push(frame);
    },
    refuse() {},
    close() {},
  };
}

/** The updates of the SyncStep2 frames a connection was sent. */
function syncStep2s(frames: Uint8Array[]): Uint8Array[] {
  return frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC || decoding.readVarUint(decoder) !== 1) return [];
    return [decoding.readVarUint8Array(decoder)];
  });
}

/**
 * A document well over the size where a room keeps its encoded state (64 KiB), stored as one
 * snapshot the way a room leaves it when it unloads; `first` is a copy of it halfway through.
 */
async function storeLargeDocument(): Promise<{ storage: SqliteStorage; first: Uint8Array; text: string }> {
  const storage = openSqliteStorage(tempDataDir(), log);
  storages.push(storage);
  const room = openRoom(storage);
  await room.change((doc) => initialiseDocument(doc, 'tjansteskrivelse', { title: 'Stort ärende' }));
  const sentence = 'Nämnden föreslås besluta att godkänna förvaltningens yttrande. ';
  for (let index = 0; index < 1200; index++) await room.change((doc) => typeInSection(doc, 'arendet', sentence));
  const first = Y.encodeStateAsUpdate(room.doc);
  for (let index = 0; index < 1200; index++) await room.change((doc) => typeInSection(doc, 'arendet', sentence));
  const text = sectionText(room.doc, 'arendet');
  await room.unload();
  return { storage, first, text };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('a newcomer to a room that is loading a large stored document', () => {
  it('is answered from the stored state while the room is still integrating it', async () => {
    const { storage, text } = await storeLargeDocument();
    const room = openRoom(storage);
    const newcomer = fakeConnection();
    room.join(newcomer);
    await nextTurn();

    expect(room.state).toBe('loading');
    expect(room.answerWhileLoading(newcomer, Y.encodeStateVector(new Y.Doc()))).toBe(true);
    const [answer] = syncStep2s(newcomer.sent);
    const reader = new Y.Doc();
    Y.applyUpdate(reader, answer!);
    expect(sectionText(reader, 'arendet')).toBe(text);

    await room.whenLoaded();
    expect(syncStep2s(newcomer.sent)).toHaveLength(1);
    await room.unload();
  });

  it('sends a returning reader only what it lacks', async () => {
    const { storage, first, text } = await storeLargeDocument();
    const returning = new Y.Doc();
    Y.applyUpdate(returning, first);
    const room = openRoom(storage);
    const connection = fakeConnection();
    room.join(connection);
    await nextTurn();

    expect(room.answerWhileLoading(connection, Y.encodeStateVector(returning))).toBe(true);
    const [answer] = syncStep2s(connection.sent);
    Y.applyUpdate(returning, answer!);
    expect(sectionText(returning, 'arendet')).toBe(text);
    expect(answer!.byteLength).toBeLessThan(Y.encodeStateAsUpdate(returning).byteLength * 0.75);
    await room.whenLoaded();
    await room.unload();
  });

  it('does not hold the load for a connection that never asks', async () => {
    const { storage, text } = await storeLargeDocument();
    const room = openRoom(storage);
    room.join(fakeConnection());
    await room.whenLoaded();
    expect(sectionText(room.doc, 'arendet')).toBe(text);
    await room.unload();
  });

  it('is not answered early once the room has loaded', async () => {
    const { storage } = await storeLargeDocument();
    const room = openRoom(storage);
    const late = fakeConnection();
    await room.whenLoaded();
    room.join(late);
    expect(room.answerWhileLoading(late, Y.encodeStateVector(new Y.Doc()))).toBe(false);
    await room.unload();
  });

  it('gets the document once, over a real socket, from a server that has just restarted', async () => {
    const server = await startTestServer();
    const id = await createDocument(server);
    const writer = connectClient(wsUrl(server), id, { token: server.adminToken });
    await waitSynced(writer);
    const sentence = 'Förvaltningen har inga synpunkter på remissen i denna del. ';
    writer.doc.transact(() => {
      for (let index = 0; index < 2000; index++) typeInSection(writer.doc, 'arendet', sentence);
    });
    const text = sectionText(writer.doc, 'arendet');
    const check = connectClient(wsUrl(server), id, { token: server.adminToken });
    await waitFor(() => sectionText(check.doc, 'arendet') === text, 'the text to reach the server');
    check.destroy();
    writer.destroy();
    await server.close();

    const restarted = await startTestServer({ dataDir: server.dataDir });
    try {
      const socket = await openRawSocket(`${wsUrl(restarted)}/${id}?token=${restarted.adminToken}`);
      socket.send(syncStep1Frame(Y.encodeStateVector(new Y.Doc())));
      await waitFor(() => syncStep2s(socket.frames).length > 0, 'the answer to SyncStep1');
      // Long enough for the room to finish loading and work through the socket's backlog.
      await new Promise((resolve) => setTimeout(resolve, 500));

      const answers = syncStep2s(socket.frames);
      expect(answers).toHaveLength(1);
      const reader = new Y.Doc();
      Y.applyUpdate(reader, answers[0]!);
      expect(sectionText(reader, 'arendet')).toBe(text);
      socket.ws.close();
    } finally {
      await restarted.close();
    }
  });
});

/** The updates of every sync frame (SyncStep2 or Update) a connection was sent, in order. */
function syncUpdates(frames: Uint8Array[]): Uint8Array[] {
  return frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return [];
    const syncType = decoding.readVarUint(decoder);
    return syncType === 1 || syncType === 2 ? [decoding.readVarUint8Array(decoder)] : [];
  });
}

const emptyVector = (): Uint8Array => Y.encodeStateVector(new Y.Doc());

describe('a newcomer asking before the stored state is read', () => {
  it('is held and answered once, from the stored bytes, before the room has integrated them', async () => {
    const { storage, text } = await storeLargeDocument();
    const room = openRoom(storage);
    const newcomer = fakeConnection();
    const statesWhenSent: string[] = [];
    const send = newcomer.send.bind(newcomer);
    newcomer.send = (frame) => {
      if (syncStep2s([frame]).length > 0) statesWhenSent.push(room.state);
      send(frame);
    };
    room.join(newcomer);
    // At once: the room has not read its stored state yet.
    expect(room.answerWhileLoading(newcomer, emptyVector())).toBe(true);
    await room.whenLoaded();
    expect(statesWhenSent).toEqual(['loading']);
    const answers = syncStep2s(newcomer.sent);
    expect(answers).toHaveLength(1);
    const reader = new Y.Doc();
    Y.applyUpdate(reader, answers[0]!);
    expect(sectionText(reader, 'arendet')).toBe(text);
    await room.unload();
  });

  it('is answered from the snapshot and the log of a room that was not compacted (a crash)', async () => {
    const { storage } = await storeLargeDocument();
    const writer = openRoom(storage);
    await writer.whenLoaded();
    for (let index = 0; index < 5; index++) await writer.change((doc) => typeInSection(doc, 'arendet', `Tillägg ${index}. `));
    const text = sectionText(writer.doc, 'arendet');
    // No unload: the log stays beside the snapshot, as after kill -9.
    const room = openRoom(storage);
    const newcomer = fakeConnection();
    room.join(newcomer);
    expect(room.answerWhileLoading(newcomer, emptyVector())).toBe(true);
    await waitFor(() => syncStep2s(newcomer.sent).length > 0, 'the held answer');
    // The snapshot as the SyncStep2 and the log right after it, in the same turn, not merged.
    const reader = new Y.Doc();
    for (const update of syncUpdates(newcomer.sent)) Y.applyUpdate(reader, update);
    expect(sectionText(reader, 'arendet')).toBe(text);
    expect(syncStep2s(newcomer.sent)[0]).toEqual((await storage.rooms.load('doc:large')).snapshot);
    await room.whenLoaded();
    expect(syncStep2s(newcomer.sent)).toHaveLength(1);
    await room.unload();
  });
});

describe('newcomers to a loaded large room', () => {
  it('get the state encoded once and the changes since, and the state is encoded anew once those grow', async () => {
    const { storage } = await storeLargeDocument();
    const room = openRoom(storage);
    await room.whenLoaded();
    const first = fakeConnection();
    room.join(first);
    await room.replyToSyncStep1(first, emptyVector());
    const [frame] = first.sent.slice(-1);

    await room.change((doc) => typeInSection(doc, 'arendet', 'Ett tillägg efter laddningen. '));
    await room.change((doc) => typeInSection(doc, 'arendet', 'Och ett till. '));
    const second = fakeConnection();
    room.join(second);
    await room.replyToSyncStep1(second, emptyVector());
    const sent = second.sent.slice(-2);
    // The very frame the first newcomer got, then the two changes as one update.
    expect(sent[0]).toBe(frame);
    const reader = new Y.Doc();
    for (const update of syncUpdates(sent)) Y.applyUpdate(reader, update);
    expect(sectionText(reader, 'arendet')).toBe(sectionText(room.doc, 'arendet'));

    for (let index = 0; index < 501; index++) await room.change((doc) => typeInSection(doc, 'arendet', `${index} `));
    const third = fakeConnection();
    room.join(third);
    const before = third.sent.length;
    await room.replyToSyncStep1(third, emptyVector());
    const fresh = third.sent.slice(before).filter((sent) => syncUpdates([sent]).length > 0);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).not.toBe(frame);
    const thirdReader = new Y.Doc();
    Y.applyUpdate(thirdReader, syncStep2s(fresh)[0]!);
    expect(sectionText(thirdReader, 'arendet')).toBe(sectionText(room.doc, 'arendet'));
    await room.unload();
  });
});

/** A socket stand-in: what the connection sends is kept; `deliver` plays a frame from the client. */
function fakeSocket(): { ws: WebSocket; sent: Uint8Array[]; deliver(frame: Uint8Array): void } {
  const emitter = new EventEmitter();
  const sent: Uint8Array[] = [];
  const ws = Object.assign(emitter, {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    binaryType: 'nodebuffer',
    send(frame: Uint8Array, callback?: (error?: Error) => void) {
      sent.push(new Uint8Array(frame));
      callback?.();
    },
    close() {},
  }) as unknown as WebSocket;
  return { ws, sent, deliver: (frame) => emitter.emit('message', Buffer.from(frame), true) };
}

describe('a SyncStep1 that arrived before the connection joined its room', () => {
  // On several instances the socket is open while the room's lease is still being taken: the
  // client's first frames wait in the connection's backlog until the room is placed.
  it('is answered from the stored state while the room loads, not after the whole integration', async () => {
    const { storage, text } = await storeLargeDocument();
    const room = openRoom(storage);
    const socket = fakeSocket();
    const connection = new SyncConnection({
      ws: socket.ws,
      principal: { userId: 'u', name: 'U', access: 'write', verified: true },
      address: parseRoomName('doc:large')!,
      log,
      framesPerSecond: 1000,
      maxFrameBytes: 64 * 1024 * 1024,
    });
    socket.deliver(syncStep1Frame(emptyVector()));
    const statesWhenAnswered: string[] = [];
    const send = connection.send.bind(connection);
    connection.send = (frame) => {
      if (syncStep2s([frame]).length > 0) statesWhenAnswered.push(room.state);
      send(frame);
    };

    room.join(connection);
    await room.whenLoaded();
    connection.attach(room);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(statesWhenAnswered).toEqual(['loading']);
    const reader = new Y.Doc();
    for (const update of syncUpdates(socket.sent)) Y.applyUpdate(reader, update);
    expect(sectionText(reader, 'arendet')).toBe(text);
    await room.unload();
  });
});
