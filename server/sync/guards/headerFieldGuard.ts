/**
 * The header-field part of the structure guard: an update may touch the title and the header
 * fields only in the shapes of shared/doc/headerFields.ts, judged before it is applied, from the
 * same walk over the update every guard reads (updateWalk.ts).
 *
 * A client may type inside a field's Y.Text (plain characters only, within the length limit), add
 * a whole person (a Y.Map of Y.Texts) to a persons list, remove a whole person, and create a slot
 * that is missing in the right shape. It may not replace or delete a field, the title or a
 * person's part, put anything but text in a text, or anything but a person in a list: those are
 * what an old client writing plain values, or a hostile one, would send (`datum = {name: 5}`,
 * a `null` among the undertecknare), and one such value used to break export for everyone. The
 * schema check (schemaCheck.ts) refuses wrong types too; the rules here are about what may be
 * replaced or removed, and how much.
 */
import * as Y from 'yjs';
import { documentTypeOfMeta, type DocumentType } from '../../../shared/model';
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
import type { Placed, SharedKind, SharedTypeRef, UpdateWalk } from './updateWalk';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a type of any Yjs event
type AnyType = Y.AbstractType<any>;

/**
 * What a position in the document holds, as far as this guard cares. `char` is a character of a
 * text; `outside` is anything not under meta.title or meta.fields (the body, other meta keys:
 * other guards judge those); `invalid` is a position no client may write at all.
 */
type Expected = FieldShape | 'meta' | 'fields' | 'char' | 'outside' | 'invalid';

interface Place {
  expected: Expected;
  /** The field key (or `title`) the position belongs to, for the message. */
  field: string | null;
}

export interface HeaderFieldRefusal {
  message: string;
}

const OUTSIDE: Place = { expected: 'outside', field: null };

/** The kind of shared type each shape is (a Y.XmlText is not a text here). */
const KIND_OF: Partial<Record<Expected, SharedKind>> = { text: 'text', person: 'map', persons: 'array', fields: 'map' };

interface Growth {
  field: string | null;
  added: number;
}

class HeaderFieldJudge {
  private readonly type: DocumentType | undefined;
  private readonly places = new Map<SharedTypeRef, Place>();
  /** Net characters added per text, and net persons per list. */
  private readonly textGrowth = new Map<SharedTypeRef, Growth>();
  private readonly listGrowth = new Map<SharedTypeRef, Growth>();

  constructor(
    doc: Y.Doc,
    private readonly walk: UpdateWalk,
  ) {
    this.type = documentTypeOfMeta(doc.getMap(META));
  }

  judge(): HeaderFieldRefusal | null {
    for (const placed of this.walk.inserted) {
      const refusal = this.judgeInsert(placed);
      if (refusal) return refusal;
    }
    const deleted = new Set(this.walk.deleted.map((placed) => placed.item));
    for (const placed of this.walk.deleted) {
      const refusal = this.judgeDelete(placed, deleted);
      if (refusal) return refusal;
    }
    return this.judgeLimits();
  }

  private judgeInsert({ item, parent, key }: Placed): HeaderFieldRefusal | null {
    const expected = this.expectedAt(this.placeOf(parent), key);
    const content = item.content;
    switch (expected.expected) {
      case 'outside':
        return null;
      case 'char':
        if (content instanceof Y.ContentDeleted) return null;
        if (!(content instanceof Y.ContentString)) return this.refuse(expected.field);
        if (hasForbiddenCharacters(content.str)) return this.refuse(expected.field, 'characters');
        this.grow(this.textGrowth, parent, expected.field, item.length);
        return null;
      case 'text':
      case 'person':
      case 'persons': {
        // A slot for a text, a person or a list: only a new value of exactly that type, and in a
        // map only where there is none yet (replacing one would drop what others type in it).
        if (key === null && content instanceof Y.ContentDeleted) return null;
        if (!(content instanceof Y.ContentType) || !fits(content.type as AnyType, expected.expected)) return this.refuse(expected.field);
        if (key !== null && parent.type && isTaken(parent.type, key)) return this.refuse(expected.field);
        if (key === null) this.grow(this.listGrowth, parent, expected.field, 1);
        return null;
      }
      default:
        return this.refuse(expected.field);
    }
  }

