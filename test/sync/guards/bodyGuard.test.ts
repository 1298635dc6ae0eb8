import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
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

  it('accepts deleting all content inside a section', () => {
    const { verdict } = replicas();
    expect(verdict((doc) => {
      const section = sectionElements(doc)[0]!;
      section.delete(0, section.length);
    }).accepted).toBe(true);
  });

  it('accepts editing the title and a header field', () => {
    const { verdict } = replicas();
    expect(verdict((doc) => metaMap(doc).set('title', 'Ny titel')).accepted).toBe(true);
    expect(verdict((doc) => fieldsMap(doc).set('diarienummer', 'ASN-2023-13451')).accepted).toBe(true);
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
    expect(verdict((doc) => typeInSection(doc, 'arendet', 'x'), 'read')).toMatchObject({ accepted: false, code: 'read_only', closeConnection: false });
    expect(replicas().verdict((doc) => typeInSection(doc, 'arendet', 'y'), 'comment')).toMatchObject({ accepted: false, code: 'read_only' });
  });

  it('refuses every change to a justerad document', () => {
    const { server, verdict } = replicas();
    metaMap(server).set('status', 'justerad');
    expect(verdict((doc) => typeInSection(doc, 'arendet', 'x'))).toMatchObject({ accepted: false, code: 'document_locked' });
  });
});
