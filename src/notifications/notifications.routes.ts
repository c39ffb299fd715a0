import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db';
import { formatInZone } from '../lib/dates';
import { NotFoundError } from '../lib/errors';
import { requireRole } from '../auth/auth.policy';
import { findOutboxEmail, listOutbox } from './notifications.repository';

const PAGE = 50;
// An email belongs to no session, so its time is shown in UTC, and says so.
const writtenText = (date: Date) => `${formatInZone(date, 'UTC', 'd LLLL yyyy, HH:mm')} UTC`;
const OutboxQuery = z.object({ before: z.coerce.number().int().positive().optional(), to: z.string().max(254).optional() });
const IdParam = z.object({ id: z.coerce.number().int().positive() });

/** The admin's view of every email the platform wrote, newest first. */
export function outboxRouter(deps: { db: Db }): Router {
  const router = Router();
  router.use('/admin/outbox', requireRole('admin'));

  router.get('/admin/outbox', async function showOutbox(req, res) {
    const query = OutboxQuery.safeParse(req.query);
    const filters = query.success ? query.data : {};
    const emails = await listOutbox(deps.db, { ...filters, limit: PAGE + 1 });
    res.render('notifications/outbox', {
      title: 'Outbox',
      emails: emails.slice(0, PAGE).map((e) => ({ ...e, writtenText: writtenText(e.created_at) })),
      nextBefore: emails.length > PAGE ? emails[PAGE - 1].id : undefined,
      to: filters.to ?? '',
    });
  });

  router.get('/admin/outbox/:id', async function showEmail(req, res) {
    const params = IdParam.safeParse(req.params);
    const email = params.success ? await findOutboxEmail(deps.db, params.data.id) : undefined;
    if (!email) throw new NotFoundError('That email is not in the outbox.');
    res.render('notifications/email', { title: email.subject, email: { ...email, writtenText: writtenText(email.created_at) } });
  });
  return router;
}
