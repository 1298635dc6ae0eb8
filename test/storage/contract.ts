/**
 * The storage contract: what every backend of server/storage/storage.ts must do, including what
 * SQLite does without being asked (e-mail compared case-insensitively, duplicate inserts ignored,
 * bilagor in the order filed, the writes that touch two tables all or nothing, sequence numbers
 * per room that go on after a compaction). Each backend runs it from a *.contract.test.ts file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentRecord, GroupRecord, Storage, UserRecord, VersionRecord } from '../../server/storage/storage';
import { DEFAULT_TEMPLATE_PACK_ID } from '../../shared/model/templatePacks';

export interface FreshStorage {
  storage: Storage;
  /** A second Storage on the same data (another connection, as another process would open it). */
  reopen(): Promise<Storage>;
}

const bytes = (...values: number[]) => new Uint8Array(values);

function randomBytes(length: number, seed: number): Uint8Array {
  const data = new Uint8Array(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    data[index] = state >>> 24;
  }
  return data;
}

function documentRecord(id: string, overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    id,
    type: 'tjansteskrivelse',
    title: `Dokument ${id}`,
    status: 'utkast',
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    createdBy: null,
    privateToGroup: null,
    arendeId: null,
    template: { pack: DEFAULT_TEMPLATE_PACK_ID, version: 1 },
    deletedAt: null,
    archivedAt: null,
    ...overrides,
  };
}

function userRecord(id: string, overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id,
    email: `${id}@kommun.se`,
    name: `Person ${id}`,
    title: 'Handläggare',
    party: null,
    isAdmin: false,
    disabled: false,
    mustChangePassword: false,
    isNamndsekreterare: false,
    createdAt: '2026-01-01T10:00:00.000Z',
    ...overrides,
  };
}

function versionRecord(id: string, documentId: string, overrides: Partial<VersionRecord> = {}): VersionRecord {
  return {
    id,
    documentId,
    name: `Version ${id}`,
    createdAt: '2026-02-01T10:00:00.000Z',
    createdBy: null,
    authorName: 'Anna Andersson',
    origin: 'manuell',
    originDetail: null,
    ...overrides,
  };
}

