import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db';
import { NotFoundError } from '../lib/errors';
import { flash } from '../lib/http';
import { requireRole } from '../auth/auth.policy';
import type { EmailDelivery } from './delivery';
import { OUTBOX_STATUSES, emailTrouble, findOutboxEmail, listOutbox } from './notifications.repository';
import { STATUS_FILTERS, presentEmail } from './outbox.presenter';

const PAGE = 50;
const OutboxQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  to: z.string().max(254).optional(),
  status: z.enum(OUTBOX_STATUSES).optional(),
});
const IdParam = z.object({ id: z.coerce.number().int().positive() });

/** The admin's view of every email the platform wrote, newest first, and a way to resend one that failed. */
export function outboxRouter(deps: { db: Db; delivery?: EmailDelivery }): Router {
  const router = Router();
  router.use('/admin/outbox', requireRole('admin'));

  async function emailOr404(id: unknown) {
    const params = IdParam.safeParse({ id });
    const email = params.success ? await findOutboxEmail(deps.db, params.data.id) : undefined;
    if (!email) throw new NotFoundError('That email is not in the outbox.');
    return email;
  }

  router.get('/admin/outbox', async function showOutbox(req, res) {
    const query = OutboxQuery.safeParse(req.query);
    const filters = query.success ? query.data : {};
    const [emails, trouble] = await Promise.all([listOutbox(deps.db, { ...filters, limit: PAGE + 1 }), emailTrouble(deps.db)]);
    const older = new URLSearchParams({ to: filters.to ?? '', status: filters.status ?? '' });
    if (emails.length > PAGE) older.set('before', String(emails[PAGE - 1].id));
    res.render('notifications/outbox', {
      title: 'Outbox',
      emails: emails.slice(0, PAGE).map(presentEmail),
      olderHref: emails.length > PAGE ? `/admin/outbox?${older}` : undefined,
      to: filters.to ?? '',
      status: filters.status ?? '',
      statusFilters: STATUS_FILTERS,
      trouble,
      delivering: Boolean(deps.delivery),
    });
  });

  router.get('/admin/outbox/:id', async function showEmail(req, res) {
    const email = await emailOr404(req.params.id);
    res.render('notifications/email', { title: email.subject, email: presentEmail(email), delivering: Boolean(deps.delivery) });
  });

  router.post('/admin/outbox/:id/send-again', async function sendAgain(req, res) {
    const email = await emailOr404(req.params.id);
    if (!deps.delivery) {
      flash(req, 'error', 'No mail server is set up (SMTP_URL), so nothing can be sent. The email stays here.');
    } else if (await deps.delivery.sendAgain(email.id)) {
      flash(req, 'success', `The email to ${email.to_address} is back in the queue and will be sent in a moment.`);
    } else {
      flash(req, 'info', 'Only an email that could not be sent can be sent again; this one has not failed.');
    }
    res.redirect(303, `/admin/outbox/${email.id}`);
  });
  return router;
}
