import type { CurrentUser } from '../auth';
import { NotFoundError, ValidationError } from '../lib/errors';
import { countOf } from '../lib/wording';
import { enrolledEmail } from './enrolment.emails';
import { countSeats, insertEnrolment, insertEnrolmentEvents, lockSession, updateEnrolment, type EnrolmentRow } from './enrolment.repository';
import { feeOf, paymentOnReturn, priceOf, providerOf, sendAll, type EnrolmentDeps } from './enrolment.service';
import { findActiveUsersByEmail, findSessionForEmail } from './sessions.repository';

export interface LearnersAdded {
  names: string[];
  /** How many of them took a seat beyond the session's capacity. */
  overCapacity: number;
}

const listed = (names: string[]) => names.join(', ');

/**
 * An admin enrols people by email (one, or a group from an institution), whatever the registration
 * window says. All or nothing: an address without an active account, someone already enrolled, or
 * more people than free seats (without the explicit override) refuses the whole list, saying which
 * addresses, so the admin can fix the list and send it again. A cancelled session takes nobody.
 */
export async function addLearnersByHand(
  deps: EnrolmentDeps,
  input: { sessionId: number; emails: string[]; overCapacity: boolean; actor: CurrentUser; now?: Date },
): Promise<LearnersAdded> {
  const now = input.now ?? new Date();
  const payments = providerOf(deps);
  const order = input.emails.map((e) => e.toLowerCase());
  const learners = (await findActiveUsersByEmail(deps.db, input.emails)).sort((a, b) => order.indexOf(a.email) - order.indexOf(b.email));
  const found = new Set(learners.map((l) => l.email));
  const unknown = input.emails.filter((e) => !found.has(e.toLowerCase()));
  if (unknown.length) {
    throw new ValidationError('No such account.', {
      email:
        input.emails.length === 1
          ? 'There is no active account with this email. Ask the learner to create one first.'
          : `There is no active account for ${listed(unknown)}. Ask them to create one first, or take them out of the list; nobody was added.`,
    });
  }
  const result = await deps.db.transaction(async (trx) => {
    const session = await lockSession(trx, input.sessionId);
    if (!session) throw new NotFoundError();
    if (session.status === 'cancelled') throw new ValidationError('Cancelled.', { email: 'This session is cancelled, so nobody can be added to it.' });
    const existing = new Map<number, EnrolmentRow>(
      (await trx<EnrolmentRow>('enrolments').where({ course_session_id: session.id }).whereIn('user_id', learners.map((l) => l.id))).map((e) => [e.user_id, e]),
    );
    const already = learners.filter((l) => existing.get(l.id)?.status === 'enrolled');
    if (already.length) {
      throw new ValidationError('Already enrolled.', {
        email:
          input.emails.length === 1
            ? `${already[0].name} is already enrolled in this session.`
            : `${listed(already.map((l) => l.name))} ${already.length === 1 ? 'is' : 'are'} already enrolled in this session. Take them out of the list; nobody was added.`,
      });
    }
    const seats = await countSeats(trx, session.id);
    const free = Math.max(0, session.capacity - seats.enrolled);
    if (learners.length > free && !input.overCapacity) {
      throw new ValidationError('Full.', {
        overCapacity:
          learners.length === 1
            ? `This session is full (${seats.enrolled} of ${countOf(session.capacity, 'seat', 'seats')} taken). Tick “Add over capacity” to add ${learners[0].name} anyway.`
            : `This session has ${countOf(free, 'seat', 'seats')} left and you are adding ${learners.length} learners. Tick “Add over capacity” to add them all anyway.`,
      });
    }
    for (const [i, learner] of learners.entries()) {
      const before = existing.get(learner.id);
      const values = {
        status: 'enrolled' as const,
        waitlist_position: null,
        payment_status: paymentOnReturn(before?.payment_status, payments.initialStatus(priceOf(session))),
        enrolled_at: now,
        ...feeOf(session),
      };
      const row = before ? await updateEnrolment(trx, before.id, values) : await insertEnrolment(trx, { course_session_id: session.id, user_id: learner.id, ...values });
      await insertEnrolmentEvents(trx, [{ enrolmentId: row.id, actorId: input.actor.id, from: before, to: row, note: i >= free ? 'Added by an admin over capacity' : 'Added by an admin' }]);
    }
    return { session, overCapacity: Math.max(0, learners.length - free) };
  });
  const forEmail = await findSessionForEmail(deps.db, input.sessionId);
  const note = payments.paymentInstructions(priceOf(result.session));
  await sendAll(deps.mailer, learners.map((l) => enrolledEmail(l, forEmail, note, deps.baseUrl)));
  return { names: learners.map((l) => l.name), overCapacity: result.overCapacity };
}
