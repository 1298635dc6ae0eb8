import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { bodyFragment, fieldsMap, initialiseDocument, metaMap, sectionElements } from '../../../shared/doc/documentState';
import { checkBodyUpdate } from '../../../server/sync/guards/bodyGuard';
import type { Access } from '../../../server/sync/access';
import { typeInSection } from '../../helpers/clients';

/** A server doc and a client replica of it; returns the update a client change produces. */
function replicas() {
  const server = new Y.Doc();
  initialiseDocument(server, 'tjansteskrivelse', { title: 'Ärende' });
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const changeOf = (change: (doc: Y.Doc) => void): Uint8Array => {
    const before = Y.encodeStateVector(client);
    const deletes: Uint8Array[] = [];
    const listener = (update: Uint8Array) => deletes.push(update);
    client.on('update', listener);
    change(client);
    client.off('update', listener);
    return deletes.length ? Y.mergeUpdates(deletes) : Y.encodeStateAsUpdate(client, before);
  };
  const verdict = (change: (doc: Y.Doc) => void, access: Access = 'write') => checkBodyUpdate(server, changeOf(change), access);
  return { server, client, changeOf, verdict };
}

describe('the structure guard', () => {
  it('accepts typing inside a section', () => {
    const { verdict } = replicas();
    expect(verdict((doc) => typeInSection(doc, 'sammanfattning', 'Hej'))).toEqual({ accepted: true, changesDocument: true });
  });

  it('accepts replacing all content of a section in one change', () => {
    const { verdict } = replicas();
    expect(
      verdict((doc) => {
        const section = sectionElements(doc)[0]!;
        doc.transact(() => {
          section.delete(0, section.length);
          section.insert(0, [new Y.XmlElement('paragraph')]);
        });
      }).accepted,
    ).toBe(true);
  });

  it('refuses a change that leaves a section without a block', () => {
    const { verdict } = replicas();
    expect(
      verdict((doc) => {
        const section = sectionElements(doc)[0]!;
        section.delete(0, section.length);
      }),
    ).toMatchObject({ accepted: false, code: 'structure_refused', closeConnection: true });
  });

  it('refuses a change that inserts a block and deletes it again, leaving the section empty', () => {
    const { verdict } = replicas();
    expect(
      verdict((doc) => {
        const section = sectionElements(doc)[0]!;
        doc.transact(() => {
          section.insert(0, [new Y.XmlElement('paragraph')]);
          section.delete(0, section.length);
        });
      }),
    ).toMatchObject({ accepted: false, code: 'structure_refused' });
  });

  describe('checks every inserted item against the body schema', () => {
    const firstParagraph = (doc: Y.Doc) => sectionElements(doc)[0]!.get(0) as Y.XmlElement;
    const firstText = (doc: Y.Doc) => firstParagraph(doc).get(0) as Y.XmlText;

    it("accepts the editor's nodes, attributes and marks", () => {
      const { verdict } = replicas();
      expect(verdict((doc) => firstText(doc).insert(0, 'fet', { bold: {} })).accepted).toBe(true);
      expect(
        verdict((doc) => {
          const heading = new Y.XmlElement('heading');
          heading.setAttribute('level', 3 as unknown as string);
          heading.insert(0, [new Y.XmlText('Rubrik')]);
          sectionElements(doc)[0]!.insert(0, [heading]);
        }).accepted,
      ).toBe(true);
    });

    it.each([
      ['an unknown node', (doc: Y.Doc) => sectionElements(doc)[0]!.insert(0, [new Y.XmlElement('script')])],
      ['an unknown attribute', (doc: Y.Doc) => firstParagraph(doc).setAttribute('onclick', 'x')],
      [
        'a heading level that is not one of the allowed numbers',
        (doc: Y.Doc) => {
          const heading = new Y.XmlElement('heading');
          heading.setAttribute('level', { evil: 1 } as unknown as string);
          sectionElements(doc)[0]!.insert(0, [heading]);
        },
      ],
      ['an unknown mark', (doc: Y.Doc) => firstText(doc).insert(0, 'x', { evil: {} })],
      ['an embed in text', (doc: Y.Doc) => firstText(doc).insertEmbed(0, { image: 'x' })],
      ['a control character', (doc: Y.Doc) => firstText(doc).insert(0, 'a\u0001b')],
      ['a text node directly in a section', (doc: Y.Doc) => sectionElements(doc)[0]!.insert(0, [new Y.XmlText('lös text')])],
      ['a map in a paragraph', (doc: Y.Doc) => firstParagraph(doc).insert(0, [new Y.Map() as unknown as Y.XmlElement])],
      ['a sub-document', (doc: Y.Doc) => metaMap(doc).set('title', new Y.Doc())],
      ['binary data', (doc: Y.Doc) => metaMap(doc).set('title', new Uint8Array([1, 2, 3]))],
      ['a shared type where the title belongs', (doc: Y.Doc) => metaMap(doc).set('title', new Y.Array())],
    ])('refuses %s', (_what, change) => {
      const { verdict } = replicas();
      expect(verdict(change)).toMatchObject({ accepted: false, code: 'structure_refused' });
    });
  });

  it('accepts typing in the title and in a header field', () => {
    const { verdict } = replicas();
    expect(verdict((doc) => (metaMap(doc).get('title') as Y.Text).insert(0, 'Ny ')).accepted).toBe(true);
    expect(verdict((doc) => (fieldsMap(doc).get('diarienummer') as Y.Text).insert(0, 'ASN-2023-13451')).accepted).toBe(true);
  });

  it('refuses deleting a section', () => {
    const { verdict } = replicas();
    const result = verdict((doc) => bodyFragment(doc).delete(2, 1));
    expect(result).toMatchObject({ accepted: false, code: 'structure_refused', closeConnection: true });
  });

  it('refuses adding a section, even one with a known key', () => {
    const { verdict } = replicas();
    const result = verdict((doc) => {
      const extra = new Y.XmlElement('section');
      extra.setAttribute('sectionKey', 'sammanfattning');
      bodyFragment(doc).insert(0, [extra]);
    });
    expect(result).toMatchObject({ accepted: false, code: 'structure_refused' });
  });

  it('refuses moving a section (delete and re-insert)', () => {
    const { verdict } = replicas();
    const result = verdict((doc) => {
      const body = bodyFragment(doc);
      const first = body.get(0) as Y.XmlElement;
      const copy = first.clone();
      body.delete(0, 1);
      body.insert(body.length, [copy]);
    });
    expect(result).toMatchObject({ accepted: false, code: 'structure_refused' });
  });

  it('refuses re-keying a section', () => {
    const { verdict } = replicas();
    const result = verdict((doc) => sectionElements(doc)[1]!.setAttribute('sectionKey', 'annat'));
    expect(result).toMatchObject({ accepted: false, code: 'structure_refused' });
  });

  it('refuses a client setting the status or the document type', () => {
    const { verdict } = replicas();
    expect(verdict((doc) => metaMap(doc).set('status', 'justerad'))).toMatchObject({ accepted: false });
    expect(verdict((doc) => metaMap(doc).set('type', 'yttrande'))).toMatchObject({ accepted: false });
  });

  it('refuses a header field that the template does not have', () => {
    const { verdict } = replicas();
    expect(verdict((doc) => fieldsMap(doc).set('hemligt', 'x'))).toMatchObject({ accepted: false });
  });

  it('refuses a section insert whose dependency arrives in a later frame', () => {
    const { server, changeOf } = replicas();
    const newSection = (key: string) => {
      const element = new Y.XmlElement('section');
      element.setAttribute('sectionKey', key);
      return element;
    };
    const first = changeOf((doc) => bodyFragment(doc).insert(1, [newSection('extra1')]));
    const second = changeOf((doc) => bodyFragment(doc).insert(2, [newSection('extra2')]));
    // The second alone cannot integrate (its origin is in the first): Yjs keeps it pending.
    expect(checkBodyUpdate(server, second, 'write')).toEqual({ accepted: true, changesDocument: false });
    Y.applyUpdate(server, second);
    expect(server.store.pendingStructs).not.toBeNull();
    // The first completes it; the guard judges both together.
    expect(checkBodyUpdate(server, first, 'write')).toMatchObject({ accepted: false, code: 'structure_refused' });
  });

  it('lets a reader send a sync reply that changes nothing, and refuses one that does', () => {
    const { server, verdict } = replicas();
    const nothingNew = Y.encodeStateAsUpdate(server);
    expect(checkBodyUpdate(server, nothingNew, 'read')).toEqual({ accepted: true, changesDocument: false });
    expect(verdict((doc) => typeInSection(doc, 'arendet', 'x'), 'read')).toMatchObject({
      accepted: false,
      code: 'read_only',
      closeConnection: false,
    });
    expect(replicas().verdict((doc) => typeInSection(doc, 'arendet', 'y'), 'comment')).toMatchObject({
      accepted: false,
      code: 'read_only',
    });
  });

  it('refuses every change to a justerad document', () => {
    const { server, verdict } = replicas();
    metaMap(server).set('status', 'justerad');
    expect(verdict((doc) => typeInSection(doc, 'arendet', 'x'))).toMatchObject({ accepted: false, code: 'document_locked' });
  });
});