export function storageContract(backend: string, fresh: () => Promise<FreshStorage>): void {
  const opened: Storage[] = [];
  afterEach(async () => {
    for (const storage of opened.splice(0).reverse()) await storage.close();
  });
  async function open(): Promise<FreshStorage> {
    const created = await fresh();
    opened.push(created.storage);
    return {
      storage: created.storage,
      async reopen() {
        const second = await created.reopen();
        opened.push(second);
        return second;
      },
    };
  }
  async function withDocuments(storage: Storage, ...ids: string[]): Promise<void> {
    for (const id of ids) await storage.documents.create(documentRecord(id), `doc:${id}`, bytes(1));
  }

  describe(`${backend} storage: rooms`, () => {
    it('loads a room that was never written as empty', async () => {
      const { storage } = await open();
      expect(await storage.rooms.load('doc:none')).toEqual({ snapshot: null, updates: [], lastSeq: 0, bytes: 0 });
    });

    it('numbers appended updates per room from 1 and loads them in order, with their bytes', async () => {
      const { storage } = await open();
      expect(await storage.rooms.append('doc:a', [bytes(1, 2)])).toBe(1);
      expect(await storage.rooms.append('doc:b', [bytes(9)])).toBe(1);
      expect(await storage.rooms.append('doc:a', [bytes(3), bytes(4, 5, 6)])).toBe(3);
      expect(await storage.rooms.load('doc:a')).toEqual({
        snapshot: null,
        updates: [bytes(1, 2), bytes(3), bytes(4, 5, 6)],
        lastSeq: 3,
        bytes: 6,
      });
      expect(await storage.rooms.load('doc:b')).toEqual({ snapshot: null, updates: [bytes(9)], lastSeq: 1, bytes: 1 });
    });

    it('keeps appends that nobody awaited in between in the order they were called', async () => {
      const { storage } = await open();
      const seqs = await Promise.all(Array.from({ length: 30 }, (_, index) => storage.rooms.append('doc:a', [bytes(index)])));
      expect(seqs).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
      expect((await storage.rooms.load('doc:a')).updates).toEqual(Array.from({ length: 30 }, (_, index) => bytes(index)));
    });

    it('stores updates byte for byte, zero bytes and a large update included', async () => {
      const { storage } = await open();
      const large = randomBytes(2 * 1024 * 1024, 17);
      await storage.rooms.append('doc:a', [bytes(0, 0, 255, 0), large]);
      const loaded = await storage.rooms.load('doc:a');
      expect(loaded.updates[0]).toEqual(bytes(0, 0, 255, 0));
      expect(Buffer.from(loaded.updates[1]!).equals(Buffer.from(large))).toBe(true);
      expect(loaded.bytes).toBe(4 + large.byteLength);
    });

    it('compaction replaces the snapshot and the updates up to its seq, and keeps the later ones', async () => {
      const { storage } = await open();
      await storage.rooms.append('doc:a', [bytes(1), bytes(2), bytes(3)]);
      await storage.rooms.compact('doc:a', bytes(7, 7), 2);
      expect(await storage.rooms.load('doc:a')).toEqual({ snapshot: bytes(7, 7), updates: [bytes(3)], lastSeq: 3, bytes: 3 });
      await storage.rooms.compact('doc:a', bytes(8, 8, 8), 3);
      expect(await storage.rooms.load('doc:a')).toEqual({ snapshot: bytes(8, 8, 8), updates: [], lastSeq: 3, bytes: 3 });
    });

    it('goes on numbering after a compaction that took the whole log', async () => {
      const { storage } = await open();
      await storage.rooms.append('doc:a', [bytes(1), bytes(2)]);
      await storage.rooms.compact('doc:a', bytes(5), 2);
      expect(await storage.rooms.append('doc:a', [bytes(3)])).toBe(3);
      expect(await storage.rooms.load('doc:a')).toEqual({ snapshot: bytes(5), updates: [bytes(3)], lastSeq: 3, bytes: 2 });
    });

    it('goes on numbering after a compaction in a storage opened later on the same data', async () => {
      const { storage, reopen } = await open();
      await storage.rooms.append('doc:a', [bytes(1), bytes(2)]);
      await storage.rooms.compact('doc:a', bytes(5), 2);
      const second = await reopen();
      expect(await second.rooms.append('doc:a', [bytes(3)])).toBe(3);
    });

    it('has an append committed when it resolves: another connection reads it at once', async () => {
      const { storage, reopen } = await open();
      const second = await reopen();
      for (let index = 1; index <= 5; index++) {
        await storage.rooms.append('doc:a', [bytes(index)]);
        expect((await second.rooms.load('doc:a')).lastSeq).toBe(index);
      }
    });
  });

  describe(`${backend} storage: documents`, () => {
    it('creates the document row and its room snapshot together', async () => {
      const { storage } = await open();
      const record = documentRecord('d1', { createdBy: 'u1', template: { pack: 'stockholm', version: 3 } });
      await storage.documents.create(record, 'doc:d1', bytes(4, 2));
      expect(await storage.documents.get('d1')).toEqual(record);
      expect(await storage.rooms.load('doc:d1')).toEqual({ snapshot: bytes(4, 2), updates: [], lastSeq: 0, bytes: 2 });
    });

    it('fills in what a record leaves out: no creator, no group, the default template pack', async () => {
      const { storage } = await open();
      const { createdBy: _c, privateToGroup: _p, arendeId: _a, template: _t, ...bare } = documentRecord('d1');
      await storage.documents.create(bare, 'doc:d1', bytes(1));
      expect(await storage.documents.get('d1')).toEqual({
        ...bare,
        createdBy: null,
        privateToGroup: null,
        arendeId: null,
        template: { pack: DEFAULT_TEMPLATE_PACK_ID, version: 1 },
      });
    });

    it('writes neither the row nor the snapshot when one of them fails', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'd1');
      // The document exists: the new room's snapshot must not stay behind.
      await expect(storage.documents.create(documentRecord('d1'), 'doc:other', bytes(1))).rejects.toThrow();
      expect((await storage.rooms.load('doc:other')).snapshot).toBeNull();
      // The room exists: the new document row must not stay behind.
      await expect(storage.documents.create(documentRecord('d2'), 'doc:d1', bytes(1))).rejects.toThrow();
      expect(await storage.documents.get('d2')).toBeUndefined();
    });

    it('answers undefined for an unknown document', async () => {
      const { storage } = await open();
      expect(await storage.documents.get('nope')).toBeUndefined();
    });

    it('lists documents most recently updated first', async () => {
      const { storage } = await open();
      await storage.documents.create(documentRecord('a', { updatedAt: '2026-01-02T00:00:00.000Z' }), 'doc:a', bytes(1));
      await storage.documents.create(documentRecord('b', { updatedAt: '2026-01-03T00:00:00.000Z' }), 'doc:b', bytes(1));
      await storage.documents.create(documentRecord('c', { updatedAt: '2026-01-01T00:00:00.000Z' }), 'doc:c', bytes(1));
      expect((await storage.documents.list()).map((record) => record.id)).toEqual(['b', 'a', 'c']);
    });

    it('touch changes what it is given and keeps the rest', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'd1');
      await storage.documents.touch('d1', { title: 'Ny titel', updatedAt: '2026-03-01T00:00:00.000Z' });
      await storage.documents.touch('d1', { updatedAt: '2026-03-02T00:00:00.000Z' });
      expect(await storage.documents.get('d1')).toMatchObject({
        title: 'Ny titel',
        status: 'utkast',
        updatedAt: '2026-03-02T00:00:00.000Z',
      });
    });

    it('sets and clears the private group and records a move to another template version', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'd1');
      await storage.accounts.createGroup({ id: 'g1', name: 'M-gruppen', kind: 'parti', party: 'M' });
      await storage.documents.setPrivateToGroup('d1', 'g1');
      expect((await storage.documents.get('d1'))?.privateToGroup).toBe('g1');
      await storage.documents.setPrivateToGroup('d1', null);
      expect((await storage.documents.get('d1'))?.privateToGroup).toBeNull();
      await storage.documents.setTemplate('d1', { pack: 'allman', version: 2 });
      expect((await storage.documents.get('d1'))?.template).toEqual({ pack: 'allman', version: 2 });
    });

    it('counts the documents one person created strictly after a time', async () => {
      const { storage } = await open();
      const at = (minute: number) => `2026-01-01T10:0${minute}:00.000Z`;
      await storage.documents.create(documentRecord('a', { createdBy: 'u1', createdAt: at(1) }), 'doc:a', bytes(1));
      await storage.documents.create(documentRecord('b', { createdBy: 'u1', createdAt: at(2) }), 'doc:b', bytes(1));
      await storage.documents.create(documentRecord('c', { createdBy: 'u1', createdAt: at(3) }), 'doc:c', bytes(1));
      await storage.documents.create(documentRecord('d', { createdBy: 'u2', createdAt: at(3) }), 'doc:d', bytes(1));
      expect(await storage.documents.countCreatedSince('u1', at(1))).toBe(2);
      expect(await storage.documents.countCreatedSince('u1', at(0))).toBe(3);
      expect(await storage.documents.countCreatedSince('u3', at(0))).toBe(0);
    });
  });

  describe(`${backend} storage: wastebasket and archive`, () => {
    it('moves a document into the wastebasket and the archive and back out', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'd1');
      await storage.documents.setDeleted('d1', '2026-05-01T00:00:00.000Z');
      await storage.documents.setArchived('d1', '2026-05-02T00:00:00.000Z');
      expect(await storage.documents.get('d1')).toMatchObject({
        deletedAt: '2026-05-01T00:00:00.000Z',
        archivedAt: '2026-05-02T00:00:00.000Z',
      });
      await storage.documents.setDeleted('d1', null);
      await storage.documents.setArchived('d1', null);
      expect(await storage.documents.get('d1')).toEqual(documentRecord('d1'));
    });

    it('finds the documents deleted before a time, the longest deleted first', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'a', 'b', 'c', 'd');
      await storage.documents.setDeleted('a', '2026-05-03T00:00:00.000Z');
      await storage.documents.setDeleted('b', '2026-05-01T00:00:00.000Z');
      await storage.documents.setDeleted('c', '2026-05-09T00:00:00.000Z');
      expect(await storage.documents.deletedBefore('2026-05-03T00:00:00.000Z')).toEqual(['b']);
      expect(await storage.documents.deletedBefore('2026-05-04T00:00:00.000Z')).toEqual(['b', 'a']);
      expect(await storage.documents.deletedBefore('2026-01-01T00:00:00.000Z')).toEqual([]);
    });

    it('purges a document with everything that hangs on it, and keeps its audit events and other documents', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'main', 'gone', 'kept');
      const rooms = ['doc:gone', 'doc:gone:review'];
      await storage.rooms.append('doc:gone', [bytes(1), bytes(2)]);
      await storage.rooms.append('doc:gone:review', [bytes(3)]);
      await storage.rooms.append('doc:kept', [bytes(4)]);
      await storage.access.replaceEntries('gone', [{ principalType: 'user', principalId: 'u1', role: 'owner' }]);
      await storage.access.replaceEntries('kept', [{ principalType: 'user', principalId: 'u1', role: 'owner' }]);
      await storage.workflow.link('main', 'gone');
      await storage.workflow.link('main', 'kept');
      await storage.workflow.inviteCosigner('gone', 'u2', 'u1', '2026-01-01T00:00:00.000Z');
      await storage.workflow.changeStatus({
        documentId: 'gone',
        at: '2026-01-01T00:00:00.000Z',
        userId: null,
        from: 'utkast',
        to: 'granskning',
        reason: null,
      });
      await storage.workflow.saveVersion(versionRecord('v1', 'gone'), 'v1', bytes(9));
      await storage.audit.append([{ documentId: 'gone', at: '2026-01-01T00:00:00.000Z', userId: 'u1', action: 'deleted', detail: {} }]);

      await storage.documents.purge('gone', rooms);

      expect(await storage.documents.get('gone')).toBeUndefined();
      for (const room of rooms) expect(await storage.rooms.load(room)).toEqual({ snapshot: null, updates: [], lastSeq: 0, bytes: 0 });
      expect(await storage.access.entries('gone')).toEqual([]);
      expect(await storage.workflow.bilagorOf('main')).toEqual(['kept']);
      expect(await storage.workflow.mainOf('gone')).toBeUndefined();
      expect(await storage.workflow.cosignersOf('gone')).toEqual([]);
      expect(await storage.workflow.transitions('gone')).toEqual([]);
      expect(await storage.workflow.versions('gone')).toEqual([]);
      expect((await storage.audit.list('gone', 10)).map((event) => event.action)).toEqual(['deleted']);
      expect((await storage.rooms.load('doc:kept')).updates).toEqual([bytes(4)]);
      expect(await storage.access.entries('kept')).toHaveLength(1);
    });
  });

  describe(`${backend} storage: accounts`, () => {
    it('keeps every field of a user', async () => {
      const { storage } = await open();
      const user = userRecord('u1', {
        party: 'S',
        isAdmin: true,
        mustChangePassword: true,
        isNamndsekreterare: true,
        title: 'Sekreterare',
      });
      await storage.accounts.createUser(user, 'hash-1');
      expect(await storage.accounts.getUser('u1')).toEqual(user);
      expect(await storage.accounts.findByEmail(user.email)).toEqual({ user, passwordHash: 'hash-1' });
      expect(await storage.accounts.getUser('nobody')).toBeUndefined();
    });

    it('finds a user by e-mail in any case, around spaces', async () => {
      const { storage } = await open();
      await storage.accounts.createUser(userRecord('u1', { email: 'Anna.Andersson@Kommun.se' }), 'hash');
      expect((await storage.accounts.findByEmail('anna.andersson@KOMMUN.SE'))?.user.id).toBe('u1');
      expect((await storage.accounts.findByEmail('  ANNA.andersson@kommun.se '))?.user.id).toBe('u1');
      expect(await storage.accounts.findByEmail('anna@kommun.se')).toBeUndefined();
    });

    it('refuses a second account with the same e-mail in another case', async () => {
      const { storage } = await open();
      await storage.accounts.createUser(userRecord('u1', { email: 'anna@kommun.se' }), 'hash');
      await expect(storage.accounts.createUser(userRecord('u2', { email: 'ANNA@kommun.se' }), 'hash')).rejects.toThrow();
      expect(await storage.accounts.getUser('u2')).toBeUndefined();
    });

    it('lists users by name', async () => {
      const { storage } = await open();
      await storage.accounts.createUser(userRecord('u1', { name: 'Cecilia' }), 'h');
      await storage.accounts.createUser(userRecord('u2', { name: 'Anna' }), 'h');
      await storage.accounts.createUser(userRecord('u3', { name: 'Bertil' }), 'h');
      expect((await storage.accounts.listUsers()).map((user) => user.name)).toEqual(['Anna', 'Bertil', 'Cecilia']);
    });

    it('updates the fields given and no others', async () => {
      const { storage } = await open();
      await storage.accounts.createUser(userRecord('u1'), 'h');
      expect(
        await storage.accounts.updateUser('u1', {
          email: 'ny@kommun.se',
          name: 'Nytt Namn',
          title: 'Chef',
          party: 'V',
          isAdmin: true,
          isNamndsekreterare: true,
          disabled: undefined,
        }),
      ).toBe('updated');
      expect(await storage.accounts.getUser('u1')).toEqual(
        userRecord('u1', { email: 'ny@kommun.se', name: 'Nytt Namn', title: 'Chef', party: 'V', isAdmin: true, isNamndsekreterare: true }),
      );
      await storage.accounts.createUser(userRecord('otherAdmin', { isAdmin: true }), 'h');
      await storage.accounts.updateUser('u1', { party: null, disabled: true });
      expect(await storage.accounts.getUser('u1')).toMatchObject({ party: null, disabled: true, isAdmin: true });
    });

    it('refuses, and changes nothing, when no enabled administrator would be left', async () => {
      const { storage } = await open();
      await storage.accounts.createUser(userRecord('admin', { isAdmin: true }), 'h');
      await storage.accounts.createUser(userRecord('disabledAdmin', { isAdmin: true, disabled: true }), 'h');
      expect(await storage.accounts.updateUser('admin', { isAdmin: false, name: 'Ändrat' })).toBe('noAdminLeft');
      expect(await storage.accounts.updateUser('admin', { disabled: true })).toBe('noAdminLeft');
      expect(await storage.accounts.getUser('admin')).toEqual(userRecord('admin', { isAdmin: true }));
      await storage.accounts.createUser(userRecord('second', { isAdmin: true }), 'h');
      expect(await storage.accounts.updateUser('admin', { isAdmin: false })).toBe('updated');
    });

    it('lets only one of two administrators demoting each other at once succeed', async () => {
      const { storage, reopen } = await open();
      const other = await reopen();
      await storage.accounts.createUser(userRecord('a', { isAdmin: true }), 'h');
      await storage.accounts.createUser(userRecord('b', { isAdmin: true }), 'h');
      const answers = await Promise.all([
        storage.accounts.updateUser('a', { isAdmin: false }),
        other.accounts.updateUser('b', { isAdmin: false }),
      ]);
      expect(answers.sort()).toEqual(['noAdminLeft', 'updated']);
      const admins = (await storage.accounts.listUsers()).filter((user) => user.isAdmin && !user.disabled);
      expect(admins).toHaveLength(1);
    });

    it('sets a password and whether it must be changed', async () => {
      const { storage } = await open();
      await storage.accounts.createUser(userRecord('u1'), 'old');
      await storage.accounts.setPassword('u1', 'new', true);
      const found = await storage.accounts.findByEmail('u1@kommun.se');
      expect(found?.passwordHash).toBe('new');
      expect(found?.user.mustChangePassword).toBe(true);
      await storage.accounts.setPassword('u1', 'newer', false);
      expect((await storage.accounts.getUser('u1'))?.mustChangePassword).toBe(false);
    });

    it('keeps groups by name, refuses a second group of the same name', async () => {
      const { storage } = await open();
      const groups: GroupRecord[] = [
        { id: 'g2', name: 'Socialnämnden', kind: 'namnd', party: null },
        { id: 'g1', name: 'M-gruppen', kind: 'parti', party: 'M' },
        { id: 'g3', name: 'Förvaltningen', kind: 'forvaltning', party: null },
      ];
      for (const group of groups) await storage.accounts.createGroup(group);
      expect(await storage.accounts.getGroup('g1')).toEqual(groups[1]);
      expect(await storage.accounts.getGroup('nope')).toBeUndefined();
      expect((await storage.accounts.listGroups()).map((group) => group.id)).toEqual(['g3', 'g1', 'g2']);
      await expect(storage.accounts.createGroup({ id: 'g4', name: 'M-gruppen', kind: 'parti', party: 'M' })).rejects.toThrow();
    });

    it('adds a member once however often asked, and removes them', async () => {
      const { storage } = await open();
      await storage.accounts.createUser(userRecord('u1'), 'h');
      await storage.accounts.createUser(userRecord('u2'), 'h');
      await storage.accounts.createGroup({ id: 'g1', name: 'B-gruppen', kind: 'parti', party: 'S' });
      await storage.accounts.createGroup({ id: 'g2', name: 'A-nämnden', kind: 'namnd', party: null });
      await storage.accounts.addMember('g1', 'u1');
      await storage.accounts.addMember('g1', 'u1');
      await storage.accounts.addMember('g1', 'u2');
      await storage.accounts.addMember('g2', 'u1');
      expect((await storage.accounts.membersOf('g1')).sort()).toEqual(['u1', 'u2']);
      expect((await storage.accounts.groupsOf('u1')).map((group) => group.id)).toEqual(['g2', 'g1']);
      await storage.accounts.removeMember('g1', 'u1');
      expect(await storage.accounts.membersOf('g1')).toEqual(['u2']);
      expect((await storage.accounts.groupsOf('u1')).map((group) => group.id)).toEqual(['g2']);
    });

    it('answers a session with its user until it expires or the user is disabled', async () => {
      const { storage } = await open();
      await storage.accounts.createUser(userRecord('u1'), 'h');
      await storage.accounts.createUser(userRecord('u2', { isAdmin: true }), 'h');
      await storage.accounts.createSession('t1', 'u1', '2999-01-01T00:00:00.000Z');
      expect((await storage.accounts.sessionUser('t1', '2998-12-31T23:59:59.999Z'))?.id).toBe('u1');
      expect(await storage.accounts.sessionUser('t1', '2999-01-01T00:00:00.000Z')).toBeUndefined();
      expect(await storage.accounts.sessionUser('unknown', '2026-01-01T00:00:00.000Z')).toBeUndefined();
      expect(await storage.accounts.sessionExpiresAt('t1')).toBe('2999-01-01T00:00:00.000Z');
      await storage.accounts.updateUser('u1', { disabled: true });
      expect(await storage.accounts.sessionUser('t1', '2026-01-01T00:00:00.000Z')).toBeUndefined();
    });

    it('ends a session that was idle since a time, counting from its last use', async () => {
      const { storage } = await open();
      await storage.accounts.createUser(userRecord('u1'), 'h');
      const before = new Date(Date.now() - 60_000).toISOString();
      await storage.accounts.createSession('t1', 'u1', '2999-01-01T00:00:00.000Z');
      const now = new Date().toISOString();
      // Never used since it was made: idle from its creation.
      expect((await storage.accounts.sessionUser('t1', now, before))?.id).toBe('u1');
      expect(await storage.accounts.sessionUser('t1', now, '2990-01-01T00:00:00.000Z')).toBeUndefined();
      await storage.accounts.touchSession('t1', '2990-06-01T00:00:00.000Z');
      expect((await storage.accounts.sessionUser('t1', now, '2990-01-01T00:00:00.000Z'))?.id).toBe('u1');
      expect(await storage.accounts.sessionUser('t1', now, '2990-07-01T00:00:00.000Z')).toBeUndefined();
    });

    it('deletes one session, or every session of a user', async () => {
      const { storage } = await open();
      await storage.accounts.createUser(userRecord('u1'), 'h');
      await storage.accounts.createUser(userRecord('u2'), 'h');
      for (const [token, user] of [
        ['t1', 'u1'],
        ['t2', 'u1'],
        ['t3', 'u1'],
        ['t4', 'u2'],
      ] as const)
        await storage.accounts.createSession(token, user, '2999-01-01T00:00:00.000Z');
      const now = '2026-01-01T00:00:00.000Z';
      await storage.accounts.deleteSession('t1');
      expect(await storage.accounts.sessionUser('t1', now)).toBeUndefined();
      expect(await storage.accounts.sessionExpiresAt('t1')).toBeUndefined();
      expect((await storage.accounts.sessionUser('t2', now))?.id).toBe('u1');
      await storage.accounts.deleteSessionsOf('u1');
      expect(await storage.accounts.sessionUser('t2', now)).toBeUndefined();
      expect(await storage.accounts.sessionUser('t3', now)).toBeUndefined();
      expect((await storage.accounts.sessionUser('t4', now))?.id).toBe('u2');
    });
  });

  describe(`${backend} storage: access`, () => {
    it('replaces a document’s entries and lists them by principal', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'd1');
      await storage.access.replaceEntries('d1', [
        { principalType: 'user', principalId: 'u2', role: 'suggester' },
        { principalType: 'user', principalId: 'u1', role: 'owner' },
        { principalType: 'group', principalId: 'g1', role: 'reader' },
      ]);
      expect(await storage.access.entries('d1')).toEqual([
        { principalType: 'group', principalId: 'g1', role: 'reader' },
        { principalType: 'user', principalId: 'u1', role: 'owner' },
        { principalType: 'user', principalId: 'u2', role: 'suggester' },
      ]);
      await storage.access.replaceEntries('d1', [{ principalType: 'user', principalId: 'u3', role: 'commenter' }]);
      expect(await storage.access.entries('d1')).toEqual([{ principalType: 'user', principalId: 'u3', role: 'commenter' }]);
      expect(await storage.access.entries('other')).toEqual([]);
    });

    it('accepts each of the roles and refuses another', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'd1');
      const roles = ['owner', 'editor', 'suggester', 'commenter', 'reader'] as const;
      await storage.access.replaceEntries(
        'd1',
        roles.map((role) => ({ principalType: 'user' as const, principalId: role, role })),
      );
      expect((await storage.access.entries('d1')).map((entry) => entry.role).sort()).toEqual([...roles].sort());
      const bad = { principalType: 'user' as const, principalId: 'x', role: 'admin' as never };
      await expect(storage.access.replaceEntries('d1', [bad])).rejects.toThrow();
    });

    it('keeps the old entries when a replacement fails part way', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'd1');
      const before = [{ principalType: 'user' as const, principalId: 'u1', role: 'owner' as const }];
      await storage.access.replaceEntries('d1', before);
      await expect(
        storage.access.replaceEntries('d1', [
          { principalType: 'user', principalId: 'u2', role: 'editor' },
          { principalType: 'user', principalId: 'u2', role: 'reader' },
        ]),
      ).rejects.toThrow();
      expect(await storage.access.entries('d1')).toEqual(before);
    });

    it('reads the entries of many documents at once, an empty list for those without', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'd1', 'd2');
      await storage.access.replaceEntries('d1', [
        { principalType: 'user', principalId: 'u1', role: 'owner' },
        { principalType: 'group', principalId: 'g1', role: 'editor' },
      ]);
      await storage.access.replaceEntries('d2', [{ principalType: 'user', principalId: 'u2', role: 'owner' }]);
      // More ids than SQLite binds in one statement's slice.
      const ids = ['d1', ...Array.from({ length: 1200 }, (_, index) => `none${index}`), 'd2'];
      const found = await storage.access.entriesOf(ids);
      expect(found.size).toBe(ids.length);
      expect(found.get('none7')).toEqual([]);
      expect(found.get('d1')?.sort((a, b) => a.principalId.localeCompare(b.principalId))).toEqual([
        { principalType: 'group', principalId: 'g1', role: 'editor' },
        { principalType: 'user', principalId: 'u1', role: 'owner' },
      ]);
      expect(found.get('d2')).toEqual([{ principalType: 'user', principalId: 'u2', role: 'owner' }]);
      expect((await storage.access.entriesOf([])).size).toBe(0);
    });

    it('finds the documents of a user, directly or through a group, each once', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'd1', 'd2', 'd3', 'd4');
      await storage.access.replaceEntries('d1', [{ principalType: 'user', principalId: 'u1', role: 'owner' }]);
      await storage.access.replaceEntries('d2', [
        { principalType: 'user', principalId: 'u1', role: 'reader' },
        { principalType: 'group', principalId: 'g1', role: 'editor' },
      ]);
      await storage.access.replaceEntries('d3', [{ principalType: 'group', principalId: 'g2', role: 'reader' }]);
      // A group whose id equals the user's must not count as the user.
      await storage.access.replaceEntries('d4', [{ principalType: 'group', principalId: 'u1', role: 'reader' }]);
      expect((await storage.access.documentIdsFor('u1', ['g1', 'g2'])).sort()).toEqual(['d1', 'd2', 'd3']);
      expect((await storage.access.documentIdsFor('u1', [])).sort()).toEqual(['d1', 'd2']);
      expect(await storage.access.documentIdsFor('u9', ['g9'])).toEqual([]);
    });
  });

  describe(`${backend} storage: audit`, () => {
    it('appends events with growing ids and lists a document’s newest first, with its subjects', async () => {
      const { storage } = await open();
      const at = '2026-01-01T10:00:00.000Z';
      const ids = await storage.audit.append([
        { documentId: 'd1', at, userId: 'u1', action: 'opened', detail: { via: 'länk', n: 1, nested: { ok: true } } },
        { documentId: 'd2', at, userId: 'u1', action: 'opened', detail: {} },
        { documentId: '', subject: 'group:g1', at, userId: null, action: 'member_added', detail: { userId: 'u2' } },
      ]);
      expect(ids).toHaveLength(3);
      expect(ids[1]! > ids[0]! && ids[2]! > ids[1]!).toBe(true);
      const [later] = await storage.audit.append([
        { documentId: 'd1', at, userId: 'u2', action: 'edited', detail: { section: 'arendet' } },
      ]);
      expect(later! > ids[2]!).toBe(true);

      expect((await storage.audit.list('d1', 10)).map((event) => event.action)).toEqual(['edited', 'opened']);
      const withGroup = await storage.audit.list('d1', 10, ['group:g1']);
      expect(withGroup.map((event) => event.id)).toEqual([later, ids[2], ids[0]]);
      expect(withGroup[2]).toEqual({
        id: ids[0],
        documentId: 'd1',
        subject: null,
        at,
        userId: 'u1',
        action: 'opened',
        detail: { via: 'länk', n: 1, nested: { ok: true } },
      });
      expect((await storage.audit.list('d1', 1)).map((event) => event.id)).toEqual([later]);
      // Events about something else are never a document's just because its id is ''.
      expect(await storage.audit.list('', 10)).toEqual([]);
    });

    it('lists the events that are not about one document, newest first', async () => {
      const { storage } = await open();
      const at = '2026-01-01T10:00:00.000Z';
      await storage.audit.append([
        { documentId: '', subject: 'user:u1', at, userId: 'admin', action: 'user_changed', detail: {} },
        { documentId: 'd1', at, userId: 'u1', action: 'opened', detail: {} },
        { documentId: '', subject: 'admins', at, userId: 'admin', action: 'settings', detail: {} },
      ]);
      expect((await storage.audit.listAbout(10)).map((event) => event.subject)).toEqual(['admins', 'user:u1']);
      expect(await storage.audit.listAbout(1)).toHaveLength(1);
      expect(await storage.audit.append([])).toEqual([]);
    });
  });

  describe(`${backend} storage: workflow`, () => {
    it('changes the status and records each transition, in order', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'd1', 'd2');
      const first = {
        documentId: 'd1',
        at: '2026-01-02T00:00:00.000Z',
        userId: 'u1',
        from: 'utkast',
        to: 'granskning',
        reason: null,
      } as const;
      const second = {
        documentId: 'd1',
        at: '2026-01-01T00:00:00.000Z',
        userId: null,
        from: 'granskning',
        to: 'utkast',
        reason: 'Fel',
      } as const;
      expect(await storage.workflow.changeStatus(first)).toBe('changed');
      expect(await storage.documents.get('d1')).toMatchObject({ status: 'granskning', updatedAt: first.at });
      expect(await storage.workflow.changeStatus(second)).toBe('changed');
      expect(await storage.workflow.transitions('d1')).toEqual([first, second]);
      expect(await storage.documents.get('d1')).toMatchObject({ status: 'utkast', updatedAt: second.at });
      expect(await storage.workflow.transitions('d2')).toEqual([]);
    });

    it('refuses a status change from a status the document no longer has, and changes nothing', async () => {
      const { storage, reopen } = await open();
      await withDocuments(storage, 'd1');
      const transition = (from: 'utkast' | 'granskning', to: 'granskning' | 'klar_for_au' | 'utkast', at: string) =>
        ({ documentId: 'd1', at, userId: 'u1', from, to, reason: null }) as const;
      const won = transition('utkast', 'granskning', '2026-01-02T00:00:00.000Z');
      expect(await storage.workflow.changeStatus(won)).toBe('changed');
      // Two decided from utkast; the first changed it, so the second is stale, whatever it wants.
      expect(await storage.workflow.changeStatus(transition('utkast', 'granskning', '2026-01-03T00:00:00.000Z'))).toBe('stale');
      expect(await storage.workflow.changeStatus(transition('utkast', 'klar_for_au', '2026-01-03T00:00:00.000Z'))).toBe('stale');
      expect(await storage.documents.get('d1')).toMatchObject({ status: 'granskning', updatedAt: won.at });
      expect(await storage.workflow.transitions('d1')).toEqual([won]);
      // From another connection (another instance) as well.
      const other = await reopen();
      expect(await other.workflow.changeStatus(transition('utkast', 'utkast', '2026-01-04T00:00:00.000Z'))).toBe('stale');
      expect(await other.workflow.changeStatus(transition('granskning', 'utkast', '2026-01-04T00:00:00.000Z'))).toBe('changed');
      expect(await storage.workflow.changeStatus(transition('granskning', 'klar_for_au', '2026-01-05T00:00:00.000Z'))).toBe('stale');
      expect((await storage.documents.get('d1'))?.status).toBe('utkast');
      expect(await storage.workflow.transitions('d1')).toHaveLength(2);
    });

    it('answers stale for a status change of a document that does not exist, and records nothing', async () => {
      const { storage } = await open();
      const ghost = {
        documentId: 'nope',
        at: '2026-01-02T00:00:00.000Z',
        userId: null,
        from: 'utkast',
        to: 'granskning',
        reason: null,
      } as const;
      expect(await storage.workflow.changeStatus(ghost)).toBe('stale');
      expect(await storage.workflow.transitions('nope')).toEqual([]);
    });

    it('saves versions with their state, in time order, and refuses a second name in one document', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'd1', 'd2');
      await storage.accounts.createUser(userRecord('u1', { name: 'Nu Heter Jag' }), 'h');
      const late = versionRecord('v1', 'd1', {
        createdAt: '2026-02-02T00:00:00.000Z',
        origin: 'statusbyte',
        originDetail: 'utkast→granskning',
      });
      const early = versionRecord('v2', 'd1', { createdAt: '2026-02-01T00:00:00.000Z', createdBy: 'u1', authorName: null });
      const sameTime = versionRecord('v0', 'd1', { createdAt: '2026-02-01T00:00:00.000Z' });
      expect(await storage.workflow.saveVersion(late, 'a', bytes(1, 2, 3))).toBe('saved');
      expect(await storage.workflow.saveVersion(early, 'b', bytes(4))).toBe('saved');
      expect(await storage.workflow.saveVersion(sameTime, 'c', bytes(5))).toBe('saved');
      expect(await storage.workflow.saveVersion(versionRecord('v3', 'd1'), 'a', bytes(6))).toBe('duplicateName');
      expect(await storage.workflow.saveVersion(versionRecord('v4', 'd2'), 'a', bytes(7))).toBe('saved');
      // Same time: the one saved first comes first. A version without a kept author name takes
      // the name its author's account has now.
      expect(await storage.workflow.versions('d1')).toEqual([{ ...early, authorName: 'Nu Heter Jag' }, sameTime, late]);
      expect(await storage.workflow.versionState('d1', 'v1')).toEqual({ version: late, state: bytes(1, 2, 3) });
      expect(await storage.workflow.versionState('d2', 'v1')).toBeUndefined();
      expect(await storage.workflow.versionState('d1', 'v3')).toBeUndefined();
    });

    it('lists bilagor in the order they were filed, a repeated link ignored', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'main', 'zeta', 'alfa', 'mitt');
      await storage.accounts.createGroup({ id: 'g1', name: 'M-gruppen', kind: 'parti', party: 'M' });
      await storage.workflow.link('main', 'zeta', 'g1');
      await storage.workflow.link('main', 'alfa');
      await storage.workflow.link('main', 'mitt', null);
      await storage.workflow.link('main', 'zeta', null);
      expect(await storage.workflow.bilagorOf('main')).toEqual(['zeta', 'alfa', 'mitt']);
      expect(await storage.workflow.mainOf('alfa')).toBe('main');
      expect(await storage.workflow.mainOf('main')).toBeUndefined();
      expect(await storage.workflow.bilagaSigning('zeta')).toEqual({ partyGroup: 'g1', attested: [] });
      expect(await storage.workflow.bilagaSigning('alfa')).toEqual({ partyGroup: null, attested: [] });
      expect(await storage.workflow.bilagaSigning('main')).toBeUndefined();
      const signers = [{ name: 'Anna Andersson', title: 'Ledamot', party: 'M' }, { name: 'Bo Berg' }];
      await storage.workflow.setAttestedSigners('zeta', signers);
      expect(await storage.workflow.bilagaSigning('zeta')).toEqual({ partyGroup: 'g1', attested: signers });
    });

    it('withdraws a bilaga once: still linked to its main document, no longer among its bilagor', async () => {
      const { storage } = await open();
      await withDocuments(storage, 'main', 'b1', 'b2');
      await storage.workflow.link('main', 'b1');
      await storage.workflow.link('main', 'b2');
      expect(await storage.workflow.withdrawnAt('b1')).toBeUndefined();
      expect(await storage.workflow.withdrawBilaga('b1', '2026-04-01T00:00:00.000Z')).toBe(true);
      expect(await storage.workflow.withdrawBilaga('b1', '2026-04-02T00:00:00.000Z')).toBe(false);
      expect(await storage.workflow.withdrawBilaga('main', '2026-04-02T00:00:00.000Z')).toBe(false);
      expect(await storage.workflow.withdrawnAt('b1')).toBe('2026-04-01T00:00:00.000Z');
      expect(await storage.workflow.bilagorOf('main')).toEqual(['b2']);
      expect(await storage.workflow.mainOf('b1')).toBe('main');
    });

    it('invites a co-signer once, records the answer and what confirming granted', async () => {
      const { storage } = await open();
      await storage.workflow.inviteCosigner('b1', 'u2', 'u1', '2026-01-02T00:00:00.000Z');
      await storage.workflow.inviteCosigner('b1', 'u2', 'u9', '2026-01-09T00:00:00.000Z');
      await storage.workflow.inviteCosigner('b1', 'u1', 'u3', '2026-01-02T00:00:00.000Z');
      await storage.workflow.inviteCosigner('b1', 'u0', 'u3', '2026-01-03T00:00:00.000Z');
      expect(await storage.workflow.answerInvitation('b1', 'u2', 'bekraftad', '2026-01-04T00:00:00.000Z')).toBe(true);
      expect(await storage.workflow.answerInvitation('b1', 'u7', 'avbojd', '2026-01-04T00:00:00.000Z')).toBe(false);
      await storage.workflow.recordConfirmation('b1', 'u2', { accessAdded: true, roleBefore: 'reader', signedName: 'Bo Berg' });
      expect(await storage.workflow.cosignersOf('b1')).toEqual([
        {
          bilagaId: 'b1',
          userId: 'u1',
          state: 'inbjuden',
          invitedBy: 'u3',
          invitedAt: '2026-01-02T00:00:00.000Z',
          answeredAt: null,
          accessAdded: false,
          roleBefore: null,
          signedName: null,
        },
        {
          bilagaId: 'b1',
          userId: 'u2',
          state: 'bekraftad',
          invitedBy: 'u1',
          invitedAt: '2026-01-02T00:00:00.000Z',
          answeredAt: '2026-01-04T00:00:00.000Z',
          accessAdded: true,
          roleBefore: 'reader',
          signedName: 'Bo Berg',
        },
        expect.objectContaining({ userId: 'u0', state: 'inbjuden' }),
      ]);
      expect(await storage.workflow.cosignersOf('b2')).toEqual([]);
    });

    it('keeps ärenden, newest first, changes only what is given and refuses a second diarienummer', async () => {
      const { storage } = await open();
      const first = {
        id: 'a1',
        diarienummer: 'KS 2026/1',
        arendemening: 'Budget',
        namnd: 'Kommunstyrelsen',
        handlaggare: 'u1',
        beslutsplanering: [{ organ: 'KS AU', date: '2026-05-01' }],
        createdAt: '2026-01-01T00:00:00.000Z',
        createdBy: 'u1',
      };
      const second = {
        ...first,
        id: 'a2',
        diarienummer: 'KS 2026/2',
        handlaggare: null,
        beslutsplanering: [],
        createdAt: '2026-01-02T00:00:00.000Z',
      };
      await storage.workflow.createArende(first);
      await storage.workflow.createArende(second);
      expect(await storage.workflow.arende('a1')).toEqual(first);
      expect(await storage.workflow.arende('nope')).toBeUndefined();
      expect((await storage.workflow.arenden()).map((arende) => arende.id)).toEqual(['a2', 'a1']);
      await expect(storage.workflow.createArende({ ...first, id: 'a3' })).rejects.toThrow();
      await storage.workflow.updateArende('a1', { arendemening: 'Budget 2027', beslutsplanering: [{ organ: 'KF', date: '2026-06-01' }] });
      expect(await storage.workflow.arende('a1')).toEqual({
        ...first,
        arendemening: 'Budget 2027',
        beslutsplanering: [{ organ: 'KF', date: '2026-06-01' }],
      });
      await storage.workflow.updateArende('a1', { handlaggare: null });
      expect((await storage.workflow.arende('a1'))?.handlaggare).toBeNull();
    });

    it('files documents under an ärende and takes them out again', async () => {
      const { storage } = await open();
      await storage.documents.create(documentRecord('late', { createdAt: '2026-01-03T00:00:00.000Z' }), 'doc:late', bytes(1));
      await storage.documents.create(documentRecord('early', { createdAt: '2026-01-01T00:00:00.000Z' }), 'doc:early', bytes(1));
      await storage.workflow.createArende({
        id: 'a1',
        diarienummer: 'KS 2026/1',
        arendemening: 'Budget',
        namnd: '',
        handlaggare: null,
        beslutsplanering: [],
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      expect((await storage.workflow.arende('a1'))?.createdBy).toBeNull();
      await storage.workflow.setDocumentArende('late', 'a1');
      await storage.workflow.setDocumentArende('early', 'a1');
      expect(await storage.workflow.documentsOfArende('a1')).toEqual(['early', 'late']);
      expect(await storage.workflow.arendeOfDocument('late')).toBe('a1');
      expect((await storage.documents.get('late'))?.arendeId).toBe('a1');
      await storage.workflow.setDocumentArende('late', null);
      expect(await storage.workflow.arendeOfDocument('late')).toBeUndefined();
      expect(await storage.workflow.arendeOfDocument('nope')).toBeUndefined();
      expect(await storage.workflow.documentsOfArende('a1')).toEqual(['early']);
    });
  });

  describe(`${backend} storage: template packs`, () => {
    it('saves each pack version once and lists them oldest first', async () => {
      const { storage } = await open();
      const version = (packId: string, number: number, createdAt: string) => ({
        packId,
        version: number,
        definition: JSON.stringify({ id: packId, version: number, namn: 'Malmö stad' }),
        createdAt,
        createdBy: number === 1 ? null : 'u1',
      });
      expect(await storage.templates.saveVersion(version('malmo', 2, '2026-01-02T00:00:00.000Z'))).toBe('saved');
      expect(await storage.templates.saveVersion(version('malmo', 1, '2026-01-01T00:00:00.000Z'))).toBe('saved');
      expect(await storage.templates.saveVersion(version('allman', 1, '2026-01-01T00:00:00.000Z'))).toBe('saved');
      expect(await storage.templates.saveVersion({ ...version('malmo', 2, '2026-01-05T00:00:00.000Z'), definition: '{}' })).toBe('exists');
      expect(await storage.templates.versions()).toEqual([
        version('allman', 1, '2026-01-01T00:00:00.000Z'),
        version('malmo', 1, '2026-01-01T00:00:00.000Z'),
        version('malmo', 2, '2026-01-02T00:00:00.000Z'),
      ]);
    });

    it('keeps organisation settings, the last value written winning', async () => {
      const { storage } = await open();
      expect(await storage.templates.setting('activePack')).toBeUndefined();
      await storage.templates.setSetting('activePack', 'malmo');
      await storage.templates.setSetting('activePack', 'stockholm');
      await storage.templates.setSetting('other', '');
      expect(await storage.templates.setting('activePack')).toBe('stockholm');
      expect(await storage.templates.setting('other')).toBe('');
    });
  });

  describe(`${backend} storage: external sign-in`, () => {
    it('links an identity to a user, moves it on a new link and lists a user’s links', async () => {
      const { storage } = await open();
      await storage.accounts.createUser(userRecord('u1'), 'h');
      await storage.accounts.createUser(userRecord('u2'), 'h');
      const at = '2026-01-01T00:00:00.000Z';
      await storage.identities.link({ issuer: 'https://idp.kommun.se', subject: 'abc', userId: 'u1' }, at);
      await storage.identities.link({ issuer: 'https://adfs.kommun.se', subject: 'xyz', userId: 'u1' }, at);
      expect(await storage.identities.userOf('https://idp.kommun.se', 'abc')).toBe('u1');
      expect(await storage.identities.userOf('https://idp.kommun.se', 'ABC')).toBeUndefined();
      expect(await storage.identities.linksOf('u1')).toEqual([
        { issuer: 'https://adfs.kommun.se', subject: 'xyz', userId: 'u1' },
        { issuer: 'https://idp.kommun.se', subject: 'abc', userId: 'u1' },
      ]);
      await storage.identities.link({ issuer: 'https://idp.kommun.se', subject: 'abc', userId: 'u2' }, at);
      await storage.identities.touch('https://idp.kommun.se', 'abc', '2026-01-02T00:00:00.000Z');
      expect(await storage.identities.userOf('https://idp.kommun.se', 'abc')).toBe('u2');
      expect(await storage.identities.linksOf('u1')).toHaveLength(1);
    });

    it('gives a pending sign-in out once, and not after it expired', async () => {
      const { storage } = await open();
      await storage.identities.savePending('k1', '{"state":"s"}', '2999-01-01T00:00:00.000Z');
      await storage.identities.savePending('k2', 'v2', '2999-01-01T00:00:00.000Z');
      const now = '2026-01-01T00:00:00.000Z';
      const answers = await Promise.all([storage.identities.takePending('k1', now), storage.identities.takePending('k1', now)]);
      expect(answers.filter((answer) => answer !== undefined)).toEqual(['{"state":"s"}']);
      expect(await storage.identities.readPending('k2', now)).toBe('v2');
      expect(await storage.identities.readPending('k2', now)).toBe('v2');
      expect(await storage.identities.readPending('k2', '2999-01-01T00:00:00.000Z')).toBeUndefined();
      expect(await storage.identities.takePending('k2', '2999-01-01T00:00:00.000Z')).toBeUndefined();
      expect(await storage.identities.readPending('k1', now)).toBeUndefined();
      expect(await storage.identities.takePending('unknown', now)).toBeUndefined();
    });

    it('accepts a SAML assertion once until it expires', async () => {
      const { storage } = await open();
      const expires = '2026-01-01T00:05:00.000Z';
      expect(await storage.identities.useAssertionOnce('idp', 'id1', expires, '2026-01-01T00:00:00.000Z')).toBe(true);
      expect(await storage.identities.useAssertionOnce('idp', 'id1', expires, '2026-01-01T00:01:00.000Z')).toBe(false);
      expect(await storage.identities.useAssertionOnce('other', 'id1', expires, '2026-01-01T00:01:00.000Z')).toBe(true);
      expect(await storage.identities.useAssertionOnce('idp', 'id1', expires, '2026-01-01T00:06:00.000Z')).toBe(true);
    });
  });

  describe(`${backend} storage: notifications`, () => {
    const note = (id: string, userId: string, createdAt: string) => ({
      id,
      userId,
      kind: 'mention' as const,
      documentId: 'd1',
      threadId: 't1',
      actorId: 'u9',
      actorName: 'Anna',
      text: `text ${id}`,
      createdAt,
      readAt: null,
      mailedAt: null,
    });
    it('keeps notifications per person, counts unread, marks read and survives a reopen', async () => {
      const { storage, reopen } = await open();
      await storage.notifications.add([note('n1', 'u1', '2026-01-01T00:00:00.000Z'), note('n2', 'u1', '2026-01-01T00:01:00.000Z')]);
      await storage.notifications.add([note('n3', 'u2', '2026-01-01T00:02:00.000Z'), note('n1', 'u1', '2026-01-01T00:00:00.000Z')]);
      expect((await storage.notifications.list('u1', 10)).map((n) => n.id)).toEqual(['n2', 'n1']);
      expect(await storage.notifications.list('u1', 1)).toEqual([note('n2', 'u1', '2026-01-01T00:01:00.000Z')]);
      expect(await storage.notifications.unreadCount('u1')).toBe(2);
      expect(await storage.notifications.markRead('u1', ['n1', 'n3'], '2026-01-01T01:00:00.000Z')).toBe(1);
      expect(await storage.notifications.unreadCount('u1')).toBe(1);
      expect(await storage.notifications.unreadCount('u2')).toBe(1);
      expect(await storage.notifications.markRead('u1', null, '2026-01-01T02:00:00.000Z')).toBe(1);
      const again = await reopen();
      expect(await again.notifications.unreadCount('u1')).toBe(0);
      expect((await again.notifications.list('u1', 10)).map((n) => n.readAt)).toEqual([
        '2026-01-01T02:00:00.000Z',
        '2026-01-01T01:00:00.000Z',
      ]);
    });
    it('lists unread unmailed notifications oldest first, marks them mailed and keeps each person’s mail setting', async () => {
      const { storage } = await open();
      await storage.notifications.add([note('n2', 'u1', '2026-01-01T00:01:00.000Z'), note('n1', 'u2', '2026-01-01T00:00:00.000Z')]);
      await storage.notifications.add([note('n3', 'u1', '2026-01-01T00:02:00.000Z')]);
      await storage.notifications.markRead('u1', ['n3'], '2026-01-01T00:03:00.000Z');
      expect((await storage.notifications.unmailed(10)).map((n) => n.id)).toEqual(['n1', 'n2']);
      expect(await storage.notifications.lastMailedAt('u1')).toBeUndefined();
      await storage.notifications.markMailed(['n2'], '2026-01-01T00:05:00.000Z');
      expect((await storage.notifications.unmailed(10)).map((n) => n.id)).toEqual(['n1']);
      expect(await storage.notifications.lastMailedAt('u1')).toBe('2026-01-01T00:05:00.000Z');
      expect(await storage.notifications.mailMode('u1')).toBeUndefined();
      await storage.notifications.setMailMode('u1', 'off');
      await storage.notifications.setMailMode('u1', 'batched');
      expect(await storage.notifications.mailMode('u1')).toBe('batched');
      expect(await storage.notifications.mailMode('u2')).toBeUndefined();
    });
  });
}
