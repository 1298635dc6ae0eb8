import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initialiseDocument, readDocument } from '../../shared/doc/documentState';
import {
  headerFieldMap,
  hasShape,
  isPlainYText,
  migrateHeaderFields,
  readFieldValue,
  titleText,
  writeField,
  writeTitle,
} from '../../shared/doc/headerFields';
import { changeBetween } from '../../shared/doc/textChange';
import { oldLayoutDocument } from './headerFieldsOldLayout';

describe('the header-field layout', () => {
  it('creates the title and every text field as a Y.Text, a person as a map of Y.Texts, persons as a list of them', () => {
    const doc = new Y.Doc();
    initialiseDocument(doc, 'reservation', {
      title: 'Reservation',
      fields: { undertecknare: [{ name: 'Anna Adell', party: 'M' }], paragraf: '§ 195' },
    });
    expect(isPlainYText(titleText(doc))).toBe(true);
    const fields = headerFieldMap(doc)!;
    expect(isPlainYText(fields.get('paragraf'))).toBe(true);
    const persons = fields.get('undertecknare') as Y.Array<Y.Map<unknown>>;
    expect(hasShape(persons, 'persons')).toBe(true);
    expect([...persons.get(0).keys()].sort()).toEqual(['email', 'name', 'party', 'title']);
    expect(readDocument(doc)).toMatchObject({
      title: 'Reservation',
      fields: { paragraf: '§ 195', undertecknare: [{ name: 'Anna Adell', party: 'M' }] },
    });
  });

  it('writes a new value as the smallest change, keeping the characters that stay', () => {
    const doc = new Y.Doc();
    initialiseDocument(doc, 'tjansteskrivelse', { title: 'Samverkan med polisen', fields: { diarienummer: 'ASN-2023-13451' } });
    const title = titleText(doc)!;
    const before = Y.createRelativePositionFromTypeIndex(title, 'Samverkan '.length);
    writeTitle(doc, 'Samverkan med polisen i Malmö');
    writeField(doc, { key: 'diarienummer', kind: 'diarienummer' }, 'ASN-2024-13451');
    // The same Y.Text, and a position inside the kept part still points at the same character.
    expect(titleText(doc)).toBe(title);
    expect(Y.createAbsolutePositionFromRelativePosition(before, doc)?.index).toBe('Samverkan '.length);
    expect(readDocument(doc).title).toBe('Samverkan med polisen i Malmö');
    expect(readDocument(doc).fields.diarienummer).toBe('ASN-2024-13451');
  });

  it('never splits a surrogate pair when it finds the change', () => {
    expect(changeBetween('a😀b', 'a😃b')).toEqual({ index: 1, deleteCount: 2, insert: '😃' });
    expect(changeBetween('aa', 'aaa', 1)).toEqual({ index: 0, deleteCount: 0, insert: 'a' });
    expect(changeBetween('aa', 'aaa', 3)).toEqual({ index: 2, deleteCount: 0, insert: 'a' });
  });

  it('writes a list of persons into the maps already there, adding and removing at the end', () => {
    const doc = new Y.Doc();
    initialiseDocument(doc, 'reservation', {
      title: 'R',
      fields: { undertecknare: [{ name: 'Anna Adell', party: 'M' }, { name: 'Bo Berg' }] },
    });
    const first = (headerFieldMap(doc)!.get('undertecknare') as Y.Array<Y.Map<unknown>>).get(0);
    writeField(doc, { key: 'undertecknare', kind: 'persons' }, [{ name: 'Anna Adell', party: 'M', title: 'Ledamot' }]);
    const persons = headerFieldMap(doc)!.get('undertecknare') as Y.Array<Y.Map<unknown>>;
    expect(persons.get(0)).toBe(first);
    expect(readDocument(doc).fields.undertecknare).toEqual([{ name: 'Anna Adell', party: 'M', title: 'Ledamot' }]);
  });
});

describe('reading a malformed header never throws (issue 11, findings 6 and 7)', () => {
  it.each([
    ['an object where a date belongs', 'date', { name: 5 }, '5'],
    ['a number where text belongs', 'text', 42, '42'],
    ['null where text belongs', 'text', null, ''],
    ['a list where text belongs', 'text', [{ name: 'Anna' }, null], 'Anna'],
    ['an object with no person in it', 'text', { foo: 'bar' }, '{"foo":"bar"}'],
    [
      'a null among persons',
      'persons',
      [{ name: 'Anna', party: 'M' }, null, 7, { name: 5 }],
      [{ name: 'Anna', party: 'M' }, { name: '5' }],
    ],
    ['a string where persons belong', 'persons', 'Anna Adell', [{ name: 'Anna Adell' }]],
    ['a string where a person belongs', 'person', 'Anna Adell', { name: 'Anna Adell' }],
    ['null where a person belongs', 'person', null, { name: '' }],
    ['a person whose parts are objects', 'person', { name: { evil: 1 }, email: ['x'] }, { name: '' }],
  ] as const)('%s', (_what, kind, raw, expected) => {
    expect(readFieldValue(kind, raw)).toEqual(expected);
  });

  it('reads a whole document stored with such values', () => {
    const doc = oldLayoutDocument('reservation', {
      title: 'Reservation',
      fields: { sammantradesdatum: { name: 5 }, undertecknare: [{ name: 'Anna Adell', party: 'M' }, null], paragraf: 7 },
    });
    expect(readDocument(doc).fields).toMatchObject({
      sammantradesdatum: '5',
      undertecknare: [{ name: 'Anna Adell', party: 'M' }],
      paragraf: '7',
    });
  });
});

describe('migrating a document stored before header fields were Y types', () => {
  it('turns plain values into Y types holding the same text, once', () => {
    const doc = oldLayoutDocument('reservation', {
      title: 'Reservation mot beslutet',
      fields: {
        sammantradesdatum: '2023-09-27',
        undertecknare: [{ name: 'Anna Adell', party: 'M' }],
        namnd: 'Arbetsmarknads- och socialnämnden',
      },
    });
    const before = readDocument(doc);
    expect(migrateHeaderFields(doc)).toEqual({ changed: true, keptAsText: [] });
    expect(isPlainYText(titleText(doc))).toBe(true);
    expect(hasShape(headerFieldMap(doc)!.get('undertecknare'), 'persons')).toBe(true);
    // The same title, text and values; fields the old document lacked are added empty.
    expect(readDocument(doc)).toMatchObject(before);
    expect(readDocument(doc).fields.paragraf).toBe('');
    expect(migrateHeaderFields(doc)).toEqual({ changed: false, keptAsText: [] });
  });

  it('keeps a value that does not fit its field as text, and says which', () => {
    const doc = oldLayoutDocument('reservation', {
      title: 'R',
      fields: { sammantradesdatum: { name: 5 }, undertecknare: [null, { name: 'Bo' }] },
    });
    const migration = migrateHeaderFields(doc);
    expect(migration.keptAsText.sort()).toEqual(['sammantradesdatum', 'undertecknare']);
    expect(readDocument(doc).fields).toMatchObject({ sammantradesdatum: '5', undertecknare: [{ name: 'Bo' }] });
  });

  it('adds a field the template has and the document lacks', () => {
    const doc = oldLayoutDocument('reservation', { title: 'R', fields: {} });
    migrateHeaderFields(doc);
    expect(isPlainYText(headerFieldMap(doc)!.get('paragraf'))).toBe(true);
  });
});
