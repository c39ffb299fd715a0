import type { Request, Response, Router } from 'express';
import { NotFoundError, ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import { addLearnersByHand } from './add-by-hand.service';
import { adminRosterEntryOr404, adminSessionOr404, refusalsAsFlash } from './admin-requests';
import { renderAdminSessionPage, type Form } from './admin-session-page';
import { markPayment, type EnrolmentDeps } from './enrolment.service';
import { PAYMENT_LABELS } from './payments';
import { AddLearnerForm, PaymentForm, WithdrawForm } from './sessions-admin.schemas';
import { learnersAddedMessage, presentWithdrawal, withdrawalDone } from './sessions-admin.presenter';
import { withdrawByAdmin } from './withdraw-by-admin.service';

/** An admin adds learners to a session's roster, records their payments and withdraws them (on the admin router, behind its guard). */
export function addRosterRoutes(router: Router, deps: EnrolmentDeps): void {
  const sessionOr404 = (req: Request) => adminSessionOr404(deps.db, req);
  const rosterEntryOr404 = (req: Request) => adminRosterEntryOr404(deps.db, req);

  router.post('/admin/sessions/:id/learners', async function addLearner(req, res) {
    const session = await sessionOr404(req);
    const form = AddLearnerForm.safeParse(req.body);
    const again = (errors: Record<string, string>) => renderAdminSessionPage(deps, req, res.status(422), { addLearner: { values: keptValues(req.body), errors } });
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
}
