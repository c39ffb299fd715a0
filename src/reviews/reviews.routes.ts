import { Router, type Request, type Response } from 'express';
import { requireRole, requireUser } from '../auth';
import type { Db } from '../db';
import { findSessionAccess, sessionNav, type SessionAccess } from '../enrolment';
import { ConflictError, NotFoundError } from '../lib/errors';
import { utcText } from '../lib/dates';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import { listPendingReviews } from './reviews.repository';
import { ReviewForm } from './reviews.schemas';
import { leaveReview, mayReview, moderateReview, reviewOf } from './reviews.service';

/** A learner's review of a course they completed, and the admins' moderation queue. */
export function reviewsRouter(deps: { db: Db }): Router {
  const router = Router();

  const learnerAccess = async (req: Request): Promise<Extract<SessionAccess, { as: 'learner' }>> => {
    const sessionId = parseId(req.params.id);
    const access = sessionId ? await findSessionAccess(deps.db, req.user, sessionId) : undefined;
    if (access?.as !== 'learner') throw new NotFoundError();
    return access;
  };

  const renderForm = async (req: Request, res: Response, access: SessionAccess, errors: Record<string, string> = {}, values: Record<string, string> = {}) => {
    const course = await deps.db('courses').select('id', 'title', 'slug').where({ id: access.session.course_id }).first();
    const [allowed, existing] = await Promise.all([mayReview(deps.db, req.user!.id, course.id), reviewOf(deps.db, course.id, req.user!.id)]);
    res.render('reviews/form', {
      title: `Review · ${course.title}`,
      sessionNav: sessionNav(access, course.title, 'overview'),
      sessionId: access.session.id,
      course,
      allowed,
      existing,
      errors,
      values,
    });
  };

  router.get('/sessions/:id/review', requireUser, async function showReviewForm(req, res) {
    await renderForm(req, res, await learnerAccess(req));
  });

  router.post('/sessions/:id/review', requireUser, async function sendReview(req, res) {
    const access = await learnerAccess(req);
    const form = ReviewForm.safeParse(req.body);
    if (!form.success) return renderForm(req, res.status(422), access, fieldErrors(form.error), keptValues(req.body));
    try {
      await leaveReview(deps.db, req.user!.id, access.session.course_id, form.data);
    } catch (err) {
      if (err instanceof ConflictError) {
        flash(req, 'info', err.message);
        return res.redirect(`/sessions/${access.session.id}/review`);
      }
      throw err;
    }
    flash(req, 'success', 'Thank you for your review. It will appear on the course page once an admin has read it.');
    res.redirect(`/sessions/${access.session.id}/review`);
  });

  router.get('/admin/reviews', requireRole('admin'), async function showQueue(_req, res) {
    res.render('reviews/queue', { title: 'Reviews waiting for approval', reviews: await listPendingReviews(deps.db), utcText });
  });

  router.post('/admin/reviews/:reviewId/:decision', requireRole('admin'), async function decide(req, res) {
    const id = parseId(req.params.reviewId);
    const decision = req.params.decision === 'approve' ? 'approved' : req.params.decision === 'reject' ? 'rejected' : undefined;
    if (!id || !decision) throw new NotFoundError();
    await moderateReview(deps.db, id, req.user!.id, decision);
    flash(req, 'success', decision === 'approved' ? 'Approved: the review now shows on the course page.' : 'Rejected: the review will not be shown.');
    res.redirect('/admin/reviews');
  });

  return router;
}
