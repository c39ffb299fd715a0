import { Router, type Response } from 'express';
import { requireUser, type CurrentUser } from '../auth';
import type { Db } from '../db';
import { NotFoundError } from '../lib/errors';
import { fieldErrors } from '../lib/forms';
import { flash } from '../lib/http';
import { PreferenceTicks, PreferencesForm } from './discussions.schemas';
import { getsStaffEmail, preferencesOf, savePreferences, unsubscribe, unsubscribeTokenHolder, type EmailChoices } from './notify.service';

/** A signed-in user's choice of the emails they can turn off; the choice about work waiting for staff is offered to those who get such emails. */
export function preferencesRouter(deps: { db: Db }): Router {
  const router = Router();
  const show = (res: Response, user: CurrentUser, prefs: EmailChoices, errors: Record<string, string> = {}) =>
    res.status(Object.keys(errors).length ? 422 : 200).render('discussions/preferences', { title: 'Email preferences', prefs, staff: getsStaffEmail(user), errors });

  router.get('/discussions/preferences', requireUser, async function showPreferences(req, res) {
    show(res, req.user!, await preferencesOf(deps.db, req.user!.id));
  });

  router.post('/discussions/preferences', requireUser, async function changePreferences(req, res) {
    const user = req.user!;
    const staff = getsStaffEmail(user);
    const form = PreferencesForm.safeParse(req.body);
    if (!form.success) {
      // The boxes as they were sent; the refused choice of replies stays as it is stored.
      const stored = await preferencesOf(deps.db, user.id);
      const ticks = PreferenceTicks.parse(req.body ?? {});
      const prefs = { ...stored, announcementEmail: ticks.announcement_email, weekEmail: ticks.week_email, deadlineEmail: ticks.deadline_email, sessionOfferEmail: ticks.session_offer_email, ...(staff ? { staffEmail: ticks.staff_email } : {}) };
      return show(res, user, prefs, fieldErrors(form.error));
    }
    const f = form.data;
    await savePreferences(deps.db, user.id, {
      discussionEmail: f.discussion_email,
      announcementEmail: f.announcement_email,
      weekEmail: f.week_email,
      deadlineEmail: f.deadline_email,
      sessionOfferEmail: f.session_offer_email,
      // Not on the page for anyone else: their stored choice stays.
      ...(staff ? { staffEmail: f.staff_email } : {}),
    });
    flash(req, 'success', 'Your email preferences are saved.');
    res.redirect('/discussions/preferences');
  });

  return router;
}

/**
 * Unsubscribing from the link in every email: no login, and no CSRF token because the secret
 * token in the URL is the proof. Mounted before the CSRF check for that reason.
 * Opening the link (GET) only asks; mail scanners open links on their own, so only a POST
 * changes anything. A bare POST to the link also works, as one-click mail clients send (RFC 8058).
 */
export function unsubscribeRouter(deps: { db: Db }): Router {
  const router = Router();
  const invalid = () => new NotFoundError('That unsubscribe link is not valid. You can change your emails on the preferences page after logging in.');
  const validToken = (token: unknown): token is string => typeof token === 'string' && /^[A-Za-z0-9_-]{20,64}$/.test(token);

  router.get('/unsubscribe/:token', async function askToUnsubscribe(req, res) {
    const token = req.params.token;
    const holder = validToken(token) ? await unsubscribeTokenHolder(deps.db, token) : undefined;
    if (!holder) throw invalid();
    res.render('discussions/unsubscribe', { title: 'Stop emails', token, staff: holder.staff });
  });
  router.post('/unsubscribe/:token', async function unsubscribeByLink(req, res) {
    const token = req.params.token;
    const holder = validToken(token) ? await unsubscribeTokenHolder(deps.db, token) : undefined;
    if (!holder || !(await unsubscribe(deps.db, token))) throw invalid();
    res.render('discussions/unsubscribed', { title: 'Unsubscribed', staff: holder.staff });
  });
  return router;
}
