/**
 * Administration of accounts and groups. Changing a user or a membership re-checks live sockets,
 * and is audited: a membership change under the group (shown in the log of every document shared
 * with or private to it), a change of who is an administrator under `admins` (shown in every
 * document administrators can open), other changes of a user under that user.
 *   GET /api/audit → { events } every event that is not about one document (administrators)
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AccountService } from '../../auth/accountService';
import { NotFoundError } from '../../errors';
import { auditSubject, type AuditLog } from '../../audit/auditLog';
import type { AccountStore } from '../../storage/storage';
import { publicUser, requireUser } from '../authentication';
import { parseBody, shortName } from '../parseBody';
import { withUserNames } from './auditEvents';

const newUser = z.object({
  email: z.string().max(320),
  name: shortName(200),
  title: shortName(200).optional(),
  party: z.string().max(10).nullable().optional(),
  password: z.string().max(1000),
  isAdmin: z.boolean().optional(),
  isNamndsekreterare: z.boolean().optional(),
});
const userChanges = z.object({
  email: z.string().max(320).optional(),
  name: shortName(200).optional(),
  title: shortName(200).optional(),
  party: z.string().max(10).nullable().optional(),
  isAdmin: z.boolean().optional(),
  isNamndsekreterare: z.boolean().optional(),
  disabled: z.boolean().optional(),
});
const newGroup = z.object({
  name: shortName(200),
  kind: z.enum(['forvaltning', 'namnd', 'parti']),
  party: z.string().max(10).nullable().optional(),
});
const membership = z.object({ userId: z.string().max(100) });

export interface AdminDeps {
  accounts: AccountService;
  accountStore: AccountStore;
  audit: AuditLog;
  /** A user's access may have changed: re-check (and close) their live sockets. */
  onUserAccessChanged(userId: string): void;
}

export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { accounts, accountStore, audit } = deps;

  app.get('/api/users', async () => {
    return { users: (await accountStore.listUsers()).map(publicUser) };
  });

  app.post('/api/users', async (request, reply) => {
    const admin = requireUser(request);
    const user = await accounts.createUser(parseBody(newUser, request.body));
    await audit.recordAbout(user.isAdmin ? auditSubject.admins : auditSubject.user(user.id), {
      userId: admin.id,
      action: 'user_created',
      detail: { user: user.id, name: user.name, isAdmin: user.isAdmin, isNamndsekreterare: user.isNamndsekreterare ?? false },
    });
    return reply.status(201).send({ user: publicUser(user) });
  });

  app.patch('/api/users/:userId', async (request) => {
    const admin = requireUser(request);
    const { userId } = request.params as { userId: string };
    const changes = parseBody(userChanges, request.body);
    const { before, after } = await accounts.updateUser(admin, userId, changes);
    const changed = (Object.keys(changes) as Array<keyof typeof changes>).filter(
      (key) => changes[key] !== undefined && changes[key] !== (key === 'isNamndsekreterare' ? (before[key] ?? false) : before[key]),
    );
    if (changed.length > 0) {
      await audit.recordAbout(changed.includes('isAdmin') ? auditSubject.admins : auditSubject.user(userId), {
        userId: admin.id,
        action: 'user_changed',
        detail: {
          user: userId,
          name: before.name,
          before: Object.fromEntries(changed.map((key) => [key, before[key]])),
          after: Object.fromEntries(changed.map((key) => [key, changes[key]])),
        },
      });
    }
    deps.onUserAccessChanged(userId);
    return { user: publicUser(after) };
  });

  // The one-time password is in this answer only; it is neither stored nor logged in clear.
  app.post('/api/users/:userId/password-reset', async (request) => {
    const admin = requireUser(request);
    const { userId } = request.params as { userId: string };
    const target = await accountStore.getUser(userId);
    if (!target) throw new NotFoundError('Det finns ingen sådan användare.');
    // Written before the reset: if the trace cannot be kept, the person keeps their password and
    // sessions, instead of being signed out with a one-time password nobody was shown.
    await audit.recordAbout(auditSubject.user(userId), {
      userId: admin.id,
      action: 'password_reset',
      detail: { user: userId, name: target.name },
    });
    const { password } = await accounts.resetPassword(userId);
    return { password, user: publicUser((await accountStore.getUser(userId))!) };
  });

  app.get('/api/groups', async () => {
    const groups = await accountStore.listGroups();
    return { groups: await Promise.all(groups.map(async (group) => ({ ...group, members: await accountStore.membersOf(group.id) }))) };
  });

  app.post('/api/groups', async (request, reply) => {
    const admin = requireUser(request);
    const group = await accounts.createGroup(parseBody(newGroup, request.body));
    await audit.recordAbout(auditSubject.group(group.id), {
      userId: admin.id,
      action: 'group_created',
      detail: { group: group.id, groupName: group.name, kind: group.kind },
    });
    return reply.status(201).send({ group });
  });

  app.post('/api/groups/:groupId/members', async (request, reply) => {
    const admin = requireUser(request);
    const { groupId } = request.params as { groupId: string };
    const { userId } = parseBody(membership, request.body);
    const group = await accountStore.getGroup(groupId);
    if (!group) throw new NotFoundError('Det finns ingen sådan grupp.');
    const member = await accountStore.getUser(userId);
    if (!member) throw new NotFoundError('Det finns ingen sådan användare.');
    // Written before the membership takes effect: no access is ever granted without its trace.
    await audit.recordAbout(auditSubject.group(groupId), {
      userId: admin.id,
      action: 'member_added',
      detail: { group: groupId, groupName: group.name, member: userId, memberName: member.name },
    });
    await accountStore.addMember(groupId, userId);
    deps.onUserAccessChanged(userId);
    return reply.status(201).send({ ok: true });
  });

  app.delete('/api/groups/:groupId/members/:userId', async (request) => {
    const admin = requireUser(request);
    const { groupId, userId } = request.params as { groupId: string; userId: string };
    const group = await accountStore.getGroup(groupId);
    const wasMember = group ? (await accountStore.membersOf(groupId)).includes(userId) : false;
    await accountStore.removeMember(groupId, userId);
    if (group && wasMember) {
      await audit.recordAbout(auditSubject.group(groupId), {
        userId: admin.id,
        action: 'member_removed',
        detail: { group: groupId, groupName: group.name, member: userId, memberName: (await accountStore.getUser(userId))?.name ?? null },
      });
    }
    deps.onUserAccessChanged(userId);
    return { ok: true };
  });

  app.get('/api/audit', async () => ({ events: await withUserNames(accountStore, await audit.listAbout()) }));
}
