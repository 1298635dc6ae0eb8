import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fieldsMap, initialiseDocument, metaMap } from '../../shared/doc/documentState';
import { MAX_FIELD_TEXT_LENGTH, MAX_TITLE_LENGTH, newPersonMap, titleText } from '../../shared/doc/headerFields';
import { checkBodyUpdate } from '../../server/sync/guards/bodyGuard';

/** A server doc (a reservation: text, date, diarienummer, organ and persons fields) and a client replica. */
function replicas() {
  const server = new Y.Doc();
  initialiseDocument(server, 'reservation', {
    title: 'Reservation',
    fields: { undertecknare: [{ name: 'Anna Adell', party: 'M' }], sammantradesdatum: '2023-09-27' },
  });
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const verdict = (change: (doc: Y.Doc) => void) => {
    const updates: Uint8Array[] = [];
    const listener = (update: Uint8Array) => updates.push(update);
    client.on('update', listener);
    change(client);
    client.off('update', listener);
    return checkBodyUpdate(server, Y.mergeUpdates(updates), 'write');
  };
  return { server, client, verdict };
}

const text = (doc: Y.Doc, key: string) => fieldsMap(doc).get(key) as Y.Text;
const persons = (doc: Y.Doc) => fieldsMap(doc).get('undertecknare') as Y.Array<Y.Map<Y.Text>>;

