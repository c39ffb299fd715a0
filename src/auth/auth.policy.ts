import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError } from '../lib/errors';
import { keptText } from '../lib/form-expired';
import type { CurrentUser, Role } from './auth.types';

/** Sends a visitor to the login page and brings them back where they were going. */
export function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  if (req.method === 'GET') {
    req.session.returnTo = req.originalUrl;
    req.session.flash = { ...req.session.flash, info: 'Please log in to continue.' };
    return res.redirect('/login');
  }
  res.status(401);
  if (wantsJson(req)) {
    res.json({ error: 'Your session has ended. Please log in again.' });
    return;
  }
  res.render('errors/401', { title: 'Please log in again', kept: keptText(req.body) });
}

/** Lets through users holding one of the roles; admins hold every role. */
export function requireRole(...roles: Role[]) {
  return function roleGuard(req: Request, res: Response, next: NextFunction): void {
    requireUser(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (!hasRole(req.user!, ...roles)) return next(new ForbiddenError());
      next();
    });
  };
}

export function hasRole(user: CurrentUser | undefined, ...roles: Role[]): boolean {
  if (!user) return false;
  return user.role === 'admin' || roles.includes(user.role);
}

export function wantsJson(req: Request): boolean {
  return req.xhr || req.get('accept')?.includes('application/json') === true;
}
