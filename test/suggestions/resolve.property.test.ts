/**
 * Issue 15, a seeded property test: two suggesters and an editor work on one paragraph at the
 * same time (each on their own Yjs replica; a "server" replica judges every frame as the real
 * server does and everyone syncs after each round). Afterwards:
 *   acceptAll → the text as if every suggested edit had been made (what was suggested for
 *               deletion gone, what was suggested for insertion there) plus the editor's edits;
 *   rejectAll → the original text plus the editor's edits.
 * The expectation is built from the actors' own log of which characters (by Yjs id) they
 * suggested inserting or deleting, never from the marks the implementation reads, and the order
 * of characters is Yjs's own. Every suggester frame must pass suggestionGuard.ts.
 *
 * The marks are written under hashed keys (`deletion--xxxxxxxx`), as y-prosemirror writes a mark
 * that does not exclude itself, so that two overlapping deletion suggestions made at once do not
 * cut each other short (see suggestionMarkOfAttribute).
 *
 * One case has no single right answer and is read from the document instead of the log: text
 * typed, at the very same moment, into a range another person is proposing for deletion, or next
 * to a character another person is deleting (Yjs then tidies away the formats around it, and the
 * new text can end up inside the neighbouring range). Yjs formatting is by range, so such text
 * joins the deletion; only for those characters is the mark trusted.
 *
 * Suggesters also take back parts of their own insertions. When that races with someone typing
 * inside the suggestion, Yjs would let the mark run on over the following text; the server
 * refuses whichever of the two frames comes second (suggestionGuard.ts, marksRunOn), and as a
 * real client would, the refused actor reads the document in anew and what it did in that round
 * leaves the log. Refusals stay rare (checked below), or the test would prove little.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkSuggestionUpdate, checkWriterUpdate } from '../../server/sync/guards/suggestionGuard';
import { suggestionMarkOfAttribute } from '../../shared/model/schema';
import { suggestionAttrs } from '../../shared/suggestions/marks';
import { acceptAll, listSuggestions, rejectAll } from '../../shared/suggestions/resolve';
import { seededPrng, type Prng } from '../helpers/prng';

const ORIGINAL = 'nämnden föreslås besluta att bifalla ansökan om bygglov för nybyggnad av förskola';

interface Char {
  key: string;
  attrs: Record<string, unknown>;
}

/** The visible characters of a Y.XmlText, in order, each with its Yjs id and formats. */
function visibleChars(text: Y.XmlText): Char[] {
  const chars: Char[] = [];
  let attrs: Record<string, unknown> = {};
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentFormat) {
      attrs = { ...attrs };
      if (item.content.value === null) delete attrs[item.content.key];
      else attrs[item.content.key] = item.content.value;
    } else if (item.content instanceof Y.ContentString) {
      for (let offset = 0; offset < item.length; offset++) chars.push({ key: `${item.id.client}:${item.id.clock + offset}`, attrs });
    }
  }
  return chars;
}

const hasSuggestion = (char: Char) => Object.keys(char.attrs).some((name) => suggestionMarkOfAttribute(name));
const hasMark = (char: Char, mark: 'insertion' | 'deletion') =>
  Object.entries(char.attrs).some(([name, value]) => value !== null && suggestionMarkOfAttribute(name) === mark);

