import type { CurrentUser } from '../auth';
import { ConflictError, NotFoundError } from '../lib/errors';
import { withdrawnByAdminEmail } from './enrolment.emails';
import { findUserContacts, findEnrolmentInSession, holdsValidCertificate, insertEnrolmentEvents, lockSession, updateEnrolment } from './enrolment.repository';
import { isRegistered } from './enrolment.policy';
import { announcePromotions, fillSeatsFromWaitlist, providerOf, type EnrolmentDeps } from './enrolment.service';
import { findSessionForEmail } from './sessions.repository';

const REPEAT_WINDOW_MS = 2 * 60_000;

export interface AdminWithdrawal {
  name: string;
  /** How many waitlisted learners took the freed seat (0 or 1). */
  promoted: number;
  refundDue: boolean;
}

/**
 * An admin takes a learner out of a session, enrolled or waitlisted, at any time before it is
 * cancelled. Their work stays. Before the start a paid seat becomes refund due, as when learners
 * withdraw themselves; after it, payment is left for the admin to record. The freed seat goes to
 * the waitlist only while registration is open: nobody is moved into a course already past week one.
 */
export async function withdrawByAdmin(
  deps: EnrolmentDeps,
  input: { sessionId: number; enrolmentId: number; note: string; actor: CurrentUser; now?: Date },
): Promise<AdminWithdrawal> {
  const now = input.now ?? new Date();
  const payments = providerOf(deps);
  const result = await deps.db.transaction(async (trx) => {
    const session = await lockSession(trx, input.sessionId);
    if (!session) throw new NotFoundError();
    const existing = await findEnrolmentInSession(trx, session.id, input.enrolmentId);
    if (!existing) throw new NotFoundError();
    const contact = (await findUserContacts(trx, [existing.user_id])).get(existing.user_id)!;
    if (session.status === 'cancelled') throw new ConflictError('This session is cancelled, so its learners are already released.');
    if (!isRegistered(existing.status)) {
      // A second press of the button (the first one already done) is told so plainly; a move (also "withdrawn" here) is not a withdrawal.
      if (existing.moved_to_session_id) throw new ConflictError(`${contact.name} has moved to another session, so nothing was changed.`);
      const justNow = existing.status === 'withdrawn' && now.getTime() - existing.updated_at.getTime() < REPEAT_WINDOW_MS;
      throw new ConflictError(
        justNow ? `${contact.name} was withdrawn a moment ago, so there is nothing more to do.` : `${contact.name} is not registered in this session any more, so nothing was changed.`,
      );
    }
    if (await holdsValidCertificate(trx, existing.id)) {
      throw new ConflictError(`${contact.name} has completed this session and holds a certificate. Revoke the certificate first if it should not stand.`);
    }
    const row = await updateEnrolment(trx, existing.id, {
      status: 'withdrawn',
      waitlist_position: null,
      payment_status: now < session.starts_at ? payments.statusWhenSeatEnds(existing.payment_status) : existing.payment_status,
    });
    const note = input.note ? `Withdrawn by an admin: ${input.note}` : 'Withdrawn by an admin';
    await insertEnrolmentEvents(trx, [{ enrolmentId: row.id, actorId: input.actor.id, from: existing, to: row, note }]);
    const registrationOpen = now < session.registration_closes_at;
    const promoted = existing.status === 'enrolled' && registrationOpen ? await fillSeatsFromWaitlist(trx, session, input.actor.id, now, payments) : [];
    return { userId: existing.user_id, contact, promoted, refundDue: row.payment_status === 'refund_due' && existing.payment_status !== 'refund_due' };
  });
  deps.realtime?.endSockets([result.userId]);
  const session = await findSessionForEmail(deps.db, input.sessionId);
  await deps.mailer.send(withdrawnByAdminEmail(result.contact, session, input.note || undefined, result.refundDue, deps.baseUrl));
  await announcePromotions(deps, input.sessionId, result.promoted);
  return { name: result.contact.name, promoted: result.promoted.length, refundDue: result.refundDue };
}
