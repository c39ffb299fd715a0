import type { NextFunction, Request, Response } from 'express';
import { uncertifiedAndOpen } from './due-certificates.repository';
import { checkAndIssue, type IssuanceDeps } from './issuance.service';

/**
 * Completion can follow from many actions (a reading marked done, a reflection submitted or
 * accepted, a post, a toolkit entry, the evaluation). Rather than every feature remembering to
 * ask, after any successful form post this checks the poster's open enrolments without a
 * certificate, once the response has gone. Whoever holds an enrolled place is checked, whatever
 * their role (staff may enrol as learners); for anyone without one it is a single indexed look-up.
 * Issuance itself is exactly-once.
 */
export function issueDueCertificatesAfterWrites(deps: IssuanceDeps) {
  return function watchLearnerWrites(req: Request, res: Response, next: NextFunction): void {
    const user = req.user;
    if (req.method !== 'POST' || !user) return next();
    afterSuccess(res, () => checkUser(deps, user.id), (err) => deps.logger?.error('certificate check failed', { user_id: user.id, error: String(err) }));
    next();
  };
}

function afterSuccess(res: Response, work: () => Promise<unknown>, failed: (err: unknown) => void): void {
  res.once('finish', () => {
    if (res.statusCode >= 400) return;
    const check: Promise<void> = work()
      .then(() => undefined, failed)
      .finally(() => running.delete(check));
    running.add(check);
  });
}

const running = new Set<Promise<void>>();

/** Resolves once every check started after a response has finished: wait for it before closing the database. */
export async function certificateChecksSettled(): Promise<void> {
  while (running.size) await Promise.allSettled([...running]);
}

/** Runs the completion check for every enrolment of a user that could still earn a certificate (in one session, when given). */
export async function checkUser(deps: IssuanceDeps, userId: number, now = new Date(), opts: { sessionId?: number } = {}): Promise<void> {
  const q = uncertifiedAndOpen(deps.db('enrolments as e').join('course_sessions as s', 's.id', 'e.course_session_id'), now)
    .where({ 'e.user_id': userId })
    .where('s.starts_at', '<=', now)
    .select('e.id');
  if (opts.sessionId !== undefined) q.where('e.course_session_id', opts.sessionId);
  const open: { id: number }[] = await q;
  for (const enrolment of open) await checkAndIssue(deps, enrolment.id, now);
}
