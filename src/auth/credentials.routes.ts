import { Router, type Request, type Response } from 'express';
import type { Config } from '../config';
import { ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash } from '../lib/http';
import { attemptLimiter, tooManyAttempts, withCsrfToken } from '../lib/security';
import { DatabaseRateLimitStore } from '../lib/rate-limit-store';
import { requireUser } from './auth.policy';
import { ChangeEmailForm, ChangePasswordForm, ResetTokenParam } from './auth.schemas';
import type { AuthDeps } from './auth.service';
import { EMAIL_LINK_HOURS, changePassword, confirmEmailChange, requestEmailChange, usableEmailChange } from './credentials.service';
import { pendingEmailChange } from './credentials.repository';

/** A logged-in user's own password and email address, and the link that confirms a new address. */
export function credentialsRouter(deps: AuthDeps & { rateLimits: Config['rateLimits'] }): Router {
  const router = Router();
  const { rateLimits } = deps;
  // Both forms check the current password, so wrong guesses are limited as at login; each form
  // counts against the same limit and, refused, is shown again (the new email typed kept).
  const passwordCheckLimit = (refuse: (req: Request, res: Response) => Promise<void> | void) =>
    attemptLimiter({
      limit: rateLimits.login,
      windowMinutes: rateLimits.windowMinutes,
      what: 'check your password',
      failuresOnly: true,
      store: new DatabaseRateLimitStore(deps.db, 'password-check'),
      refuse,
    });
  const refusal = () => ({ _form: tooManyAttempts('check your password', rateLimits.windowMinutes) });

  const renderPassword = (res: Response, errors: Record<string, string> = {}) =>
    res.render('account/password', { title: 'Change your password', errors });

  router.get('/account/password', requireUser, function showPasswordForm(_req, res) {
    renderPassword(res);
  });

  router.post('/account/password', requireUser, passwordCheckLimit((_req, res) => renderPassword(res, refusal())), async function savePassword(req, res) {
    const form = ChangePasswordForm.safeParse(req.body);
    if (!form.success) return renderPassword(res.status(422), fieldErrors(form.error));
    try {
      await changePassword(deps, req.user!, req.sessionID, form.data);
    } catch (err) {
      if (err instanceof ValidationError) return renderPassword(res.status(422), err.fields);
      throw err;
    }
    flash(req, 'success', 'Your password is changed. Any other device where you were logged in has been logged out.');
    res.redirect('/account');
  });

  const renderEmail = async (res: Response, userId: number, values: Record<string, string> = {}, errors: Record<string, string> = {}) =>
    res.render('account/email', {
      title: 'Change your email address',
      values,
      errors,
      pending: await pendingEmailChange(deps.db, userId, new Date()),
      hours: EMAIL_LINK_HOURS,
    });

  router.get('/account/email', requireUser, async function showEmailForm(req, res) {
    await renderEmail(res, req.user!.id);
  });

  router.post('/account/email', requireUser, passwordCheckLimit((req, res) => renderEmail(res, req.user!.id, keptValues(req.body), refusal())), async function askEmailChange(req, res) {
    const form = ChangeEmailForm.safeParse(req.body);
    if (!form.success) return renderEmail(res.status(422), req.user!.id, keptValues(req.body), fieldErrors(form.error));
    try {
      await requestEmailChange(deps, req.user!, form.data);
    } catch (err) {
      if (err instanceof ValidationError) return renderEmail(res.status(422), req.user!.id, keptValues(req.body), err.fields);
      throw err;
    }
    // The account page says what now waits, for as long as it waits.
    res.redirect('/account');
  });

  // The link works without logging in: it is its own proof that the new address is the user's.
  router.use('/account/email/confirm', withCsrfToken);

  router.get('/account/email/confirm/:token', async function showEmailConfirm(req, res) {
    const params = ResetTokenParam.safeParse(req.params);
    const change = params.success ? await usableEmailChange(deps, params.data.token) : undefined;
    res.status(change ? 200 : 410).render('account/email-confirm', {
      title: 'Confirm your new email address',
      token: params.success ? params.data.token : '',
      change,
      hours: EMAIL_LINK_HOURS,
      errors: {},
    });
  });

  router.post('/account/email/confirm/:token', async function confirmEmail(req, res) {
    const params = ResetTokenParam.safeParse(req.params);
    const view = { title: 'Confirm your new email address', token: '', change: undefined, hours: EMAIL_LINK_HOURS };
    if (!params.success) return res.status(410).render('account/email-confirm', { ...view, errors: {} });
    try {
      const change = await confirmEmailChange(deps, params.data.token);
      const loggedInAsOwner = req.user?.id === change.user_id;
      flash(req, 'success', `Your email address is now ${change.new_email}.${loggedInAsOwner ? '' : ' Please log in with it.'}`);
      res.redirect(loggedInAsOwner ? '/account' : '/login');
    } catch (err) {
      if (err instanceof ValidationError) return res.status(410).render('account/email-confirm', { ...view, errors: err.fields });
      throw err;
    }
  });

  return router;
}
