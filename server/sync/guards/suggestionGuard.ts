/**
 * Decides whether a change from a suggester's socket (role `suggester`, access `suggest`) may reach
 * a document body. A suggester writes only suggestions of their own (issue 15): every frame is
 * first judged as any writer's would be (structure, schema, lock: bodyGuard.ts), and then:
 *   - new text must carry an `insertion` mark with the suggester's user id;
 *   - existing text may gain, change or lose `deletion` and `formatChange` marks of the
 *     suggester's, and nothing else about it may change (no formatting, no other person's marks);
 *   - text may only be deleted for real where it is the suggester's own suggested insertion;
 *   - no block may be added, removed or changed, and the title and header fields stay as they are.
 * A new mark in the suggester's name must not be dated in the future and, when it names its
 * author, must name them as the server knows them.
 *
 * Text is compared character by character (by Yjs id) before and after the change: the "after"
 * is a shadow copy of the room's document with the update applied, kept in step with the room
 * (so a keystroke does not copy the document), dropped when a change is refused and rebuilt when
 * it is no longer in step. Only the texts the update touches are compared.
 *
 * Races Yjs formatting cannot settle, refused rather than let through (marksRunOn): someone takes
 * a suggestion back, or an editor accepts or rejects it, while someone else types inside it.
 * Yjs then tidies away the end of the suggestion's range on one side while the typing on the other
 * closed its own piece with a format that relies on that end, and the mark would run on over the
 * rest of the paragraph (a reject would then delete text nobody proposed). Whichever of the two
 * frames reaches the server second is refused, the suggester's here and an editor's in
 * checkWriterUpdate (which compares only paragraphs holding suggestions); that person reloads
 * and sees the text as it is.
 */
import * as Y from 'yjs';
import { BODY, SECTION_KEY_ATTRIBUTE } from '../../../shared/doc/documentState';
import {
  formatChangeMarks,
  isSuggestionAttrs,
  suggestionMarkOfAttribute,
  type SuggestionAttrs,
  type SuggestionMarkName,
} from '../../../shared/model/schema';
import type { SyncPrincipal } from '../access';
import { checkBodyUpdate, type Verdict } from './bodyGuard';
import { withPending } from './updateIndex';
import { deletedByUpdate, walkUpdate, type UpdateWalk } from './updateWalk';

/** How far in the future a new suggestion's time may be (a client's clock a little ahead). */
export const SUGGESTION_CLOCK_TOLERANCE_MS = 2 * 60 * 1000;

export const SUGGESTION_REFUSED_MESSAGE =
  'Som förslagsställare kan du bara föreslå ändringar: ny text och borttagningar märks som dina förslag, och bara dina egna förslag kan du ändra eller ta tillbaka. Ändringen sparades inte; sidan läses in på nytt från servern.';
export const SUGGESTION_HEADER_MESSAGE =
  'Som förslagsställare kan du föreslå ändringar i texten men inte ändra rubriken eller fälten i sidhuvudet. Ändringen sparades inte; sidan läses in på nytt från servern.';
export const SUGGESTION_BLOCK_MESSAGE =
  'Som förslagsställare kan du föreslå ändringar i styckenas text men inte lägga till, ta bort eller ändra stycken, listor eller tabeller. Ändringen sparades inte; sidan läses in på nytt från servern.';

type Author = Pick<SyncPrincipal, 'userId' | 'name'>;

/** A character's state in one text: alive or deleted, the formats in effect on it, the character. */
interface CharState {
  alive: boolean;
  attrs: Readonly<Record<string, unknown>>;
  char?: string;
}

type CharStates = Map<string, CharState>;

const charKey = (client: number, clock: number) => `${client}:${clock}`;

/**
 * Every character of a Y.XmlText by id, with the formats in effect on it: the visible format
 * items to its left, as Yjs's own toDelta reads them (a deleted format item counts for nothing).
 */
export function charStates(text: Y.XmlText): CharStates {
  const states: CharStates = new Map();
  let attrs: Record<string, unknown> = {};
  for (let item = text._start; item !== null; item = item.right) {
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      if (item.deleted) continue;
      attrs = { ...attrs };
      if (content.value === null) delete attrs[content.key];
      else attrs[content.key] = content.value;
    } else if (item.countable) {
      const string = content instanceof Y.ContentString ? content.str : '';
      for (let offset = 0; offset < item.length; offset++) {
        states.set(charKey(item.id.client, item.id.clock + offset), { alive: !item.deleted, attrs, char: string[offset] });
      }
    }
  }
  return states;
}

