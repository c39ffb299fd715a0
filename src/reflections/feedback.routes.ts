import { Router, type Request, type Response } from 'express';
import type { Db } from '../db';
import { requireUser, wantsJson } from '../auth';
import { ConflictError, ValidationError } from '../lib/errors';
import { keptText } from '../lib/form-expired';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, withQuery } from '../lib/http';
import type { Mailer } from '../notifications';
import { findCourseTitle, idParamOr404, teacherAccessOr404 } from '../modules';
import { changeFeedback, loadFeedbackToChange } from './feedback-change.service';
import { feedbackQueue, giveFeedback, loadReflectionForStaff, nextWaiting } from './feedback.service';
import { presentFeedbackChange, presentFeedbackChangeRefused, presentQueue, presentReview } from './feedback.presenter';
import { keepFeedbackDraft } from './feedback-drafts.service';
import { listPhrases } from './feedback-phrases.repository';
import { clockTime } from './reflections.presenter';
import { FeedbackChangeForm, FeedbackDraftForm, FeedbackForm, ReflectionListQuery } from './reflections.schemas';

type StaffAccess = Awaited<ReturnType<typeof teacherAccessOr404>>;

/** The session's instructors (an admin only if assigned to teach it): the queue of submissions and giving feedback. */
export function feedbackRouter(deps: { db: Db; mailer: Mailer; baseUrl: string }): Router {
  const { db } = deps;
  const router = Router();

  router.get('/sessions/:id/feedback', requireUser, async function showQueue(req, res) {
    const access = await teacherAccessOr404(db, req);
    const [list, courseTitle] = await Promise.all([feedbackQueue(db, access, ReflectionListQuery.parse(req.query)), findCourseTitle(db, access.session.course_id)]);
    res.render('reflections/queue', presentQueue(access, courseTitle, list));
  });

  async function renderReview(req: Request, res: Response, access: StaffAccess, reflectionId: number, form: Parameters<typeof presentReview>[3] = {}) {
    const [data, courseTitle, phrases] = await Promise.all([
      loadReflectionForStaff(db, access, reflectionId, req.user!.id),
      findCourseTitle(db, access.session.course_id),
      listPhrases(db, req.user!.id),
    ]);
    res.render('reflections/review', { ...presentReview(access, courseTitle, data, form), phrases });
  }

  router.get('/sessions/:id/reflections/:reflectionId', requireUser, async function showReflection(req, res) {
    const access = await teacherAccessOr404(db, req);
    await renderReview(req, res, access, idParamOr404(req.params.reflectionId));
  });

  // The feedback being written, kept unsent: autosaved as JSON, or "Save draft" without JavaScript.
  router.post('/sessions/:id/reflections/:reflectionId/feedback/draft', requireUser, async function saveFeedbackDraft(req, res) {
    const access = await teacherAccessOr404(db, req);
    const reflectionId = idParamOr404(req.params.reflectionId);
    const form = FeedbackDraftForm.safeParse(req.body ?? {});
    if (!form.success) {
      if (wantsJson(req)) throw new ValidationError('Your draft could not be saved.', fieldErrors(form.error));
      return renderReview(req, res.status(422), access, reflectionId, { values: keptValues(req.body), errors: fieldErrors(form.error) });
    }
    const { savedAt } = await keepFeedbackDraft(db, access, reflectionId, form.data.feedback, req.user!.id);
    const time = clockTime(savedAt, access.session.time_zone);
    if (wantsJson(req)) return res.json({ savedAt: savedAt.toISOString(), savedAtLabel: time });
    flash(req, 'success', form.data.feedback ? `Draft saved at ${time}. Only you see it until you send your feedback.` : 'The draft is cleared.');
    const review = `/sessions/${access.session.id}/reflections/${reflectionId}`;
    // "Add or remove saved phrases" beside the box: the words are kept first, then the phrases page leads back.
    res.redirect(req.body?.next === 'phrases' ? withQuery('/teach/phrases', { back: review }) : review);
  });

  router.post('/sessions/:id/reflections/:reflectionId/feedback', requireUser, async function sendFeedback(req, res) {
    const access = await teacherAccessOr404(db, req);
    const reflectionId = idParamOr404(req.params.reflectionId);
    const form = FeedbackForm.safeParse(req.body ?? {});
    if (!form.success) return renderReview(req, res.status(422), access, reflectionId, { values: keptValues(req.body), errors: fieldErrors(form.error) });
    const { outcome, reflection } = await giveFeedback(deps, access, reflectionId, form.data, req.user!);
    const sent = `Feedback sent to ${reflection.learner_name}: ${outcome === 'accepted' ? 'accepted' : 'returned for revision'}.`;
    const next = form.data.then === 'next' ? await nextWaiting(db, access) : undefined;
    if (next) {
      flash(req, 'success', `${sent} Next: ${next.learner_name}, week ${next.week}.`);
      return res.redirect(`/sessions/${access.session.id}/reflections/${next.id}`);
    }
    flash(req, 'success', form.data.then === 'next' ? `${sent} Nothing else is waiting for feedback.` : sent);
    res.redirect(`/sessions/${access.session.id}/feedback`);
  });

  async function renderChange(res: Response, access: StaffAccess, reflectionId: number, form: Parameters<typeof presentFeedbackChange>[3] = {}) {
    const [data, courseTitle] = await Promise.all([loadFeedbackToChange(db, access, reflectionId), findCourseTitle(db, access.session.course_id)]);
    res.render('reflections/change-feedback', presentFeedbackChange(access, courseTitle, data, form));
  }

  /** The feedback moved on (changed in another window, a newer version sent): 409, leading back to the reflection with the words typed. */
  async function orChangeRefused(req: Request, res: Response, access: StaffAccess, reflectionId: number, work: () => Promise<unknown>) {
    try {
      await work();
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      const posted = req.method === 'POST';
      const courseTitle = await findCourseTitle(db, access.session.course_id);
      res.status(409).render('reflections/change-refused', presentFeedbackChangeRefused(access, courseTitle, reflectionId, err.message, posted ? keptText(req.body) : [], posted));
    }
  }

  router.get('/sessions/:id/reflections/:reflectionId/feedback/edit', requireUser, async function showFeedbackChange(req, res) {
    const access = await teacherAccessOr404(db, req);
    const reflectionId = idParamOr404(req.params.reflectionId);
    await orChangeRefused(req, res, access, reflectionId, () => renderChange(res, access, reflectionId));
  });

  router.post('/sessions/:id/reflections/:reflectionId/feedback/edit', requireUser, async function saveFeedbackChange(req, res) {
    const access = await teacherAccessOr404(db, req);
    const reflectionId = idParamOr404(req.params.reflectionId);
    const refuse = (errors: Record<string, string>) => renderChange(res.status(422), access, reflectionId, { values: keptValues(req.body), errors });
    await orChangeRefused(req, res, access, reflectionId, async () => {
      const form = FeedbackChangeForm.safeParse(req.body ?? {});
      if (!form.success) return refuse(fieldErrors(form.error));
      try {
        const { changed, reflection } = await changeFeedback(db, access, reflectionId, form.data, req.user!.id);
        flash(req, 'success', changed ? `Your feedback to ${reflection.learner_name} is changed. It shows as changed; they are not emailed again.` : 'Nothing was changed: the feedback is the same as before.');
      } catch (err) {
        if (err instanceof ValidationError) return refuse(err.fields);
        throw err;
      }
      res.redirect(`/sessions/${access.session.id}/reflections/${reflectionId}`);
    });
  });

  return router;
}
