import { Router } from 'express';
import { requireUser } from '../auth';
import type { Db } from '../db';
import { NotFoundError } from '../lib/errors';
import { fieldErrors } from '../lib/forms';
import { flash } from '../lib/http';
import { PreferencesForm } from './discussions.schemas';
import { isUnsubscribeToken, preferencesOf, savePreferences, unsubscribe } from './notify.service';

/** A signed-in user's choice of discussion and announcement emails. */
export function preferencesRouter(deps: { db: Db }): Router {
  const router = Router();

  router.get('/discussions/preferences', requireUser, async function showPreferences(req, res) {
    const prefs = await preferencesOf(deps.db, req.user!.id);
    res.render('discussions/preferences', { title: 'Email preferences', prefs, errors: {} });
  });

  router.post('/discussions/preferences', requireUser, async function changePreferences(req, res) {
    const form = PreferencesForm.safeParse(req.body);
    if (!form.success) {
      const prefs = await preferencesOf(deps.db, req.user!.id);
      return res.status(422).render('discussions/preferences', { title: 'Email preferences', prefs, errors: fieldErrors(form.error) });
    }
    await savePreferences(deps.db, req.user!.id, { discussionEmail: form.data.discussion_email, announcementEmail: form.data.announcement_email, weekEmail: form.data.week_email, deadlineEmail: form.data.deadline_email });
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
    if (!validToken(token) || !(await isUnsubscribeToken(deps.db, token))) throw invalid();
    res.render('discussions/unsubscribe', { title: 'Stop emails', token });
  });
  router.post('/unsubscribe/:token', async function unsubscribeByLink(req, res) {
    const token = req.params.token;
    if (!validToken(token) || !(await unsubscribe(deps.db, token))) throw invalid();
    res.render('discussions/unsubscribed', { title: 'Unsubscribed' });
  });
  return router;
}
