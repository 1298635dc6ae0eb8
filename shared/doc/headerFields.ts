/**
 * How the title and the header fields live in the Y.Doc, so that people typing in the same field
 * at once merge character by character instead of overwriting each other:
 *
 *   meta.title                      Y.Text
 *   meta.fields.<key>               by the field's kind (shared/model/fields.ts):
 *     text, date, diarienummer, organ   Y.Text
 *     person                            Y.Map { name, title, email, party: Y.Text }
 *     persons                           Y.Array of such Y.Maps
 *
 * The server creates this skeleton (with the document, or by migrating an older document when its
 * room loads); clients only type inside the texts and add or remove whole persons. The structure
 * guard (server/sync/guards/headerFieldGuard.ts) enforces exactly that, from the shapes below.
 *
 * Reading is defensive: whatever a stored document holds, `readFieldValue` returns a value of the
 * field's plain shape and never throws, so export, completeness, listing and comparison keep
 * working on any document.
 */
import * as Y from 'yjs';
import { formatPerson, type FieldKind, type FieldSpec, type FieldValue, type Person } from '../model/fields';
import { documentTypeOfMeta } from '../model/templateRegistry';
import { changeBetween } from './textChange';

// Yjs' types are invariant in their event type; any type, whatever its events, is meant here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyType = Y.AbstractType<any>;

export const META = 'meta';
export const FIELDS = 'fields';
export const TITLE = 'title';

/** The parts of a person, each its own Y.Text. */
export const PERSON_PARTS = ['name', 'title', 'email', 'party'] as const;
export type PersonPart = (typeof PERSON_PARTS)[number];

/** The longest title, in characters (the same as at create). */
export const MAX_TITLE_LENGTH = 500;
/** The longest value of one text field or person part. */
export const MAX_FIELD_TEXT_LENGTH = 2000;
/** The most persons one field may list. */
export const MAX_PERSONS = 100;

/** What a slot in the header holds: a text, a person map or a list of person maps. */
export type FieldShape = 'text' | 'person' | 'persons';

export function shapeOfKind(kind: FieldKind): FieldShape {
  if (kind === 'person' || kind === 'persons') return kind;
  return 'text';
}

export function isPersonPart(key: string): key is PersonPart {
  return (PERSON_PARTS as readonly string[]).includes(key);
}

/**
 * True when `value` is exactly the Y type a slot of this shape holds. Y.XmlText is a Y.Text
 * subclass and must not pass for one, hence the constructor comparison.
 */
export function hasShape(value: unknown, shape: FieldShape): boolean {
  if (shape === 'text') return isPlainYText(value);
  if (shape === 'person') return value instanceof Y.Map && value.constructor === Y.Map;
  return value instanceof Y.Array && value.constructor === Y.Array;
}

export function isPlainYText(value: unknown): value is Y.Text {
  return value instanceof Y.Text && value.constructor === Y.Text;
}

function metaOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(META);
}

/** The title's Y.Text, or null when the document has none yet (or an old plain one). */
export function titleText(doc: Y.Doc): Y.Text | null {
  const title = metaOf(doc).get(TITLE);
  return isPlainYText(title) ? title : null;
}

/** The header-field map, or null when the document has none. */
export function headerFieldMap(doc: Y.Doc): Y.Map<unknown> | null {
  const fields = metaOf(doc).get(FIELDS);
  return fields instanceof Y.Map ? (fields as Y.Map<unknown>) : null;
}

// ---------------------------------------------------------------------------------------------
// Reading: any stored value → the plain shape of its kind, never throwing.

/** Text as a reader sees it: a Y.Text's content, a string, a number; nothing else is text. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isPlainYText(value)) return value.toString();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** Anything that is not already text, written out so that nothing in it is lost. */
function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || isPlainYText(value)) return textOf(value);
  const persons = personsOf(value)
    .map(formatPerson)
    .filter((text) => text.trim() !== '');
  if (persons.length > 0) return persons.join(', ');
  try {
    const json = value instanceof Y.AbstractType ? (value.toJSON() as unknown) : value;
    return typeof json === 'string' ? json : (JSON.stringify(json) ?? '');
  } catch {
    return '';
  }
}

function partOf(source: unknown, key: PersonPart): string {
  if (source instanceof Y.Map) return textOf(source.get(key));
  if (typeof source === 'object' && source !== null) return textOf((source as Record<string, unknown>)[key]);
  return '';
}

