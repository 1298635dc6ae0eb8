/**
 * Two people move one document from the same status at the same moment (issue 17): the status
 * is changed by a conditional update in the database, so exactly one wins, on one instance or
 * on two instances sharing one PostgreSQL database; the other is told, with a 409, that someone
 * else changed it; the history has one transition and the document says the winner's status.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { waitFor, waitSynced } from '../helpers/clients';
import { metaMap } from '../../shared/doc/documentState';
import { useTestDatabase } from '../helpers/postgres';
import { api, createDocument, useServersAndClients, type TestServer } from '../helpers/server';

const database = useTestDatabase();
const SECRET = 'en-hemlighet-for-statustesterna-0123456789';

interface StatusAnswer {
  status?: string;
  error?: string;
  /** On a 409: the status the document has now. */
  current?: string;
}

interface History {
  status: string;
  transitions: Array<{ from: string; to: string }>;
}

const setStatus = (server: TestServer, id: string, status: string) =>
  api<StatusAnswer>(server, server.adminToken, 'POST', `/api/documents/${id}/status`, { status });

async function race(first: TestServer, second: TestServer, id: string, to: string) {
  const answers = await Promise.all([setStatus(first, id, to), setStatus(second, id, to)]);
  return answers.sort((a, b) => a.status - b.status);
}

describe('two status changes of one document at the same moment', () => {
  const { start, connect } = useServersAndClients();

  it('on one instance: one wins, the other is told someone else changed the status', async () => {
    const server = await start();
    const id = await createDocument(server);
    const [won, lost] = await race(server, server, id, 'granskning');
    expect(won!.status).toBe(200);
    expect(lost!.status).toBe(409);
    expect(lost!.body.error).toMatch(/någon annan/);
    expect(lost!.body.current).toBe('granskning');
    const history = await api<History>(server, server.adminToken, 'GET', `/api/documents/${id}/status`);
    expect(history.body.transitions).toEqual([expect.objectContaining({ from: 'utkast', to: 'granskning' })]);
  });

  it('on two instances sharing one PostgreSQL database: exactly one wins, the other gets 409, one history row', async () => {
    const options = { databaseUrl: database.current.url, cluster: { secret: SECRET, host: '127.0.0.1', port: 0, leaseMs: 3000 } };
    const a = await start(options);
    const b = await start(options);
    for (let round = 0; round < 3; round++) {
      const id = await createDocument(a);
      // A client on a keeps the room there, so b's request is the one that asks for it.
      const client = connect(a, id);
      await waitSynced(client);
      const [won, lost] = await race(a, b, id, 'granskning');
      expect([won!.status, lost!.status], JSON.stringify(lost!.body)).toEqual([200, 409]);
      expect(lost!.body.error).toMatch(/^(Statusen har ändrats av någon annan|Dokumentet har redan statusen)/);
      expect(lost!.body.current).toBe('granskning');
      for (const server of [a, b]) {
        const history = await api<History>(server, server.adminToken, 'GET', `/api/documents/${id}/status`);
        expect(history.body.status).toBe('granskning');
        expect(history.body.transitions).toEqual([expect.objectContaining({ from: 'utkast', to: 'granskning' })]);
      }
      const versions = await api<{ versions: Array<{ origin: string }> }>(a, a.adminToken, 'GET', `/api/documents/${id}/versions`);
      expect(versions.body.versions.filter((version) => version.origin === 'statusbyte')).toHaveLength(1);
      // The client, wherever its room went, ends up with the winner's status.
      await waitFor(() => metaMap(client.doc).get('status') === 'granskning', 'the client to see granskning', 10_000);
    }
  });

  it('on two instances: different moves at once leave one unbroken history, each step from the status the last one left', async () => {
    const options = { databaseUrl: database.current.url, cluster: { secret: SECRET, host: '127.0.0.1', port: 0, leaseMs: 3000 } };
    const a = await start(options);
    const b = await start(options);
    const id = await createDocument(a);
    let succeeded = 0;
    for (let round = 0; round < 4; round++) {
      expect((await setStatus(a, id, 'granskning')).status, `round ${round}: back to granskning`).toBe(200);
      succeeded += 1;
      // From granskning: back to utkast on one instance, on to klar för AU on the other (an
      // administrator's override carries the incomplete document). Whichever commits first
      // wins; the other is refused (409 if it decided from granskning, 400 if it came after
      // and its step is no longer allowed) or, run after it, is a step of its own.
      const [back, on] = round % 2 === 0 ? [a, b] : [b, a];
      const answers = await Promise.all([
        setStatus(back, id, 'utkast'),
        api<StatusAnswer>(on, on.adminToken, 'POST', `/api/documents/${id}/status`, {
          status: 'klar_for_au',
          override: 'Brådskande',
        }),
      ]);
      for (const answer of answers) expect([200, 400, 409], JSON.stringify(answer.body)).toContain(answer.status);
      succeeded += answers.filter((answer) => answer.status === 200).length;
    }
    const history = await api<History>(b, b.adminToken, 'GET', `/api/documents/${id}/status`);
    const transitions = history.body.transitions;
    expect(transitions).toHaveLength(succeeded);
    transitions.forEach((transition, index) => {
      expect(transition.from, `transition ${index}`).toBe(index === 0 ? 'utkast' : transitions[index - 1]!.to);
    });
    expect(history.body.status).toBe(transitions.at(-1)!.to);
  });

  it('writes a status committed in the database but missing from the document into it at the next request for that status', async () => {
    const server = await start({ databaseUrl: database.current.url });
    const id = await createDocument(server);
    const client = connect(server, id);
    await waitSynced(client);
    // As if an instance committed the change and lost the room before writing it into the document.
    const direct = new pg.Client({ connectionString: database.current.url });
    await direct.connect();
    try {
      await direct.query(`UPDATE document SET status = 'granskning' WHERE id = $1`, [id]);
    } finally {
      await direct.end();
    }
    expect(metaMap(client.doc).get('status')).toBe('utkast');
    const again = await setStatus(server, id, 'granskning');
    expect(again.status).toBe(409);
    expect(again.body.current).toBe('granskning');
    await waitFor(() => metaMap(client.doc).get('status') === 'granskning', 'the document to carry the committed status', 10_000);
  });
});
