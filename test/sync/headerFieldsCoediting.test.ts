/**
 * Two people typing in the same header field and the title at the same moment, over the real
 * socket, each through the client's own input binding; and documents stored before header fields
 * were Y types, which must open with their fields intact and editable.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readDocument, type DocumentSnapshotView } from '../../shared/doc/documentState';
import { paragraph } from '../../shared/doc/blocks';
import { headerFieldMap, readFields, readTitle, titleText } from '../../shared/doc/headerFields';
import { openSqliteStorage } from '../../server/storage/sqlite';
import { bodyRoom } from '../../server/sync/roomNames';
import { createLogger } from '../../server/log';
import { waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { seededPrng } from '../helpers/prng';
import { api, createDocument, startTestServer, useServersAndClients, type TestServer } from '../helpers/server';
import { typistFor, type Typist } from './headerFieldsTyping';
import { oldLayoutDocument } from './headerFieldsOldLayout';

const field = (client: TestClient, key: string) => headerFieldMap(client.doc)!.get(key) as Y.Text;

async function serverView(server: TestServer, id: string): Promise<{ title: string; fields: Record<string, unknown> }> {
  return (await api<{ title: string; fields: Record<string, unknown> }>(server, server.adminToken, 'GET', `/api/documents/${id}`)).body;
}

/** Both type their text one key at a time; keys of the two land in the same tick, then a short random pause. */
async function typeTogether(first: Typist, second: Typist, firstText: string, secondText: string, seed: number): Promise<void> {
  const random = seededPrng(seed);
  for (let index = 0; index < Math.max(firstText.length, secondText.length); index++) {
    if (index < firstText.length) first.type(firstText[index]!);
    if (index < secondText.length) second.type(secondText[index]!);
    await new Promise((resolve) => setTimeout(resolve, random.int(4)));
  }
}

describe('two people in one header field', () => {
  const { start, connect } = useServersAndClients();

  async function twoWriters(title: string) {
    const server = await start();
    const id = await createDocument(server, 'tjansteskrivelse', title);
    const anna = connect(server, id);
    const bo = connect(server, id);
    await Promise.all([waitSynced(anna), waitSynced(bo)]);
    return { server, id, anna, bo };
  }

  it('keeps both texts whole when both append to the title and a field at the same moment', async () => {
    const { server, id, anna, bo } = await twoWriters('Samverkan');
    const annaTitle = typistFor(titleText(anna.doc)!, { anna: true });
    const boTitle = typistFor(titleText(bo.doc)!, { bo: true });
    const annaField = typistFor(field(anna, 'arendemening'), { anna: true });
    const boField = typistFor(field(bo, 'arendemening'), { bo: true });
    await Promise.all([
      typeTogether(annaTitle, boTitle, ' AAAA', ' BBBB', 1),
      typeTogether(annaField, boField, 'med polisen', ' i Malmö', 2),
    ]);
    const settled = () => {
      const titles = [readTitle(anna.doc), readTitle(bo.doc)];
      return titles[0] === titles[1] && field(anna, 'arendemening').toString() === field(bo, 'arendemening').toString();
    };
    await waitFor(settled, 'both copies to agree');
    for (const client of [anna, bo]) {
      const title = readTitle(client.doc);
      expect(title.startsWith('Samverkan')).toBe(true);
      expect(title).toContain(' AAAA');
      expect(title).toContain(' BBBB');
      expect(title.length).toBe('Samverkan AAAA BBBB'.length);
      expect(['med polisen i Malmö', ' i Malmömed polisen']).toContain(field(client, 'arendemening').toString());
    }
    expect([annaTitle.input.value, annaField.input.value]).toEqual([readTitle(anna.doc), field(anna, 'arendemening').toString()]);
    let onServer = await serverView(server, id);
    for (let tries = 0; onServer.title !== readTitle(anna.doc) && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      onServer = await serverView(server, id);
    }
    expect(onServer.title).toBe(readTitle(anna.doc));
    expect(onServer.fields.arendemening).toBe(field(anna, 'arendemening').toString());
  });

  it('keeps both texts whole when one types in the middle while the other appends', async () => {
    const { server, id, anna, bo } = await twoWriters('Samverkan med polisen');
    const annaTitle = typistFor(titleText(anna.doc)!, { anna: true });
    const boTitle = typistFor(titleText(bo.doc)!, { bo: true });
    annaTitle.moveCaret('Samverkan '.length);
    await typeTogether(annaTitle, boTitle, 'och dialog ', ' i Malmö stad', 3);
    await waitFor(() => readTitle(anna.doc) === readTitle(bo.doc), 'both copies to agree');
    expect(readTitle(anna.doc)).toBe('Samverkan och dialog med polisen i Malmö stad');
    // Each caret stayed after its own text.
    expect(annaTitle.caret()).toBe('Samverkan och dialog '.length);
    expect(boTitle.caret()).toBe(readTitle(bo.doc).length);
    let onServer = await serverView(server, id);
    for (let tries = 0; onServer.title !== readTitle(anna.doc) && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      onServer = await serverView(server, id);
    }
    expect(onServer.title).toBe('Samverkan och dialog med polisen i Malmö stad');
  });
});