function paragraphText(doc: Y.Doc): Y.XmlText {
  return ((doc.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** The paragraph as a sequence of character ids, to see that every replica ends the same. */
function charKeys(doc: Y.Doc): string {
  return visibleChars(paragraphText(doc))
    .map((char) => char.key)
    .join(' ');
}

interface Actor {
  name: string;
  userId: string;
  doc: Y.Doc;
  suggests: boolean;
}

/** What the actors did, by character id; each entry says who and in which round. */
interface Log {
  suggestedInsert: Map<string, { actor: string; round: number }>;
  /** Character → who proposed deleting it, and in which round. */
  suggestedDelete: Map<string, Array<{ actor: string; round: number }>>;
  /** Inserted strings: their characters, their neighbours when typed, who and when. */
  inserts: Array<{ keys: string[]; left: string | null; right: string | null; actor: string; round: number }>;
  /** Characters really deleted (by the editor, or taken back by their suggester), by whom and when. */
  deleted: Map<string, { actor: string; round: number }>;
}

/** A refused frame never happened: what its actor did in that round leaves the log. */
function forget(log: Log, actor: string, round: number): void {
  for (const [key, entry] of log.suggestedInsert) if (entry.actor === actor && entry.round === round) log.suggestedInsert.delete(key);
  for (const [key, entries] of log.suggestedDelete) {
    const left = entries.filter((entry) => entry.actor !== actor || entry.round !== round);
    if (left.length === 0) log.suggestedDelete.delete(key);
    else log.suggestedDelete.set(key, left);
  }
  log.inserts = log.inserts.filter((entry) => entry.actor !== actor || entry.round !== round);
  for (const [key, entry] of log.deleted) if (entry.actor === actor && entry.round === round) log.deleted.delete(key);
}

const ID_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const seededId = (prng: Prng) => Array.from({ length: 16 }, () => prng.pick([...ID_LETTERS])).join('');

function newKeysOf(doc: Y.Doc, text: Y.XmlText, clockBefore: number): string[] {
  return visibleChars(text)
    .map((char) => char.key)
    .filter((key) => {
      const [client, clock] = key.split(':').map(Number);
      return client === doc.clientID && clock! >= clockBefore;
    });
}

/** A contiguous run of characters from `chars` that all pass `ok`, starting at a random one: [start, length]. */
function pickRun(prng: Prng, chars: Char[], ok: (char: Char) => boolean, maxLength: number): [number, number] | null {
  const starts = chars.map((char, index) => (ok(char) ? index : -1)).filter((index) => index >= 0);
  if (starts.length === 0) return null;
  const start = prng.pick(starts);
  let length = 1;
  const wanted = 1 + prng.int(maxLength);
  while (length < wanted && start + length < chars.length && ok(chars[start + length]!)) length++;
  return [start, length];
}

function act(prng: Prng, actor: Actor, log: Log, round: number): void {
  const text = paragraphText(actor.doc);
  const chars = visibleChars(text);
  const id = seededId(prng);
  // y-prosemirror's suffix is 8 characters of a base64 hash; one per suggestion here.
  const key = (mark: string) => `${mark}--${id.slice(0, 8)}`;
  const attrs = () => suggestionAttrs({ userId: actor.userId, userName: actor.name }, id);
  const choice = prng.int(actor.suggests ? 3 : 2);
  if (choice === 2) {
    // A suggester takes back part of their own suggested insertion.
    const own = (char: Char) =>
      Object.entries(char.attrs).some(
        ([name, value]) =>
          suggestionMarkOfAttribute(name) === 'insertion' && (value as { userId?: string } | null)?.userId === actor.userId,
      );
    const run = pickRun(prng, chars, own, 3);
    if (!run) return;
    for (const char of chars.slice(run[0], run[0] + run[1])) log.deleted.set(char.key, { actor: actor.name, round });
    text.delete(run[0], run[1]);
    return;
  }
  if (choice === 0) {
    const index = prng.int(chars.length + 1);
    const letters = actor.suggests ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' : '0123456789';
    const inserted = Array.from({ length: 1 + prng.int(4) }, () => prng.pick([...letters])).join('');
    const clockBefore = Y.getState(actor.doc.store, actor.doc.clientID);
    // Explicit attributes, as y-prosemirror writes: the new text carries exactly these formats.
    text.insert(index, inserted, actor.suggests ? { [key('insertion')]: attrs() } : {});
    const keys = newKeysOf(actor.doc, text, clockBefore);
    if (actor.suggests) keys.forEach((char) => log.suggestedInsert.set(char, { actor: actor.name, round }));
    log.inserts.push({ keys, left: chars[index - 1]?.key ?? null, right: chars[index]?.key ?? null, actor: actor.name, round });
    return;
  }
  // Only text nobody has a suggestion on: plain text, proposed for deletion or deleted.
  const run = pickRun(prng, chars, (char) => !hasSuggestion(char), 5);
  if (!run) return;
  const [start, length] = run;
  if (!actor.suggests) {
    for (const char of chars.slice(start, start + length)) log.deleted.set(char.key, { actor: actor.name, round });
    text.delete(start, length);
    return;
  }
  text.format(start, length, { [key('deletion')]: attrs() });
  for (const char of chars.slice(start, start + length)) {
    const entries = log.suggestedDelete.get(char.key) ?? [];
    entries.push({ actor: actor.name, round });
    log.suggestedDelete.set(char.key, entries);
  }
}

function newReplica(clientId: number, from: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  return doc;
}

function runScenario(seed: number) {
  const prng = seededPrng(seed);
  const server = new Y.Doc();
  server.clientID = 1;
  const section = new Y.XmlElement('section');
  section.setAttribute('sectionKey', 'arendet');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(ORIGINAL)]);
  section.insert(0, [paragraph]);
  server.getXmlFragment('body').insert(0, [section]);
  const actors: Actor[] = [
    { name: 'Sara Förslag', userId: 'user-sara', doc: newReplica(11, server), suggests: true },
    { name: 'Olle Förslag', userId: 'user-olle', doc: newReplica(22, server), suggests: true },
    { name: 'Eva Redaktör', userId: 'user-eva', doc: newReplica(33, server), suggests: false },
  ];
  const log: Log = { suggestedInsert: new Map(), suggestedDelete: new Map(), inserts: [], deleted: new Map() };
  const refusals: string[] = [];
  let frames = 0;
  let nextClientId = 100;
  for (let round = 0; round < 12; round++) {
    for (const actor of actors) {
      const steps = 1 + prng.int(3);
      for (let step = 0; step < steps; step++) act(prng, actor, log, round);
    }
    // The server takes the rounds' frames in a random order, each judged against what it has.
    const order = [...actors].sort(() => prng.next() - 0.5);
    for (const actor of order) {
      const update = Y.encodeStateAsUpdate(actor.doc, Y.encodeStateVector(server));
      frames++;
      const verdict = actor.suggests
        ? checkSuggestionUpdate(server, update, { userId: actor.userId, name: actor.name })
        : checkWriterUpdate(server, update, { userId: actor.userId, access: 'write' });
      if (verdict.accepted) {
        Y.applyUpdate(server, update);
        continue;
      }
      // As the real client does: its socket is closed and it reads the document in anew.
      refusals.push(`${actor.name} in round ${round}: ${verdict.message}`);
      forget(log, actor.name, round);
      actor.doc = newReplica(nextClientId++, server);
    }
    for (const actor of actors) Y.applyUpdate(actor.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(actor.doc)));
  }
  return { server, actors, log, refusals, frames };
}

