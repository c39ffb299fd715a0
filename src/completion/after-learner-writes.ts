import type { NextFunction, Request, Response } from 'express';
import { checkAndIssue, type IssuanceDeps } from './issuance.service';

/**
 * Completion can follow from many actions (a reading marked done, a reflection submitted or
 * accepted, a post, a toolkit entry, the evaluation). Rather than every feature remembering to
 * ask, after any successful form post by a learner this checks that learner's open enrolments
 * without a certificate, once the response has gone. Issuance itself is exactly-once.
 */
export function issueDueCertificatesAfterWrites(deps: IssuanceDeps) {
  return function watchLearnerWrites(req: Request, res: Response, next: NextFunction): void {
    const user = req.user;
    if (req.method !== 'POST' || !user || user.role !== 'learner') return next();
    res.once('finish', () => {
      if (res.statusCode >= 400) return;
      const check: Promise<void> = checkUser(deps, user.id)
        .catch((err) => deps.logger?.error('certificate check failed', { user_id: user.id, error: String(err) }))
        .finally(() => running.delete(check));
      running.add(check);
    });
    next();
  };
}

const running = new Set<Promise<void>>();

/** Resolves once every check started after a response has finished: wait for it before closing the database. */
export async function certificateChecksSettled(): Promise<void> {
  while (running.size) await Promise.allSettled([...running]);
}

/** Runs the completion check for every enrolment of a user that could still earn a certificate. */
export async function checkUser(deps: IssuanceDeps, userId: number, now = new Date()): Promise<void> {
  const open: { id: number }[] = await deps.db('enrolments as e')
    .join('course_sessions as s', 's.id', 'e.course_session_id')
    .leftJoin('certificates as c', 'c.enrolment_id', 'e.id')
    .where({ 'e.user_id': userId, 'e.status': 'enrolled' })
    .whereNull('c.id')
    .where('s.starts_at', '<=', now)
    // More time given to the learner keeps completion open for them past the session's deadline.
    .where(deps.db.raw('greatest(s.completion_deadline_at, e.completion_extended_to)'), '>', now)
    .select('e.id');
  for (const enrolment of open) await checkAndIssue(deps, enrolment.id, now);
}
