import { Router, type Request, type Response } from 'express';
import { requireRole } from '../auth';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { adminSessionOr404, refusalsAsFlash } from './admin-requests';
import { renderAdminSessionPage } from './admin-session-page';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import { countCompletionsOf, countSeatsOf } from './enrolment.repository';
import type { EnrolmentDeps } from './enrolment.service';
import { CancelForm, InstructorForm, OfferForm } from './sessions-admin.schemas';
import { offerSession } from './session-offers.service';
import { presentSessionRow, sessionCompletion } from './sessions-admin.presenter';
import { countOf, plural } from '../lib/wording';
import { addSessionSettingsRoutes } from './session-settings.routes';
import { addRosterRoutes } from './session-roster.routes';
import { addMoveLearnerRoutes } from './move-learner.routes';
import { addDeletedAccountRefundRoutes } from './deleted-account-refunds.routes';
import { listDeletedAccountRefunds } from './deleted-account-refunds.repository';
import { countRefundsDueOf } from './refunds-due.repository';
import { refundsDueFlags } from './refunds-due.presenter';
import { rosterCsv } from './roster-csv';
import { sendCsv } from '../lib/csv';
import { assignInstructorToSession, cancelSessionForLowEnrolment, cancellationRefusal, confirmSessionRuns, unassignInstructorFromSession } from './sessions-admin.service';
import { listRoster, listSessionsForStaff } from './sessions.repository';

/** Admins schedule sessions and run them: roster, payments, instructors, cancel or confirm. */
export function sessionAdminRouter(deps: EnrolmentDeps): Router {
  const router = Router();
  router.use('/admin/sessions', requireRole('admin'));

  const sessionOr404 = (req: Request) => adminSessionOr404(deps.db, req);
  const renderSession = (req: Request, res: Response, forms?: Parameters<typeof renderAdminSessionPage>[3]) => renderAdminSessionPage(deps, req, res, forms);

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

  // Before /admin/sessions/:id, which would otherwise take /admin/sessions/new.
  addSessionSettingsRoutes(router, deps);

  router.get('/admin/sessions/:id', async function showSession(req, res) {
    await renderSession(req, res);
  });

  router.get('/admin/sessions/:id/roster.csv', async function downloadRoster(req, res) {
    const session = await sessionOr404(req);
    const [roster, refunds] = await Promise.all([listRoster(deps.db, session.id), listDeletedAccountRefunds(deps.db, session.id)]);
    sendCsv(res, `roster-session-${session.id}.csv`, rosterCsv(session, roster, refunds));
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

  addRosterRoutes(router, deps);
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
