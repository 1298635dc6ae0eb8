/**
 * Issue 11, finding 15: a change frame from a connection that may not change the room is refused
 * from its message type and one varUint, before any update analysis, and costs the room nothing.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CAPABILITY_ACKS, MESSAGE_SYNC, MESSAGE_YTTRA, YTTRA_ACK, YTTRA_ERROR, encodeHello } from '../../shared/protocol/messages';
import { waitFor } from '../helpers/clients';
import { createPerson, share } from '../helpers/people';
import { openRawSocket } from '../helpers/rawSocket';
import { createDocument, useServersAndClients, wsUrl } from '../helpers/server';

function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

const isYttra = (frame: Uint8Array, subtype: number) => frame[0] === MESSAGE_YTTRA && frame[1] === subtype;

describe('when a connection that may only read sends a change frame', () => {
  const { start } = useServersAndClients();

  async function setup(role: 'reader' | 'commenter') {
    const server = await start();
    const id = await createDocument(server);
    const person = await createPerson(server, role === 'reader' ? 'Rut Läsare' : 'Greta Granskare');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: person.id, role }]);
    const socket = await openRawSocket(`${wsUrl(server)}/${id}?token=${person.token}`);
    socket.send(encodeHello(CAPABILITY_ACKS));
    return { server, id, socket };
  }

  it('refuses it as read-only without analysing it: a body that is no update at all does not even close the socket', async () => {
    const { socket } = await setup('reader');
    // Three struct clients announced, then garbage: analysing it would fail and close with 4400.
    socket.send(updateFrame(Uint8Array.from([3, 0xff, 0xff, 0xff, 0xff, 0x0f, 7, 7, 7])));
    await waitFor(() => socket.frames.some((frame) => isYttra(frame, YTTRA_ERROR)), 'the refusal');
    const error = socket.frames.find((frame) => isYttra(frame, YTTRA_ERROR))!;
    expect(new TextDecoder().decode(error)).toContain('read_only');
    const closed = await Promise.race([socket.closed.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 300))]);
    expect(closed).toBe(false);
    socket.ws.close();
  });

  it("acknowledges a reader's sync reply that carries no content, so a reader's tab says it is up to date", async () => {
    const { socket } = await setup('reader');
    socket.send(updateFrame(Y.encodeStateAsUpdate(new Y.Doc())));
    await waitFor(() => socket.frames.some((frame) => isYttra(frame, YTTRA_ACK)), 'the acknowledgement');
    expect([...socket.frames.find((frame) => isYttra(frame, YTTRA_ACK))!]).toEqual([MESSAGE_YTTRA, YTTRA_ACK, 1]);
    socket.ws.close();
  });

  it("refuses a commenter's change to the body the same way", async () => {
    const { socket } = await setup('commenter');
    socket.send(updateFrame(Uint8Array.from([1, 0xff, 0xff, 0xff])));
    await waitFor(() => socket.frames.some((frame) => isYttra(frame, YTTRA_ERROR)), 'the refusal');
    expect(new TextDecoder().decode(socket.frames.find((frame) => isYttra(frame, YTTRA_ERROR))!)).toContain('read_only');
    socket.ws.close();
  });
});
