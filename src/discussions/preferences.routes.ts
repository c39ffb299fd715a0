import { Router } from 'express';
import { requireUser } from '../auth';
import type { Db } from '../db';
import { NotFoundError } from '../lib/errors';
import { fieldErrors } from '../lib/forms';
import { flash } from '../lib/http';
import { PreferencesForm } from './discussions.schemas';
import { preferencesOf, savePreferences, unsubscribe } from './notify.service';

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
    await savePreferences(deps.db, req.user!.id, { discussionEmail: form.data.discussion_email, announcementEmail: form.data.announcement_email });
    flash(req, 'success', 'Your email preferences are saved.');
    res.redirect('/discussions/preferences');
  });

  return router;
}

/**
 * One-click unsubscribe from the link in every email: no login, and no CSRF token because the
 * secret token in the URL is the proof (mail clients POST to it without a form, RFC 8058).
 * Mounted before the CSRF check for that reason.
 */
export function unsubscribeRouter(deps: { db: Db }): Router {
  const router = Router();
  const handle = async (token: unknown) => {
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{20,64}$/.test(token) || !(await unsubscribe(deps.db, token))) {
      throw new NotFoundError('That unsubscribe link is not valid. You can change your emails on the preferences page after logging in.');
    }
  };
  router.get('/unsubscribe/:token', async function unsubscribeByLink(req, res) {
    await handle(req.params.token);
    res.render('discussions/unsubscribed', { title: 'Unsubscribed' });
  });
  router.post('/unsubscribe/:token', async function unsubscribeOneClick(req, res) {
    await handle(req.params.token);
    res.render('discussions/unsubscribed', { title: 'Unsubscribed' });
  });
  return router;
}
