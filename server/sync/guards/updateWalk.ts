/**
 * Where every item of an incoming Yjs update would land, found without applying it: the one walk
 * over an update's placements that every guard reads (the body's structure and schema, the review
 * doc's rules).
 *
 * Yjs cannot take an integrated change back, so guards must decide before the update touches the
 * room's Y.Doc. An update is a list of new items plus a delete set. A new item names its parent
 * (a root by name, or the item that created the parent type) or inherits parent and key from its
 * left/right origin, which is in the document or earlier in the same update. Each parent becomes
 * a `SharedTypeRef`, memoised, so the walk is linear in the size of the update (plus a lookup in
 * the document per reference); nothing of the document is encoded. Items whose origins are in
 * neither place cannot integrate yet (Yjs keeps them pending) and are left out; the caller merges
 * the document's pending structs into the update first (withPending), so a change cannot slip in
 * split over two frames.
 */
import * as Y from 'yjs';
import { UpdateIndex, isId, withPending, type IdLike } from './updateIndex';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a type of any Yjs event
type AnyType = Y.AbstractType<any>;

export type SharedKind = 'root' | 'map' | 'array' | 'text' | 'xmlFragment' | 'xmlElement' | 'xmlText' | 'xmlHook' | 'other';

/** A shared type an item sits in: already in the document, or created by the update itself. */
export interface SharedTypeRef {
  /** The name of the root this type hangs under. */
  readonly root: string;
  /** The type holding this one; null for a root. */
  readonly parent: SharedTypeRef | null;
  /** The key this type sits under in its parent map; null in a sequence (and for a root). */
  readonly key: string | null;
  /** The item that holds this type in its parent; null for a root. */
  readonly item: Y.Item | null;
  /** Created by the update being judged. */
  readonly isNew: boolean;
  readonly kind: SharedKind;
  readonly nodeName: string | null;
  /** The document's own type, when it is already in the document (a root may not exist yet). */
  readonly type: AnyType | null;
}

/** An item and the place it takes (or, for a deletion, holds). */
export interface Placed {
  item: Y.Item;
  parent: SharedTypeRef;
  /** The map key (or XML attribute name) of the item; null for an element of a sequence. */
  key: string | null;
}

export interface UpdateWalk {
  /** New items that would integrate now, with their place. */
  inserted: Placed[];
  /** Items of the document, not yet deleted, that the update would delete. */
  deleted: Placed[];
  /** New items Yjs would integrate as garbage (their parent or neighbour is gone here). */
  discarded: Y.Item[];
  /**
   * Items that would integrate but whose place cannot be established: a parent that is not a
   * type, or a chain of forward references deeper than any editor produces. Refused, never
   * waved through.
   */
  unplaceable: Y.Item[];
  /** The update's own delete set (to see which new items it deletes at once). */
  deleteSet: UpdateIndex['deleteSet'];
}

const MAX_CHAIN = 500;

export function kindOfType(type: unknown): SharedKind {
  // Subclasses before their bases: XmlText is a Text, XmlElement a Fragment, XmlHook a Map.
  if (type instanceof Y.XmlText) return 'xmlText';
  if (type instanceof Y.Text) return 'text';
  if (type instanceof Y.XmlElement) return 'xmlElement';
  if (type instanceof Y.XmlFragment) return 'xmlFragment';
  if (type instanceof Y.XmlHook) return 'xmlHook';
  if (type instanceof Y.Map) return 'map';
  if (type instanceof Y.Array) return 'array';
  return 'other';
}

/**
 * `discarded`: the item hangs off content that is gone here (a type or neighbour deleted and
 * garbage-collected concurrently); Yjs integrates it as GC, so it carries nothing to check, but it
 * does advance the client's clock and must be applied like any change.
 */
type Place = { parent: SharedTypeRef; key: string | null } | 'pending' | 'discarded' | 'unplaceable';
type RefOrNot = SharedTypeRef | 'pending' | 'discarded' | 'unplaceable';

class Walker {
  private readonly roots = new Map<string, SharedTypeRef>();
  private readonly integratedRefs = new Map<AnyType, SharedTypeRef>();
  private readonly incomingRefs = new Map<Y.Item, RefOrNot>();
  private readonly places = new Map<Y.Item, Place>();
  private readonly index: UpdateIndex;

  constructor(
    private readonly doc: Y.Doc,
    update: Uint8Array,
  ) {
    this.index = new UpdateIndex(doc, update);
  }

  walk(): UpdateWalk {
    const result: UpdateWalk = { inserted: [], deleted: [], discarded: [], unplaceable: [], deleteSet: this.index.deleteSet };
    for (const item of this.index.items) {
      if (!this.index.isNew(item)) continue;
      const place = this.placeIncoming(item, 0);
      if (place === 'pending') continue;
      if (place === 'discarded') result.discarded.push(item);
      else if (place === 'unplaceable') result.unplaceable.push(item);
      else result.inserted.push({ item, parent: place.parent, key: place.key });
    }
    for (const item of this.index.newlyDeleted()) {
      result.deleted.push({ item, parent: this.refOfType(item.parent as AnyType), key: item.parentSub });
    }
    return result;
  }

  private root(name: string): SharedTypeRef {
    const known = this.roots.get(name);
    if (known) return known;
    const ref: SharedTypeRef = {
      root: name,
      parent: null,
      key: null,
      item: null,
      isNew: false,
      kind: 'root',
      nodeName: null,
      type: this.doc.share.get(name) ?? null,
    };
    this.roots.set(name, ref);
    return ref;
  }

