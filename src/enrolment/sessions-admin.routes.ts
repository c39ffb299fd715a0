import { Router, type Request, type Response } from 'express';
import { requireRole } from '../auth';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { adminRosterEntryOr404, adminSessionOr404, refusalsAsFlash } from './admin-requests';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import { countCompletionsOf, countSeats, countSeatsOf } from './enrolment.repository';
import { markPayment, type EnrolmentDeps } from './enrolment.service';
import { addLearnersByHand } from './add-by-hand.service';
import { CURRENCIES } from './money';
import { PAYMENT_LABELS } from './payments';
import { AddLearnerForm, CancelForm, InstructorForm, OfferForm, PaymentForm, SessionForm, WithdrawForm } from './sessions-admin.schemas';
import { loadOffers, offerSession } from './session-offers.service';
import { learnersAddedMessage, presentOffers, presentSavedMeanwhile, presentSessionPage, presentSessionRow, presentWithdrawal, sessionCompletion, sessionFormValues, sessionFormValuesLike, withdrawalDone } from './sessions-admin.presenter';
import { formatSessionRange } from './session-dates';
import { sessionRevOf } from './session-rev';
import { countOf, inWords, plural } from '../lib/wording';
import { withdrawByAdmin } from './withdraw-by-admin.service';
import { addMoveLearnerRoutes } from './move-learner.routes';
import { addDeletedAccountRefundRoutes } from './deleted-account-refunds.routes';
import { listDeletedAccountRefunds } from './deleted-account-refunds.repository';
import { presentDeletedAccountRefunds } from './deleted-account-refunds.presenter';
import { countRefundsDueOf } from './refunds-due.repository';
import { refundsDueFlags } from './refunds-due.presenter';
import { rosterCsv } from './roster-csv';
import { sendCsv } from '../lib/csv';
import {
  assignInstructorToSession,
  cancelSessionForLowEnrolment,
  cancellationRefusal,
  confirmSessionRuns,
  createSession,
  SessionChangedMeanwhile,
  type NewDatesTold,
  unassignInstructorFromSession,
  updateSession,
} from './sessions-admin.service';
import {
  findSessionWithCourse,
  listActiveInstructorsOf,
  listCoursesForSessions,
  listEnrolmentEvents,
  listInstructorsOf,
  listPossibleInstructors,
  listRoster,
  listSessionsForStaff,
  type SessionWithCourse,
} from './sessions.repository';

type Form = { values?: Record<string, string>; errors?: Record<string, string> };

function newDatesToldText({ learners, instructors }: NewDatesTold): string {
  const who = [learners ? countOf(learners, 'learner', 'learners') : '', instructors ? (instructors === 1 ? 'its instructor' : 'its instructors') : ''].filter(Boolean);
  return who.length ? ` Its new dates were emailed to ${inWords(who)}.` : '';
}

