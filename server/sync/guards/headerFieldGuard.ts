/**
 * The header-field part of the structure guard: an update may touch the title and the header
 * fields only in the shapes of shared/doc/headerFields.ts, judged before it is applied.
 *
 * A client may type inside a field's Y.Text (plain characters only, within the length limit), add
 * a whole person (a Y.Map of Y.Texts) to a persons list, remove a whole person, and create a slot
 * that is missing in the right shape. It may not replace or delete a field, the title or a
 * person's part, put anything but text in a text, or anything but a person in a list: those are
 * what an old client writing plain values, or a hostile one, would send (`datum = {name: 5}`,
 * a `null` among the undertecknare), and one such value used to break export for everyone.
 */
import * as Y from 'yjs';
import { findDocumentType, type DocumentType } from '../../../shared/model';
import { hasForbiddenCharacters } from '../../../shared/model/text';
import {
  FIELDS,
  MAX_FIELD_TEXT_LENGTH,
  MAX_PERSONS,
  MAX_TITLE_LENGTH,
  META,
  TITLE,
  isPersonPart,
  type FieldShape,
} from '../../../shared/doc/headerFields';
import { isId, type IdLike, type UpdateIndex } from './updateIndex';

// Yjs' types are invariant in their event type; any type, whatever its events, is meant here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyType = Y.AbstractType<any>;

/**
 * What a position in the document holds, as far as this guard cares. `char` is a character of a
 * text; `outside` is anything not under meta.title or meta.fields (the body, other meta keys:
 * other guards judge those); `invalid` is a position no client may write at all.
 */
type Expected = FieldShape | 'meta' | 'fields' | 'char' | 'outside' | 'invalid';

/** A parent: a type already in the document, a type this update creates, or a root by name. */
type Parent = { type: AnyType } | { item: Y.Item } | { root: string };

interface Slot {
  parent: Parent;
  /** The map key, or null for a position in a sequence (a character, a person in a list). */
  key: string | null;
}

/** Where a judged parent belongs: what it is expected to be, and which field it is part of. */
interface Place {
  expected: Expected;
  /** The field key (or `title`) the position belongs to, for the message. */
  field: string | null;
}

export interface HeaderFieldRefusal {
  message: string;
}

const OUTSIDE: Place = { expected: 'outside', field: null };
const MAX_DEPTH = 500;