describe('the header-field guard', () => {
  describe('accepts what the editor does', () => {
    it.each([
      ['typing in a text field', (doc: Y.Doc) => text(doc, 'sammantradesdatum').insert(10, 'x')],
      ['deleting characters in a text field', (doc: Y.Doc) => text(doc, 'sammantradesdatum').delete(0, 4)],
      ['typing in the title', (doc: Y.Doc) => titleText(doc)!.insert(0, 'Ny ')],
      ['typing in a person’s name', (doc: Y.Doc) => persons(doc).get(0).get('name')!.insert(4, ' B.')],
      ['adding a person', (doc: Y.Doc) => persons(doc).push([newPersonMap({ name: 'Bo Berg', party: 'S' })])],
      ['removing a person', (doc: Y.Doc) => persons(doc).delete(0, 1)],
      [
        'adding a person and removing them again',
        (doc: Y.Doc) =>
          doc.transact(() => {
            persons(doc).push([newPersonMap({ name: 'Tillfällig' })]);
            persons(doc).delete(1, 1);
          }),
      ],
    ])('%s', (_what, change) => {
      expect(replicas().verdict(change)).toEqual({ accepted: true, changesDocument: true });
    });

    it('undoing the removal of a person (Yjs recreates the map and its texts)', () => {
      const { server, client, verdict } = replicas();
      const undo = new Y.UndoManager(fieldsMap(client));
      expect(verdict(() => persons(client).delete(0, 1)).accepted).toBe(true);
      // Bring the server along, as the room would after accepting.
      Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
      expect(verdict(() => undo.undo())).toEqual({ accepted: true, changesDocument: true });
    });
  });

  describe('refuses a value of the wrong shape (issue 11, findings 6 and 7)', () => {
    it.each([
      [
        'an object where a date belongs (sammantradesdatum = {name: 5})',
        (doc: Y.Doc) => fieldsMap(doc).set('sammantradesdatum', { name: 5 }),
      ],
      ['a plain string, as an old client writes it', (doc: Y.Doc) => fieldsMap(doc).set('diarienummer', 'ASN-2023-13451')],
      ['a plain title', (doc: Y.Doc) => metaMap(doc).set('title', 'Ny titel')],
      ['a null among the undertecknare', (doc: Y.Doc) => persons(doc).push([null as unknown as Y.Map<Y.Text>])],
      ['a plain object among the undertecknare', (doc: Y.Doc) => persons(doc).push([{ name: 'X' } as unknown as Y.Map<Y.Text>])],
      ['a plain list of persons', (doc: Y.Doc) => fieldsMap(doc).set('undertecknare', [{ name: 'X' }])],
      [
        'a person with an unknown part',
        (doc: Y.Doc) =>
          persons(doc).push([
            new Y.Map([
              ['name', new Y.Text('X')],
              ['evil', new Y.Text('1')],
            ]),
          ]),
      ],
      ['a person whose name is a number', (doc: Y.Doc) => persons(doc).push([new Y.Map<unknown>([['name', 5]]) as Y.Map<Y.Text>])],
      [
        'a Y.Text replacing a field (it would drop what others type there)',
        (doc: Y.Doc) => fieldsMap(doc).set('sammantradesdatum', new Y.Text('2024-01-01')),
      ],
      ['a Y.Text replacing the title', (doc: Y.Doc) => metaMap(doc).set('title', new Y.Text('Ny'))],
      ['a Y.Text replacing a person’s name', (doc: Y.Doc) => persons(doc).get(0).set('name', new Y.Text('Annan'))],
      ['deleting a field', (doc: Y.Doc) => fieldsMap(doc).delete('sammantradesdatum')],
      ['deleting the title', (doc: Y.Doc) => metaMap(doc).delete('title')],
      ['deleting a person’s name (the person stays)', (doc: Y.Doc) => persons(doc).get(0).delete('name')],
      ['a formatting attribute in a field', (doc: Y.Doc) => text(doc, 'sammantradesdatum').format(0, 2, { bold: true })],
      ['an embed in a field', (doc: Y.Doc) => text(doc, 'sammantradesdatum').insertEmbed(0, { image: 'x' })],
      ['a control character in the title', (doc: Y.Doc) => titleText(doc)!.insert(0, 'a\u0007b')],
      [
        'an XML text where a field’s text belongs',
        (doc: Y.Doc) => {
          fieldsMap(doc).delete('paragraf');
          fieldsMap(doc).set('paragraf', new Y.XmlText('x'));
        },
      ],
    ])('%s', (_what, change) => {
      expect(replicas().verdict(change)).toMatchObject({ accepted: false, code: 'structure_refused', closeConnection: true });
    });
  });

  describe('limits', () => {
    it('refuses a field longer than the limit and accepts one at the limit', () => {
      const { verdict } = replicas();
      const room = MAX_FIELD_TEXT_LENGTH - text(replicas().client, 'paragraf').length;
      expect(verdict((doc) => text(doc, 'paragraf').insert(0, 'x'.repeat(room))).accepted).toBe(true);
      expect(replicas().verdict((doc) => text(doc, 'paragraf').insert(0, 'x'.repeat(room + 1)))).toMatchObject({ accepted: false });
    });

    it('counts what a change deletes: replacing a full field with as much text is accepted', () => {
      const { server, client, verdict } = replicas();
      expect(verdict((doc) => text(doc, 'paragraf').insert(0, 'x'.repeat(MAX_FIELD_TEXT_LENGTH))).accepted).toBe(true);
      Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
      expect(
        verdict((doc) =>
          doc.transact(() => {
            text(doc, 'paragraf').delete(0, 10);
            text(doc, 'paragraf').insert(0, 'y'.repeat(10));
          }),
        ).accepted,
      ).toBe(true);
    });

    it('refuses a title longer than the limit', () => {
      expect(replicas().verdict((doc) => titleText(doc)!.insert(0, 'x'.repeat(MAX_TITLE_LENGTH)))).toMatchObject({
        accepted: false,
        message: expect.stringContaining('Titeln får vara högst'),
      });
    });

    it('refuses more than the most persons a list may hold', () => {
      const many = Array.from({ length: 200 }, (_, index) => newPersonMap({ name: `Person ${index}` }));
      expect(replicas().verdict((doc) => persons(doc).push(many))).toMatchObject({
        accepted: false,
        message: expect.stringContaining('högst'),
      });
    });
  });
});
