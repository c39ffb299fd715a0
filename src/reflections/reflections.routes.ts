import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../db';
import { requireUser, wantsJson } from '../auth';
import { sessionNav, teachesSession } from '../enrolment';
import { setAsideWhen } from '../lib/dates';
import { acceptFiles, checkUploads, renamedNotice, uploadErrorOf, uploadedFiles, type Storage } from '../files';
import { NotFoundError, ValidationError } from '../lib/errors';
import { fieldErrors } from '../lib/forms';
import { flash } from '../lib/http';
import { saveCountOf } from '../lib/save-counts';
import { findCourseTitle, idParamOr404, learnerAccessOr404, lockedWeekViewFor, sessionAccessOr404 } from '../modules';
import { clockTime, presentOwnReflection } from './reflections.presenter';
import { DraftForm, SubmitForm } from './reflections.schemas';
import { findExerciseOfWeek, findSetAsideDraft, keepRefusedSubmitAsDraft, loadOwnReflection, removeSetAsideDraft, saveDraft, submitReflection } from './reflections.service';

type LearnerAccess = Awaited<ReturnType<typeof learnerAccessOr404>>;

const SET_ASIDE_NOTE = 'Another window had saved different text here; it is kept below, under “Text set aside”.';

/** A learner's reflection for one week: write, autosave, submit with files, read feedback. */
export function learnerReflectionsRouter(deps: { db: Db; storage: Storage }): Router {
  const { db } = deps;
  const router = Router();
  const page = '/sessions/:id/weeks/:week/reflection';

  async function renderEdit(res: Response, access: LearnerAccess, week: number, form: { values?: { text?: string }; errors?: Record<string, string> } = {}) {
    const [data, courseTitle] = await Promise.all([loadOwnReflection(db, access, week), findCourseTitle(db, access.session.course_id)]);
    res.render('reflections/edit', presentOwnReflection(access, courseTitle, data, form));
  }

  const textOf = (req: Request) => (typeof req.body?.text === 'string' ? (req.body.text as string) : '');

  router.get(page, requireUser, async function showReflection(req, res) {
    const access = await sessionAccessOr404(db, req);
    const week = idParamOr404(req.params.week);
    if (access.as !== 'learner') {
      await findExerciseOfWeek(db, access, week);
      // An admin who does not teach the session sees where the reflections stand, not the reflections.
      return res.redirect(`/sessions/${access.session.id}/${teachesSession(access) ? 'feedback' : 'progress'}`);
    }
    try {
      await renderEdit(res, access, week);
    } catch (err) {
      const locked = err instanceof NotFoundError ? await lockedWeekViewFor(db, req.user, access.session.id, week, 'week') : undefined;
      if (locked) return res.render('modules/week-locked', locked);
      throw err;
    }
  });

  router.post(`${page}/draft`, requireUser, async function saveReflectionDraft(req, res) {
    const access = await learnerAccessOr404(db, req);
    const week = idParamOr404(req.params.week);
    const form = DraftForm.safeParse(req.body ?? {});
    if (!form.success) {
      if (wantsJson(req)) throw new ValidationError('Your draft could not be saved.', fieldErrors(form.error));
      return renderEdit(res.status(422), access, week, { values: { text: textOf(req) }, errors: fieldErrors(form.error) });
    }
    const saved = await saveDraft(db, access, week, form.data.text, form.data.draft_rev);
    const time = clockTime(saved.savedAt, access.session.time_zone);
    if (wantsJson(req)) return res.json({ savedAt: saved.savedAt.toISOString(), savedAtLabel: time, draftRev: saved.rev, setAside: saved.setAside });
    flash(req, 'success', `Draft saved at ${time}.${saved.setAside ? ` ${SET_ASIDE_NOTE}` : ''}`);
    res.redirect(`/sessions/${access.session.id}/weeks/${week}/reflection`);
  });

  // Someone not in the session, or a week without an exercise, gets the 404 before anything is said of the files.
  async function learnerOnly(req: Request, _res: Response, next: NextFunction) {
    const access = await learnerAccessOr404(db, req);
    await findExerciseOfWeek(db, access, idParamOr404(req.params.week));
    next();
  }

  router.post(`${page}/submit`, requireUser, learnerOnly, acceptFiles('files'), async function submit(req, res) {
    const access = await learnerAccessOr404(db, req);
    const week = idParamOr404(req.params.week);
    const text = textOf(req);
    const checked = await checkUploads(uploadedFiles(req));
    const refused = uploadErrorOf(res) ?? checked.error;
    if (refused) {
      await keepRefusedSubmitAsDraft(db, access, week, text, saveCountOf(req.body, 'draft_rev'));
      const _form = 'We could not accept the attached files, so nothing was submitted. Your text is kept as a draft.';
      return renderEdit(res.status(422), access, week, { values: { text }, errors: { _form, files: refused } });
    }
    const form = SubmitForm.safeParse({ text });
    if (!form.success) return renderEdit(res.status(422), access, week, { values: { text }, errors: fieldErrors(form.error) });
    const { created, setAside } = await submitReflection(deps, access, week, form.data.text, checked.files ?? [], saveCountOf(req.body, 'draft_rev'));
    const renamed = created ? renamedNotice(checked.files ?? []) : undefined;
    const notes = [renamed, setAside ? SET_ASIDE_NOTE : undefined].filter(Boolean).map((n) => ` ${n}`).join('');
    flash(req, 'success', created ? `Your reflection is submitted. Your instructor will reply here.${notes}` : 'Your reflection was already submitted; nothing changed.');
    res.redirect(`/sessions/${access.session.id}/weeks/${week}/reflection`);
  });

  router.get(`${page}/set-aside/:setAsideId/delete`, requireUser, async function confirmRemoveSetAside(req, res) {
    const access = await learnerAccessOr404(db, req);
    const week = idParamOr404(req.params.week);
    const [kept, courseTitle] = await Promise.all([findSetAsideDraft(db, access, week, idParamOr404(req.params.setAsideId)), findCourseTitle(db, access.session.course_id)]);
    const back = `/sessions/${access.session.id}/weeks/${week}/reflection`;
    res.render('set-aside/remove', {
      title: 'Remove this text?',
      sessionNav: sessionNav(access, courseTitle, 'week'),
      from: `your week ${week} reflection`,
      when: setAsideWhen(kept.written_at, kept.set_aside_at, access.session.time_zone),
      text: kept.text,
      action: `${back}/set-aside/${kept.id}/delete`,
      backUrl: `${back}#set-aside-heading`,
    });
  });

  router.post(`${page}/set-aside/:setAsideId/delete`, requireUser, async function removeSetAside(req, res) {
    const access = await learnerAccessOr404(db, req);
    const week = idParamOr404(req.params.week);
    await removeSetAsideDraft(db, access, week, idParamOr404(req.params.setAsideId));
    flash(req, 'success', 'The text set aside is removed.');
    res.redirect(303, `/sessions/${access.session.id}/weeks/${week}/reflection`);
  });

  return router;
}