/** Deep equality of JSON values (format values), independent of key order. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

// ---------------------------------------------------------------- the shadow document

interface Shadow {
  doc: Y.Doc;
  follow: (update: Uint8Array) => void;
}

const shadows = new WeakMap<Y.Doc, Shadow>();

function sameState(a: Y.Doc, b: Y.Doc): boolean {
  const stateA = Y.decodeStateVector(Y.encodeStateVector(a));
  const stateB = Y.decodeStateVector(Y.encodeStateVector(b));
  if (stateA.size !== stateB.size) return false;
  for (const [client, clock] of stateA) if (stateB.get(client) !== clock) return false;
  return true;
}

function dropShadow(doc: Y.Doc): void {
  const shadow = shadows.get(doc);
  if (!shadow) return;
  doc.off('update', shadow.follow);
  shadow.doc.destroy();
  shadows.delete(doc);
}

/** A copy of `doc` that follows every change applied to it; rebuilt when it fell out of step. */
function shadowOf(doc: Y.Doc): Y.Doc {
  const known = shadows.get(doc);
  if (known && sameState(doc, known.doc)) return known.doc;
  dropShadow(doc);
  // The room's document is never garbage-collected differently from its copy: both keep deleted
  // content as the room does, so ids resolve the same way in both.
  const copy = new Y.Doc({ gc: doc.gc });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const follow = (update: Uint8Array) => Y.applyUpdate(copy, update);
  doc.on('update', follow);
  shadows.set(doc, { doc: copy, follow });
  return copy;
}

/** The type an item with this id created in `doc`, if it is there and is an XmlText. */
function xmlTextById(doc: Y.Doc, id: Y.ID): Y.XmlText | null {
  if (id.clock >= Y.getState(doc.store, id.client)) return null;
  const item = Y.getItem(doc.store, id);
  return item instanceof Y.Item && item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlText
    ? item.content.type
    : null;
}

// ---------------------------------------------------------------- the rules

type Refusal = 'header' | 'block' | 'text';

class SuggestionRules {
  constructor(
    private readonly author: Author,
    private readonly now: number,
  ) {}

  private isOwn(mark: SuggestionMarkName, value: unknown): value is SuggestionAttrs {
    return isSuggestionAttrs(mark, value) && value.userId === this.author.userId;
  }

  /** A mark value the suggester introduces: theirs, not dated ahead, naming them as they are. */
  private isOwnNew(mark: SuggestionMarkName, value: unknown): boolean {
    if (!this.isOwn(mark, value)) return false;
    if (Date.parse(value.createdAt) > this.now + SUGGESTION_CLOCK_TOLERANCE_MS) return false;
    return value.userName === undefined || value.userName === null || value.userName === this.author.name;
  }

  /** The values of the insertion marks on a character (one key, or several hashed keys). */
  private insertions(attrs: Readonly<Record<string, unknown>>): unknown[] {
    return Object.entries(attrs)
      .filter(([name, value]) => value !== null && value !== undefined && suggestionMarkOfAttribute(name) === 'insertion')
      .map(([, value]) => value);
  }

  private isOwnInsertion(attrs: Readonly<Record<string, unknown>>): boolean {
    const values = this.insertions(attrs);
    return values.length > 0 && values.every((value) => this.isOwn('insertion', value));
  }

  /**
   * Whether a text may go from `before` to `after`. A suggestion mark value the text carried
   * before may turn up on new characters (a character typed inside someone's existing suggestion
   * takes on its mark, which is no forgery); any other value must be the suggester's, new.
   */
  textProblem(before: CharStates, after: CharStates): boolean {
    const existing = new Map<string, unknown[]>();
    for (const state of before.values()) {
      if (!state.alive) continue;
      for (const [name, value] of Object.entries(state.attrs)) {
        if (value === undefined || value === null || !suggestionMarkOfAttribute(name)) continue;
        const values = existing.get(name) ?? [];
        if (!values.some((known) => sameValue(known, value))) values.push(value);
        existing.set(name, values);
      }
    }
    const fresh = (name: string, value: unknown) =>
      (existing.get(name) ?? []).some((known) => sameValue(known, value)) || this.isOwnNew(suggestionMarkOfAttribute(name)!, value);
    for (const [key, now] of after) {
      const was = before.get(key);
      if (was && !was.alive) continue;
      if (was && !now.alive) {
        if (!this.isOwnInsertion(was.attrs)) return true;
        continue;
      }
      if (!now.alive) continue;
      if (!was) {
        if (!this.newCharAllowed(now.attrs, fresh)) return true;
        continue;
      }
      if (!this.changeAllowed(was.attrs, now.attrs, fresh)) return true;
    }
    return false;
  }