  /** The ref of a type that is part of the document. Its ancestors are too, so this ends. */
  private refOfType(type: AnyType): SharedTypeRef {
    const known = this.integratedRefs.get(type);
    if (known) return known;
    const item = type._item;
    let ref: SharedTypeRef;
    if (!item) {
      ref = this.root(Y.findRootTypeKey(type));
    } else {
      const parent = this.refOfType(item.parent as AnyType);
      ref = {
        root: parent.root,
        parent,
        key: item.parentSub,
        item,
        isNew: false,
        kind: kindOfType(type),
        nodeName: type instanceof Y.XmlElement ? type.nodeName : null,
        type,
      };
    }
    this.integratedRefs.set(type, ref);
    return ref;
  }

  /** The type created by the item with this id, in the document or in the update. */
  private refById(id: IdLike, depth: number): RefOrNot {
    const integrated = this.index.findIntegrated(id);
    if (integrated) {
      if (integrated.content instanceof Y.ContentType) return this.refOfType(integrated.content.type as AnyType);
      return integrated.content instanceof Y.ContentDeleted ? 'discarded' : 'unplaceable';
    }
    if (this.isGarbageCollected(id)) return 'discarded';
    const incoming = this.index.findIncoming(id);
    return incoming ? this.refOfIncoming(incoming, depth + 1) : 'pending';
  }

  private refOfIncoming(item: Y.Item, depth: number): RefOrNot {
    const known = this.incomingRefs.get(item);
    if (known) return known;
    let ref: RefOrNot;
    const place = this.placeIncoming(item, depth);
    if (typeof place === 'string') ref = place;
    else if (!(item.content instanceof Y.ContentType)) ref = 'unplaceable';
    else {
      const type = item.content.type;
      ref = {
        root: place.parent.root,
        parent: place.parent,
        key: place.key,
        item,
        isNew: true,
        kind: kindOfType(type),
        nodeName: type instanceof Y.XmlElement ? type.nodeName : null,
        type: null,
      };
    }
    this.incomingRefs.set(item, ref);
    return ref;
  }

  /** In the document's clock range but no item any more: collected garbage (a GC struct). */
  private isGarbageCollected(id: IdLike): boolean {
    return id.clock < Y.getState(this.doc.store, id.client);
  }

  private placeIncoming(item: Y.Item, depth: number): Place {
    const known = this.places.get(item);
    if (known) return known;
    // Items are visited in update order, so most origins are memoised already; only forward
    // references recurse, and a chain deeper than this is refused.
    if (depth > MAX_CHAIN) return 'unplaceable';
    let place: Place;
    const parent = item.parent as unknown;
    if (typeof parent === 'string') {
      place = { parent: this.root(parent), key: item.parentSub };
    } else if (isId(parent)) {
      const ref = this.refById(parent, depth);
      place = typeof ref === 'string' ? ref : { parent: ref, key: item.parentSub };
    } else {
      // An item with an origin sits where its neighbour sits: same parent, same key.
      const neighbour = item.origin ?? item.rightOrigin;
      place = neighbour ? this.placeOfNeighbour(neighbour, depth) : 'pending';
    }
    this.places.set(item, place);
    return place;
  }

  private placeOfNeighbour(id: IdLike, depth: number): Place {
    const integrated = this.index.findIntegrated(id);
    if (integrated) return { parent: this.refOfType(integrated.parent as AnyType), key: integrated.parentSub };
    if (this.isGarbageCollected(id)) return 'discarded';
    const incoming = this.index.findIncoming(id);
    return incoming ? this.placeIncoming(incoming, depth + 1) : 'pending';
  }
}

/**
 * Walks `update` merged with whatever the document holds as pending (updates whose dependencies
 * have not arrived), so a change cannot slip in split across two frames.
 */
export function walkUpdate(doc: Y.Doc, update: Uint8Array): UpdateWalk {
  return new Walker(doc, withPending(doc, update)).walk();
}

/** Per client, the update's deleted ranges sorted and merged (a hostile one need be neither). */
const mergedRanges = new WeakMap<UpdateWalk, Map<number, Array<[number, number]>>>();

function rangesOf(walk: UpdateWalk, client: number): Array<[number, number]> {
  let byClient = mergedRanges.get(walk);
  if (!byClient) {
    byClient = new Map();
    mergedRanges.set(walk, byClient);
  }
  let merged = byClient.get(client);
  if (!merged) {
    merged = [];
    const sorted = [...(walk.deleteSet.clients.get(client) ?? [])].sort((a, b) => a.clock - b.clock);
    for (const { clock, len } of sorted) {
      const last = merged[merged.length - 1];
      if (last && clock <= last[1]) last[1] = Math.max(last[1], clock + len);
      else merged.push([clock, clock + len]);
    }
    byClient.set(client, merged);
  }
  return merged;
}

/** True when the update's own delete set deletes (all of) this new item. */
export function deletedByUpdate(walk: UpdateWalk, item: Y.Item): boolean {
  const ranges = rangesOf(walk, item.id.client);
  const start = item.id.clock;
  const end = start + item.length;
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [from, to] = ranges[middle]!;
    if (start < from) high = middle - 1;
    else if (start >= to) low = middle + 1;
    else return end <= to;
  }
  return false;
}
