/**
 * Frames a hostile or broken client might send, drawn from a seeded PRNG: random bytes,
 * truncated varints, unknown message types, absurd declared lengths, updates whose structs
 * refer to items the server has never seen, mutated real updates, awareness garbage, and
 * well-formed but forbidden changes (deleting a template section).
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { bodyFragment } from '../../shared/doc/documentState';
import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, MESSAGE_YTTRA } from '../../shared/protocol/messages';
import { typeInSection } from '../helpers/clients';
import type { Prng } from '../helpers/prng';

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
const HUGE = [2 ** 31, 2 ** 32 - 1, 2 ** 40, Number.MAX_SAFE_INTEGER, 0x7fffffff];

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function syncFrame(kind: number, payload: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, kind);
    encoding.writeVarUint8Array(encoder, payload);
  });
}

function mutate(random: Prng, bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  switch (random.int(5)) {
    case 0: // flip a few bytes
      for (let count = 1 + random.int(4); count > 0 && copy.length > 0; count--) copy[random.int(copy.length)] = random.int(256);
      return copy;
    case 1: // cut short
      return copy.slice(0, random.int(copy.length + 1));
    case 2: // random bytes in the middle
      return Uint8Array.from([
        ...copy.slice(0, random.int(copy.length + 1)),
        ...random.bytes(1 + random.int(8)),
        ...copy.slice(random.int(copy.length + 1)),
      ]);
    case 3: // a varint with every continuation bit set
      if (copy.length > 0) copy[random.int(copy.length)] = 0xff;
      return copy;
    default: // a run of bytes repeated
      return Uint8Array.from([...copy, ...copy.slice(random.int(copy.length + 1))]);
  }
}

export interface HostileMaterial {
  /** Real updates a hostile replica produced by typing in sections. */
  realUpdates: Uint8Array[];
  /** Updates whose items hang off items the server never received. */
  orphanUpdates: Uint8Array[];
  /** A well-formed update that deletes a template section. */
  sectionDeletion: Uint8Array;
}

/** Builds real material from a replica of the document as the server holds it. */
export function hostileMaterial(random: Prng, serverState: Uint8Array, sectionKeys: readonly string[]): HostileMaterial {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, serverState);
  const realUpdates: Uint8Array[] = [];
  const capture = (update: Uint8Array) => realUpdates.push(update);
  replica.on('update', capture);
  for (let index = 0; index < 40; index++) typeInSection(replica, random.pick(sectionKeys), `x${index}`);
  replica.off('update', capture);

  // Orphans: the replica goes on typing, but only the second half of what it types is sent.
  const orphanUpdates: Uint8Array[] = [];
  const hidden = new Y.Doc();
  Y.applyUpdate(hidden, Y.encodeStateAsUpdate(replica));
  typeInSection(hidden, sectionKeys[0]!, 'never-sent');
  const before = Y.encodeStateVector(hidden);
  for (let index = 0; index < 10; index++) {
    typeInSection(hidden, sectionKeys[0]!, `orphan${index}`);
    orphanUpdates.push(Y.encodeStateAsUpdate(hidden, before));
  }

  const deleting = new Y.Doc();
  Y.applyUpdate(deleting, serverState);
  let sectionDeletion: Uint8Array = new Uint8Array();
  deleting.on('update', (update: Uint8Array) => (sectionDeletion = update));
  bodyFragment(deleting).delete(random.int(sectionKeys.length), 1);
  return { realUpdates, orphanUpdates, sectionDeletion };
}

/** One hostile frame. */
export function hostileFrame(random: Prng, material: HostileMaterial): Uint8Array {
  switch (random.int(10)) {
    case 0:
      return random.bytes(random.int(48));
    case 1: // truncated varints, alone or after a valid prefix
      return Uint8Array.from([
        ...random.pick([[], [MESSAGE_SYNC], [MESSAGE_SYNC, SYNC_UPDATE], [MESSAGE_AWARENESS]]),
        ...Array.from({ length: 1 + random.int(6) }, () => 0x80 | random.int(128)),
      ]);
    case 2: // message and sync types nobody defined
      return random.next() < 0.5
        ? frame((encoder) => {
            encoding.writeVarUint(encoder, random.pick([4, 5, 7, 99, 101, 255, 1000, 2 ** 20]));
            encoding.writeUint8Array(encoder, random.bytes(random.int(16)));
          })
        : syncFrame(3 + random.int(100), random.bytes(random.int(16)));
    case 3: // a declared length far beyond the frame
      return frame((encoder) => {
        const type = random.pick([MESSAGE_SYNC, MESSAGE_AWARENESS, MESSAGE_YTTRA]);
        encoding.writeVarUint(encoder, type);
        if (type === MESSAGE_SYNC) encoding.writeVarUint(encoder, random.pick([SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE]));
        encoding.writeVarUint(encoder, random.pick(HUGE));
        encoding.writeUint8Array(encoder, random.bytes(random.int(32)));
      });
    case 4:
      return syncFrame(random.pick([SYNC_STEP2, SYNC_UPDATE]), random.pick(material.orphanUpdates));
    case 5:
    case 6:
      return syncFrame(random.pick([SYNC_STEP2, SYNC_UPDATE]), mutate(random, random.pick(material.realUpdates)));
    case 7: // mutation of the whole frame, envelope included
      return mutate(random, syncFrame(SYNC_UPDATE, random.pick(material.realUpdates)));
    case 8:
      return awarenessGarbage(random);
    default:
      return random.pick([
        () => syncFrame(SYNC_UPDATE, material.sectionDeletion),
        () => syncFrame(SYNC_STEP1, random.bytes(random.int(24))),
        () => syncFrame(SYNC_UPDATE, random.pick(material.realUpdates)),
        () => Uint8Array.of(MESSAGE_QUERY_AWARENESS),
        () => Uint8Array.from([MESSAGE_AUTH, ...random.bytes(random.int(8))]),
        () => Uint8Array.from([MESSAGE_YTTRA, ...random.bytes(random.int(8))]),
      ])();
  }
}

function awarenessGarbage(random: Prng): Uint8Array {
  const payload = frame((encoder) => {
    switch (random.int(4)) {
      case 0:
        encoding.writeUint8Array(encoder, random.bytes(random.int(40)));
        return;
      case 1: // claims many entries, delivers one
        encoding.writeVarUint(encoder, random.pick(HUGE));
        encoding.writeVarUint(encoder, random.int(2 ** 30));
        encoding.writeVarUint(encoder, 1);
        encoding.writeVarString(encoder, '{}');
        return;
      case 2: // entries whose state is not JSON
        encoding.writeVarUint(encoder, 1);
        encoding.writeVarUint(encoder, random.int(2 ** 30));
        encoding.writeVarUint(encoder, random.int(100));
        encoding.writeVarString(encoder, random.pick(['{', 'undefined', '{"user":', '\u0000', '[1,2', '"'.repeat(3)]));
        return;
      default: // valid JSON of the wrong shapes
        encoding.writeVarUint(encoder, 1);
        encoding.writeVarUint(encoder, random.int(2 ** 30));
        encoding.writeVarUint(encoder, random.int(100));
        encoding.writeVarString(
          encoder,
          random.pick([
            'null',
            '42',
            '"text"',
            '[]',
            '{"user":null}',
            '{"user":"x"}',
            '{"__proto__":{"polluted":1}}',
            JSON.stringify({ a: 'x'.repeat(2000) }),
          ]),
        );
    }
  });
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, payload);
  });
}
