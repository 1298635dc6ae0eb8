/** Administration of accounts and groups. Changing a user or a membership re-checks live sockets. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AccountService } from '../../auth/accountService';
import { NotFoundError } from '../../errors';
import type { AccountStore } from '../../storage/storage';
import { publicUser, requireAdmin, requireUser } from '../authentication';
import { parseBody } from '../parseBody';

const newUser = z.object({
  email: z.string().max(320),
  name: z.string().max(200),
  title: z.string().max(200).optional(),
  party: z.string().max(10).nullable().optional(),
  password: z.string().max(1000),
  isAdmin: z.boolean().optional(),
});
const userChanges = z.object({
  name: z.string().max(200).optional(),
  title: z.string().max(200).optional(),
  party: z.string().max(10).nullable().optional(),
  isAdmin: z.boolean().optional(),
  disabled: z.boolean().optional(),
});
const newGroup = z.object({ name: z.string().max(200), kind: z.enum(['forvaltning', 'namnd', 'parti']), party: z.string().max(10).nullable().optional() });
const membership = z.object({ userId: z.string().max(100) });

export interface AdminDeps {
  accounts: AccountService;
  accountStore: AccountStore;
  /** A user's access may have changed: re-check (and close) their live sockets. */
  onUserAccessChanged(userId: string): void;
}

export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { accounts, accountStore } = deps;

  // Any signed-in user may list people and groups: the sharing dialog needs them.
  app.get('/api/users', async (request) => {
    requireUser(request);
    return { users: (await accountStore.listUsers()).map(publicUser) };
  });

  app.post('/api/users', async (request, reply) => {
    requireAdmin(request);
    const user = await accounts.createUser(parseBody(newUser, request.body));
    return reply.status(201).send({ user: publicUser(user) });
  });

  app.patch('/api/users/:userId', async (request) => {
    requireAdmin(request);
    const { userId } = request.params as { userId: string };
    if (!(await accountStore.getUser(userId))) throw new NotFoundError('Det finns ingen sådan användare.');
    const changes = parseBody(userChanges, request.body);
    await accountStore.updateUser(userId, changes);
    if (changes.disabled) await accounts.sessions.revokeAllOf(userId);
    deps.onUserAccessChanged(userId);
    return { user: publicUser((await accountStore.getUser(userId))!) };
  });

  app.get('/api/groups', async (request) => {
    requireUser(request);
    const groups = await accountStore.listGroups();
    return { groups: await Promise.all(groups.map(async (group) => ({ ...group, members: await accountStore.membersOf(group.id) }))) };
  });

  app.post('/api/groups', async (request, reply) => {
    requireAdmin(request);
    return reply.status(201).send({ group: await accounts.createGroup(parseBody(newGroup, request.body)) });
  });

  app.post('/api/groups/:groupId/members', async (request, reply) => {
    requireAdmin(request);
    const { groupId } = request.params as { groupId: string };
    const { userId } = parseBody(membership, request.body);
    if (!(await accountStore.getGroup(groupId))) throw new NotFoundError('Det finns ingen sådan grupp.');
    if (!(await accountStore.getUser(userId))) throw new NotFoundError('Det finns ingen sådan användare.');
    await accountStore.addMember(groupId, userId);
    deps.onUserAccessChanged(userId);
    return reply.status(201).send({ ok: true });
  });

  app.delete('/api/groups/:groupId/members/:userId', async (request) => {
    requireAdmin(request);
    const { groupId, userId } = request.params as { groupId: string; userId: string };
    await accountStore.removeMember(groupId, userId);
    deps.onUserAccessChanged(userId);
    return { ok: true };
  });
}
