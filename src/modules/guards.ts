import type { Request } from 'express';
import type { Db } from '../db';
import { findSessionAccess, teachesSession, type SessionAccess } from '../enrolment';
import { NotFoundError } from '../lib/errors';
import { parseId } from '../lib/http';

/** The caller's access to the session named by :id; anyone without it gets a 404. */
export async function sessionAccessOr404(db: Db, req: Request): Promise<SessionAccess> {
  const sessionId = parseId(req.params.id);
  const access = sessionId ? await findSessionAccess(db, req.user, sessionId) : undefined;
  if (!access) throw new NotFoundError();
  return access;
}

/**
 * Like sessionAccessOr404, for pages that show learners' private work (reflections, feedback,
 * shared toolkit sections): only those who teach the session. An admin who does not gets 404.
 */
export async function teacherAccessOr404(db: Db, req: Request): Promise<Extract<SessionAccess, { as: 'instructor' | 'admin' }>> {
  const access = await sessionAccessOr404(db, req);
  if (!teachesSession(access)) throw new NotFoundError();
  return access;
}

/** Like sessionAccessOr404, for actions only the session's learners take. */
export async function learnerAccessOr404(db: Db, req: Request): Promise<Extract<SessionAccess, { as: 'learner' }>> {
  const access = await sessionAccessOr404(db, req);
  if (access.as !== 'learner') throw new NotFoundError();
  return access;
}

/** A URL segment that must be a positive whole number (week, reading id); else 404. */
export function idParamOr404(value: unknown): number {
  const id = parseId(value);
  if (!id) throw new NotFoundError();
  return id;
}