describe('accepting and rejecting all suggestions after concurrent suggesting and editing', () => {
  it.each(Array.from({ length: 100 }, (_, index) => 1000 + index * 7919))('seed %i', (seed) => {
    const { server, actors, log, refusals, frames } = runScenario(seed);
    // The guard refuses a frame only in a rare race (see suggestionGuard.ts), and then the
    // document stays as it was, which the expectations below check.
    expect(refusals.length, refusals.join('\n')).toBeLessThanOrEqual(Math.ceil(frames / 10));
    for (const actor of actors) expect(charKeys(actor.doc)).toBe(charKeys(server));

    const chars = visibleChars(paragraphText(server));
    const text = (kept: (char: Char) => boolean) => {
      const letters = (paragraphText(server).toDelta() as Array<{ insert: string }>)
        .map((op) => op.insert)
        .join('')
        .split('');
      return chars.flatMap((char, index) => (kept(char) ? [letters[index]!] : [])).join('');
    };
    // Characters typed into a range someone else proposed deleting in the same round.
    const ambiguous = new Set<string>();
    for (const insert of log.inserts) {
      const sameMoment = (entry: { actor: string; round: number } | undefined) =>
        entry !== undefined && entry.round === insert.round && entry.actor !== insert.actor;
      // A neighbour proposed for deletion at that moment, or deleted at that moment (Yjs then
      // tidies away the formats around it, and the new text may end up inside a range beside it).
      const concurrent = (neighbour: string) =>
        (log.suggestedDelete.get(neighbour) ?? []).some(sameMoment) || sameMoment(log.deleted.get(neighbour));
      // Typed next to text that was itself typed into such a range lands there too.
      const inside = (neighbour: string | null) => neighbour !== null && (concurrent(neighbour) || ambiguous.has(neighbour));
      if (inside(insert.left) || inside(insert.right)) insert.keys.forEach((key) => ambiguous.add(key));
    }
    const expectAccepted = text((char) => (ambiguous.has(char.key) ? !hasMark(char, 'deletion') : !log.suggestedDelete.has(char.key)));
    const expectRejected = text((char) => !log.suggestedInsert.has(char.key));

    // The log and the marks agree wherever the log has the answer.
    for (const char of chars) {
      expect(hasMark(char, 'insertion')).toBe(log.suggestedInsert.has(char.key));
      if (log.suggestedDelete.has(char.key)) expect(hasMark(char, 'deletion')).toBe(true);
      if (!log.suggestedDelete.has(char.key) && !ambiguous.has(char.key)) expect(hasMark(char, 'deletion')).toBe(false);
    }

    const accepted = new Y.Doc();
    Y.applyUpdate(accepted, Y.encodeStateAsUpdate(server));
    acceptAll(accepted);
    expect(paragraphText(accepted).toString()).toBe(expectAccepted);
    expect(listSuggestions(accepted)).toEqual([]);

    const rejected = new Y.Doc();
    Y.applyUpdate(rejected, Y.encodeStateAsUpdate(server));
    rejectAll(rejected);
    expect(paragraphText(rejected).toString()).toBe(expectRejected);
    expect(listSuggestions(rejected)).toEqual([]);
    // Nothing of the editor's is lost either way, and the original's letters keep their order.
    expect(expectRejected.replace(/\d/g, '')).toMatch(/^[a-zåäö ]*$/);
  });
});
