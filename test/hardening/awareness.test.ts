/**
 * Issue 11, findings 4 and 8: the server checks every awareness state against the shared
 * awareness schema before it relays it (known keys, their types, a size limit) and caps the client
 * ids one connection may announce, so a reader can neither send a state that breaks others'
 * pages nor flood everyone off the document. Real server, raw sockets for the hostile side, stock
 * y-websocket clients for the honest one.
 */
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { MESSAGE_AWARENESS } from '../../shared/protocol/messages';
import { MAX_AWARENESS_CLIENTS_PER_CONNECTION } from '../../shared/protocol/awareness';
import { sectionText, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { createPerson, share } from '../helpers/people';
import { openRawSocket, type RawSocket } from '../helpers/rawSocket';
import { createDocument, useServersAndClients, wsUrl } from '../helpers/server';

/** An awareness frame announcing `entries` (client id, clock, state as JSON text). */
function awarenessFrame(entries: Array<{ client: number; clock?: number; state: string }>): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(update, entry.client);
    encoding.writeVarUint(update, entry.clock ?? 1);
    encoding.writeVarString(update, entry.state);
  }
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

function closeCodes(client: TestClient): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

describe('when a reader sends awareness states the schema does not allow', () => {
  const { start, connect } = useServersAndClients();

  async function setup() {
    const server = await start();
    const id = await createDocument(server);
    const reader = await createPerson(server, 'Rut Läsare');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: reader.id, role: 'reader' }]);
    const honest = connect(server, id);
    await waitSynced(honest);
    const raw = await openRawSocket(`${wsUrl(server)}/${id}?token=${reader.token}`);
    return { server, id, honest, raw };
  }

  /** Sends an honest marker state from the raw socket and waits until `observer` sees it. */
  async function marker(raw: RawSocket, observer: TestClient, client: number) {
    raw.send(awarenessFrame([{ client, clock: 99, state: JSON.stringify({ section: 'arendet' }) }]));
    await waitFor(
      () => (observer.provider.awareness.getStates().get(client) as { section?: string } | undefined)?.section === 'arendet',
      'the marker state',
    );
  }

  it.each([
    ['a section that is an object', { section: { evil: 1 } }],
    ['a caret without positions', { cursor: { anchor: null } }],
    ['a user name that is a number', { user: { name: 5 } }],
    ['a field key of 10,000 characters', { field: 'x'.repeat(10_000) }],
    ['a state of 200 KiB', { section: 'arendet', padding: 'x'.repeat(200 * 1024) }],
  ])('does not relay %s, and relays a later valid state', async (_what, state) => {
    const { honest, raw } = await setup();
    const relayed: number[] = [];
    honest.provider.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) =>
      relayed.push(...added, ...updated),
    );
    raw.send(awarenessFrame([{ client: 4242, state: JSON.stringify(state) }]));
    await marker(raw, honest, 4243);
    expect(relayed).not.toContain(4242);
    expect(honest.provider.awareness.getStates().has(4242)).toBe(false);
  });

  it('keeps only the known keys of a valid state, with the user stamped from the session', async () => {
    const { honest, raw } = await setup();
    raw.send(
      awarenessFrame([
        {
          client: 4244,
          state: JSON.stringify({
            section: 'arendet',
            field: 'datum',
            extra: { deep: 1 },
            user: { name: 'Ordföranden', color: '#123456' },
          }),
        },
      ]),
    );
    await waitFor(() => honest.provider.awareness.getStates().has(4244), 'the state');
    expect(honest.provider.awareness.getStates().get(4244)).toEqual({
      section: 'arendet',
      field: 'datum',
      user: expect.objectContaining({ name: 'Rut Läsare', color: '#123456', role: 'read' }),
    });
  });

  it("lets a reader's flood of 50,000 client ids disconnect nobody, and relays only a few of them", async () => {
    const { server, id, honest, raw } = await setup();
    const codes = closeCodes(honest);
    const second = connect(server, id);
    await waitSynced(second);
    const secondCodes = closeCodes(second);
    const state = JSON.stringify({ section: 'arendet', user: { name: 'x', color: '#ff0000' } });
    for (let frame = 0; frame < 40; frame++) {
      raw.send(awarenessFrame(Array.from({ length: 50_000 }, (_, index) => ({ client: 1_000_000 + frame * 50_000 + index, state }))));
    }
    await marker(raw, honest, 1_000_000).catch(() => undefined);
    typeInSection(honest.doc, 'arendet', 'efter floden');
    await waitFor(
      () => sectionText(second.doc, 'arendet').includes('efter floden'),
      'an edit after the flood to reach the other client',
      30_000,
    );
    expect(codes).toEqual([]);
    expect(secondCodes).toEqual([]);
    const flooded = [...second.provider.awareness.getStates().keys()].filter((client) => client >= 1_000_000 && client < 3_000_000);
    expect(flooded.length).toBeLessThanOrEqual(MAX_AWARENESS_CLIENTS_PER_CONNECTION);
  }, 60_000);
});
