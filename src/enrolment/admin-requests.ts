import type { Request } from 'express';
import type { Db } from '../db';
import { ConflictError, NotFoundError } from '../lib/errors';
import { flash, parseId } from '../lib/http';
import { findRosterEntry, findSessionWithCourse } from './sessions.repository';

export async function adminSessionOr404(db: Db, req: Request) {
  const id = parseId(req.params.id);
  const session = id ? await findSessionWithCourse(db, id) : undefined;
  if (!session) throw new NotFoundError('We could not find that session.');
  return session;
}

/** The session of the URL and one entry of its roster, or 404. */
export async function adminRosterEntryOr404(db: Db, req: Request) {
  const session = await adminSessionOr404(db, req);
  const enrolmentId = parseId(req.params.enrolmentId);
  const entry = enrolmentId ? await findRosterEntry(db, session.id, enrolmentId) : undefined;
  if (!entry) throw new NotFoundError();
  return { session, entry };
}

/** Runs an action; a rule that refuses it (409) comes back as a message on the page instead of an error page. */
export async function refusalsAsFlash(req: Request, action: () => Promise<string>): Promise<void> {
  try {
    flash(req, 'success', await action());
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    flash(req, 'error', err.message);
  }
}
