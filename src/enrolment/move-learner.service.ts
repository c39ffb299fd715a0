import type { CurrentUser } from '../auth';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { countOf } from '../lib/wording';
import { movedEmail } from './enrolment.emails';
import { adminMayMove } from './enrolment.policy';
import {
  countSeats,
  findEnrolment,
  findEnrolmentInSession,
  findUserContacts,
  holdsValidCertificate,
  insertEnrolment,
  insertEnrolmentEvents,
  lockSession,
  updateEnrolment,
  type EnrolmentRow,
  type ManagedSessionRow,
} from './enrolment.repository';
import { announcePromotions, feeOf, fillSeatsFromWaitlist, priceOf, providerOf, type EnrolmentDeps } from './enrolment.service';
import { holdsWork, moveWork } from './move-learner.repository';
import type { PaymentProvider, PaymentStatus } from './payments';
import { formatSessionRange } from './session-dates';
import { findSessionForEmail, teachesSessionById } from './sessions.repository';

export interface LearnerMove {
  name: string;
  /** How many waitlisted learners took the seat left behind (0 or 1). */
  promoted: number;
  overCapacity: boolean;
}

interface CarriedPayment {
  /** The payment recorded on the seat left behind. */
  left: PaymentStatus;
  /** The payment the new seat starts with, and the fee it keeps. */
  taken: PaymentStatus;
  fee_minor: number;
  fee_currency: string;
}

/**
 * The payment goes with the learner. Money paid (or owed back by a cancellation) pays for the new
 * seat and the old one records it as moved; a quoted fee not yet paid, or waived, stays as it was
 * quoted. A place that never had a fee (a waitlist spot) or whose money was refunded starts as any
 * new seat in the new session does.
 */
export function carriedPayment(old: Pick<EnrolmentRow, 'payment_status' | 'fee_minor' | 'fee_currency'>, target: ManagedSessionRow, payments: PaymentProvider): CarriedPayment {
  const quoted = old.fee_minor != null && old.fee_currency ? { fee_minor: old.fee_minor, fee_currency: old.fee_currency } : undefined;
  if (old.payment_status === 'paid' || old.payment_status === 'refund_due') return { left: 'moved', taken: 'paid', ...(quoted ?? feeOf(target)) };
  if (quoted && (old.payment_status === 'unpaid' || old.payment_status === 'waived')) return { left: old.payment_status, taken: old.payment_status, ...quoted };
  return { left: old.payment_status, taken: payments.initialStatus(priceOf(target)), ...feeOf(target) };
}

const PAYMENT_NOTES: Partial<Record<PaymentStatus, string>> = {
  paid: 'Your payment comes with you, so there is nothing more to pay.',
  waived: 'There is nothing to pay for this session.',
};

const sessionDates = (s: ManagedSessionRow) => formatSessionRange(s.starts_at, s.ends_at, s.time_zone);
const targetRefused = (message: string) => new ValidationError('Please choose another session.', { targetSessionId: message });

/** Locks both sessions in id order, so two moves in opposite directions cannot wait on each other. */
async function lockBoth(trx: EnrolmentDeps['db'], a: number, b: number): Promise<Map<number, ManagedSessionRow>> {
  const locked = new Map<number, ManagedSessionRow>();
  for (const id of [...new Set([a, b])].sort((x, y) => x - y)) {
    const row = await lockSession(trx, id);
    if (row) locked.set(id, row);
  }
  return locked;
}

/**
 * An admin moves a learner to another session of the same course, as when someone cannot keep up
 * and asks for a later cohort, or their session was cancelled. Their place becomes a seat in the
 * other session, over capacity only when the admin says so, whatever its registration window says.
 * Everything they did comes along (readings, reflections with their feedback, toolkit, check-ins,
 * evaluation); their posts stay in the old cohort's discussion. The seat left behind goes to the
 * waitlist while registration is open there.
 */
