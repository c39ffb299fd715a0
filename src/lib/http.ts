import type { NextFunction, Request, Response } from 'express';
import 'express-session';

export type FlashKind = 'success' | 'info' | 'error';

/** Messages queued for the next page. */
export interface Flash extends Partial<Record<FlashKind, string>> {
  /** The session whose certificate the last action issued: the next page says it is ready, with a link. */
  certificateReadyIn?: number;
}

declare module 'express-session' {
  interface SessionData {
    flash?: Flash;
    returnTo?: string;
    csrfToken?: string;
  }
}

/** Queues a message for the next page the user sees (post/redirect/get). */
export function flash(req: Request, kind: FlashKind, message: string): void {
  req.session.flash = { ...req.session.flash, [kind]: message };
}

/** Takes queued messages into res.locals once, so each shows exactly one time. */
export function takeFlash(req: Request, res: Response, next: NextFunction): void {
  res.locals.flash = req.session?.flash ?? {};
  if (req.session?.flash) delete req.session.flash;
  next();
}

/**
 * Only same-site paths may be used as a place to return to after login. No spaces or control
 * characters either: a browser drops a tab or line break from an address, so `/<tab>/host`
 * would read as `//host`, another site.
 */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\s\p{Cc}]/u.test(value)) return undefined;
  return value;
}

/** Parses a positive integer id from a URL segment; anything else is "not found". */
export function parseId(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= 2147483647 ? n : undefined;
}

/** A query string of the values given ('' for none), for links that keep a page's filters. */
export function queryString(params: Record<string, string | number | undefined>): string {
  return new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();
}

/** The path with the values given as its query, or the bare path when there are none. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const query = queryString(params);
  return query ? `${path}?${query}` : path;
}
