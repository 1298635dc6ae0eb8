import { afterEach, describe, expect, it } from 'vitest';
import { MAX_TITLE_LENGTH, readFields, writeField } from '../../shared/doc/headerFields';
import type { Person as SignerPerson } from '../../shared/model';
import { connectClient, waitSynced, type TestClient } from '../helpers/clients';
import { addToGroup, createGroup, createPerson, share, type Person } from '../helpers/people';
import { readSeed } from '../helpers/seeds';
import { api, startTestServer, wsUrl, type TestServer } from '../helpers/server';

describe('linked bilagor', () => {
  const clients: TestClient[] = [];
  const servers: TestServer[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  /**
   * The seed yttrande ASN-2023-13451, with two Moderates and a Vänsterpartist (each in their party
   * group) and the chair (no party group: he signs as ordförande, not for a party) who may comment on it.
   */
  const setUp = async () => {
    const server = await startTestServer();
    servers.push(server);
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    const farishta = await createPerson(server, 'Farishta Sulaiman', { party: 'M' });
    const marek = await createPerson(server, 'Marek Lakatos', { party: 'V' });
    const sedat = await createPerson(server, 'Sedat Arif', { party: 'S' });
    for (const person of [kerstin, farishta]) await addToGroup(server, moderaterna, person.id);
    const vansterpartiet = await createGroup(server, 'Vänsterpartiet', 'parti', 'V');
    await addToGroup(server, vansterpartiet, marek.id);
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: readSeed('yttrande-asn-2023-13451'),
    });
    const mainId = ((await response.json()) as { id: string }).id;
    await share(
      server,
      server.adminToken,
      mainId,
      [kerstin, farishta, marek, sedat].map((person) => ({ principalType: 'user' as const, principalId: person.id, role: 'commenter' })),
    );
    // All four sit on the nämnd the seed belongs to: only its ledamöter and ersättare file bilagor (issue 16).
    const namnd = await createGroup(server, 'Arbetsmarknads- och socialnämnden', 'namnd');
    for (const person of [kerstin, farishta, marek, sedat]) await addToGroup(server, namnd, person.id);
    return { server, mainId, kerstin, farishta, marek, sedat, moderaterna, vansterpartiet };
  };
  const newBilaga = (server: TestServer, token: string, mainId: string, body: Record<string, unknown>) =>
    api<{ id?: string; error?: string }>(server, token, 'POST', `/api/documents/${mainId}/bilagor`, body);
  const closingLines = async (server: TestServer, mainId: string) =>
    (await api<{ closingLines: string[] }>(server, server.adminToken, 'GET', `/api/documents/${mainId}/bilagor`)).body.closingLines;
  const justera = async (server: TestServer, id: string) => {
    for (const status of ['granskning', 'klar_for_au', 'behandlad', 'justerad']) {
      const answer = await api(server, server.adminToken, 'POST', `/api/documents/${id}/status`, { status });
      expect(answer.status, `to ${status}: ${JSON.stringify(answer.body)}`).toBe(200);
    }
  };

  it("fills the bilaga's header from the main document and the sammanträde given", async () => {
    const { server, mainId, kerstin, farishta } = await setUp();
    const created = await newBilaga(server, kerstin.token, mainId, {
      type: 'sarskilt_yttrande',
      cosigners: [farishta.id],
      sammantradesdatum: '2023-09-27',
      paragraf: '§ 195',
    });
    expect(created.status).toBe(201);
    const main = await api<{ fields: Record<string, unknown> }>(server, server.adminToken, 'GET', `/api/documents/${mainId}`);
    const bilaga = await api<{ type: string; fields: Record<string, unknown> }>(
      server,
      kerstin.token,
      'GET',
      `/api/documents/${created.body.id}`,
    );
    expect(bilaga.body.type).toBe('sarskilt_yttrande');
    expect(bilaga.body.fields).toMatchObject({
      namnd: main.body.fields.namnd,
      diarienummer: main.body.fields.diarienummer,
      arendemening: main.body.fields.remissTitel,
      sammantradesdatum: '2023-09-27',
      paragraf: '§ 195',
      undertecknare: [
        { name: 'Kerstin Håkansson', party: 'M' },
        { name: 'Farishta Sulaiman', party: 'M' },
      ],
    });
    expect(String(main.body.fields.diarienummer)).toBe('ASN-2023-13451');
  });

  it("keeps a party member's bilaga private to the party group, with the named co-signers as editors", async () => {
    const { server, mainId, kerstin, farishta, marek, sedat } = await setUp();
    const { body } = await newBilaga(server, kerstin.token, mainId, { type: 'reservation', cosigners: [farishta.id] });
    const role = async (person: Person) => {
      const answer = await api<{ role?: string }>(server, person.token, 'GET', `/api/documents/${body.id}`);
      return answer.status === 200 ? answer.body.role : answer.status;
    };
    expect(await role(kerstin)).toBe('owner');
    expect(await role(farishta)).toBe('editor');
    expect(await role(marek)).toBe(404);
    expect(await role(sedat)).toBe(404);
  });

  it('refuses a bilaga from a reader, to a bilaga, or to a justerad document', async () => {
    const { server, mainId, kerstin } = await setUp();
    const reader = await createPerson(server, 'Rut Läsare');
    await share(server, server.adminToken, mainId, [{ principalType: 'user', principalId: reader.id, role: 'reader' }]);
    expect((await newBilaga(server, reader.token, mainId, { type: 'reservation', cosigners: [] })).status).toBe(403);

    const first = await newBilaga(server, kerstin.token, mainId, { type: 'reservation', cosigners: [] });
    const onBilaga = await newBilaga(server, kerstin.token, first.body.id!, { type: 'reservation', cosigners: [] });
    expect(onBilaga.status).toBe(400);
    expect(onBilaga.body.error).toMatch(/huvuddokumentet/);

    await justera(server, mainId);
    const late = await newBilaga(server, kerstin.token, mainId, { type: 'sarskilt_yttrande', cosigners: [] });
    expect(late.status).toBe(423);
    expect(late.body.error).toMatch(/före justering/);
  });

  it('leaves the closing lines of a justerad document as they were justerade when a signatory is added later', async () => {
    const { server, mainId, kerstin, farishta } = await setUp();
    const reservation = await newBilaga(server, kerstin.token, mainId, { type: 'reservation', cosigners: [] });
    const justerade = ['Kerstin Håkansson (M) avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.'];
    expect(await closingLines(server, mainId)).toEqual(justerade);
    await justera(server, mainId);

    const client = connectClient(wsUrl(server), reservation.body.id!, { token: kerstin.token });
    clients.push(client);
    await waitSynced(client);
    const signers = readFields(client.doc).undertecknare as SignerPerson[];
    writeField(client.doc, { key: 'undertecknare', kind: 'persons' }, [...signers, { name: farishta.name, party: 'M' }]);
    // The refresh runs 300 ms after the bilaga's change is stored: give it time to (not) happen.
    await new Promise((resolve) => setTimeout(resolve, 900));
    const announced = (
      await api<{ bilagor: Array<{ persons: SignerPerson[] }> }>(server, server.adminToken, 'GET', `/api/documents/${mainId}/bilagor`)
    ).body.bilagor;
    expect(announced[0]!.persons.map((person) => person.name)).toEqual(['Kerstin Håkansson', 'Farishta Sulaiman']);
    expect(await closingLines(server, mainId)).toEqual(justerade);
  });

  it('refuses a bilaga from a commenter outside every party group, and co-signers outside every party group', async () => {
    const { server, mainId, kerstin, sedat } = await setUp();
    const official = await createPerson(server, 'Olle Tjänsteman');
    await share(server, server.adminToken, mainId, [{ principalType: 'user', principalId: official.id, role: 'commenter' }]);
    const fromOfficial = await newBilaga(server, official.token, mainId, { type: 'reservation', cosigners: [] });
    expect(fromOfficial.status).toBe(403);
    expect(fromOfficial.body.error).toMatch(/partigrupp/);
    // Neither the chair (as an official he is in no party group) nor a förvaltning official can be put on a reservation.
    for (const other of [sedat, official]) {
      const forged = await newBilaga(server, kerstin.token, mainId, { type: 'reservation', cosigners: [other.id] });
      expect(forged.status).toBe(403);
      expect(forged.body.error).toMatch(new RegExp(`partigrupp; ${other.name} är inte det`));
    }
    const madeUp = await newBilaga(server, kerstin.token, mainId, { type: 'reservation', cosigners: ['no-such-user'] });
    expect(madeUp.status).toBe(400);
    expect(await closingLines(server, mainId)).toEqual([]);
  });

  it('refuses to invite a member of another party group who cannot read the main document', async () => {
    const { server, mainId, kerstin } = await setUp();
    const outsider = await createPerson(server, 'Sven Utanför', { party: 'SD' });
    await addToGroup(server, await createGroup(server, 'Sverigedemokraterna', 'parti', 'SD'), outsider.id);
    const invited = await newBilaga(server, kerstin.token, mainId, { type: 'sarskilt_yttrande', cosigners: [outsider.id] });
    expect(invited.status).toBe(403);
    expect(invited.body.error).toMatch(/kan inte läsa dokumentet/);
  });

  describe('when a member of another party group is named as co-signer', () => {
    const seedLine = 'Kerstin Håkansson (M) och Marek Lakatos (V) avser inkomma med ett särskilt yttrande, bilaga.';
    const kerstinOnly = 'Kerstin Håkansson (M) avser inkomma med ett särskilt yttrande, bilaga.';
    type Invitation = { bilagaId: string; state: string; invitedBy: string };
    const invitationsOf = async (server: TestServer, person: Person, mainId: string) =>
      (await api<{ invitations: Invitation[] }>(server, person.token, 'GET', `/api/documents/${mainId}/bilagor`)).body.invitations;
    const roleOn = async (server: TestServer, person: Person, id: string) => {
      const answer = await api<{ role?: string }>(server, person.token, 'GET', `/api/documents/${id}`);
      return answer.status === 200 ? answer.body.role : answer.status;
    };
    const answer = (server: TestServer, person: Person, mainId: string, bilagaId: string, what: 'confirm' | 'decline') =>
      api<{ state?: string; error?: string }>(server, person.token, 'POST', `/api/documents/${mainId}/bilagor/${bilagaId}/${what}`, {});
    /** How often each export names Marek (the imported seed keeps its own typed lines as unplaced text). */
    const mentionsInExports = async (server: TestServer, mainId: string) => {
      const counts: number[] = [];
      for (const format of ['txt', 'html']) {
        const exported = await fetch(`${server.url}/api/documents/${mainId}/export?format=${format}`, {
          headers: { authorization: `Bearer ${server.adminToken}` },
        });
        expect(exported.status, format).toBe(200);
        counts.push((await exported.text()).split('Marek Lakatos (V)').length - 1);
      }
      return counts;
    };

    it('names them in the closing lines only once they confirm (the seed yttrande ASN-2023-13451)', async () => {
      const { server, mainId, kerstin, marek } = await setUp();
      const before = await mentionsInExports(server, mainId);
      const filed = await api<{ id: string; invited: string[] }>(server, kerstin.token, 'POST', `/api/documents/${mainId}/bilagor`, {
        type: 'sarskilt_yttrande',
        cosigners: [marek.id],
      });
      expect(filed.status).toBe(201);
      expect(filed.body.invited).toEqual([marek.id]);
      const bilagaId = filed.body.id;

      // Invited: not named anywhere, no access to the draft, even when the filer types the name in.
      const client = connectClient(wsUrl(server), bilagaId, { token: kerstin.token });
      clients.push(client);
      await waitSynced(client);
      expect((readFields(client.doc).undertecknare as SignerPerson[]).map((person) => person.name)).toEqual(['Kerstin Håkansson']);
      writeField(client.doc, { key: 'undertecknare', kind: 'persons' }, [
        { name: 'Kerstin Håkansson', party: 'M' },
        { name: 'Marek Lakatos', party: 'V' },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 900));
      expect(await closingLines(server, mainId)).toEqual([kerstinOnly]);
      expect(await mentionsInExports(server, mainId)).toEqual(before);
      expect(await roleOn(server, marek, bilagaId)).toBe(404);
      expect(await invitationsOf(server, marek, mainId)).toMatchObject([{ bilagaId, state: 'inbjuden', invitedBy: 'Kerstin Håkansson' }]);
      expect(await invitationsOf(server, kerstin, mainId)).toEqual([]);

      // Nobody else can answer for him.
      const forged = await answer(server, kerstin, mainId, bilagaId, 'confirm');
      expect(forged.status).toBe(403);
      expect(forged.body.error).toMatch(/ingen inbjudan/);
      expect(await closingLines(server, mainId)).toEqual([kerstinOnly]);

      const confirmed = await answer(server, marek, mainId, bilagaId, 'confirm');
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.state).toBe('bekraftad');
      expect(await closingLines(server, mainId)).toEqual([seedLine]);
      expect(await mentionsInExports(server, mainId)).toEqual(before.map((count) => count + 1));
      expect(await roleOn(server, marek, bilagaId)).toBe('editor');
      expect(await invitationsOf(server, marek, mainId)).toMatchObject([{ bilagaId, state: 'bekraftad' }]);

      const log = await api<{ events: Array<{ action: string; userId: string | null; detail: Record<string, unknown> }> }>(
        server,
        kerstin.token,
        'GET',
        `/api/documents/${bilagaId}/audit`,
      );
      expect(log.body.events.filter((event) => event.action.startsWith('cosigner_')).map((event) => [event.action, event.userId])).toEqual(
        expect.arrayContaining([
          ['cosigner_invited', kerstin.id],
          ['cosigner_confirmed', marek.id],
        ]),
      );
      expect(log.body.events.find((event) => event.action === 'cosigner_invited')?.detail).toEqual({
        cosigner: marek.id,
        cosignerName: 'Marek Lakatos',
      });
    });

    it('never names them when they decline, and takes a confirmation back when they decline later', async () => {
      const { server, mainId, kerstin, farishta, marek } = await setUp();
      const declined = await newBilaga(server, kerstin.token, mainId, { type: 'sarskilt_yttrande', cosigners: [marek.id] });
      expect((await answer(server, marek, mainId, declined.body.id!, 'decline')).body.state).toBe('avbojd');
      expect(await closingLines(server, mainId)).toEqual([kerstinOnly]);
      expect(await roleOn(server, marek, declined.body.id!)).toBe(404);

      const reservation = await newBilaga(server, farishta.token, mainId, { type: 'reservation', cosigners: [marek.id] });
      await answer(server, marek, mainId, reservation.body.id!, 'confirm');
      expect(await closingLines(server, mainId)).toEqual([
        kerstinOnly,
        'Farishta Sulaiman (M) och Marek Lakatos (V) avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.',
      ]);
      expect((await answer(server, marek, mainId, reservation.body.id!, 'decline')).status).toBe(200);
      expect(await closingLines(server, mainId)).toEqual([
        kerstinOnly,
        'Farishta Sulaiman (M) avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.',
      ]);
      expect(await roleOn(server, marek, reservation.body.id!)).toBe(404);
      const bilaga = await api<{ fields: { undertecknare: SignerPerson[] } }>(
        server,
        farishta.token,
        'GET',
        `/api/documents/${reservation.body.id}`,
      );
      expect(bilaga.body.fields.undertecknare.map((person) => person.name)).toEqual(['Farishta Sulaiman']);
    });

    it('refuses a confirmation once the main document is justerat', async () => {
      const { server, mainId, kerstin, marek } = await setUp();
      const filed = await newBilaga(server, kerstin.token, mainId, { type: 'sarskilt_yttrande', cosigners: [marek.id] });
      await justera(server, mainId);
      const late = await answer(server, marek, mainId, filed.body.id!, 'confirm');
      expect(late.status).toBe(423);
      expect(await closingLines(server, mainId)).toEqual([kerstinOnly]);
      expect((await answer(server, marek, mainId, filed.body.id!, 'decline')).status).toBe(200);
    });

    const undertecknareOf = async (server: TestServer, token: string, bilagaId: string) =>
      (await api<{ fields: { undertecknare: SignerPerson[] } }>(server, token, 'GET', `/api/documents/${bilagaId}`)).body.fields
        .undertecknare;

    it('refuses a confirmation from someone no longer in a party group, and stops naming a signatory who left it', async () => {
      const { server, mainId, kerstin, marek, vansterpartiet } = await setUp();
      const first = await newBilaga(server, kerstin.token, mainId, { type: 'sarskilt_yttrande', cosigners: [marek.id] });
      expect((await answer(server, marek, mainId, first.body.id!, 'confirm')).status).toBe(200);
      expect(await closingLines(server, mainId)).toEqual([seedLine]);
      const second = await newBilaga(server, kerstin.token, mainId, { type: 'reservation', cosigners: [marek.id] });

      const removed = await api(server, server.adminToken, 'DELETE', `/api/groups/${vansterpartiet}/members/${marek.id}`);
      expect(removed.status).toBe(200);
      const late = await answer(server, marek, mainId, second.body.id!, 'confirm');
      expect(late.status).toBe(403);
      expect(late.body.error).toMatch(/partigrupp/);
      // The next change of signatories regenerates the closing lines without him.
      expect((await answer(server, marek, mainId, second.body.id!, 'decline')).status).toBe(200);
      expect(await closingLines(server, mainId)).toEqual([
        kerstinOnly,
        'Kerstin Håkansson (M) avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.',
      ]);
    });

    it('keeps naming a confirmed co-signer whose account is renamed, and declining removes only their own entry', async () => {
      const { server, mainId, kerstin, marek, moderaterna } = await setUp();
      // A Moderate who happens to share Marek's name signs the same reservation for the group.
      const namesake = await createPerson(server, 'Marek Lakatos', { party: 'M' });
      await addToGroup(server, moderaterna, namesake.id);
      const filed = await newBilaga(server, kerstin.token, mainId, { type: 'reservation', cosigners: [namesake.id, marek.id] });
      const bilagaId = filed.body.id!;
      expect((await answer(server, marek, mainId, bilagaId, 'confirm')).status).toBe(200);

      const renamed = await api(server, server.adminToken, 'PATCH', `/api/users/${marek.id}`, { name: 'Marek Lakatos Berg' });
      expect(renamed.status).toBe(200);
      // Any change of signatories regenerates the lines; Kerstin retypes her own entry.
      const client = connectClient(wsUrl(server), bilagaId, { token: kerstin.token });
      clients.push(client);
      await waitSynced(client);
      writeField(client.doc, { key: 'undertecknare', kind: 'persons' }, readFields(client.doc).undertecknare as SignerPerson[]);
      const announced = async () =>
        (await api<{ bilagor: Array<{ persons: SignerPerson[] }> }>(server, server.adminToken, 'GET', `/api/documents/${mainId}/bilagor`))
          .body.bilagor[0]!.persons;
      expect(await announced()).toEqual([
        { name: 'Kerstin Håkansson', party: 'M' },
        { name: 'Marek Lakatos', party: 'M' },
        { name: 'Marek Lakatos Berg', party: 'V' },
      ]);

      expect((await answer(server, marek, mainId, bilagaId, 'decline')).status).toBe(200);
      expect((await undertecknareOf(server, kerstin.token, bilagaId)).map((person) => person.name)).toEqual([
        'Kerstin Håkansson',
        'Marek Lakatos',
      ]);
      expect(await announced()).toEqual([
        { name: 'Kerstin Håkansson', party: 'M' },
        { name: 'Marek Lakatos', party: 'M' },
      ]);
    });

    it('takes back on declining only the access confirming added, also when both answers arrive at once', async () => {
      const { server, mainId, kerstin, marek } = await setUp();
      const filed = await newBilaga(server, kerstin.token, mainId, { type: 'sarskilt_yttrande', cosigners: [marek.id] });
      const bilagaId = filed.body.id!;
      // The owner lets him read the draft before he answers.
      const entries = (
        await api<{ entries: Array<{ principalType: string; principalId: string; role: string }> }>(
          server,
          kerstin.token,
          'GET',
          `/api/documents/${bilagaId}/access`,
        )
      ).body.entries;
      const shared = await api(server, kerstin.token, 'PUT', `/api/documents/${bilagaId}/access`, {
        entries: [...entries, { principalType: 'user', principalId: marek.id, role: 'reader' }],
      });
      expect(shared.status).toBe(200);
      expect(await roleOn(server, marek, bilagaId)).toBe('reader');

      expect((await answer(server, marek, mainId, bilagaId, 'confirm')).status).toBe(200);
      expect(await roleOn(server, marek, bilagaId)).toBe('editor');
      expect((await answer(server, marek, mainId, bilagaId, 'decline')).status).toBe(200);
      expect(await roleOn(server, marek, bilagaId)).toBe('reader');

      for (let round = 0; round < 5; round++) {
        await Promise.all([answer(server, marek, mainId, bilagaId, 'confirm'), answer(server, marek, mainId, bilagaId, 'decline')]);
        const [own] = await invitationsOf(server, marek, mainId);
        const names = (await undertecknareOf(server, kerstin.token, bilagaId)).map((person) => person.name);
        if (own!.state === 'bekraftad') {
          expect(names).toEqual(['Kerstin Håkansson', 'Marek Lakatos']);
          expect(await roleOn(server, marek, bilagaId)).toBe('editor');
          expect(await closingLines(server, mainId)).toEqual([seedLine]);
        } else {
          expect(names).toEqual(['Kerstin Håkansson']);
          expect(await roleOn(server, marek, bilagaId)).toBe('reader');
          expect(await closingLines(server, mainId)).toEqual([kerstinOnly]);
        }
      }
    });
  });

  it('cuts a generated title longer than a title may be with an ellipsis', async () => {
    const { server, mainId, kerstin } = await setUp();
    const client = connectClient(wsUrl(server), mainId, { token: server.adminToken });
    clients.push(client);
    await waitSynced(client);
    writeField(client.doc, { key: 'remissTitel', kind: 'text' }, 'Remiss '.repeat(285).trim());
    const field = async () =>
      (await api<{ fields: Record<string, unknown> }>(server, server.adminToken, 'GET', `/api/documents/${mainId}`)).body.fields;
    for (let attempt = 0; attempt < 50 && String((await field()).remissTitel).length < 1900; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const filed = await newBilaga(server, kerstin.token, mainId, { type: 'sarskilt_yttrande', cosigners: [] });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const { title } = (await api<{ title: string }>(server, kerstin.token, 'GET', `/api/documents/${filed.body.id}`)).body;
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(title).toMatch(/^Särskilt yttrande: Remiss Remiss .*…$/);
  });

  it('refuses control characters in the text a bilaga is filed with, and a disabled member as co-signer', async () => {
    const { server, mainId, kerstin, farishta } = await setUp();
    for (const body of [
      { type: 'reservation', cosigners: [], title: 'Reservation\u0007' },
      { type: 'reservation', cosigners: [], paragraf: '§ 195\u0000' },
      { type: 'reservation', cosigners: [], sammantradesdatum: '2023-09-27\u001b' },
    ]) {
      const refused = await newBilaga(server, kerstin.token, mainId, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error).toMatch(/tecken|format/);
    }
    expect((await api(server, server.adminToken, 'PATCH', `/api/users/${farishta.id}`, { disabled: true })).status).toBe(200);
    const withDisabled = await newBilaga(server, kerstin.token, mainId, { type: 'reservation', cosigners: [farishta.id] });
    expect(withDisabled.status).toBe(400);
    expect(withDisabled.body.error).toMatch(/avstängt konto/);
  });

  it('names in the closing lines only members of the party group, whatever is typed as undertecknare', async () => {
    const { server, mainId, kerstin } = await setUp();
    const reservation = await newBilaga(server, kerstin.token, mainId, { type: 'reservation', cosigners: [] });
    const client = connectClient(wsUrl(server), reservation.body.id!, { token: kerstin.token });
    clients.push(client);
    await waitSynced(client);
    writeField(client.doc, { key: 'undertecknare', kind: 'persons' }, [
      { name: 'Kerstin Håkansson', party: 'M' },
      { name: 'Sedat Arif', party: 'S' },
      { name: 'Påhittad Person', party: 'M' },
      // A member of the group with the wrong party typed is named as the group names her.
      { name: ' farishta  sulaiman ', party: 'V' },
    ]);
    const expected = [
      'Kerstin Håkansson (M) och Farishta Sulaiman (M) avser inkomma med en skriftlig reservation i förmån till eget yrkande, bilaga.',
    ];
    for (let attempt = 0; attempt < 50 && JSON.stringify(await closingLines(server, mainId)) !== JSON.stringify(expected); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await closingLines(server, mainId)).toEqual(expected);
    for (const format of ['txt', 'html', 'docx']) {
      const exported = await fetch(`${server.url}/api/documents/${mainId}/export?format=${format}`, {
        headers: { authorization: `Bearer ${server.adminToken}` },
      });
      expect(exported.status, format).toBe(200);
      const body = format === 'docx' ? '' : await exported.text();
      if (format !== 'docx') {
        expect(body).toContain('Farishta Sulaiman (M)');
        expect(body).not.toContain('Påhittad Person');
        expect(body).not.toContain('Sedat Arif (S) och');
      }
    }
  });
});