/** One person from a person map or a plain object; null when it holds no person at all. */
function personOf(value: unknown): Person | null {
  if (typeof value === 'string' || isPlainYText(value)) {
    const name = textOf(value);
    return name.trim() ? { name } : null;
  }
  if (!(value instanceof Y.Map) && (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Y.AbstractType))
    return null;
  const person: Person = { name: partOf(value, 'name') };
  for (const key of ['title', 'email', 'party'] as const) {
    const part = partOf(value, key);
    if (part !== '') person[key] = part;
  }
  return person;
}

/** Every person in a list (Y.Array or array), a lone person, or a name; entries that hold no person are skipped. */
function personsOf(value: unknown): Person[] {
  const entries = value instanceof Y.Array ? value.toArray() : Array.isArray(value) ? value : [value];
  return entries.map(personOf).filter((person): person is Person => person !== null);
}

/** The plain value of one field, whatever the document holds in its slot. */
export function readFieldValue(kind: FieldKind, raw: unknown): FieldValue {
  const shape = shapeOfKind(kind);
  if (shape === 'text') return asText(raw);
  if (shape === 'persons') return personsOf(raw);
  if (Array.isArray(raw) || raw instanceof Y.Array) {
    const persons = personsOf(raw);
    if (persons.length <= 1) return persons[0] ?? { name: '' };
    return { name: persons.map(formatPerson).join(', ') };
  }
  return personOf(raw) ?? { name: '' };
}

/** The title as text, whether it is a Y.Text or an old plain value. */
export function readTitle(doc: Y.Doc): string {
  return asText(metaOf(doc).get(TITLE));
}

/** Every header field as its plain value. Fields the template does not know are read as text. */
export function readFields(doc: Y.Doc): Record<string, FieldValue> {
  const map = headerFieldMap(doc);
  if (!map) return {};
  const type = documentTypeOfMeta(metaOf(doc));
  const kinds = new Map<string, FieldKind>(type?.fields.map((spec) => [spec.key, spec.kind]) ?? []);
  const values: Record<string, FieldValue> = {};
  map.forEach((raw, key) => {
    const kind = kinds.get(key) ?? guessKind(raw);
    values[key] = readFieldValue(kind, raw);
  });
  return values;
}

function guessKind(raw: unknown): FieldKind {
  if (raw instanceof Y.Array || Array.isArray(raw)) return 'persons';
  if (raw instanceof Y.Map || (typeof raw === 'object' && raw !== null && !(raw instanceof Y.AbstractType))) return 'person';
  return 'text';
}

// ---------------------------------------------------------------------------------------------
// Writing: the server's writers (create, import, version restore, bilagor) and tests.

/** A person as its Y.Map, every part present so that two people can type in it at once. */
export function newPersonMap(person: Partial<Person> = {}): Y.Map<Y.Text> {
  return new Y.Map<Y.Text>(PERSON_PARTS.map((part) => [part, new Y.Text(textOf(person[part]))]));
}

/** The Y value a field of this kind starts with, holding `value` (read as that kind). */
export function newFieldValue(kind: FieldKind, value?: FieldValue): AnyType {
  const plain = value === undefined ? undefined : readFieldValue(kind, value);
  const shape = shapeOfKind(kind);
  if (shape === 'text') return new Y.Text(typeof plain === 'string' ? plain : '');
  if (shape === 'person') return newPersonMap((plain as Person | undefined) ?? {});
  return Y.Array.from(((plain as Person[] | undefined) ?? []).map((person) => newPersonMap(person)));
}

/**
 * Makes `text` read `value` with the smallest change (common start and end kept), so a restore
 * or a server write leaves everyone's caret and the unchanged characters where they were.
 */
export function setText(text: Y.Text, value: string): void {
  const current = text.toString();
  if (current === value) return;
  const change = changeBetween(current, value);
  const doc = text.doc;
  const apply = () => {
    if (change.deleteCount > 0) text.delete(change.index, change.deleteCount);
    if (change.insert) text.insert(change.index, change.insert);
  };
  if (doc) doc.transact(apply);
  else apply();
}

function writePersonMap(map: Y.Map<unknown>, person: Person): void {
  for (const part of PERSON_PARTS) {
    const current = map.get(part);
    if (isPlainYText(current)) setText(current, textOf(person[part]));
    else map.set(part, new Y.Text(textOf(person[part])));
  }
}

/**
 * Sets one header field to `value`, inside the slot's existing Y types where it can (so the
 * change merges with anyone typing there), creating the slot when it is missing or misshapen.
 */
