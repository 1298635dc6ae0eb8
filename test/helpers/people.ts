import { api, signIn, type TestServer } from './server';

export interface Person {
  id: string;
  email: string;
  token: string;
  name: string;
}

let counter = 0;

/** Every person createPerson makes signs in with this. */
export const PERSON_PASSWORD = 'ett-langt-losenord';

/** Creates a user through the admin API and signs them in. */
export async function createPerson(server: TestServer, name: string, extra: { party?: string } = {}): Promise<Person> {
  counter += 1;
  const email = `person${counter}.${Date.now()}@test.yttra`;
  const password = PERSON_PASSWORD;
  const { status, body } = await api<{ user: { id: string } }>(server, server.adminToken, 'POST', '/api/users', {
    email,
    name,
    password,
    party: extra.party ?? null,
  });
  if (status !== 201) throw new Error(`could not create ${name}: ${status} ${JSON.stringify(body)}`);
  return { id: body.user.id, email, name, token: await signIn(server, email, password) };
}

export async function createGroup(
  server: TestServer,
  name: string,
  kind: 'forvaltning' | 'namnd' | 'parti',
  party?: string,
): Promise<string> {
  const { status, body } = await api<{ group: { id: string } }>(server, server.adminToken, 'POST', '/api/groups', { name, kind, party });
  if (status !== 201) throw new Error(`could not create group ${name}: ${status}`);
  return body.group.id;
}

export async function addToGroup(server: TestServer, groupId: string, userId: string): Promise<void> {
  const { status } = await api(server, server.adminToken, 'POST', `/api/groups/${groupId}/members`, { userId });
  if (status !== 201) throw new Error(`could not add member: ${status}`);
}

export async function share(
  server: TestServer,
  ownerToken: string,
  documentId: string,
  entries: Array<{ principalType: 'user' | 'group'; principalId: string; role: string }>,
): Promise<void> {
  const current = await api<{ entries: unknown[] }>(server, ownerToken, 'GET', `/api/documents/${documentId}/access`);
  const { status, body } = await api(server, ownerToken, 'PUT', `/api/documents/${documentId}/access`, {
    entries: [...(current.body.entries as object[]), ...entries],
  });
  if (status !== 200) throw new Error(`could not share: ${status} ${JSON.stringify(body)}`);
}
