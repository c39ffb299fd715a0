import { type Response, type Router } from 'express';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import { countOf, inWords } from '../lib/wording';
import { adminSessionOr404 } from './admin-requests';
import type { EnrolmentDeps } from './enrolment.service';
import { CURRENCIES } from './money';
import { formatSessionRange } from './session-dates';
import { sessionRevOf } from './session-rev';
import { SessionForm } from './sessions-admin.schemas';
import { presentSavedMeanwhile, sessionFormValues, sessionFormValuesLike } from './sessions-admin.presenter';
import { createSession, SessionChangedMeanwhile, type NewDatesTold, updateSession } from './sessions-admin.service';
import { findSessionWithCourse, listActiveInstructorsOf, listCoursesForSessions, type SessionWithCourse } from './sessions.repository';

function newDatesToldText({ learners, instructors }: NewDatesTold): string {
  const who = [learners ? countOf(learners, 'learner', 'learners') : '', instructors ? (instructors === 1 ? 'its instructor' : 'its instructors') : ''].filter(Boolean);
  return who.length ? ` Its new dates were emailed to ${inWords(who)}.` : '';
}

/** An admin schedules a session (new, or like another) and edits its settings (on the admin router, behind its guard). */
export function addSessionSettingsRoutes(router: Router, deps: EnrolmentDeps): void {
  /** The session a new one is scheduled like, with who of its instructors could come along. */
  async function sessionToCopy(sourceOrId: SessionWithCourse | number | undefined) {
    const source = typeof sourceOrId === 'number' ? await findSessionWithCourse(deps.db, sourceOrId) : sourceOrId;
    if (!source) return undefined;
    const instructors = await listActiveInstructorsOf(deps.db, source.id);
    return { id: source.id, name: `${source.course_title}, ${formatSessionRange(source.starts_at, source.ends_at, source.time_zone)}`, instructors: inWords(instructors.map((i) => i.name)) };
  }

  async function renderForm(
    res: Response,
    opts: { sessionId?: number; values: Record<string, string>; errors?: Record<string, string>; source?: SessionWithCourse; savedMeanwhile?: { label: string; now: string }[] },
  ) {
    const [courses, copyOf] = await Promise.all([listCoursesForSessions(deps.db), opts.sessionId ? undefined : sessionToCopy(opts.source ?? parseId(opts.values.from))]);
    res.render('enrolment/session-form', {
      title: opts.sessionId ? 'Edit session' : copyOf ? 'New session like another' : 'New session',
      sessionId: opts.sessionId,
      copyOf,
      courses,
      currencies: CURRENCIES,
      values: opts.values,
      errors: opts.errors ?? {},
      savedMeanwhile: opts.savedMeanwhile,
    });
  }

  router.get('/admin/sessions/new', async function newSession(req, res) {
    if (req.query.from !== undefined) {
      const fromId = parseId(req.query.from);
      const source = fromId ? await findSessionWithCourse(deps.db, fromId) : undefined;
      if (!source) throw new NotFoundError('We could not find the session to copy.');
      return renderForm(res, { values: sessionFormValuesLike(source, new Date()), source });
    }
    const courses = await listCoursesForSessions(deps.db);
    const courseId = parseId(req.query.courseId);
    await renderForm(res, { values: sessionFormValues(undefined, courses.find((c) => c.id === courseId) ?? courses[0]) });
  });

  router.post('/admin/sessions', async function addSession(req, res) {
    const form = SessionForm.safeParse(req.body);
    if (!form.success) return renderForm(res.status(422), { values: keptValues(req.body), errors: fieldErrors(form.error) });
    try {
      const { id, instructors, repeated } = await createSession(deps, form.data);
      if (repeated) {
        flash(req, 'success', 'This form had already scheduled the session (it was sent twice), so it was not scheduled again.');
        return res.redirect(`/admin/sessions/${id}`);
      }
      const copied = form.data.copiedFrom ? await findSessionWithCourse(deps.db, form.data.copiedFrom) : undefined;
      const offer = copied?.status === 'cancelled' ? ' To tell the learners of the cancelled session, offer it to them from that session’s page.' : '';
      flash(req, 'success', `${instructors.length ? `The session is scheduled, taught by ${inWords(instructors)}.` : 'The session is scheduled. Assign its instructors below.'}${offer}`);
      res.redirect(`/admin/sessions/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(res.status(422), { values: keptValues(req.body), errors: err.fields });
    }
  });

  router.get('/admin/sessions/:id/edit', async function editSession(req, res) {
    const session = await adminSessionOr404(deps.db, req);
    await renderForm(res, { sessionId: session.id, values: sessionFormValues(session) });
  });

  router.post('/admin/sessions/:id', async function saveSession(req, res) {
    const session = await adminSessionOr404(deps.db, req);
    const form = SessionForm.safeParse({ ...req.body, courseId: String(session.course_id) });
    const again = (errors: Record<string, string>) => renderForm(res.status(422), { sessionId: session.id, values: keptValues(req.body), errors });
    if (!form.success) return again(fieldErrors(form.error));
    let feesKept: number;
    let toldOfNewDates: NewDatesTold | undefined;
    try {
      ({ feesKept, toldOfNewDates } = await updateSession(deps, session.id, form.data, req.user!));
    } catch (err) {
      // The form comes back as the admin typed it, now on the version saved meanwhile: saving again is a choice made knowingly.
      if (err instanceof SessionChangedMeanwhile) {
        return renderForm(res.status(409), {
          sessionId: session.id,
          values: { ...keptValues(req.body), rev: sessionRevOf(err.current) },
          errors: { _form: err.message },
          savedMeanwhile: presentSavedMeanwhile(err.current, err.differing),
        });
      }
      if (err instanceof ConflictError) return renderForm(res.status(409), { sessionId: session.id, values: keptValues(req.body), errors: { _form: err.message } });
      if (!(err instanceof ValidationError)) throw err;
      return again(err.fields);
    }
    const kept = feesKept === 1 ? 'The learner already enrolled keeps' : `The ${feesKept} learners already enrolled keep`;
    const told = toldOfNewDates ? newDatesToldText(toldOfNewDates) : '';
    flash(req, 'success', `${feesKept ? `The session is saved. ${kept} the fee they were quoted; the new price is for new enrolments.` : 'The session is saved.'}${told}`);
    res.redirect(`/admin/sessions/${session.id}`);
  });
}