  private newCharAllowed(attrs: Readonly<Record<string, unknown>>, fresh: (name: string, value: unknown) => boolean): boolean {
    if (!this.insertions(attrs).some((value) => this.isOwn('insertion', value))) return false;
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || !suggestionMarkOfAttribute(name)) continue;
      if (!fresh(name, value)) return false;
    }
    return true;
  }

  private changeAllowed(
    was: Readonly<Record<string, unknown>>,
    now: Readonly<Record<string, unknown>>,
    fresh: (name: string, value: unknown) => boolean,
  ): boolean {
    // Inside their own suggested insertion a suggester formats freely: it is their proposal.
    const ownText = this.isOwnInsertion(was) && this.isOwnInsertion(now);
    const insertionsBefore = this.insertions(was);
    const insertionsAfter = this.insertions(now);
    const sameInsertions =
      insertionsBefore.length === insertionsAfter.length &&
      insertionsBefore.every((value) => insertionsAfter.some((other) => sameValue(value, other)));
    // Re-dating or re-numbering their own insertion is theirs to do; adding one to existing text
    // or taking one away (which would accept it) is not.
    if (!sameInsertions && !ownText) return false;
    for (const name of new Set([...Object.keys(was), ...Object.keys(now)])) {
      const before = was[name] ?? null;
      const after = now[name] ?? null;
      if (sameValue(before, after)) continue;
      const mark = suggestionMarkOfAttribute(name);
      if (!mark) {
        if (ownText) continue;
        return false;
      }
      if (before !== null && !this.isOwn(mark, before)) return false;
      if (after !== null && !(this.isOwn(mark, after) && fresh(name, after))) return false;
    }
    return true;
  }
}

// ---------------------------------------------------------------- marks that would run on

/** Per room document: who last removed each suggestion id from the text (for the undo exception). */
const removers = new WeakMap<Y.Doc, Map<string, string>>();

/** `name\0id\0userId` of every valid suggestion mark in a character's formats. */
function suggestionKeys(attrs: Readonly<Record<string, unknown>>): string[] {
  const keys: string[] = [];
  for (const [name, value] of Object.entries(attrs)) {
    const mark = suggestionMarkOfAttribute(name);
    if (mark && isSuggestionAttrs(mark, value)) keys.push(`${name}\u0000${value.id}\u0000${value.userId}`);
  }
  return keys;
}

const idOfKey = (key: string) => key.split('\u0000')[1]!;
const authorOfKey = (key: string) => key.split('\u0000')[2]!;

/**
 * Whether the change from `before` to `after` makes a suggestion mark run on over text it never
 * covered, the trace of a Yjs formatting race (see the module comment):
 *   - in one change a mark leaves some characters (or they go) and arrives on other existing ones;
 *   - a mark that was on no character comes back over existing text, when someone else took it
 *     away (an undo by the person who took it away brings it back legitimately);
 *   - for a writer (`strict`): someone else's mark, still on other text, spreads to more existing
 *     text. Nothing an editor does on purpose does that (an undo brings a mark back from
 *     nowhere); a suggester's own marks are judged by SuggestionRules.
 */
function marksRunOn(doc: Y.Doc, before: CharStates, after: CharStates, userId: string, strict: boolean): boolean {
  const lost = new Set<string>();
  const gained = new Set<string>();
  const effectiveBefore = new Set<string>();
  for (const [key, was] of before) {
    if (!was.alive) continue;
    const had = suggestionKeys(was.attrs);
    had.forEach((mark) => effectiveBefore.add(mark));
    const now = after.get(key);
    const has = now?.alive ? suggestionKeys(now.attrs) : [];
    for (const mark of had) if (!has.includes(mark)) lost.add(mark);
    if (now?.alive) for (const mark of has) if (!had.includes(mark)) gained.add(mark);
  }
  const known = removers.get(doc);
  for (const mark of gained) {
    if (lost.has(mark)) return true;
    if (!effectiveBefore.has(mark)) {
      // Back from nowhere: an undo, unless someone else took it away (a room loaded afresh
      // knows nobody, and then an undo is the likelier reading).
      const remover = known?.get(idOfKey(mark));
      if (remover !== undefined && remover !== userId) return true;
    } else if (strict && authorOfKey(mark) !== userId) return true;
  }
  return false;
}

