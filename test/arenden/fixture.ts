/** An ärende registered through the API (servers come from useServersAndClients). */
import { api, type TestServer } from '../helpers/server';

export interface ArendeBody {
  arende?: { id: string; diarienummer: string; arendemening: string; beslutsplanering: Array<{ organ: string; date: string }> };
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
