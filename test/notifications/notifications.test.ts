/**
 * Notifications over real sockets, with a real SMTP server in this process reading what arrives:
 * a mention tells the person mentioned (in the app and by one mail) and nobody without access; a
 * reply tells the thread's author; collected mail makes one mail of several events; "off" mails nothing.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { addReply, anchorFor, createThread } from '../../shared/review/reviewDoc';
import { sectionElements, sectionKeyOf } from '../../shared/doc/documentState';
import type { Mention } from '../../shared/review/reviewSchema';
import { suggestionAttrs } from '../../shared/suggestions/marks';
import { connectClient, typeInSection, waitFor, waitSynced, type TestClient } from '../helpers/clients';
import { addToGroup, createGroup, createPerson, share, type Person } from '../helpers/people';
import { readSeed } from '../helpers/seeds';
import { api, createDocument, startTestServer, wsUrl, type TestServer } from '../helpers/server';

interface Mail {
  to: string[];
  text: string;
}

/** Quoted-printable soft breaks and escapes undone, so the Swedish text can be read. */
function decode(raw: string): string {
  return Buffer.from(
    raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
}

async function startSmtp(): Promise<{ server: SMTPServer; port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), text: decode(Buffer.concat(chunks).toString('latin1')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, mails };
}

const now = () => new Date().toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Listing {
  unread: number;
  notifications: Array<{ id: string; kind: string; userId: string; threadId: string | null; text: string; actorName: string }>;
}