export function writeField(doc: Y.Doc, spec: Pick<FieldSpec, 'key' | 'kind'>, value: FieldValue): void {
  const map = headerFieldMap(doc);
  if (!map) throw new Error('The document has no header fields; it was not created from a template.');
  doc.transact(() => {
    const shape = shapeOfKind(spec.kind);
    const slot = map.get(spec.key);
    const plain = readFieldValue(spec.kind, value);
    if (!hasShape(slot, shape)) {
      map.set(spec.key, newFieldValue(spec.kind, plain));
      return;
    }
    if (shape === 'text') setText(slot as Y.Text, plain as string);
    else if (shape === 'person') writePersonMap(slot as Y.Map<unknown>, plain as Person);
    else writePersons(slot as Y.Array<unknown>, plain as Person[]);
  });
}

function writePersons(array: Y.Array<unknown>, persons: Person[]): void {
  const entries = array.toArray();
  const keep = Math.min(entries.length, persons.length);
  for (let index = 0; index < keep; index++) {
    const entry = entries[index];
    if (hasShape(entry, 'person')) writePersonMap(entry as Y.Map<unknown>, persons[index]!);
    else {
      array.delete(index, 1);
      array.insert(index, [newPersonMap(persons[index])]);
    }
  }
  if (entries.length > persons.length) array.delete(persons.length, entries.length - persons.length);
  if (persons.length > entries.length)
    array.insert(
      entries.length,
      persons.slice(entries.length).map((person) => newPersonMap(person)),
    );
}

/** Sets the title (a Y.Text), with the smallest change. */
export function writeTitle(doc: Y.Doc, value: string): void {
  const meta = metaOf(doc);
  const title = titleText(doc);
  if (title) setText(title, value);
  else meta.set(TITLE, new Y.Text(value));
}

// ---------------------------------------------------------------------------------------------
// Migration of documents stored before the title and fields were Y types.

export interface HeaderMigration {
  /** True when the document was changed. */
  changed: boolean;
  /** Fields (and `title`) whose stored value did not have the plain shape of their kind and were kept as text. */
  keptAsText: string[];
}

/** True when a stored plain value already has the plain shape of its kind (nothing to report). */
function isPlainShape(kind: FieldKind, raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  const shape = shapeOfKind(kind);
  if (shape === 'text') return typeof raw === 'string';
  const isPlainPerson = (value: unknown) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Y.AbstractType) &&
    Object.entries(value).every(([key, part]) => isPersonPart(key) && (part === undefined || typeof part === 'string'));
  if (shape === 'person') return isPlainPerson(raw);
  return Array.isArray(raw) && raw.every(isPlainPerson);
}

/** True when a person map needs no repair: every part a Y.Text, nothing else in it. */
function isSoundPersonMap(value: unknown): boolean {
  if (!hasShape(value, 'person')) return false;
  const map = value as Y.Map<unknown>;
  return PERSON_PARTS.every((part) => isPlainYText(map.get(part))) && [...map.keys()].every(isPersonPart);
}

function isSoundSlot(kind: FieldKind, raw: unknown): boolean {
  const shape = shapeOfKind(kind);
  if (!hasShape(raw, shape)) return false;
  if (shape === 'person') return isSoundPersonMap(raw);
  if (shape === 'persons') return (raw as Y.Array<unknown>).toArray().every(isSoundPersonMap);
  return true;
}

/**
 * Brings an older document's title and header fields into the layout above: plain values become
 * Y types holding the same text. Run by the server once when a room loads, before any client
 * syncs, as one change stored like any other; a second run changes nothing. A value that does not
 * fit its field's kind (a number, an object where text belongs) is kept as text and reported.
 */
export function migrateHeaderFields(doc: Y.Doc): HeaderMigration {
  const meta = metaOf(doc);
  const result: HeaderMigration = { changed: false, keptAsText: [] };
  const type = documentTypeOfMeta(meta);
  if (!type) return result;
  doc.transact(() => {
    const title = meta.get(TITLE);
    if (!isPlainYText(title)) {
      if (title !== undefined && typeof title !== 'string') result.keptAsText.push(TITLE);
      meta.set(TITLE, new Y.Text(asText(title)));
      result.changed = true;
    }
    let fields = headerFieldMap(doc);
    if (!fields) {
      if (meta.get(FIELDS) !== undefined) result.keptAsText.push(FIELDS);
      fields = new Y.Map<unknown>();
      meta.set(FIELDS, fields);
      result.changed = true;
    }
    for (const spec of type.fields) {
      const raw = fields.get(spec.key);
      if (isSoundSlot(spec.kind, raw)) continue;
      if (!(raw instanceof Y.AbstractType) && !isPlainShape(spec.kind, raw)) result.keptAsText.push(spec.key);
      fields.set(spec.key, newFieldValue(spec.kind, readFieldValue(spec.kind, raw)));
      result.changed = true;
    }
  });
  return result;
}