/** Records who took away the suggestion marks that `before` had and `after` has on no character. */
function noteRemovals(doc: Y.Doc, before: CharStates, after: CharStates, userId: string): void {
  const present = new Set<string>();
  for (const now of after.values()) if (now.alive) suggestionKeys(now.attrs).forEach((mark) => present.add(mark));
  let known = removers.get(doc);
  for (const was of before.values()) {
    if (!was.alive) continue;
    for (const mark of suggestionKeys(was.attrs)) {
      if (present.has(mark)) continue;
      if (!known) removers.set(doc, (known = new Map()));
      known.set(idOfKey(mark), userId);
    }
  }
}

// ---------------------------------------------------------------- resolutions, for the audit log

/** A suggestion the change settles: accepted or rejected by an editor, or taken back by its author. */
export interface SuggestionResolution {
  id: string;
  mark: SuggestionMarkName;
  authorId: string;
  /** The author's name as the mark gives it. */
  authorName: string | null;
  outcome: 'accepted' | 'rejected' | 'withdrawn';
  sectionKey: string | null;
  /** The text the suggestion was on, as it stood before. */
  text: string;
}

/** The section a text stands in. */
function sectionKeyOf(text: Y.XmlText): string | null {
  let node: Y.AbstractType<unknown> | null = text as Y.AbstractType<unknown>;
  while (node && node._item) {
    const parent = node._item.parent as Y.AbstractType<unknown>;
    if (parent instanceof Y.XmlFragment && !(parent instanceof Y.XmlElement) && node instanceof Y.XmlElement) {
      const key = node.getAttribute(SECTION_KEY_ATTRIBUTE);
      return typeof key === 'string' ? key : null;
    }
    node = parent as Y.AbstractType<unknown>;
  }
  return null;
}

/**
 * The suggestions that were on some character of a text before the change and are on none after:
 * an insertion whose text stays was accepted (rejected when its text went), a deletion whose text
 * went was accepted, a formatChange whose formatting now holds was accepted; by their own author,
 * taken back.
 */
function resolutionsOf(text: Y.XmlText, before: CharStates, after: CharStates, actorId: string): SuggestionResolution[] {
  const present = new Set<string>();
  for (const now of after.values()) if (now.alive) suggestionKeys(now.attrs).forEach((mark) => present.add(mark));
  const gone = new Map<string, { mark: SuggestionMarkName; value: SuggestionAttrs; alive: CharState[]; text: string }>();
  for (const [key, was] of before) {
    if (!was.alive) continue;
    for (const [name, value] of Object.entries(was.attrs)) {
      const mark = suggestionMarkOfAttribute(name);
      if (!mark || !isSuggestionAttrs(mark, value)) continue;
      const id = `${name}\u0000${value.id}\u0000${value.userId}`;
      if (present.has(id)) continue;
      const entry = gone.get(id) ?? { mark, value, alive: [], text: '' };
      entry.text += was.char ?? '';
      const now = after.get(key);
      if (now?.alive) entry.alive.push(now);
      gone.set(id, entry);
    }
  }
  const sectionKey = sectionKeyOf(text);
  return [...gone.entries()].map(([key, { mark, value, alive, text: written }]) => {
    const authorId = authorOfKey(key);
    let outcome: SuggestionResolution['outcome'];
    if (authorId === actorId) outcome = 'withdrawn';
    else if (mark === 'insertion') outcome = alive.length > 0 ? 'accepted' : 'rejected';
    else if (mark === 'deletion') outcome = alive.length > 0 ? 'rejected' : 'accepted';
    else {
      const marks = formatChangeMarks(value);
      const applied = (state: CharState) =>
        marks !== null &&
        marks.add.every((name) => state.attrs[name] !== undefined && state.attrs[name] !== null) &&
        marks.remove.every((name) => state.attrs[name] === undefined || state.attrs[name] === null);
      outcome = alive.length > 0 && alive.every(applied) ? 'accepted' : 'rejected';
    }
    return { id: idOfKey(key), mark, authorId, authorName: value.userName ?? null, outcome, sectionKey, text: written };
  });
}

