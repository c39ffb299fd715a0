import { Router, type Request, type Response } from 'express';
import { requireUser } from '../auth';
import type { IssuanceDeps } from '../completion';
import { findSessionAccess, isStaff, sessionNav, type SessionAccess } from '../enrolment';
import { ConflictError, NotFoundError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import { formatInZone, lastOpenDay } from '../lib/dates';
import { evaluationForm } from './evaluations.schemas';
import { evaluationOf, evaluationOpening, evaluationSummary, outcomesOfSession, submitEvaluation } from './evaluations.service';

async function accessOf(deps: IssuanceDeps, req: Request): Promise<SessionAccess> {
  const sessionId = parseId(req.params.id);
  const access = sessionId ? await findSessionAccess(deps.db, req.user, sessionId) : undefined;
  if (!access) throw new NotFoundError();
  return access;
}

async function courseTitleOf(deps: IssuanceDeps, courseId: number): Promise<string> {
  const row = await deps.db('courses').select('title').where({ id: courseId }).first();
  return row?.title ?? '';
}

/** Each unrated outcome's message names it, so the list of what to fix is not five identical links. */
function namingOutcomes(errors: Record<string, string>, outcomes: string[]): Record<string, string> {
  outcomes.forEach((outcome, i) => {
    const key = `outcome_${i + 1}`;
    if (errors[key]) errors[key] = `Please choose a rating from 1 to 5 for “${outcome.trim().replace(/\.$/, '')}”.`;
  });
  return errors;
}

/** The learner's end-of-course evaluation, and its anonymous summary for staff. */
export function evaluationsRouter(deps: IssuanceDeps): Router {
  const router = Router();

  const renderForm = async (res: Response, access: SessionAccess, errors: Record<string, string> = {}, values: Record<string, string> = {}) => {
    const outcomes = await outcomesOfSession(deps.db, access.session.id);
    const existing = access.enrolmentId ? await evaluationOf(deps.db, access.enrolmentId) : undefined;
    const courseTitle = await courseTitleOf(deps, access.session.course_id);
    const opening = await evaluationOpening(deps.db, access.session);
    res.render('evaluations/form', {
      title: `Course evaluation · ${courseTitle}`,
      sessionNav: sessionNav(access, courseTitle, 'overview'),
      sessionId: access.session.id,
      outcomes,
      existing,
      sentText: existing ? formatInZone(existing.submitted_at, access.session.time_zone, 'd LLLL yyyy') : '',
      // A refused send keeps the form, so what was written stays on the page.
      closed: !opening.open && !Object.keys(values).length ? opening : undefined,
      errors,
      values,
    });
  };

  router.get('/sessions/:id/evaluation', requireUser, async function showEvaluation(req, res) {
    const access = await accessOf(deps, req);
    if (isStaff(access)) return res.redirect(`/sessions/${access.session.id}/evaluation/summary`);
    await renderForm(res, access);
  });

  router.post('/sessions/:id/evaluation', requireUser, async function sendEvaluation(req, res) {
    const access = await accessOf(deps, req);
    if (access.as !== 'learner') throw new NotFoundError();
    const outcomes = await outcomesOfSession(deps.db, access.session.id);
    const form = evaluationForm(outcomes.length).safeParse(req.body);
    if (!form.success) return renderForm(res.status(422), access, namingOutcomes(fieldErrors(form.error), outcomes), keptValues(req.body));
    const opening = await evaluationOpening(deps.db, access.session);
    if (!opening.open) {
      const _form = `The evaluation opens with week ${opening.week}, on ${opening.opensText}. Nothing was sent; your answers are still here to send then.`;
      return renderForm(res.status(409), access, { _form }, keptValues(req.body));
    }
    try {
      const result = await submitEvaluation(deps, access.enrolmentId, form.data);
      flash(req, 'success', result.certificateIssued
        ? 'Thank you for your evaluation. That was the last step: your certificate is ready.'
        : result.leftOutOfSummary
          ? 'Thank you for your evaluation. The session’s anonymous summary was made when completion closed, so your answers are kept but not added to it: a summary that changed now would show what you said.'
          : 'Thank you for your evaluation. Your answers reach the instructor only in an anonymous summary.');
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      flash(req, 'info', err.message);
    }
    res.redirect(`/sessions/${access.session.id}/whats-left`);
  });

  router.get('/sessions/:id/evaluation/summary', requireUser, async function showSummary(req, res) {
    const access = await accessOf(deps, req);
    if (!isStaff(access)) throw new NotFoundError();
    const courseTitle = await courseTitleOf(deps, access.session.course_id);
    const summary = await evaluationSummary(deps.db, access.session.id);
    const zone = access.session.time_zone;
    res.render('evaluations/summary', {
      title: `Evaluation summary · ${courseTitle}`,
      sessionNav: sessionNav(access, courseTitle, 'progress'),
      summary,
      isAdmin: req.user!.role === 'admin',
      closesText: summary.shown ? '' : lastOpenDay(summary.closesAt, zone, 'cccc d LLLL yyyy'),
      releasedText: 'releasedAt' in summary ? formatInZone(summary.releasedAt, zone, 'd LLLL yyyy') : '',
    });
  });

  return router;
}
