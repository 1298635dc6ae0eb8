/**
 * Notifications (who may call each route: server/auth/routeRules.ts):
 *   GET  /api/notifications                 → { unread, mail, notifications: [...] } newest first
 *   POST /api/notifications/read {ids?}     → { unread } (all of one's notifications without ids)
 *   PUT  /api/notifications/settings {mail} → { mail } 'off' | 'immediate' | 'batched'
 *   GET  /api/documents/:id/mentionable     → { people: [{ id, name, title, hasAccess }], mayShare }
 *        who a commenter may @mention: everyone, each with whether they can see the document, and
 *        whether the writer may share it with one who cannot (an owner).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../http/authentication';
import { parseBody } from '../http/parseBody';
import type { AccountStore } from '../storage/storage';
import type { AccessPolicy } from '../auth/accessPolicy';
import { MAIL_MODES, type MailMode } from './notificationStore';
import type { NotificationService } from './notificationService';

const readBody = z.object({ ids: z.array(z.string().min(1).max(300)).max(1000).optional() }).strict();
const settingsBody = z.object({ mail: z.enum(MAIL_MODES as [MailMode, ...MailMode[]]) }).strict();

export function registerNotificationRoutes(
  app: FastifyInstance,
  deps: { notifications: NotificationService; accounts: AccountStore; policy: AccessPolicy },
): void {
  const { notifications } = deps;
  app.get('/api/notifications', async (request) => notifications.list(requireUser(request)));

  app.post('/api/notifications/read', async (request) => {
    const user = requireUser(request);
    const { ids } = parseBody(readBody, request.body ?? {});
    await notifications.markRead(user, ids ?? null);
    return { unread: await notifications.unreadCount(user) };
  });

  app.put('/api/notifications/settings', async (request) => {
    const user = requireUser(request);
    const { mail } = parseBody(settingsBody, request.body);
    await notifications.setMailMode(user, mail);
    return { mail };
  });

  app.get('/api/documents/:id/mentionable', async (request) => {
    requireUser(request);
    const access = request.documentAccess!;
    const users = (await deps.accounts.listUsers()).filter((user) => !user.disabled);
    const people = await Promise.all(
      users.map(async (user) => ({
        id: user.id,
        name: user.name,
        title: user.title,
        hasAccess: (await deps.policy.roleFor(user, access.record)) !== null,
      })),
    );
    people.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    return { people, mayShare: access.role === 'owner' };
  });
}
