import { Router, type Request, type Response } from 'express';
import type { Config } from '../config';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, safeReturnPath } from '../lib/http';
import { ValidationError } from '../lib/errors';
import { withCsrfToken } from '../lib/security';
import { authLimits } from './auth.limits';
import {
  type AuthDeps,
  passwordLinkFor,
  registerUser,
  requestPasswordReset,
  resetPassword,
  verifyLogin,
} from './auth.service';
import { ForgotPasswordForm, LoginForm, RegisterForm, ResetPasswordForm, ResetTokenParam } from './auth.schemas';
import type { CurrentUser } from './auth.types';

type Limits = Config['rateLimits'];

function logIn(req: Request, user: CurrentUser): Promise<void> {
  // Passport regenerates the session id here, so a fixated id is never promoted to a login.
  return new Promise((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
}

function homeFor(user: CurrentUser): string {
  return user.role === 'learner' ? '/dashboard' : user.role === 'instructor' ? '/teach' : '/admin';
}

export function authRouter(deps: AuthDeps & { rateLimits: Limits }): Router {
  const router = Router();
  const { registerLimits, loginLimit, forgotPasswordLimits, resetPasswordLimit } = authLimits(deps);

  router.use(['/register', '/login', '/forgot-password', '/reset-password'], withCsrfToken);

  const renderRegister = (res: Response, values: Record<string, string> = {}, errors: Record<string, string> = {}) =>
    res.render('auth/register', { title: 'Create your account', values, errors });

  router.get('/register', function showRegister(req, res) {
    if (req.user) return res.redirect(homeFor(req.user));
    renderRegister(res);
  });

  router.post('/register', ...registerLimits, async function register(req, res) {
    const form = RegisterForm.safeParse(req.body);
    if (!form.success) return renderRegister(res.status(422), keptValues(req.body), fieldErrors(form.error));
    try {
      const user = await registerUser(deps, form.data);
      const returnTo = safeReturnPath(req.session.returnTo);
      await logIn(req, user);
      flash(req, 'success', `Welcome, ${user.name}. Your account is ready.`);
      res.redirect(returnTo ?? homeFor(user));
    } catch (err) {
      if (err instanceof ValidationError) return renderRegister(res.status(422), keptValues(req.body), err.fields);
      throw err;
    }
  });

  const renderLogin = (res: Response, values: Record<string, string> = {}, errors: Record<string, string> = {}) =>
    res.render('auth/login', { title: 'Log in', values, errors });

  router.get('/login', function showLogin(req, res) {
    if (req.user) return res.redirect(homeFor(req.user));
    renderLogin(res);
  });

  router.post('/login', loginLimit, async function login(req, res) {
    const form = LoginForm.safeParse(req.body);
    if (!form.success) return renderLogin(res.status(422), keptValues(req.body), fieldErrors(form.error));
    const user = await verifyLogin(deps, form.data.email, form.data.password);
    if (!user) {
      return renderLogin(res.status(422), keptValues(req.body), {
        _form: 'That email and password do not match an active account. Check them and try again, or reset your password.',
      });
    }
    const returnTo = safeReturnPath(req.session.returnTo);
    await logIn(req, user);
    res.redirect(returnTo ?? homeFor(user));
  });

  router.post('/logout', function logout(req, res, next) {
    if (req.user) deps.realtime?.endSockets([req.user.id]);
    req.logout((err) => {
      if (err) return next(err);
      // Destroy the server-side session too, so the old cookie is worthless.
      req.session.destroy((destroyErr) => {
        if (destroyErr) return next(destroyErr);
        res.clearCookie('kindred.sid');
        res.redirect('/?logged_out=1');
      });
    });
  });

  router.get('/forgot-password', function showForgot(_req, res) {
    res.render('auth/forgot-password', { title: 'Reset your password', values: {}, errors: {}, sent: false });
  });

  router.post('/forgot-password', ...forgotPasswordLimits, async function forgotPassword(req, res) {
    const form = ForgotPasswordForm.safeParse(req.body);
    if (!form.success) {
      return res.status(422).render('auth/forgot-password', { title: 'Reset your password', values: keptValues(req.body), errors: fieldErrors(form.error), sent: false });
    }
    await requestPasswordReset(deps, form.data.email);
    res.render('auth/forgot-password', { title: 'Check your email', values: {}, errors: {}, sent: true, email: form.data.email });
  });

  router.get('/reset-password/:token', async function showReset(req, res) {
    const params = ResetTokenParam.safeParse(req.params);
    const link = params.success ? await passwordLinkFor(deps, params.data.token) : undefined;
    res.status(link ? 200 : 410).render('auth/reset-password', {
      title: link?.firstPassword ? 'Choose your password' : 'Choose a new password',
      welcome: link?.firstPassword ? link.name : undefined,
      token: params.success ? params.data.token : '',
      usable: Boolean(link),
      errors: {},
    });
  });

  router.post('/reset-password/:token', resetPasswordLimit, async function reset(req, res) {
    const params = ResetTokenParam.safeParse(req.params);
    const form = ResetPasswordForm.safeParse(req.body);
    const token = params.success ? params.data.token : '';
    const link = params.success ? await passwordLinkFor(deps, token) : undefined;
    const view = { title: link?.firstPassword ? 'Choose your password' : 'Choose a new password', welcome: link?.firstPassword ? link.name : undefined, token, usable: true };
    // A dead link says so first: a form to correct would only lead to the same answer.
    if (!link) return res.status(410).render('auth/reset-password', { ...view, usable: false, errors: {} });
    if (!form.success) return res.status(422).render('auth/reset-password', { ...view, errors: fieldErrors(form.error) });
    try {
      await resetPassword(deps, token, form.data.password);
    } catch (err) {
      if (err instanceof ValidationError) return res.status(410).render('auth/reset-password', { ...view, usable: false, errors: err.fields });
      throw err;
    }
    flash(req, 'success', link?.firstPassword ? 'Your password is set. Please log in with it.' : 'Your password is changed. Please log in with it.');
    res.redirect('/login');
  });

  return router;
}