interface ResolutionWatch {
  pending: { userId: string; resolutions: SuggestionResolution[] } | null;
}

const watches = new WeakMap<Y.Doc, ResolutionWatch>();

/**
 * Calls `listener` with the suggestions a client's change settled, once the room has applied that
 * change (its transaction's origin is the connection, whose principal made it). The guard finds
 * them while judging the frame; a frame the room then does not apply reports nothing.
 */
export function watchSuggestionResolutions(doc: Y.Doc, listener: (userId: string, resolutions: SuggestionResolution[]) => void): void {
  const watch: ResolutionWatch = { pending: null };
  watches.set(doc, watch);
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    const pending = watch.pending;
    if (!pending) return;
    const origin = transaction.origin as { principal?: { userId?: string } } | null;
    if (origin?.principal?.userId !== pending.userId) return;
    watch.pending = null;
    listener(pending.userId, pending.resolutions);
  });
}

function expectResolutions(doc: Y.Doc, userId: string, resolutions: SuggestionResolution[]): void {
  const watch = watches.get(doc);
  if (watch) watch.pending = resolutions.length > 0 ? { userId, resolutions } : null;
}

/** Whether a text holds a suggestion mark's format item (typing there may meet a suggestion). */
function holdsSuggestions(text: Y.XmlText): boolean {
  for (let item = text._start; item !== null; item = item.right) {
    if (item.content instanceof Y.ContentFormat && suggestionMarkOfAttribute(item.content.key)) return true;
  }
  return false;
}

/** After an accepted judgement: who took which marks away, and what the change settled. */
function settle(doc: Y.Doc, compared: Array<[Y.XmlText, CharStates, CharStates]>, userId: string): void {
  const resolutions: SuggestionResolution[] = [];
  for (const [text, before, after] of compared) {
    noteRemovals(doc, before, after, userId);
    resolutions.push(...resolutionsOf(text, before, after, userId));
  }
  expectResolutions(doc, userId, resolutions);
}

/**
 * What in the update a suggester may not do, or null. `walk` is the update's walk over the room's
 * document; the texts it touches are compared in the room's document and in `after`.
 */
function suggestionProblem(doc: Y.Doc, update: Uint8Array, walk: UpdateWalk, author: Author, now: number): Refusal | null {
  const touched = new Set<Y.XmlText>();
  const created: Y.ID[] = [];
  for (const { item, parent, key } of walk.inserted) {
    if (parent.root !== BODY) return 'header';
    if (deletedByUpdate(walk, item)) continue;
    if (key !== null) return 'block';
    if (parent.kind === 'xmlText') {
      if (!parent.isNew && parent.type instanceof Y.XmlText) touched.add(parent.type);
      continue;
    }
    // A new text in an existing paragraph (typing into an empty one); nothing else is new here.
    if (!parent.isNew && parent.kind === 'xmlElement' && item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlText) {
      created.push(item.id);
      continue;
    }
    return 'block';
  }
  const removedTexts: Y.XmlText[] = [];
  for (const { item, parent, key } of walk.deleted) {
    if (parent.root !== BODY) return 'header';
    if (key !== null) return 'block';
    if (parent.kind === 'xmlText' && parent.type instanceof Y.XmlText) touched.add(parent.type);
    else if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlText) removedTexts.push(item.content.type);
    else return 'block';
  }
  const rules = new SuggestionRules(author, now);
  // A whole text taken away (the paragraph emptied) holds only the suggester's own insertions.
  for (const text of removedTexts) {
    const after: CharStates = new Map();
    for (const [key, state] of charStates(text)) after.set(key, { alive: false, attrs: state.attrs });
    if (rules.textProblem(charStates(text), after)) return 'text';
  }
  if (touched.size === 0 && created.length === 0) return null;
  const shadow = shadowOf(doc);
  Y.applyUpdate(shadow, withPending(doc, update));
  const compared: Array<[Y.XmlText, CharStates, CharStates]> = [];
  for (const text of touched) {
    if (!text._item) return 'block';
    const copy = xmlTextById(shadow, text._item.id);
    if (!copy) return 'text';
    const pair: [CharStates, CharStates] = [charStates(text), charStates(copy)];
    if (rules.textProblem(...pair) || marksRunOn(doc, ...pair, author.userId, false)) return 'text';
    compared.push([text, ...pair]);
  }
  for (const id of created) {
    const copy = xmlTextById(shadow, id);
    if (!copy || rules.textProblem(new Map(), charStates(copy))) return 'text';
  }
  settle(doc, compared, author.userId);
  return null;
}

