import type { Request, Response, Router } from 'express';
import { requireUser } from '../auth';
import { sessionNav } from '../enrolment';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import { MoreTimeForm } from './completion.schemas';
import type { IssuanceDeps } from './issuance.service';
import { giveMoreTime, learnerForMoreTime } from './more-time.service';
import { staffAccessOf } from './progress-request';

type Form = { values?: Record<string, string>; errors?: Record<string, string> };

function moreTimeDone(done: { name: string; untilText?: string; unchanged?: boolean; notEmailed?: boolean }): string {
  if (done.unchanged) return done.untilText ? `${done.name} already had until the end of ${done.untilText}: nothing was changed or emailed.` : `${done.name} has no extra time: nothing was changed or emailed.`;
  if (done.notEmailed) {
    const changed = done.untilText ? `${done.name} has until the end of ${done.untilText} to complete` : `${done.name}’s extra time is removed`;
    return `${changed}; their account is deactivated, so they were not emailed.`;
  }
  return done.untilText ? `${done.name} has until the end of ${done.untilText} to complete, and has been emailed.` : `${done.name}’s extra time is removed, and they have been emailed.`;
}

/** Staff keep one learner's completion open longer (on the completion router). */
export function addMoreTimeRoutes(router: Router, deps: IssuanceDeps): void {
  async function target(req: Request) {
    const access = await staffAccessOf(deps.db, req);
    const enrolmentId = parseId(req.params.enrolmentId);
    if (!enrolmentId) throw new NotFoundError();
    return { access, enrolmentId };
  }

  async function renderMoreTime(req: Request, res: Response, form: Form = {}) {
    const { access, enrolmentId } = await target(req);
    const view = await learnerForMoreTime(deps, access, enrolmentId);
    res.render('completion/more-time', {
      title: `More time for ${view.learner.name}`,
      sessionNav: sessionNav(access, view.learner.course_title, 'progress'),
      sessionId: access.session.id,
      enrolmentId,
      name: view.learner.name,
      active: view.learner.active,
      complete: view.learner.complete,
      cancelled: access.session.status === 'cancelled',
      sessionClosesText: view.sessionClosesText,
      extendedText: view.extendedText,
      values: form.values ?? {},
      errors: form.errors ?? {},
    });
  }

  router.get('/sessions/:id/learners/:enrolmentId/more-time', requireUser, async function showMoreTime(req, res) {
    await renderMoreTime(req, res);
  });

  router.post('/sessions/:id/learners/:enrolmentId/more-time', requireUser, async function saveMoreTime(req, res) {
    const { access, enrolmentId } = await target(req);
    const again = (errors: Record<string, string>) => renderMoreTime(req, res.status(422), { values: keptValues(req.body), errors });
    const form = MoreTimeForm.safeParse(req.body);
    if (!form.success) return again(fieldErrors(form.error));
    try {
      const done = await giveMoreTime(deps, access, req.user!, enrolmentId, form.data);
      flash(req, 'success', moreTimeDone(done));
    } catch (err) {
      if (err instanceof ValidationError) return again(err.fields);
      if (err instanceof ConflictError) return again({ _form: err.message });
      throw err;
    }
    res.redirect(303, `/sessions/${access.session.id}/progress`);
  });
}