describe('notifications', () => {
  const clients: TestClient[] = [];
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function setup(mail: { gatherMs: number; batchMs: number }) {
    const smtp = await startSmtp();
    closers.push(() => new Promise<void>((resolve) => smtp.server.close(() => resolve())));
    const server = await startTestServer({
      publicUrls: ['https://yttra.kommun.se'],
      mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Yttra <yttra@kommun.se>', intervalMs: 300, ...mail },
    });
    closers.push(() => server.close());
    const id = await createDocument(server, 'tjansteskrivelse', 'Cykelbanor i centrum');
    const greta = await createPerson(server, 'Greta Granskare');
    const britt = await createPerson(server, 'Britt-Marie Nilsson');
    const outsider = await createPerson(server, 'Otto Utanför');
    await share(server, server.adminToken, id, [
      { principalType: 'user', principalId: greta.id, role: 'commenter' },
      { principalType: 'user', principalId: britt.id, role: 'commenter' },
    ]);
    const admin = (await api<{ user: { id: string; name: string } }>(server, server.adminToken, 'GET', '/api/session')).body.user;
    // The owner's own mail stays out of these counts.
    await api(server, server.adminToken, 'PUT', '/api/notifications/settings', { mail: 'off' });
    const body = connect(server, id, server.adminToken);
    await waitSynced(body);
    typeInSection(body.doc, 'forslagTillBeslut', 'Nämnden godkänner förslaget.');
    return { server, smtp, id, greta, britt, outsider, admin, body };
  }

  function connect(server: TestServer, room: string, token: string) {
    const client = connectClient(wsUrl(server), room, { token });
    clients.push(client);
    return client;
  }

  function comment(
    review: Y.Doc,
    body: Y.Doc,
    author: { id: string; name: string },
    text: string,
    threadId: string,
    mentions: Mention[] = [],
  ) {
    const paragraph = sectionElements(body)[1]!.get(0) as Y.XmlElement;
    const xmlText = paragraph.get(0) as Y.XmlText;
    createThread(review, {
      id: threadId,
      commentId: `${threadId}-c1`,
      sectionKey: 'forslagTillBeslut',
      quote: 'Nämnden',
      anchor: anchorFor(xmlText, 0, xmlText, 5),
      author,
      body: text,
      now: now(),
      mentions,
    });
  }

  const listing = async (server: TestServer, person: { token: string } | string) =>
    (await api<Listing>(server, typeof person === 'string' ? person : person.token, 'GET', '/api/notifications')).body;

  async function waitForListing(server: TestServer, person: Person, check: (listing: Listing) => boolean, what: string) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = await listing(server, person);
      if (check(found)) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(found)}`);
      await sleep(150);
    }
  }

  async function writer(server: TestServer, id: string, person: Person) {
    const body = connect(server, id, person.token);
    const review = connect(server, `${id}:review`, person.token);
    await Promise.all([waitSynced(body), waitSynced(review)]);
    await waitFor(() => (sectionElements(body.doc)[1]?.get(0) as Y.XmlElement | undefined)?.length === 1, 'the body to arrive');
    return { body, review };
  }

  it('a mention gives the person mentioned one notification and one mail, and nobody without access anything', async () => {
    const { server, smtp, id, greta, britt, outsider } = await setup({ gatherMs: 60_000, batchMs: 60_000 });
    expect((await api(server, britt.token, 'PUT', '/api/notifications/settings', { mail: 'immediate' })).status).toBe(200);
    expect((await api(server, britt.token, 'PUT', '/api/notifications/settings', { mail: 'often' })).status).toBe(400);
    await api(server, outsider.token, 'PUT', '/api/notifications/settings', { mail: 'immediate' });
    const { body, review } = await writer(server, id, greta);
    const mentionable = await api<{ people: Array<{ id: string; hasAccess: boolean }>; mayShare: boolean }>(
      server,
      greta.token,
      'GET',
      `/api/documents/${id}/mentionable`,
    );
    expect(mentionable.body.mayShare).toBe(false);
    expect(mentionable.body.people.find((p) => p.id === britt.id)?.hasAccess).toBe(true);
    expect(mentionable.body.people.find((p) => p.id === outsider.id)?.hasAccess).toBe(false);

    comment(review.doc, body.doc, greta, '@Britt-Marie Nilsson och @Otto Utanför, kan ni titta på det här?', 't1', [
      { userId: britt.id, name: 'Britt-Marie Nilsson' },
      { userId: outsider.id, name: 'Otto Utanför' },
    ]);
    const found = await waitForListing(server, britt, (l) => l.unread === 1, 'Britt-Marie’s notification');
    expect(found.notifications).toHaveLength(1);
    expect(found.notifications[0]).toMatchObject({ kind: 'mention', threadId: 't1', actorName: 'Greta Granskare' });
    await waitFor(() => smtp.mails.some((mail) => mail.to.includes(britt.email)), 'the mail to Britt-Marie', 15_000);
    await sleep(1500);
    await server.sendMailNow();
    const toBritt = smtp.mails.filter((mail) => mail.to.includes(britt.email));
    expect(toBritt).toHaveLength(1);
    expect(toBritt[0]!.text).toContain('Greta Granskare nämnde dig i en kommentar');
    expect(toBritt[0]!.text).toContain(`https://yttra.kommun.se/d/${id}#trad-t1`);
    expect(toBritt[0]!.text).toContain('Cykelbanor i centrum');
    // Otto cannot see the document: no notification, no mail, although he asked for mail at once.
    expect((await listing(server, outsider)).notifications).toEqual([]);
    expect(smtp.mails.filter((mail) => mail.to.includes(outsider.email))).toEqual([]);
    // The owner hears of the comment on their document (in the app; their mail is off).
    const owner = await listing(server, server.adminToken);
    expect(owner.notifications.map((n) => n.kind)).toEqual(['comment']);

    // Read in the app: the count goes down.
    const read = await api<{ unread: number }>(server, britt.token, 'POST', '/api/notifications/read', {
      ids: [found.notifications[0]!.id],
    });
    expect(read.body.unread).toBe(0);
  }, 90_000);

  it('a reply notifies the thread’s author, not the one replying', async () => {
    const { server, id, greta, admin } = await setup({ gatherMs: 60_000, batchMs: 60_000 });
    const { body, review } = await writer(server, id, greta);
    comment(review.doc, body.doc, greta, 'Stämmer siffran?', 't1');
    const ownerReview = connect(server, `${id}:review`, server.adminToken);
    await waitSynced(ownerReview);
    await waitFor(() => ownerReview.doc.getMap('threads').has('t1'), 'the thread to reach the owner');
    addReply(ownerReview.doc, 't1', { id: 't1-c2', author: admin, body: 'Ja, den är kontrollerad.', now: now() });
    const found = await waitForListing(server, greta, (l) => l.unread === 1, 'Greta’s reply notification');
    expect(found.notifications[0]).toMatchObject({ kind: 'reply', text: 'Ja, den är kontrollerad.', actorName: admin.name });
    // The owner got one for Greta's comment, none for their own reply.
    const owner = await listing(server, server.adminToken);
    expect(owner.notifications.map((n) => n.kind)).toEqual(['comment']);
  }, 90_000);

  it('collected mail makes one mail of several events, and "off" sends none', async () => {
    const { server, smtp, id, greta, britt, outsider } = await setup({ gatherMs: 2500, batchMs: 60_000 });
    await api(server, britt.token, 'PUT', '/api/notifications/settings', { mail: 'batched' });
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: outsider.id, role: 'commenter' }]);
    await api(server, outsider.token, 'PUT', '/api/notifications/settings', { mail: 'off' });
    const { body, review } = await writer(server, id, greta);
    const both = [
      { userId: britt.id, name: 'Britt-Marie Nilsson' },
      { userId: outsider.id, name: 'Otto Utanför' },
    ];
    comment(review.doc, body.doc, greta, 'Första frågan', 't1', both);
    comment(review.doc, body.doc, greta, 'Andra frågan', 't2', both);
    comment(review.doc, body.doc, greta, 'Tredje frågan', 't3', both);
    await waitForListing(server, britt, (l) => l.unread === 3, 'three notifications');
    await waitFor(() => smtp.mails.some((mail) => mail.to.includes(britt.email)), 'the collected mail', 20_000);
    const [collected] = smtp.mails.filter((mail) => mail.to.includes(britt.email));
    expect(collected!.text).toContain('3 händelser');
    for (const text of ['Första frågan', 'Andra frågan', 'Tredje frågan']) expect(collected!.text).toContain(text);
    // Another event within the window waits for the next mail.
    comment(review.doc, body.doc, greta, 'Fjärde frågan', 't4', both);
    await waitForListing(server, britt, (l) => l.unread === 4, 'the fourth notification');
    await sleep(3500);
    await server.sendMailNow();
    expect(smtp.mails.filter((mail) => mail.to.includes(britt.email))).toHaveLength(1);
    // Otto has access now and sees four notifications in the app, but asked for no mail.
    expect((await listing(server, outsider)).unread).toBe(4);
    expect(smtp.mails.filter((mail) => mail.to.includes(outsider.email))).toEqual([]);
  }, 120_000);
  it('a status change tells the owner, and a mention cannot be added to a comment afterwards or be malformed', async () => {
    const { server, id, greta, britt } = await setup({ gatherMs: 60_000, batchMs: 60_000 });
    const eva = await createPerson(server, 'Eva Redaktör');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: eva.id, role: 'editor' }]);
    const moved = await api(server, eva.token, 'POST', `/api/documents/${id}/status`, { status: 'granskning' });
    expect(moved.status).toBe(200);
    const owner = await waitForListing(server, { token: server.adminToken } as Person, (l) => l.unread === 1, 'the status notification');
    expect(owner.notifications[0]).toMatchObject({ kind: 'status', actorName: 'Eva Redaktör', text: 'Utkast → Granskning' });

    const first = await writer(server, id, greta);
    comment(first.review.doc, first.body.doc, greta, 'Utan omnämnande', 't1');
    await waitFor(() => first.review.doc.getMap('threads').has('t1'), 'the thread');
    const watcher = connect(server, `${id}:review`, server.adminToken);
    await waitSynced(watcher);
    await waitFor(() => watcher.doc.getMap('threads').has('t1'), 'the thread to be stored');
    // Adding a mention to the stored comment afterwards is refused (and closes that connection).
    const thread = first.review.doc.getMap('threads').get('t1') as Y.Map<unknown>;
    (thread.get('comments') as Y.Array<Y.Map<unknown>>).get(0).set('mentions', [{ userId: britt.id, name: 'Britt-Marie Nilsson' }]);
    // A mention that is not a { userId, name } pair of texts is refused as the comment is written.
    const second = await writer(server, id, greta);
    const forged = [{ userId: 42, name: 'Britt-Marie Nilsson' }] as unknown as Mention[];
    comment(second.review.doc, second.body.doc, greta, '@Britt-Marie Nilsson', 't2', forged);
    const third = await writer(server, id, greta);
    comment(third.review.doc, third.body.doc, greta, 'Markör', 't3');
    await waitFor(() => watcher.doc.getMap('threads').has('t3'), 'the marker thread');
    expect(watcher.doc.getMap('threads').has('t2')).toBe(false);
    const stored = (watcher.doc.getMap('threads').get('t1') as Y.Map<unknown>).get('comments') as Y.Array<Y.Map<unknown>>;
    expect(stored.get(0).get('mentions')).toBeUndefined();
    expect((await listing(server, britt)).notifications).toEqual([]);
  }, 90_000);
  it('a suggestion on a document tells its owner', async () => {
    const { server, id } = await setup({ gatherMs: 60_000, batchMs: 60_000 });
    const sara = await createPerson(server, 'Sara Förslag');
    await share(server, server.adminToken, id, [{ principalType: 'user', principalId: sara.id, role: 'suggester' }]);
    const { body } = await writer(server, id, sara);
    const section = sectionElements(body.doc).find((element) => sectionKeyOf(element) === 'forslagTillBeslut')!;
    const paragraph = section
      .toArray()
      .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')!;
    const text = paragraph.get(0) as Y.XmlText;
    text.insert(0, 'Enhälligt: ', { insertion: suggestionAttrs({ userId: sara.id, userName: sara.name }) });
    const owner = await waitForListing(
      server,
      { token: server.adminToken } as Person,
      (l) => l.unread === 1,
      'the suggestion notification',
    );
    expect(owner.notifications[0]).toMatchObject({ kind: 'suggestion', actorName: 'Sara Förslag', text: 'Enhälligt: ' });
    // The suggester is not told of their own suggestion.
    expect((await listing(server, sara)).notifications).toEqual([]);
  }, 90_000);
  it('a bilaga that names people as co-signers tells them', async () => {
    const smtp = await startSmtp();
    closers.push(() => new Promise<void>((resolve) => smtp.server.close(() => resolve())));
    const server = await startTestServer({ mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'yttra@kommun.se', batchMs: 60_000 } });
    closers.push(() => server.close());
    const moderaterna = await createGroup(server, 'Moderaterna', 'parti', 'M');
    const namnd = await createGroup(server, 'Arbetsmarknads- och socialnämnden', 'namnd');
    const kerstin = await createPerson(server, 'Kerstin Håkansson', { party: 'M' });
    const farishta = await createPerson(server, 'Farishta Sulaiman', { party: 'M' });
    const marek = await createPerson(server, 'Marek Lakatos', { party: 'V' });
    const vansterpartiet = await createGroup(server, 'Vänsterpartiet', 'parti', 'V');
    await addToGroup(server, vansterpartiet, marek.id);
    for (const person of [kerstin, farishta]) await addToGroup(server, moderaterna, person.id);
    for (const person of [kerstin, farishta, marek]) await addToGroup(server, namnd, person.id);
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
      [kerstin, farishta, marek].map((person) => ({ principalType: 'user' as const, principalId: person.id, role: 'commenter' })),
    );
    const filed = await api<{ id: string }>(server, kerstin.token, 'POST', `/api/documents/${mainId}/bilagor`, {
      type: 'reservation',
      cosigners: [farishta.id, marek.id],
    });
    expect(filed.status).toBe(201);
    // Marek, of another party group, is invited; Farishta, of Kerstin's, signs at once: both are told.
    const invited = await waitForListing(server, marek, (l) => l.unread === 1, 'the invitation notification');
    expect(invited.notifications[0]).toMatchObject({ kind: 'bilaga', actorName: 'Kerstin Håkansson' });
    const found = await waitForListing(server, farishta, (l) => l.unread === 1, 'the co-signer notification');
    expect(found.notifications[0]).toMatchObject({ kind: 'bilaga', actorName: 'Kerstin Håkansson' });
    expect((found.notifications[0] as unknown as { documentId: string }).documentId).toBe(filed.body.id);
    expect((invited.notifications[0] as unknown as { documentId: string }).documentId).toBe(mainId);
    expect((await listing(server, kerstin)).notifications).toEqual([]);
  }, 90_000);
});