/**
 * The part of a writer's frame (owner, editor) that touches suggestions: none may run on over
 * text it never covered (marksRunOn). Only texts that hold suggestion formats are compared, so
 * typing elsewhere costs nothing here.
 */
function writerProblem(doc: Y.Doc, update: Uint8Array, walk: UpdateWalk, userId: string): boolean {
  const touched = new Set<Y.XmlText>();
  const receiving = new Set<Y.XmlText>();
  for (const { item, parent } of [...walk.inserted, ...walk.deleted]) {
    if (parent.kind !== 'xmlText' || parent.isNew || !(parent.type instanceof Y.XmlText)) continue;
    touched.add(parent.type);
    if (item.content instanceof Y.ContentFormat && suggestionMarkOfAttribute(item.content.key)) receiving.add(parent.type);
  }
  const texts = [...touched].filter((text) => text._item !== null && (receiving.has(text) || holdsSuggestions(text)));
  if (texts.length === 0) return false;
  const shadow = shadowOf(doc);
  Y.applyUpdate(shadow, withPending(doc, update));
  const compared: Array<[Y.XmlText, CharStates, CharStates]> = [];
  for (const text of texts) {
    const copy = xmlTextById(shadow, text._item!.id);
    if (!copy) continue;
    const pair: [CharStates, CharStates] = [charStates(text), charStates(copy)];
    if (marksRunOn(doc, ...pair, userId, true)) return true;
    compared.push([text, ...pair]);
  }
  settle(doc, compared, userId);
  return false;
}

/**
 * The verdict on a frame from a suggester's socket: what bodyGuard.ts would say of a writer's,
 * and then the suggestion rules above. Refused changes close the connection, as a refused
 * structure change does: the client's replica holds the change and must be read in anew.
 */
export function checkSuggestionUpdate(doc: Y.Doc, update: Uint8Array, author: Author, now: number = Date.now()): Verdict {
  expectResolutions(doc, author.userId, []);
  const verdict = checkBodyUpdate(doc, update, 'write');
  if (!verdict.accepted || !verdict.changesDocument) return verdict;
  let problem: Refusal | null;
  try {
    problem = suggestionProblem(doc, update, walkUpdate(doc, update), author, now);
  } catch (error) {
    dropShadow(doc);
    throw error;
  }
  if (!problem) return verdict;
  // The shadow now holds the refused change; the next frame copies the room's document afresh.
  dropShadow(doc);
  const message =
    problem === 'header' ? SUGGESTION_HEADER_MESSAGE : problem === 'block' ? SUGGESTION_BLOCK_MESSAGE : SUGGESTION_REFUSED_MESSAGE;
  return { accepted: false, code: 'suggestion_refused', message, closeConnection: true };
}

export const SUGGESTION_RACE_MESSAGE =
  'Ändringen möttes av att ett förslag i samma stycke samtidigt togs bort eller avgjordes, och skulle ha lagt förslaget över text det aldrig gällde. Den sparades inte; sidan läses in på nytt från servern.';

/**
 * The verdict on a frame from any other socket: what bodyGuard.ts says, and for a writer's
 * accepted frame that touches suggestions, that no suggestion mark runs on (writerProblem).
 */
export function checkWriterUpdate(doc: Y.Doc, update: Uint8Array, principal: Pick<SyncPrincipal, 'userId' | 'access'>): Verdict {
  expectResolutions(doc, principal.userId, []);
  const verdict = checkBodyUpdate(doc, update, principal.access);
  if (!verdict.accepted || !verdict.changesDocument) return verdict;
  let problem: boolean;
  try {
    problem = writerProblem(doc, update, walkUpdate(doc, update), principal.userId);
  } catch (error) {
    dropShadow(doc);
    throw error;
  }
  if (!problem) return verdict;
  dropShadow(doc);
  return { accepted: false, code: 'suggestion_refused', message: SUGGESTION_RACE_MESSAGE, closeConnection: true };
}
