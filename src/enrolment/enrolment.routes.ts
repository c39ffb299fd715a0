import { Router, type Request } from 'express';
import { requireUser } from '../auth';
import { ConflictError, NotFoundError } from '../lib/errors';
import { flash, parseId } from '../lib/http';
import { findEnrolment } from './enrolment.repository';
import { EnrolForm, OwnWithdrawForm } from './enrolment.schemas';
import { enrolLearner, withdrawFromSession, type EnrolmentDeps } from './enrolment.service';
import { findSessionWithCourse } from './sessions.repository';
import { formatMoney } from './money';
import { presentOwnWithdrawal } from './own-withdrawal.presenter';
import { contactEmailOf, contactHelpFor } from './contact';

async function sessionOr404(deps: EnrolmentDeps, req: Request) {
  const id = parseId(req.params.id);
  const session = id ? await findSessionWithCourse(deps.db, id) : undefined;
  if (!session || !session.course_published) throw new NotFoundError('We could not find that session.');
  return session;
}

/**
 * The session and the learner's own place in it, or 404 when they have none. The course's
 * publication does not matter here: a course taken down keeps its learners, and they can still leave.
 */
async function ownPlaceOr404(deps: EnrolmentDeps, req: Request) {
  const id = parseId(req.params.id);
  const session = id ? await findSessionWithCourse(deps.db, id) : undefined;
  const enrolment = session ? await findEnrolment(deps.db, session.id, req.user!.id) : undefined;
  if (!session || !enrolment) throw new NotFoundError('We could not find your place in that session.');
  return { session, enrolment };
}

const coursePageOf = (s: { course_slug: string; id: number }) => `/courses/${s.course_slug}#session-${s.id}`;

/** A learner's own enrolment: enrol (or join the waitlist) in one step, and withdraw before the start once they confirm. */
export function enrolmentRouter(deps: EnrolmentDeps): Router {
  const router = Router();

  // Visitors follow this link from the course page; after logging in they come back to the course page.
  router.get('/sessions/:id/enrol', requireUser, async function returnToCoursePage(req, res) {
    const session = await sessionOr404(deps, req);
    flash(req, 'info', 'You are logged in. Choose “Enrol” to take your seat.');
    res.redirect(coursePageOf(session));
  });

  router.post('/sessions/:id/enrol', requireUser, async function enrol(req, res) {
    const session = await sessionOr404(deps, req);
    const form = EnrolForm.parse(req.body ?? {});
    try {
      const outcome = await enrolLearner(deps, { sessionId: session.id, learner: req.user!, joinWaitlist: form.joinWaitlist, alsoAnotherSession: form.alsoAnotherSession });
      flash(
        req,
        'success',
        outcome.status === 'enrolled'
          ? `You are enrolled in ${session.course_title}. ${session.price_minor ? `The fee is ${formatMoney(session.price_minor, session.currency)}; we will send an invoice.` : ''}`.trim()
          : `You are on the waitlist, number ${outcome.waitlistRank} in line. We will email you if a seat frees up.`,
      );
      res.redirect('/dashboard');
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      flash(req, 'error', err.message);
      res.redirect(coursePageOf(session));
    }
  });

  // Only the learner's own place can be withdrawn, so someone with no place in the session gets 404.
  router.get('/sessions/:id/withdraw', requireUser, async function confirmWithdrawal(req, res) {
    const { session, enrolment } = await ownPlaceOr404(deps, req);
    const view = presentOwnWithdrawal(session, enrolment, new Date());
    const contact = await contactHelpFor(deps.db, session.id, contactEmailOf(req));
    res.render('enrolment/withdraw', { title: `${view.waitlisted ? 'Leave the waitlist' : 'Withdraw'}: ${session.course_title}`, ...view, contact });
  });

  router.post('/sessions/:id/withdraw', requireUser, async function withdraw(req, res) {
    const { session } = await ownPlaceOr404(deps, req);
    if (!OwnWithdrawForm.parse(req.body ?? {}).confirmed) return res.redirect(303, `/sessions/${session.id}/withdraw`);
    try {
      const { refundDue } = await withdrawFromSession(deps, { sessionId: session.id, learner: req.user!, contactEmail: contactEmailOf(req) });
      flash(req, 'success', `You have withdrawn from ${session.course_title}.${refundDue ? ' A refund is now due to you; we will be in touch.' : ''}`);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      flash(req, 'error', err.message);
    }
    res.redirect('/dashboard');
  });

  return router;
}