/** Admins schedule sessions and run them: roster, payments, instructors, cancel or confirm. */
export function sessionAdminRouter(deps: EnrolmentDeps): Router {
  const router = Router();
  router.use('/admin/sessions', requireRole('admin'));

  const sessionOr404 = (req: Request) => adminSessionOr404(deps.db, req);
  const rosterEntryOr404 = (req: Request) => adminRosterEntryOr404(deps.db, req);

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

  async function renderSession(req: Request, res: Response, forms: { cancel?: Form; addLearner?: Form; instructor?: Form; offer?: Form } = {}) {
    const session = await sessionOr404(req);
    const now = new Date();
    const [seats, roster, events, instructors, candidates, offers, completions, refunds] = await Promise.all([
      countSeats(deps.db, session.id),
      listRoster(deps.db, session.id),
      listEnrolmentEvents(deps.db, session.id),
      listInstructorsOf(deps.db, [session.id]),
      listPossibleInstructors(deps.db),
      session.status === 'cancelled' ? loadOffers(deps, session, now) : undefined,
      countCompletionsOf(deps.db, [session.id]),
      listDeletedAccountRefunds(deps.db, session.id),
    ]);
    res.render('enrolment/admin-session', {
      title: `${session.course_title}: session`,
      ...presentSessionPage(session, seats, roster, events, instructors, candidates, now),
      completion: sessionCompletion(session, seats, completions, now),
      offers: offers ? presentOffers(offers, session, now) : undefined,
      refundsOfDeletedAccounts: presentDeletedAccountRefunds(refunds, session.time_zone),
      paymentChoices: (['unpaid', 'paid', 'waived', 'refunded'] as const).map((value) => ({ value, label: PAYMENT_LABELS[value] })),
      forms: { cancel: forms.cancel ?? {}, addLearner: forms.addLearner ?? {}, instructor: forms.instructor ?? {}, offer: forms.offer ?? {} },
    });
  }

  router.get('/admin/sessions', async function listSessions(req, res) {
    const sessions = await listSessionsForStaff(deps.db, req.user!);
    const ids = sessions.map((s) => s.id);
    const [seats, completions, refundsDue] = await Promise.all([countSeatsOf(deps.db, ids), countCompletionsOf(deps.db, ids), countRefundsDueOf(deps.db, ids)]);
    const now = new Date();
    const rows = sessions.map((s) => ({
      ...presentSessionRow(s, seats.get(s.id)!, now),
      completion: sessionCompletion(s, seats.get(s.id)!, completions, now),
      refundsDue: refundsDueFlags(s.id, refundsDue.get(s.id)),
    }));
    res.render('enrolment/admin-sessions', { title: 'Sessions', sessions: rows });
  });

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

  router.get('/admin/sessions/:id', async function showSession(req, res) {
    await renderSession(req, res);
  });

  router.get('/admin/sessions/:id/roster.csv', async function downloadRoster(req, res) {
    const session = await sessionOr404(req);
    const [roster, refunds] = await Promise.all([listRoster(deps.db, session.id), listDeletedAccountRefunds(deps.db, session.id)]);
    sendCsv(res, `roster-session-${session.id}.csv`, rosterCsv(session, roster, refunds));
  });

  router.get('/admin/sessions/:id/edit', async function editSession(req, res) {
    const session = await sessionOr404(req);
    await renderForm(res, { sessionId: session.id, values: sessionFormValues(session) });
  });

  router.post('/admin/sessions/:id', async function saveSession(req, res) {
    const session = await sessionOr404(req);
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

  router.post('/admin/sessions/:id/offers', async function offerAnotherSession(req, res) {
    const session = await sessionOr404(req);
    const again = (status: number, errors: Record<string, string>) => renderSession(req, res.status(status), { offer: { values: keptValues(req.body), errors } });
    const form = OfferForm.safeParse(req.body);
    if (!form.success) return again(422, fieldErrors(form.error));
    try {
      const { recipients } = await offerSession(deps, { sessionId: session.id, ...form.data, actor: req.user! });
      flash(req, 'success', `${countOf(recipients, 'learner', 'learners')} of this session ${plural(recipients, 'has', 'have')} been emailed about the other session.`);
      res.redirect(`/admin/sessions/${session.id}#offer`);
    } catch (err) {
      if (err instanceof ConflictError) return again(409, { _form: err.message });
      if (!(err instanceof ValidationError)) throw err;
      return again(422, err.fields);
    }
  });

  router.post('/admin/sessions/:id/cancel', async function cancelSession(req, res) {
    const session = await sessionOr404(req);
    // Whether it may be cancelled at all comes before what the form says: the form is gone then.
    const refusal = cancellationRefusal(session);
    if (refusal) return renderSession(req, res.status(409), { cancel: { values: keptValues(req.body), errors: { _form: refusal } } });
    const form = CancelForm.safeParse(req.body);
    if (!form.success) return renderSession(req, res.status(422), { cancel: { values: keptValues(req.body), errors: fieldErrors(form.error) } });
    try {
      const { notified } = await cancelSessionForLowEnrolment(deps, { sessionId: session.id, message: form.data.message, actor: req.user! });
      flash(
        req,
        'success',
        notified ? `The session is cancelled. ${notified} ${notified === 1 ? 'learner was' : 'learners were'} emailed; their enrolments are kept as cancelled.` : 'The session is cancelled. Nobody had registered, so no learner was emailed.',
      );
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return renderSession(req, res.status(409), { cancel: { values: keptValues(req.body), errors: { _form: err.message } } });
    }
    res.redirect(`/admin/sessions/${session.id}`);
  });

  router.post('/admin/sessions/:id/confirm', async function confirmSession(req, res) {
    const session = await sessionOr404(req);
    await refusalsAsFlash(req, async () => {
      await confirmSessionRuns(deps, { sessionId: session.id });
      return 'The session is confirmed: it runs.';
    });
    res.redirect(`/admin/sessions/${session.id}`);
  });

  router.post('/admin/sessions/:id/learners', async function addLearner(req, res) {
    const session = await sessionOr404(req);
    const form = AddLearnerForm.safeParse(req.body);
    const again = (errors: Record<string, string>) => renderSession(req, res.status(422), { addLearner: { values: keptValues(req.body), errors } });
    if (!form.success) return again(fieldErrors(form.error));
    try {
      const added = await addLearnersByHand(deps, {
        sessionId: session.id,
        learners: form.data.email,
        overCapacity: form.data.overCapacity,
        createAccounts: form.data.createAccounts,
        actor: req.user!,
      });
      flash(req, 'success', learnersAddedMessage(added));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return again(err.fields);
    }
    res.redirect(`/admin/sessions/${session.id}`);
  });

  router.post('/admin/sessions/:id/enrolments/:enrolmentId/payment', async function recordPayment(req, res) {
    const session = await sessionOr404(req);
    const enrolmentId = parseId(req.params.enrolmentId);
    const form = PaymentForm.safeParse(req.body);
    if (!enrolmentId) throw new NotFoundError();
    if (!form.success) throw new ValidationError('Please choose a payment status.');
    await refusalsAsFlash(req, async () => {
      await markPayment(deps, { sessionId: session.id, enrolmentId, paymentStatus: form.data.paymentStatus, actor: req.user! });
      return `Payment recorded as “${PAYMENT_LABELS[form.data.paymentStatus]}”.`;
    });
    res.redirect(`/admin/sessions/${session.id}#roster`);
  });

  async function renderWithdrawal(req: Request, res: Response, form: Form = {}) {
    const { session, entry } = await rosterEntryOr404(req);
    res.render('enrolment/withdraw-learner', {
      title: `Withdraw ${entry.name}`,
      ...presentWithdrawal(session, entry, new Date()),
      values: form.values ?? {},
      errors: form.errors ?? {},
    });
  }

  router.get('/admin/sessions/:id/enrolments/:enrolmentId/withdraw', async function confirmWithdrawal(req, res) {
    await renderWithdrawal(req, res);
  });

  router.post('/admin/sessions/:id/enrolments/:enrolmentId/withdraw', async function withdrawLearner(req, res) {
    const { session, entry } = await rosterEntryOr404(req);
    const form = WithdrawForm.safeParse(req.body);
    if (!form.success) return renderWithdrawal(req, res.status(422), { values: keptValues(req.body), errors: fieldErrors(form.error) });
    await refusalsAsFlash(req, async () => {
      return withdrawalDone(await withdrawByAdmin(deps, { sessionId: session.id, enrolmentId: entry.id, note: form.data.note, actor: req.user! }));
    });
    res.redirect(`/admin/sessions/${session.id}#roster`);
  });

  addMoveLearnerRoutes(router, deps);
  addDeletedAccountRefundRoutes(router, deps);

  router.post('/admin/sessions/:id/instructors', async function assignInstructor(req, res) {
    const session = await sessionOr404(req);
    const form = InstructorForm.safeParse(req.body);
    const again = (errors: Record<string, string>) => renderSession(req, res.status(422), { instructor: { values: keptValues(req.body), errors } });
    if (!form.success) return again(fieldErrors(form.error));
    try {
      const name = await assignInstructorToSession(deps, { sessionId: session.id, userId: form.data.userId });
      flash(req, 'success', `${name} now teaches this session.`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return again(err.fields);
    }
    res.redirect(`/admin/sessions/${session.id}#instructors`);
  });

  router.post('/admin/sessions/:id/instructors/:userId/remove', async function unassignInstructor(req, res) {
    const session = await sessionOr404(req);
    const userId = parseId(req.params.userId);
    if (!userId) throw new NotFoundError();
    await unassignInstructorFromSession(deps, { sessionId: session.id, userId });
    flash(req, 'success', 'The instructor no longer teaches this session.');
    res.redirect(`/admin/sessions/${session.id}#instructors`);
  });

  return router;
}
