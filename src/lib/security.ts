import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { csrfSync } from 'csrf-sync';
import helmet from 'helmet';
import { rateLimit, type Store } from 'express-rate-limit';

/** Helmet with a CSP that allows no inline script or style and no framing. */
export function securityHeaders(opts: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(opts.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: opts.https ? { maxAge: 15552000 } : false,
  });
}

const csrf = csrfSync({
  getTokenFromRequest: (req) => {
    const body = req.body as Record<string, unknown> | undefined;
    const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
    return fromBody ?? (req.headers['x-csrf-token'] as string | undefined);
  },
});

export const generateCsrfToken = csrf.generateToken;

/** For pages that show a form to visitors who are not logged in. */
export function withCsrfToken(req: Request, res: Response, next: NextFunction): void {
  res.locals.csrfToken = generateCsrfToken(req);
  next();
}

/** The request carries the session's CSRF token (in the body's `_csrf` field or the x-csrf-token header). */
export const csrfTokenHolds = csrf.isRequestValid;

/**
 * Checks the CSRF token on every state-changing request, before any route runs. Every form,
 * file uploads included, carries it in its body (multipart bodies are read first, by
 * readMultipartForms); scripts send it in the x-csrf-token header.
 */
export const csrfProtection: RequestHandler = csrf.csrfSynchronisedProtection;

export function isCsrfError(err: unknown): boolean {
  return err === csrf.invalidCsrfTokenError || (typeof err === 'object' && err !== null && (err as { code?: string }).code === 'EBADCSRFTOKEN');
}

/**
 * Limits attempts per IP address; the 429 page says when to try again, or `refuse` answers
 * instead (a form shown again with what was typed). With `failuresOnly`, an attempt that succeeds
 * is not counted: staff of one library often share one public address, and their ordinary logins
 * must not lock the branch out. With `successesOnly`, only attempts that succeed count (a ceiling
 * on what one address makes). With a `store` in the database, every instance of the app counts
 * against the same limit.
 */
export function attemptLimiter(opts: {
  limit: number;
  windowMinutes: number;
  what: string;
  failuresOnly?: boolean;
  successesOnly?: boolean;
  store?: Store;
  /** What is counted, when not the connection's address (an email address, say); undefined skips the limit. */
  key?: (req: Request) => string | undefined;
  refuse?: (req: Request, res: Response) => void | Promise<void>;
}): RequestHandler {
  const { key } = opts;
  return rateLimit({
    ...(opts.store ? { store: opts.store } : {}),
    ...(key ? { keyGenerator: (req: Request) => key(req) ?? '', skip: (req: Request) => key(req) === undefined } : {}),
    windowMs: opts.windowMinutes * 60_000,
    limit: opts.limit,
    skipSuccessfulRequests: opts.failuresOnly ?? false,
    skipFailedRequests: opts.successesOnly ?? false,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler(req, res, next) {
      if (opts.refuse) return void Promise.resolve(opts.refuse(req, res.status(429))).catch(next);
      res.status(429).render('errors/429', {
        title: 'Too many attempts',
        what: opts.what,
        minutes: opts.windowMinutes,
      });
    },
  });
}

/** The sentence a refused attempt shows, as on the 429 page. */
export function tooManyAttempts(what: string, windowMinutes: number): string {
  return `There have been too many attempts to ${what} from your connection. Please wait ${windowMinutes} minutes and try again.`;
}
