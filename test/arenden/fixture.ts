/** An ärende registered through the API (servers come from useServersAndClients). */
import { api, type TestServer } from '../helpers/server';

export interface ArendeBody {
  arende?: { id: string; diarienummer: string; arendemening: string; beslutsplanering: Array<{ organ: string; date: string }> };
  /** A change saved that some documents do not show yet (they do when they next load). */
  notUpdated?: { documents: Array<{ id: string; title: string }>; message: string };
  error?: string;
}

export function registerArende(server: TestServer, diarienummer: string, extra: Record<string, unknown> = {}, token = server.adminToken) {
  return api<ArendeBody>(server, token, 'POST', '/api/arenden', {
    diarienummer,
    arendemening: 'Samverkan med polisen',
    namnd: 'Arbetsmarknads- och socialnämnden',
    beslutsplanering: [
      { organ: 'Arbetsmarknads- och socialnämndens arbetsutskott', date: '2023-08-17' },
      { organ: 'ASN beredning', date: '2023-08-09' },
    ],
    ...extra,
  });
}

export async function newArendeId(server: TestServer, diarienummer: string): Promise<string> {
  const { status, body } = await registerArende(server, diarienummer);
  if (status !== 201) throw new Error(`could not register ${diarienummer}: ${status} ${JSON.stringify(body)}`);
  return body.arende!.id;
}

/** Creates a document directly in the ärende, the way the ärende page does. */
export async function documentInArende(
  server: TestServer,
  arendeId: string,
  type: string,
  title: string,
  token = server.adminToken,
): Promise<string> {
  const { status, body } = await api<{ id: string }>(server, token, 'POST', '/api/documents', { type, title, arendeId });
  if (status !== 201) throw new Error(`could not create ${title}: ${status} ${JSON.stringify(body)}`);
  return body.id;
}

/** A new ärende (registerArende's, with its two meetings) with one new document in it. */
export async function documentInNewArende(
  server: TestServer,
  diarienummer: string,
  type = 'tjansteskrivelse',
  title = 'Samverkan med polisen',
): Promise<{ arendeId: string; id: string }> {
  const arendeId = await newArendeId(server, diarienummer);
  return { arendeId, id: await documentInArende(server, arendeId, type, title) };
}

/** What putting a document in an ärende answers: the meetings its Beslutsplanering brought and the lines kept as text. */
export interface PutInArendeBody {
  beslutsplanering?: { added: Array<{ organ: string; date: string }>; kept: string[] };
  error?: string;
}

/** Puts the document in the ärende (or takes it out, with null) as whoever `token` is. */
export function putInArende(server: TestServer, token: string, documentId: string, arendeId: string | null) {
  return api<PutInArendeBody>(server, token, 'PUT', `/api/documents/${documentId}/arende`, { arendeId });
}

/** Plans the ärende's meetings, as an administrator. */
export function planMeetings(server: TestServer, arendeId: string, beslutsplanering: Array<{ organ: string; date: string }>) {
  return api<ArendeBody>(server, server.adminToken, 'PATCH', `/api/arenden/${arendeId}`, { beslutsplanering });
}
