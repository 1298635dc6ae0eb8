/**
 * Names a person or an administrator types through the API (people, titles, groups) end up in
 * lists, closing lines, exports and logs: they may hold no control, bidi or separator character
 * (U+202E turns "Anna Berg" into something else on screen), and the refusal says why in words.
 */
import { describe, expect, it } from 'vitest';
import { api, useServersAndClients } from '../helpers/server';

const OVERRIDE = '\u202e';

describe('names typed through the API', () => {
  const env = useServersAndClients();

  it('refuses a person, a title or a group named with a bidi override or a control character, saying why', async () => {
    const server = await env.start();
    const person = { email: 'anna@test.yttra', name: `Anna ${OVERRIDE}greB`, password: 'ett-langt-losenord-1' };
    const refusedPerson = await api<{ error: string }>(server, server.adminToken, 'POST', '/api/users', person);
    expect(refusedPerson.status).toBe(400);
    expect(refusedPerson.body.error).toMatch(/styrtecken eller osynliga riktningstecken/);

    const created = await api<{ id: string }>(server, server.adminToken, 'POST', '/api/users', { ...person, name: 'Anna Berg' });
    expect(created.status).toBe(201);
    const retitled = await api(server, server.adminToken, 'PATCH', `/api/users/${created.body.id}`, { title: 'Chef\u0007' });
    expect(retitled.status).toBe(400);

    const group = await api(server, server.adminToken, 'POST', '/api/groups', { name: `Nämnd${OVERRIDE}`, kind: 'namnd' });
    expect(group.status).toBe(400);
    const users = await api<{ users: Array<{ name: string; title?: string }> }>(server, server.adminToken, 'GET', '/api/users');
    expect(users.body.users.map((user) => user.name)).not.toContain(person.name);
  });
});
