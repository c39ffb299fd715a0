import type { Db } from '../db';
import type { Realtime } from '../lib/realtime';
import type { CurrentUser } from '../auth';
import { ConflictError, NotFoundError } from '../lib/errors';
import type { EmailMessage, Mailer } from '../notifications';
import { contactHelpFor, contactHelpSentence } from './contact';
import { isUniqueViolation } from '../db/errors';
import { enrolledEmail, promotedEmail, waitlistedEmail, withdrawnEmail } from './enrolment.emails';
import { isRegistered as holdsPlace, mayWithdraw, registrationState } from './enrolment.policy';
import {
  countSeats,
  findEnrolment,
  findEnrolmentInSession,
  findUserContacts,
  insertEnrolment,
  insertEnrolmentEvents,
  listPromotableWaitlisted,
  lockSession,
  nextWaitlistPosition,
  updateEnrolment,
  type EnrolmentRow,
  type ManagedSessionRow,
} from './enrolment.repository';
import { manualInvoicing, type PaymentProvider, type PaymentStatus } from './payments';
import { otherPlaceNotice } from './other-place';
import { findSessionForEmail, findWaitlistRank, listCurrentPlacesInCourse, teachesSessionById } from './sessions.repository';

export interface EnrolmentDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  payments?: PaymentProvider;
  /** Live connections, ended when a learner loses their place. */
  realtime?: Realtime;
}

export interface EnrolOutcome {
  status: 'enrolled' | 'waitlisted';
  waitlistRank?: number;
}

export const providerOf = (deps: EnrolmentDeps) => deps.payments ?? manualInvoicing;
export const priceOf = (s: ManagedSessionRow) => ({ minor: s.price_minor, currency: s.currency });
/** The fee kept with a seat when it is taken: what the enrolment email quotes (see migration 1000). */
export const feeOf = (s: ManagedSessionRow) => ({ fee_minor: s.price_minor, fee_currency: s.currency });

export async function sendAll(mailer: Mailer, messages: EmailMessage[]): Promise<void> {
  for (const message of messages) await mailer.send(message);
}

/** The payment a returning learner's seat starts with: a refund not yet paid out is simply cancelled. */
export function paymentOnReturn(previous: PaymentStatus | undefined, fresh: PaymentStatus): PaymentStatus {
  return previous === 'refund_due' || previous === 'paid' ? 'paid' : fresh;
}

const REFUSALS = {
  cancelled: 'This session has been cancelled, so it is not taking registrations. Please choose another session.',
  not_open: 'Registration for this session has not opened yet. Please come back once it opens.',
  closed: 'Registration for this session has closed. Please choose a later session.',
  full: 'This session has just filled up. You can join its waitlist instead, and we will email you if a seat frees up.',
} as const;

/**
 * Takes a seat for a learner, or a waitlist place when the session is full and they asked for one.
 * A learner who already holds a place in another running or upcoming session of the course must
 * say they want this one too. The session row is locked first, so concurrent requests count seats
 * one at a time and the capacity always holds; the unique (session, learner) index backs up the
 * duplicate check.
 */