describe('a document stored before header fields were Y types', () => {
  const { start, connect } = useServersAndClients();

  /** Replaces a stored document's state with `doc` (the server must be closed). */
  async function storeState(dataDir: string, id: string, doc: Y.Doc): Promise<void> {
    const storage = openSqliteStorage(dataDir, createLogger('silent'));
    try {
      const stored = await storage.rooms.load(bodyRoom(id));
      await storage.rooms.compact(bodyRoom(id), Y.encodeStateAsUpdate(doc), stored.lastSeq);
    } finally {
      await storage.close();
    }
  }

  it('opens with its title and header fields intact, and they can be edited', async () => {
    const first = await startTestServer();
    const id = await createDocument(first, 'reservation', 'Reservation mot beslutet');
    await first.close();
    const old = oldLayoutDocument('reservation', {
      title: 'Reservation mot beslutet',
      fields: {
        namnd: 'Arbetsmarknads- och socialnämnden',
        sammantradesdatum: '2023-09-27',
        paragraf: '§ 195',
        undertecknare: [
          { name: 'Kerstin Håkansson', party: 'M' },
          { name: 'Farishta Sulaiman', party: 'M' },
        ],
      },
    });
    const before = readDocument(old);
    await storeState(first.dataDir, id, old);

    const server = await start({ dataDir: first.dataDir });
    const client = connect(server, id);
    await waitSynced(client);
    expect(readTitle(client.doc)).toBe('Reservation mot beslutet');
    expect(readFields(client.doc)).toMatchObject(before.fields);
    const paragraf = field(client, 'paragraf');
    expect(paragraf).toBeInstanceOf(Y.Text);
    paragraf.insert(paragraf.length, ', punkt 2');
    titleText(client.doc)!.insert(0, 'Ny ');
    let view = await serverView(server, id);
    for (let tries = 0; view.fields.paragraf !== '§ 195, punkt 2' && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      view = await serverView(server, id);
    }
    expect(view).toMatchObject({
      title: 'Ny Reservation mot beslutet',
      fields: { paragraf: '§ 195, punkt 2', undertecknare: before.fields.undertecknare },
    });
    expect(client.provider.wsconnected).toBe(true);
  });

  it('is migrated once for everyone when several people open a large one at the same moment', async () => {
    const first = await startTestServer();
    const id = await createDocument(first, 'tjansteskrivelse', 'Stort ärende');
    await first.close();
    // Large enough (over 64 KiB) that newcomers are answered from the stored bytes while it loads.
    const long = Array.from({ length: 1500 }, (_, index) => `Stycke ${index} om samverkan med polisen i Malmö.`);
    const old = oldLayoutDocument('tjansteskrivelse', {
      title: 'Stort ärende',
      fields: { diarienummer: 'ASN-2023-13451', arendemening: 'Samverkan' },
      sections: [{ key: 'arendet', blocks: long.map((text) => paragraph(text)) }],
    });
    expect(Y.encodeStateAsUpdate(old).byteLength).toBeGreaterThan(64 * 1024);
    await storeState(first.dataDir, id, old);

    const server = await start({ dataDir: first.dataDir });
    const people = [connect(server, id), connect(server, id), connect(server, id)];
    await Promise.all(people.map(waitSynced));
    await waitFor(
      () => people.every((person) => titleText(person.doc) !== null && field(person, 'arendemening') instanceof Y.Text),
      'everyone to have the migrated fields',
    );
    // One title and one Ärendemening for all: the same Yjs item everywhere, not one per person.
    const ids = people.map((person) => JSON.stringify([titleText(person.doc)!._item!.id, field(person, 'arendemening')._item!.id]));
    expect(new Set(ids).size).toBe(1);
    field(people[0]!, 'arendemening').insert(9, ' med polisen');
    await waitFor(
      () => people.every((person) => field(person, 'arendemening').toString() === 'Samverkan med polisen'),
      'the typing to reach everyone',
    );
    expect(readDocument(people[2]!.doc).sections.find((section) => section.key === 'arendet')!.blocks).toHaveLength(1500);
  });

  it('opens every demo document with its header fields intact and editable', async () => {
    const first = await startTestServer({ seedDemo: true });
    const documents = await first.documents.list();
    expect(documents.length).toBeGreaterThan(0);
    const views = new Map<string, DocumentSnapshotView>();
    for (const { id } of documents) views.set(id, await first.documents.readView(id));
    // A party group's draft is not the administrator's to export (it is read through the service).
    const shared = new Set(documents.filter((record) => !record.privateToGroup).map((record) => record.id));
    await first.close();
    for (const [id, view] of views) {
      await storeState(
        first.dataDir,
        id,
        oldLayoutDocument(view.type, { title: view.title, fields: view.fields, status: view.status, sections: view.sections }),
      );
    }

    const server = await start({ dataDir: first.dataDir, seedDemo: true });
    for (const [id, view] of views) {
      expect(await server.documents.readView(id)).toEqual(view);
      if (!shared.has(id)) continue;
      const exported = await fetch(`${server.url}/api/documents/${id}/export?format=txt`, {
        headers: { authorization: `Bearer ${server.adminToken}` },
      });
      expect(exported.status).toBe(200);
    }
    const [someId] = [...shared];
    const client = connect(server, someId!);
    await waitSynced(client);
    const key = [...headerFieldMap(client.doc)!.keys()].find((name) => headerFieldMap(client.doc)!.get(name) instanceof Y.Text)!;
    field(client, key).insert(0, 'X');
    let now = await server.documents.readView(someId!);
    for (let tries = 0; now.fields[key] !== `X${String(views.get(someId!)!.fields[key])}` && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      now = await server.documents.readView(someId!);
    }
    expect(now.fields[key]).toBe(`X${String(views.get(someId!)!.fields[key])}`);
  });
});