  private judgeDelete({ item, parent, key }: Placed, deleted: Set<Y.Item>): HeaderFieldRefusal | null {
    const expected = this.expectedAt(this.placeOf(parent), key);
    if (expected.expected === 'outside') return null;
    if (expected.expected === 'char') {
      if (item.content instanceof Y.ContentString) this.grow(this.textGrowth, parent, expected.field, -this.deletedLength(item));
      return null;
    }
    if (expected.expected === 'person' && key === null) {
      this.grow(this.listGrowth, parent, expected.field, -1);
      return null;
    }
    // A part of a person goes with the person it belongs to, and only then.
    for (let ref: SharedTypeRef | null = parent; ref?.item && ref.parent; ref = ref.parent) {
      if (ref.key === null && this.placeOf(ref.parent).expected === 'persons' && (ref.item.deleted || deleted.has(ref.item))) return null;
    }
    return this.refuse(expected.field);
  }

  /** How much of an item the update's delete set covers (a range may cover part of an item). */
  private deletedLength(item: Y.Item): number {
    let length = 0;
    for (const range of this.walk.deleteSet.clients.get(item.id.client) ?? []) {
      const from = Math.max(range.clock, item.id.clock);
      const to = Math.min(range.clock + range.len, item.id.clock + item.length);
      if (to > from) length += to - from;
    }
    return length;
  }

  private judgeLimits(): HeaderFieldRefusal | null {
    for (const [text, growth] of this.textGrowth) {
      if (growth.added <= 0) continue;
      const current = text.type instanceof Y.Text ? text.type.length : 0;
      const limit = growth.field === TITLE ? MAX_TITLE_LENGTH : MAX_FIELD_TEXT_LENGTH;
      if (current + growth.added > limit)
        return { message: `${this.label(growth.field)} får vara högst ${limit} tecken. Ändringen sparades inte.` };
    }
    for (const [list, growth] of this.listGrowth) {
      if (growth.added <= 0) continue;
      const current = list.type instanceof Y.Array ? list.type.length : 0;
      if (current + growth.added > MAX_PERSONS)
        return { message: `${this.label(growth.field)} får ha högst ${MAX_PERSONS} personer. Ändringen sparades inte.` };
    }
    return null;
  }

  private grow(growth: Map<SharedTypeRef, Growth>, target: SharedTypeRef, field: string | null, by: number): void {
    const entry = growth.get(target) ?? { field, added: 0 };
    entry.added += by;
    growth.set(target, entry);
  }

  /** Where a shared type sits, checking that it is the kind of type its position requires. */
  private placeOf(ref: SharedTypeRef): Place {
    const known = this.places.get(ref);
    if (known) return known;
    let place: Place;
    if (!ref.parent) place = ref.root === META ? { expected: 'meta', field: null } : OUTSIDE;
    else {
      place = this.expectedAt(this.placeOf(ref.parent), ref.key);
      const kind = KIND_OF[place.expected];
      if (kind && ref.kind !== kind) place = { expected: 'invalid', field: place.field };
      else if (place.expected === 'char' || place.expected === 'meta') place = { expected: 'invalid', field: place.field };
    }
    this.places.set(ref, place);
    return place;
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

/** Exactly the Y type a shape holds: a Y.XmlText is a Y.Text subclass and must not pass for one. */
function fits(type: AnyType, shape: FieldShape): boolean {
  if (shape === 'text') return type.constructor === Y.Text;
  if (shape === 'person') return type.constructor === Y.Map;
  return type.constructor === Y.Array;
}

/** True when a map already holds a live value under `key`. */
function isTaken(map: AnyType, key: string): boolean {
  const current = map._map.get(key);
  return current !== undefined && !current.deleted;
}

/** Judges what an update does to the title and the header fields; null when that is acceptable. */
export function checkHeaderFields(doc: Y.Doc, walk: UpdateWalk): HeaderFieldRefusal | null {
  return new HeaderFieldJudge(doc, walk).judge();
}
