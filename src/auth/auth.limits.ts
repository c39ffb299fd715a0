import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { AugmentedRequest } from 'express-rate-limit';
import type { Config } from '../config';
import { keptValues } from '../lib/forms';
import { DatabaseRateLimitStore } from '../lib/rate-limit-store';
import { attemptLimiter, tooManyAttempts } from '../lib/security';
import { type AuthDeps, passwordLinkFor, RESET_LINK_MINUTES } from './auth.service';
import { ResetTokenParam } from './auth.schemas';

/**
 * The limits on the forms a visitor uses before logging in. Each refusal is its own form again,
 * with status 429, the reason and what was typed (never a password). Staff of one library often
 * share its public address, so what colleagues ordinarily do together counts against a ceiling
 * well above what they need, and only what goes wrong counts against the small limits.
 */
export function authLimits(deps: AuthDeps & { rateLimits: Config['rateLimits'] }) {
  const { login, register, windowMinutes } = deps.rateLimits;
  const counted = (prefix: string) => new DatabaseRateLimitStore(deps.db, prefix);
  const refused = (view: string, title: string, message: string) => (req: Request, res: Response) =>
    res.render(view, { title, values: keptValues(req.body), errors: { _form: message }, sent: false });

  // Refused registrations (a taken address, a bad form) count against the small limit; accounts
  // made do not. Accounts made are bounded apart, at ten times that limit: 50 per address in 15
  // minutes by default, enough for a whole staff training room to register together, while a
  // script behind one address can make at most 200 accounts an hour.
  const registerPage = (message: string) => refused('auth/register', 'Create your account', message);
  const registerLimits: RequestHandler[] = [
    attemptLimiter({ limit: register, windowMinutes, what: 'create an account', failuresOnly: true, store: counted('register'), refuse: registerPage(tooManyAttempts('create an account', windowMinutes)) }),
    attemptLimiter({
      limit: register * 10,
      windowMinutes,
      what: 'create an account',
      successesOnly: true,
      store: counted('accounts'),
      refuse: registerPage(`Too many accounts have been created from your connection. Please wait ${windowMinutes} minutes and try again.`),
    }),
  ];

  // Only failed logins count, so a branch's staff logging in each morning are never stopped.
  const loginLimit = attemptLimiter({ limit: login, windowMinutes, what: 'log in', failuresOnly: true, store: counted('login'), refuse: refused('auth/login', 'Log in', tooManyAttempts('log in', windowMinutes)) });

  // A request for a reset link is answered alike whether or not the email has an account, so the
  // limits cannot count only "failures" (which would be telling) nor skip the requests that send an
  // email: every request counts, for the address typed and for the connection. One email address
  // gets at most the small limit of links in the window (5 in 15 minutes by default), whoever asks,
  // so no inbox can be flooded; one connection may ask ten times that (50), enough for a room of
  // colleagues who have each forgotten theirs, while bounding the emails a script there can trigger.
  const forgotPage = (message: string) => refused('auth/forgot-password', 'Reset your password', message);
  const forgotPasswordLimits: RequestHandler[] = [
    attemptLimiter({ limit: register * 10, windowMinutes, what: 'reset a password', store: counted('reset-requests'), refuse: forgotPage(tooManyAttempts('reset a password', windowMinutes)) }),
    attemptLimiter({
      limit: register,
      windowMinutes,
      what: 'reset a password',
      store: counted('reset-email'),
      key: resetEmailKey,
      // Someone else may be the one asking, to keep the owner from a link: the refusal tells them
      // the links already sent still work (they outlast the window), in words that hold whether or
      // not an account uses the address.
      refuse: (req, res) => forgotPage(linksAlreadySent(minutesUntilReset(req, windowMinutes), windowMinutes))(req, res),
    }),
  ];

  // The link itself is the secret (too long to guess), so a new password chosen through it does not
  // count; dead links and mistyped confirmations do, as wrong guesses at login.
  const resetPasswordLimit = attemptLimiter({
    limit: login,
    windowMinutes,
    what: 'reset a password',
    failuresOnly: true,
    store: counted('reset-link'),
    async refuse(req, res) {
      const params = ResetTokenParam.safeParse(req.params);
      const link = params.success ? await passwordLinkFor(deps, params.data.token) : undefined;
      res.render('auth/reset-password', {
        title: link?.firstPassword ? 'Choose your password' : 'Choose a new password',
        welcome: link?.firstPassword ? link.name : undefined,
        token: params.success ? params.data.token : '',
        usable: Boolean(link),
        errors: { _form: tooManyAttempts('reset a password', windowMinutes) },
      });
    },
  });

  return { registerLimits, loginLimit, forgotPasswordLimits, resetPasswordLimit };
}

/** The email a reset is asked for, as the form reads it, hashed: the counts hold no address. */
function resetEmailKey(req: Request): string | undefined {
  const typed: unknown = (req.body as Record<string, unknown> | undefined)?.email;
  const email = typeof typed === 'string' ? typed.trim().toLowerCase() : '';
  return email ? createHash('sha256').update(email).digest('base64url') : undefined;
}

/** What a request for a reset link is told once its address was sent the most links the window allows. */
function linksAlreadySent(minutesLeft: number, windowMinutes: number): string {
  return (
    `The most reset links we send to one email address in ${windowMinutes} minutes have already been asked for this one, so no more are sent to it for now: ` +
    `you can ask again in ${minutesLeft} ${minutesLeft === 1 ? 'minute' : 'minutes'}. ` +
    'If an account uses this address, those links are in its inbox (or spam folder) and the newest one works: ' +
    `each works for ${RESET_LINK_MINUTES} minutes after it was sent, until a new password is chosen with one of them.`
  );
}

/** Whole minutes until the limit that refused this request counts afresh (the window is fixed, from its first request). */
function minutesUntilReset(req: Request, windowMinutes: number): number {
  const resetTime = (req as AugmentedRequest).rateLimit?.resetTime;
  if (!resetTime) return windowMinutes;
  return Math.min(windowMinutes, Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 60_000)));
}
