import type { Request, Response } from 'express';
import { adminSessionOr404 } from './admin-requests';
import { listDeletedAccountRefunds } from './deleted-account-refunds.repository';
import { presentDeletedAccountRefunds } from './deleted-account-refunds.presenter';
import { countCompletionsOf, countSeats } from './enrolment.repository';
import type { EnrolmentDeps } from './enrolment.service';
import { PAYMENT_LABELS } from './payments';
import { loadOffers } from './session-offers.service';
import { presentOffers, presentSessionPage, sessionCompletion } from './sessions-admin.presenter';
import { listEnrolmentEvents, listInstructorsOf, listPossibleInstructors, listRoster } from './sessions.repository';

/** A form of the admin pages handed back: what was typed and a message per field. */
export type Form = { values?: Record<string, string>; errors?: Record<string, string> };

/** The admin's page of one session, with any of its refused forms handed back on it. */
export async function renderAdminSessionPage(deps: EnrolmentDeps, req: Request, res: Response, forms: { cancel?: Form; addLearner?: Form; instructor?: Form; offer?: Form } = {}) {
  const session = await adminSessionOr404(deps.db, req);
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