describe('the structure guard against a hand-made delete set', () => {
  it('refuses an update that empties a section with its delete ranges out of order', () => {
    const server = new Y.Doc();
    initialiseDocument(server, 'tjansteskrivelse', { title: 'Ärende' });
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(client);
    const section = sectionElements(client)[0]!;
    const old = section.toArray().map((node) => (node as Y.XmlElement)._item!.id);
    section.insert(section.length, [new Y.XmlElement('paragraph')]);
    const inserted = Y.encodeStateAsUpdate(client, before);
    const added = (section.get(section.length - 1) as Y.XmlElement)._item!.id;
    // The insertion's structs, then a delete set written by hand: the old blocks, and the new
    // one listed after a later dummy range (Yjs applies ranges in any order).
    const encoder = encoding.createEncoder();
    encoding.writeUint8Array(encoder, inserted.subarray(0, inserted.length - 1));
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint(encoder, old[0]!.client);
    encoding.writeVarUint(encoder, old.length);
    for (const id of old) {
      encoding.writeVarUint(encoder, id.clock);
      encoding.writeVarUint(encoder, 1);
    }
    encoding.writeVarUint(encoder, added.client);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint(encoder, added.clock + 5);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, added.clock);
    encoding.writeVarUint(encoder, 1);
    const crafted = encoding.toUint8Array(encoder);
    const probe = new Y.Doc();
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(probe, crafted);
    expect(sectionElements(probe)[0]!.length).toBe(0);
    expect(checkBodyUpdate(server, crafted, 'write')).toMatchObject({ accepted: false, code: 'structure_refused' });
  });
});

describe('the structure guard and garbage-collected content', () => {
  it("applies typing into a paragraph that another client deleted meanwhile, so the typist's later changes are not stuck", () => {
    const server = new Y.Doc();
    initialiseDocument(server, 'tjansteskrivelse', { title: 'Ärende' });
    const section = () => sectionElements(server)[0]!;
    section().insert(section().length, [new Y.XmlElement('paragraph')]);
    (section().get(0) as Y.XmlElement).insert(0, [new Y.XmlText('gammal text')]);
    const typist = new Y.Doc();
    Y.applyUpdate(typist, Y.encodeStateAsUpdate(server));
    // Someone else deletes the first paragraph; the server collects its content.
    section().delete(0, 1);
    const before = Y.encodeStateVector(typist);
    ((sectionElements(typist)[0]!.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(3, 'ny');
    const typed = Y.encodeStateAsUpdate(typist, before);
    expect(checkBodyUpdate(server, typed, 'write')).toEqual({ accepted: true, changesDocument: true });
  });
});
