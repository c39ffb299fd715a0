import type { NextFunction, Request, Response } from 'express';
import { uncertifiedAndOpen } from './due-certificates.repository';
import { checkAndIssue, type IssuanceDeps } from './issuance.service';

/**
 * Completion can follow from many actions (a reading marked done, a reflection submitted or
 * accepted, a post, a toolkit entry, the evaluation). Rather than every feature remembering to
 * ask, after any successful form post this checks the poster's open enrolments without a
 * certificate. Whoever holds an enrolled place is checked, whatever their role (staff may enrol as
 * learners); for anyone without one it is a single indexed look-up. Issuance itself is exactly-once.
 *
 * A post answered with a redirect (post/redirect/get) is checked before the redirect goes, so the
 * page the learner lands on can tell them their certificate is ready, whichever step was their
 * last; any other answer is checked once it has gone.
 */
export function issueDueCertificatesAfterWrites(deps: IssuanceDeps) {
  return function watchLearnerWrites(req: Request, res: Response, next: NextFunction): void {
    const user = req.user;
    if (req.method !== 'POST' || !user) return next();
    const failed = (err: unknown) => deps.logger?.error('certificate check failed', { user_id: user.id, error: String(err) });
    let checkedBeforeRedirect = false;
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
    res.redirect = function redirectOnceChecked(...args: unknown[]): void {
      checkedBeforeRedirect = true;
      track(
        checkUser(deps, user.id)
          .then((readyIn) => {
            if (readyIn.length && req.session) req.session.flash = { ...req.session.flash, certificateReadyIn: readyIn[readyIn.length - 1] };
          })
          .catch(failed)
          .then(() => redirect(...args))
          .catch(next),
      );
    } as Response['redirect'];
    afterSuccess(res, () => (checkedBeforeRedirect ? Promise.resolve() : checkUser(deps, user.id)), failed);
    next();
  };
}

function afterSuccess(res: Response, work: () => Promise<unknown>, failed: (err: unknown) => void): void {
  res.once('finish', () => {
    if (res.statusCode >= 400) return;
    track(work().then(() => undefined, failed));
  });
}

const running = new Set<Promise<void>>();

function track(work: Promise<void>): void {
  const check: Promise<void> = work.finally(() => running.delete(check));
  running.add(check);
}

/** Resolves once every check started after a response has finished: wait for it before closing the database. */
export async function certificateChecksSettled(): Promise<void> {
  while (running.size) await Promise.allSettled([...running]);
}

/**
 * Runs the completion check for every enrolment of a user that could still earn a certificate (in
 * one session, when given); returns the sessions whose certificate this call issued.
 */
export async function checkUser(deps: IssuanceDeps, userId: number, now = new Date(), opts: { sessionId?: number } = {}): Promise<number[]> {
  const q = uncertifiedAndOpen(deps.db('enrolments as e').join('course_sessions as s', 's.id', 'e.course_session_id'), now)
    .where({ 'e.user_id': userId })
    .where('s.starts_at', '<=', now)
    .select('e.id', 'e.course_session_id');
  if (opts.sessionId !== undefined) q.where('e.course_session_id', opts.sessionId);
  const open: { id: number; course_session_id: number }[] = await q;
  const issuedIn: number[] = [];
  for (const enrolment of open) {
    if ((await checkAndIssue(deps, enrolment.id, now)).issued) issuedIn.push(enrolment.course_session_id);
  }
  return issuedIn;
}