export async function moveLearner(
  deps: EnrolmentDeps,
  input: { sessionId: number; enrolmentId: number; targetSessionId: number; overCapacity: boolean; note: string; actor: CurrentUser; now?: Date },
): Promise<LearnerMove> {
  const now = input.now ?? new Date();
  const payments = providerOf(deps);
  const result = await deps.db.transaction(async (trx) => {
    const locked = await lockBoth(trx, input.sessionId, input.targetSessionId);
    const from = locked.get(input.sessionId);
    if (!from) throw new NotFoundError();
    const existing = await findEnrolmentInSession(trx, from.id, input.enrolmentId);
    if (!existing) throw new NotFoundError();
    const contact = (await findUserContacts(trx, [existing.user_id])).get(existing.user_id)!;
    if (!adminMayMove(from, existing)) throw new ConflictError(`${contact.name} has no place in this session any more, so there is nothing to move.`);
    if (await holdsValidCertificate(trx, existing.id)) {
      throw new ConflictError(`${contact.name} has completed this session and holds a certificate, so their place stays here.`);
    }

    const to = locked.get(input.targetSessionId);
    if (!to || to.id === from.id || to.course_id !== from.course_id) throw targetRefused('Please choose another session of this course.');
    if (to.status === 'cancelled') throw targetRefused('That session has been cancelled. Please choose another.');
    if (to.ends_at <= now) throw targetRefused('That session has ended. Please choose another.');
    const there = await findEnrolment(trx, to.id, existing.user_id);
    if (there?.status === 'enrolled') throw targetRefused(`${contact.name} is already enrolled in that session.`);
    // An instructor reads the learners' work: they cannot be one of them.
    if (await teachesSessionById(trx, to.id, existing.user_id)) throw targetRefused(`${contact.name} teaches that session, so cannot also be one of its learners.`);
    if (there && (await holdsWork(trx, there.id))) {
      throw targetRefused(`${contact.name} had a place in that session before, and what they did then is still kept there. Moving would mix the two, so nothing was changed.`);
    }
    const seats = await countSeats(trx, to.id);
    const full = seats.enrolled >= to.capacity;
    if (full && !input.overCapacity) {
      throw new ValidationError('Full.', {
        overCapacity: `That session is full (${seats.enrolled} of ${countOf(to.capacity, 'seat', 'seats')} taken). Tick “Move over capacity” to move ${contact.name} anyway.`,
      });
    }

    const pay = carriedPayment(existing, to, payments);
    const left = await updateEnrolment(trx, existing.id, {
      status: from.status === 'cancelled' ? 'cancelled' : 'withdrawn',
      waitlist_position: null,
      payment_status: pay.left,
      moved_to_session_id: to.id,
    });
    const seat = { status: 'enrolled' as const, waitlist_position: null, payment_status: pay.taken, enrolled_at: now, fee_minor: pay.fee_minor, fee_currency: pay.fee_currency };
    const taken = there ? await updateEnrolment(trx, there.id, seat) : await insertEnrolment(trx, { course_session_id: to.id, user_id: existing.user_id, ...seat });
    await moveWork(trx, existing.id, taken.id);
    const note = input.note ? `: ${input.note}` : '';
    await insertEnrolmentEvents(trx, [
      { enrolmentId: left.id, actorId: input.actor.id, from: existing, to: left, note: `Moved by an admin to the session of ${sessionDates(to)}${note}` },
      { enrolmentId: taken.id, actorId: input.actor.id, from: there, to: taken, note: `Moved here by an admin from the session of ${sessionDates(from)}${full ? ', over capacity' : ''}` },
    ]);
    const seatFreed = existing.status === 'enrolled' && from.status !== 'cancelled' && now < from.registration_closes_at;
    const promoted = seatFreed ? await fillSeatsFromWaitlist(trx, from, input.actor.id, now, payments) : [];
    return { userId: existing.user_id, contact, promoted, overCapacity: full, taken };
  });
  deps.realtime?.endSockets([result.userId]);
  const [fromForEmail, toForEmail] = [await findSessionForEmail(deps.db, input.sessionId), await findSessionForEmail(deps.db, input.targetSessionId)];
  const paymentNote = PAYMENT_NOTES[result.taken.payment_status] ?? payments.paymentInstructions({ minor: result.taken.fee_minor ?? 0, currency: result.taken.fee_currency ?? toForEmail.currency });
  await deps.mailer.send(movedEmail(result.contact, fromForEmail, toForEmail, input.note || undefined, paymentNote, deps.baseUrl));
  await announcePromotions(deps, input.sessionId, result.promoted);
  return { name: result.contact.name, promoted: result.promoted.length, overCapacity: result.overCapacity };
}
