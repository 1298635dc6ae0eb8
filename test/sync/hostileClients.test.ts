import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { bodyFragment } from '../../shared/doc/documentState';
import { documentType } from '../../shared/model';
import { CAPABILITY_ACKS, MESSAGE_YTTRA, encodeHello, readYttraMessage } from '../../shared/protocol/messages';
import { connectClient, sectionKeys, sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { openRawSocket } from '../helpers/rawSocket';
import { createDocument, startTestServer, wsUrl } from '../helpers/server';

const templateKeys = documentType('tjansteskrivelse').sections.map((section) => section.key);

function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe('when a client misbehaves', () => {
  const clients: TestClient[] = [];
  const servers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function setup() {
    const server = await startTestServer();
    servers.push(server);
    const id = await createDocument(server);
    const honest = connectClient(wsUrl(server), id, { token: server.adminToken });
    clients.push(honest);
    await waitSynced(honest);
    return { server, id, honest };
  }

  it('refuses a raw update that deletes a section, tells that client why, and keeps every section', async () => {
    const { server, id, honest } = await setup();
    // A replica of the document, in which a section is deleted outside any editor.
    const rogue = new Y.Doc();
    Y.applyUpdate(rogue, Y.encodeStateAsUpdate(honest.doc));
    const updates: Uint8Array[] = [];
    rogue.on('update', (update: Uint8Array) => updates.push(update));
    bodyFragment(rogue).delete(3, 1);

    const socket = await openRawSocket(`${wsUrl(server)}/${id}?token=${server.adminToken}`);
    socket.send(encodeHello(CAPABILITY_ACKS));
    socket.send(syncUpdateFrame(updates[0]!));
    const { code } = await socket.closed;
    expect(code).toBe(4409);
    const errors = socket.frames
      .filter((frame) => frame[0] === MESSAGE_YTTRA)
      .map((frame) => {
        const decoder = decoding.createDecoder(frame);
        decoding.readVarUint(decoder);
        return readYttraMessage(decoder);
      });
    expect(errors).toContainEqual(expect.objectContaining({ kind: 'error', code: 'structure_refused' }));

    // The honest client still edits, and a newcomer sees every section.
    typeInSection(honest.doc, 'sammanfattning', 'fortfarande här');
    const newcomer = connectClient(wsUrl(server), id, { token: server.adminToken });
    clients.push(newcomer);
    await waitFor(() => sectionText(newcomer.doc, 'sammanfattning').includes('fortfarande här'), 'newcomer to see the honest edit');
    expect(sectionKeys(newcomer.doc)).toEqual(templateKeys);
    expect(sectionKeys(honest.doc)).toEqual(templateKeys);
  });

  it('closes only the socket that sent a garbage frame', async () => {
    const { server, id, honest } = await setup();
    const socket = await openRawSocket(`${wsUrl(server)}/${id}?token=${server.adminToken}`);
    socket.send(Buffer.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3]));
    expect((await socket.closed).code).toBe(4400);

    const other = connectClient(wsUrl(server), id, { token: server.adminToken });
    clients.push(other);
    await waitSynced(other);
    typeInSection(honest.doc, 'arendet', 'efter skräpet');
    await waitFor(() => sectionText(other.doc, 'arendet').includes('efter skräpet'), 'other client to see the edit');
  });

  it('closes a text frame and an unknown message type with 4400', async () => {
    const { server, id } = await setup();
    const textSocket = await openRawSocket(`${wsUrl(server)}/${id}?token=${server.adminToken}`);
    textSocket.ws.send('hej');
    expect((await textSocket.closed).code).toBe(4400);
    const unknownType = await openRawSocket(`${wsUrl(server)}/${id}?token=${server.adminToken}`);
    unknownType.send(Uint8Array.from([42, 1, 2]));
    expect((await unknownType.closed).code).toBe(4400);
  });

  it('refuses a frame over the size limit with a typed error and 4413', async () => {
    const server = await startTestServer({ maxFrameBytes: 64 * 1024 });
    servers.push(server);
    const id = await createDocument(server);
    const socket = await openRawSocket(`${wsUrl(server)}/${id}?token=${server.adminToken}`);
    socket.send(encodeHello(CAPABILITY_ACKS));
    socket.send(syncUpdateFrame(new Uint8Array(100 * 1024)));
    const { code, reason } = await socket.closed;
    expect(code).toBe(4413);
    expect(reason).toMatch(/för stor/);
  });

  it('acknowledges stored changes to a client that asked for acks', async () => {
    const { server, id } = await setup();
    const writer = connectClient(wsUrl(server), id, { token: server.adminToken });
    clients.push(writer);
    const acks: number[] = [];
    writer.provider.messageHandlers[MESSAGE_YTTRA] = (_encoder, decoder) => {
      const message = readYttraMessage(decoder);
      if (message.kind === 'ack') acks.push(message.count);
    };
    writer.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') writer.provider.ws!.send(encodeHello(CAPABILITY_ACKS));
    });
    await waitSynced(writer);
    typeInSection(writer.doc, 'sammanfattning', 'sparas');
    await waitFor(() => acks.length > 0 && acks[acks.length - 1]! >= 2, 'an ack covering the edit');
  });
});