export async function enrolLearner(
  deps: EnrolmentDeps,
  input: { sessionId: number; learner: CurrentUser; joinWaitlist: boolean; alsoAnotherSession?: boolean; now?: Date },
): Promise<EnrolOutcome> {
  const now = input.now ?? new Date();
  const payments = providerOf(deps);
  let session: ManagedSessionRow | undefined;
  let outcome: EnrolOutcome;
  try {
    outcome = await deps.db.transaction(async (trx) => {
      session = await lockSession(trx, input.sessionId);
      if (!session) throw new NotFoundError();
      const existing = await findEnrolment(trx, session.id, input.learner.id);
      if (existing?.status === 'enrolled') throw new ConflictError('You are already enrolled in this session. It is on your dashboard.');
      if (existing?.status === 'waitlisted') throw new ConflictError('You are already on the waitlist for this session. Your dashboard shows your place in line.');
      // An instructor reads the learners' work: they cannot be one of them.
      if (await teachesSessionById(trx, session.id, input.learner.id)) throw new ConflictError('You teach this session, so you cannot also take it as a learner. Nothing has changed.');
      const seats = await countSeats(trx, session.id);
      const state = registrationState(session, seats.enrolled, now);
      if (state !== 'open' && !(state === 'full' && input.joinWaitlist)) throw new ConflictError(REFUSALS[state]);
      const otherPlace = otherPlaceNotice(await listCurrentPlacesInCourse(trx, input.learner.id, session.course_id, now), session.id);
      if (otherPlace && !input.alsoAnotherSession) {
        throw new ConflictError(`${otherPlace} Nothing has changed. If you want a place in this session as well, tick the box to say so and try again.`);
      }

      const status: EnrolOutcome['status'] = state === 'open' ? 'enrolled' : 'waitlisted';
      const values = {
        status,
        waitlist_position: status === 'waitlisted' ? await nextWaitlistPosition(trx, session.id) : null,
        payment_status: status === 'enrolled' ? paymentOnReturn(existing?.payment_status, payments.initialStatus(priceOf(session))) : existing?.payment_status ?? 'unpaid',
        enrolled_at: status === 'enrolled' ? now : null,
        ...(status === 'enrolled' ? feeOf(session) : {}),
      };
      const row = existing
        ? await updateEnrolment(trx, existing.id, values)
        : await insertEnrolment(trx, { course_session_id: session.id, user_id: input.learner.id, ...values });
      await insertEnrolmentEvents(trx, [{ enrolmentId: row.id, actorId: input.learner.id, from: existing, to: row, note: status === 'enrolled' ? 'Enrolled from the course page' : 'Joined the waitlist' }]);
      return status === 'enrolled' ? { status } : { status, waitlistRank: await findWaitlistRank(trx, row.id) };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError('You are already registered for this session. It is on your dashboard.');
    throw err;
  }
  const forEmail = await findSessionForEmail(deps.db, input.sessionId);
  await deps.mailer.send(
    outcome.status === 'enrolled'
      ? enrolledEmail(input.learner, forEmail, payments.paymentInstructions(priceOf(session!)), deps.baseUrl)
      : waitlistedEmail(input.learner, forEmail, outcome.waitlistRank!, deps.baseUrl),
  );
  return outcome;
}

/**
 * Gives free seats to the waitlist in line order, inside the caller's transaction (which holds
 * the session lock), so a freed seat never goes to anyone else first. Returns who moved up.
 */
export async function fillSeatsFromWaitlist(trx: Db, session: ManagedSessionRow, actorId: number | null, now: Date, payments: PaymentProvider): Promise<EnrolmentRow[]> {
  if (session.status === 'cancelled') return [];
  const seats = await countSeats(trx, session.id);
  const free = session.capacity - seats.enrolled;
  if (free <= 0) return [];
  const waiting = await listPromotableWaitlisted(trx, session.id, free);
  const promoted: EnrolmentRow[] = [];
  for (const entry of waiting) {
    const row = await updateEnrolment(trx, entry.id, {
      status: 'enrolled',
      waitlist_position: null,
      payment_status: paymentOnReturn(entry.payment_status, payments.initialStatus(priceOf(session))),
      enrolled_at: now,
      ...feeOf(session),
    });
    promoted.push(row);
    await insertEnrolmentEvents(trx, [{ enrolmentId: row.id, actorId, from: entry, to: row, note: 'Moved up from the waitlist when a seat freed' }]);
  }
  return promoted;
}

/** Emails each promoted learner that the seat is theirs; call after the transaction commits. Deactivated accounts get no session emails. */
export async function announcePromotions(deps: EnrolmentDeps, sessionId: number, promoted: EnrolmentRow[]): Promise<void> {
  if (!promoted.length) return;
  const session = await findSessionForEmail(deps.db, sessionId);
  const contacts = await findUserContacts(deps.db, promoted.map((p) => p.user_id), { activeOnly: true });
  const note = providerOf(deps).paymentInstructions(priceOf(session));
  const reachable = promoted.flatMap((p) => contacts.get(p.user_id) ?? []);
  await sendAll(deps.mailer, reachable.map((contact) => promotedEmail(contact, session, note, deps.baseUrl)));
}

/**
 * A learner leaves a session before it starts. A freed seat goes to the first waitlisted learner
 * in the same transaction; that learner is emailed once it has committed.
 */
export async function withdrawFromSession(deps: EnrolmentDeps, input: { sessionId: number; learner: CurrentUser; contactEmail?: string; now?: Date }): Promise<{ refundDue: boolean }> {
  const now = input.now ?? new Date();
  const payments = providerOf(deps);
  const { promoted, refundDue } = await deps.db.transaction(async (trx) => {
    const session = await lockSession(trx, input.sessionId);
    if (!session) throw new NotFoundError();
    const existing = await findEnrolment(trx, session.id, input.learner.id);
    if (!existing || (existing.status !== 'enrolled' && existing.status !== 'waitlisted')) {
      throw new ConflictError('You are not registered for this session, so there is nothing to withdraw from.');
    }
    if (!mayWithdraw(session, existing.status, now)) {
      const help = contactHelpSentence(await contactHelpFor(trx, session.id, input.contactEmail));
      throw new ConflictError(`This session has already started, so you can no longer withdraw here. ${help}`.trim());
    }
    const row = await updateEnrolment(trx, existing.id, {
      status: 'withdrawn',
      waitlist_position: null,
      payment_status: payments.statusWhenSeatEnds(existing.payment_status),
    });
    await insertEnrolmentEvents(trx, [{ enrolmentId: row.id, actorId: input.learner.id, from: existing, to: row, note: 'Withdrew before the start' }]);
    const moved = existing.status === 'enrolled' ? await fillSeatsFromWaitlist(trx, session, input.learner.id, now, payments) : [];
    return { promoted: moved, refundDue: row.payment_status === 'refund_due' && existing.payment_status !== 'refund_due' };
  });
  deps.realtime?.endSockets([input.learner.id]);
  const session = await findSessionForEmail(deps.db, input.sessionId);
  await deps.mailer.send(withdrawnEmail(input.learner, session, refundDue, deps.baseUrl));
  await announcePromotions(deps, input.sessionId, promoted);
  return { refundDue };
}

export const MARKABLE_PAYMENTS = ['unpaid', 'paid', 'waived', 'refunded'] as const;
export type MarkablePayment = (typeof MARKABLE_PAYMENTS)[number];

/** An admin records a payment status; a refund only for money that was paid, and nothing else once the place has ended. */
export async function markPayment(
  deps: Pick<EnrolmentDeps, 'db'>,
  input: { sessionId: number; enrolmentId: number; paymentStatus: MarkablePayment; actor: CurrentUser },
): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const existing = await findEnrolmentInSession(trx, input.sessionId, input.enrolmentId);
    if (!existing) throw new NotFoundError();
    if (existing.payment_status === input.paymentStatus) return;
    if (!holdsPlace(existing.status) && input.paymentStatus !== 'refunded') {
      throw new ConflictError('This learner no longer has a place in this session, so only a refund can be recorded. Nothing was changed.');
    }
    if (input.paymentStatus === 'refunded' && existing.payment_status !== 'paid' && existing.payment_status !== 'refund_due') {
      throw new ConflictError('Only a payment that was made can be marked refunded.');
    }
    const row = await updateEnrolment(trx, existing.id, { payment_status: input.paymentStatus });
    await insertEnrolmentEvents(trx, [{ enrolmentId: row.id, actorId: input.actor.id, from: existing, to: row, note: 'Payment recorded by an admin' }]);
  });
}
