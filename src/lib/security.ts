import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { csrfSync } from 'csrf-sync';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';

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

function isMultipart(req: Request): boolean {
  return req.is('multipart/form-data') === 'multipart/form-data';
}

/** The upload token of `path` for a session whose CSRF token is `sessionToken`. */
export function pathToken(sessionToken: string, path: string): string {
  return createHmac('sha256', sessionToken).update(path).digest('base64url');
}

/**
 * The token an upload form puts in its action URL (`?_csrf=`): its body is read only after the
 * check, so the token cannot travel in it. A URL can be seen (the address bar after a refused
 * upload) or shared, so this token is good for that one path only, not for every form of the
 * session as the session's token is.
 */
export function uploadToken(req: Request, path: string): string {
  return pathToken(generateCsrfToken(req), path);
}

/**
 * Checks the CSRF token on every state-changing request, before any route runs. A multipart
 * body (file uploads) cannot be read before Multer, so multipart forms carry a token for their
 * own path in the action URL (see uploadToken); scripts may send the session's token in the
 * x-csrf-token header instead.
 */
export function csrfProtection(req: Request, res: Response, next: NextFunction): void {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
  if (isMultipart(req)) {
    const expected = req.session?.csrfToken;
    const fromUrl = typeof req.query._csrf === 'string' ? req.query._csrf : undefined;
    const fromHeader = req.headers['x-csrf-token'];
    const valid = expected && (fromUrl ? safeEqual(fromUrl, pathToken(expected, req.path)) : typeof fromHeader === 'string' && safeEqual(fromHeader, expected));
    return valid ? next() : next(csrf.invalidCsrfTokenError);
  }
  csrf.csrfSynchronisedProtection(req, res, next);
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function isCsrfError(err: unknown): boolean {
  return err === csrf.invalidCsrfTokenError || (typeof err === 'object' && err !== null && (err as { code?: string }).code === 'EBADCSRFTOKEN');
}

/**
 * Limits attempts per IP address; the 429 page says when to try again. With `failuresOnly`, an
 * attempt that succeeds is not counted: staff of one library often share one public address,
 * and their ordinary logins must not lock the branch out.
 */
export function attemptLimiter(opts: { limit: number; windowMinutes: number; what: string; failuresOnly?: boolean }): RequestHandler {
  return rateLimit({
    windowMs: opts.windowMinutes * 60_000,
    limit: opts.limit,
    skipSuccessfulRequests: opts.failuresOnly ?? false,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler(req, res) {
      res.status(429).render('errors/429', {
        title: 'Too many attempts',
        what: opts.what,
        minutes: opts.windowMinutes,
      });
    },
  });
}