class HeaderFieldJudge {
  private readonly meta: Y.Map<unknown>;
  private readonly type: DocumentType | undefined;
  private readonly slots = new Map<Y.Item, Slot | null>();
  private readonly places = new Map<AnyType | Y.Item, Place>();
  /** Net characters added per text (existing Y.Text, or the item of a new one). */
  private readonly textGrowth = new Map<AnyType | Y.Item, { field: string | null; added: number }>();
  /** Net persons added per list. */
  private readonly listGrowth = new Map<AnyType | Y.Item, { field: string | null; added: number }>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly index: UpdateIndex,
  ) {
    this.meta = doc.getMap(META);
    this.type = findDocumentType(String(this.meta.get('type')));
  }

  judge(): HeaderFieldRefusal | null {
    const newlyDeleted = new Set(this.index.newlyDeleted());
    for (const item of this.index.items) {
      if (!this.index.isNew(item)) continue;
      const refusal = this.judgeInsert(item);
      if (refusal) return refusal;
    }
    for (const item of newlyDeleted) {
      const refusal = this.judgeDelete(item, newlyDeleted);
      if (refusal) return refusal;
    }
    return this.judgeLimits();
  }

  private judgeInsert(item: Y.Item): HeaderFieldRefusal | null {
    const slot = this.slotOfIncoming(item, 0);
    if (slot === 'tooDeep') return this.refuse(null);
    if (slot === null) return null; // pending: Yjs cannot place it, the room drops it
    const parent = this.placeOfParent(slot.parent, 0);
    const expected = this.expectedAt(parent, slot.key);
    if (expected.expected === 'outside') return null;
    const content = item.content;
    const newLength = Math.min(item.length, item.id.clock + item.length - Y.getState(this.doc.store, item.id.client));
    if (expected.expected === 'char') {
      if (content instanceof Y.ContentDeleted) return null;
      if (!(content instanceof Y.ContentString)) return this.refuse(expected.field);
      if (hasForbiddenCharacters(content.str)) return this.refuse(expected.field, 'characters');
      this.grow(this.textGrowth, this.parentKey(slot.parent), expected.field, newLength);
      return null;
    }
    if (expected.expected === 'invalid' || expected.expected === 'meta' || expected.expected === 'fields') return this.refuse(expected.field);
    // A slot for a text, a person or a list: only a new value of exactly that type, and in a map
    // only where there is none yet (replacing one would drop what others are typing in it).
    if (slot.key === null && content instanceof Y.ContentDeleted) return null;
    if (!(content instanceof Y.ContentType) || !this.typeFits(content.type, expected.expected)) return this.refuse(expected.field);
    if (slot.key !== null && 'type' in slot.parent && this.slotTaken(slot.parent.type, slot.key)) return this.refuse(expected.field);
    if (slot.key === null) this.grow(this.listGrowth, this.parentKey(slot.parent), expected.field, 1);
    return null;
  }

  private judgeDelete(item: Y.Item, newlyDeleted: Set<Y.Item>): HeaderFieldRefusal | null {
    const parentType = item.parent as AnyType;
    const expected = this.expectedAt(this.placeOfParent({ type: parentType }, 0), item.parentSub);
    if (expected.expected === 'outside') return null;
    if (expected.expected === 'char') {
      if (item.content instanceof Y.ContentString) this.grow(this.textGrowth, parentType, expected.field, -this.deletedLength(item));
      return null;
    }
    if (expected.expected === 'person' && item.parentSub === null) {
      this.grow(this.listGrowth, parentType, expected.field, -1);
      return null;
    }
    // A part of a person goes with the person it belongs to, and only then.
    for (let type: AnyType | null = parentType; type?._item; type = type._item.parent as AnyType) {
      const owner = type._item;
      if (owner.parentSub === null && this.placeOfParent({ type: owner.parent as AnyType }, 0).expected === 'persons') {
        if (owner.deleted || newlyDeleted.has(owner)) return null;
      }
    }
    return this.refuse(expected.field);
  }

  /** How much of an item the update's delete set covers (a range may cover part of an item). */
  private deletedLength(item: Y.Item): number {
    let length = 0;
    for (const range of this.index.deleteSet.clients.get(item.id.client) ?? []) {
      const from = Math.max(range.clock, item.id.clock);
      const to = Math.min(range.clock + range.len, item.id.clock + item.length);
      if (to > from) length += to - from;
    }
    return length;
  }

  private judgeLimits(): HeaderFieldRefusal | null {
    for (const [text, growth] of this.textGrowth) {
      if (growth.added <= 0) continue;
      const current = text instanceof Y.AbstractType ? (text as Y.Text).length : 0;
      const limit = growth.field === TITLE ? MAX_TITLE_LENGTH : MAX_FIELD_TEXT_LENGTH;
      if (current + growth.added > limit) return { message: `${this.label(growth.field)} får vara högst ${limit} tecken. Ändringen sparades inte.` };
    }
    for (const [list, growth] of this.listGrowth) {
      if (growth.added <= 0) continue;
      const current = list instanceof Y.AbstractType ? (list as Y.Array<unknown>).length : 0;
      if (current + growth.added > MAX_PERSONS) return { message: `${this.label(growth.field)} får ha högst ${MAX_PERSONS} personer. Ändringen sparades inte.` };
    }
    return null;
  }

  private grow(growth: Map<AnyType | Y.Item, { field: string | null; added: number }>, key: AnyType | Y.Item, field: string | null, by: number): void {
    const entry = growth.get(key) ?? { field, added: 0 };
    entry.added += by;
    growth.set(key, entry);
  }

  private parentKey(parent: Parent): AnyType | Y.Item {
    if ('type' in parent) return parent.type;
    if ('item' in parent) return parent.item;
    return this.meta;
  }

  /** True when a map already holds a live value under `key`. */
  private slotTaken(map: AnyType, key: string): boolean {
    const current = map._map.get(key);
    return current !== undefined && !current.deleted;
  }

  private typeFits(type: AnyType, expected: Expected): boolean {
    if (expected === 'text') return type.constructor === Y.Text;
    if (expected === 'person') return type.constructor === Y.Map;
    if (expected === 'persons') return type.constructor === Y.Array;
    return false;
  }

  /** What a child at `key` of a parent placed at `parent` must be. */
  private expectedAt(parent: Place, key: string | null): Place {
    switch (parent.expected) {
      case 'outside':
        return OUTSIDE;
      case 'meta':
        if (key === TITLE) return { expected: 'text', field: TITLE };
        if (key === FIELDS) return { expected: 'fields', field: null };
        return OUTSIDE;
      case 'fields': {
        const spec = key === null ? undefined : this.type?.fields.find((field) => field.key === key);
        if (!spec) return { expected: 'invalid', field: key };
        return { expected: spec.kind === 'person' || spec.kind === 'persons' ? spec.kind : 'text', field: spec.key };
      }
      case 'text':
        return { expected: key === null ? 'char' : 'invalid', field: parent.field };
      case 'person':
        return { expected: key !== null && isPersonPart(key) ? 'text' : 'invalid', field: parent.field };
      case 'persons':
        return { expected: key === null ? 'person' : 'invalid', field: parent.field };
      default:
        return { expected: 'invalid', field: parent.field };
    }
  }

  /** Where a parent sits, checking that it is the type its position requires. */
  private placeOfParent(parent: Parent, depth: number): Place {
    if ('root' in parent) return parent.root === META ? { expected: 'meta', field: null } : OUTSIDE;
    const memoKey = 'type' in parent ? parent.type : parent.item;
    const known = this.places.get(memoKey);
    if (known) return known;
    let place: Place;
    if (depth > MAX_DEPTH) place = { expected: 'invalid', field: null };
    else if ('type' in parent) place = this.placeOfIntegratedType(parent.type, depth);
    else place = this.placeOfNewType(parent.item, depth);
    this.places.set(memoKey, place);
    return place;
  }

  private placeOfIntegratedType(type: AnyType, depth: number): Place {
    const owner = type._item;
    if (!owner) return type === this.meta ? { expected: 'meta', field: null } : OUTSIDE;
    const container = this.placeOfParent({ type: owner.parent as AnyType }, depth + 1);
    const place = this.expectedAt(container, owner.parentSub);
    return this.checked(place, type);
  }

  private placeOfNewType(item: Y.Item, depth: number): Place {
    const slot = this.slotOfIncoming(item, depth + 1);
    if (slot === null) return OUTSIDE;
    if (slot === 'tooDeep') return { expected: 'invalid', field: null };
    const place = this.expectedAt(this.placeOfParent(slot.parent, depth + 1), slot.key);
    return item.content instanceof Y.ContentType ? this.checked(place, item.content.type as AnyType) : { expected: 'invalid', field: place.field };
  }

  /** A type in a header position that is not of the position's shape accepts no children. */
  private checked(place: Place, type: AnyType): Place {
    if (place.expected === 'text' || place.expected === 'person' || place.expected === 'persons') {
      return this.typeFits(type, place.expected) ? place : { expected: 'invalid', field: place.field };
    }
    if (place.expected === 'fields') return type instanceof Y.Map ? place : { expected: 'invalid', field: null };
    return place;
  }

  /** The parent and key of an item of this update; null while Yjs could not place it either. */
  private slotOfIncoming(item: Y.Item, depth: number): Slot | null | 'tooDeep' {
    if (this.slots.has(item)) return this.slots.get(item)!;
    if (depth > MAX_DEPTH) return 'tooDeep';
    let slot: Slot | null | 'tooDeep';
    const parent = item.parent as unknown;
    if (typeof parent === 'string') slot = { parent: parent === META ? { type: this.meta } : { root: parent }, key: item.parentSub };
    else if (isId(parent)) slot = this.slotUnder(parent, item.parentSub);
    else {
      const neighbour = item.origin ?? item.rightOrigin;
      slot = neighbour ? this.slotOfNeighbour(neighbour, depth) : null;
    }
    if (slot !== 'tooDeep') this.slots.set(item, slot);
    return slot;
  }

  private slotUnder(typeId: IdLike, key: string | null): Slot | null {
    const integrated = this.index.findIntegrated(typeId);
    if (integrated) return integrated.content instanceof Y.ContentType ? { parent: { type: integrated.content.type as AnyType }, key } : null;
    const incoming = this.index.findIncoming(typeId);
    return incoming ? { parent: { item: incoming }, key } : null;
  }

  /** An item with an origin has its neighbour's parent and key. */
  private slotOfNeighbour(id: IdLike, depth: number): Slot | null | 'tooDeep' {
    const integrated = this.index.findIntegrated(id);
    if (integrated) return { parent: { type: integrated.parent as AnyType }, key: integrated.parentSub };
    const incoming = this.index.findIncoming(id);
    return incoming ? this.slotOfIncoming(incoming, depth + 1) : null;
  }

  private label(field: string | null): string {
    if (field === TITLE) return 'Titeln';
    return this.type?.fields.find((spec) => spec.key === field)?.label ?? 'Rubrikfältet';
  }

  private refuse(field: string | null, why: 'shape' | 'characters' = 'shape'): HeaderFieldRefusal {
    const label = this.label(field);
    if (why === 'characters') return { message: `${label} innehåller tecken som inte kan sparas (styrtecken). Ändringen sparades inte.` };
    return {
      message: `${label}: ändringen har inte fältets form (den kan komma från en äldre version av Yttra) och sparades inte. Sidan läses in på nytt från servern.`,
    };
  }
}

/**
 * Judges what an update (already indexed, merged with the document's pending structs) does to the
 * title and the header fields; null when that is acceptable.
 */
export function checkHeaderFields(doc: Y.Doc, index: UpdateIndex): HeaderFieldRefusal | null {
  return new HeaderFieldJudge(doc, index).judge();
}
