import type { RequestHandler } from 'express';
import type { Logger } from './logger';

// Links that carry their own secret in the path; the query string is never logged at all.
const SECRET_IN_PATH = /^\/(reset-password|unsubscribe|calendar)\/[^/]+/;

/** The path as logged: no query string (multipart forms carry their CSRF token there), no secrets. */
export function loggedPath(originalUrl: string): string {
  const path = originalUrl.split('?')[0];
  return path.replace(SECRET_IN_PATH, (_, kind: string) => `/${kind}/[hidden]`);
}

/** One line per answered request (LOG_REQUESTS=true): method, path, status and milliseconds. */
export function requestLogger(logger: Logger): RequestHandler {
  return function logRequest(req, res, next) {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info('request', { method: req.method, path: loggedPath(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10 });
    });
    next();
  };
}
