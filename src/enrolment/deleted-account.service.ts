import type { Db } from '../db';
import { listOpenSessionsWithPlaceOf, lockSession, findEnrolment, updateEnrolment, type EnrolmentRow } from './enrolment.repository';
import { announcePromotions, fillSeatsFromWaitlist, providerOf, type EnrolmentDeps } from './enrolment.service';

export interface ReleasedSeat {
  sessionId: number;
  promoted: EnrolmentRow[];
}

/**
 * Gives up the seats of an account being deleted, inside the deletion's transaction, so each one
 * goes to its waitlist in line order, as when a learner withdraws. Only sessions still taking
 * registrations: past week one a freed seat stays empty, as when an admin withdraws someone. Before
 * the start a paid seat becomes refund due, as when an admin withdraws someone (then
 * keepRefundsOfDeletedAccount keeps it). The places themselves go with the account, and their
 * history with them, so no event is kept for them; the promotions are recorded with no actor, as
 * the person who left has no account any more.
 */
export async function releaseSeatsOfDeletedAccount(trx: Db, deps: EnrolmentDeps, userId: number, now: Date): Promise<ReleasedSeat[]> {
  const released: ReleasedSeat[] = [];
  // Waitlist places too, so a seat cannot be given to this account while it is being deleted.
  // Locked in session id order, as moves between sessions do, so no two changes wait on each other.
  for (const sessionId of await listOpenSessionsWithPlaceOf(trx, userId, now)) {
    const session = await lockSession(trx, sessionId);
    const place = session && (await findEnrolment(trx, sessionId, userId));
    if (!session || place?.status !== 'enrolled') continue;
    const payments = providerOf(deps);
    const payment = now < session.starts_at ? payments.statusWhenSeatEnds(place.payment_status) : place.payment_status;
    await updateEnrolment(trx, place.id, { status: 'withdrawn', waitlist_position: null, payment_status: payment });
    released.push({ sessionId, promoted: await fillSeatsFromWaitlist(trx, session, null, now, payments) });
  }
  return released;
}

/** Emails the learners who took the released seats; call after the deletion commits. */
export async function announceReleasedSeats(deps: EnrolmentDeps, released: ReleasedSeat[]): Promise<void> {
  for (const { sessionId, promoted } of released) await announcePromotions(deps, sessionId, promoted);
}
