/**
 * The shape a shared Yjs structure may have, as data: which keys a map holds and what each holds,
 * what an array's elements are, which XML elements, attributes and text formats a fragment
 * allows. The server checks every item of a client's update against its root's schema before the
 * update reaches the document (server/sync/guards/schemaCheck.ts); the client reads with the same
 * value checks, so a value the server would refuse is never trusted on either side.
 */
import { hasForbiddenCharacters } from '../model/text';

/** A check of a plain (JSON) value. */
export type ValueCheck = (value: unknown) => boolean;

/** A Y.Map: known keys, and optionally any other key that passes `otherKey`. */
export interface MapSchema {
  kind: 'map';
  keys: Record<string, ValueSchema>;
  otherKeys?: { key: (key: string) => boolean; value: ValueSchema };
}

/** A Y.Array whose elements each match `items`. */
export interface ArraySchema {
  kind: 'array';
  items: ValueSchema;
}

/** A Y.Text or Y.XmlText: strings, and formatting attributes that pass `format`; never embeds. */
export interface TextSchema {
  kind: 'text' | 'xmlText';
  format: (name: string, value: unknown) => boolean;
}

/** A Y.XmlFragment or Y.XmlElement: its attributes and the elements (by node name) it may hold. */
export interface XmlSchema {
  kind: 'xmlFragment' | 'xmlElement';
  attributes: Record<string, ValueCheck>;
  elements: Record<string, XmlSchema>;
  text: TextSchema | null;
}

export type TypeSchema = MapSchema | ArraySchema | TextSchema | XmlSchema;

/** What may sit under a map key or in an array: a plain value passing `value`, or a shared type. */
export type ValueSchema = { value: ValueCheck; type?: undefined } | { type: TypeSchema; value?: undefined };

/** The root types of one Y.Doc, by name; a root not named here may not be written. */
export type DocSchema = Record<string, TypeSchema>;

// ---------------------------------------------------------------- plain value checks

export const isBoolean: ValueCheck = (value) => typeof value === 'boolean';
export const isNull: ValueCheck = (value) => value === null;

/** A string of at most `maxLength` UTF-16 units holding no character a document may not hold. */
export function isText(maxLength: number): ValueCheck {
  return (value) => typeof value === 'string' && value.length <= maxLength && !hasForbiddenCharacters(value);
}

export function isInteger(min: number, max: number): ValueCheck {
  return (value) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export function nullable(check: ValueCheck): ValueCheck {
  return (value) => value === null || check(value);
}

export function oneOf(...values: readonly unknown[]): ValueCheck {
  return (value) => values.includes(value);
}

/** A plain object with exactly the keys named (each optional key may be absent). */
export function isRecord(keys: Record<string, ValueCheck>, optional: readonly string[] = []): ValueCheck {
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!(key in keys)) return false;
    return Object.entries(keys).every(([key, check]) => (key in record ? check(record[key]) : optional.includes(key)));
  };
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** An ISO 8601 UTC timestamp as `Date.toISOString` writes it. */
export const isTimestamp: ValueCheck = (value) =>
  typeof value === 'string' && ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));

/** An ISO timestamp within `toleranceMs` of `now` (the server's clock). */
export function isTimestampNear(now: number, toleranceMs: number): ValueCheck {
  return (value) => isTimestamp(value) && Math.abs(Date.parse(value as string) - now) <= toleranceMs;
}

const isYId = isRecord({ client: isInteger(0, Number.MAX_SAFE_INTEGER), clock: isInteger(0, Number.MAX_SAFE_INTEGER) });

/**
 * A relative position as JSON: a type (by id or root name) or an item, and an association, as
 * Y.relativePositionToJSON writes it (absent fields) or as JSON.stringify writes a
 * Y.RelativePosition itself (null fields: y-prosemirror's caret in awareness).
 */
export const isRelativePositionJson = isRecord(
  { type: nullable(isYId), tname: nullable(isText(100)), item: nullable(isYId), assoc: isInteger(-1, 1) },
  ['type', 'tname', 'item', 'assoc'],
);

/** Any JSON value of bounded size whose strings hold only allowed characters (for places whose shape is checked elsewhere). */
export function isJsonValue(maxBytes: number): ValueCheck {
  const cleanStrings = (value: unknown, depth: number): boolean => {
    if (typeof value === 'string') return !hasForbiddenCharacters(value);
    if (typeof value !== 'object' || value === null) return true;
    if (depth > 20) return false;
    const entries = Array.isArray(value) ? value : Object.entries(value).flat();
    return entries.every((entry) => cleanStrings(entry, depth + 1));
  };
  return (value) => {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      return false;
    }
    return json !== undefined && json.length <= maxBytes && cleanStrings(value, 0);
  };
}
