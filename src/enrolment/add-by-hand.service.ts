import { createInvitedAccounts, invitationEmail, type CurrentUser, type InvitedAccount } from '../auth';
import { isUniqueViolation } from '../db/errors';
import { NotFoundError, ValidationError } from '../lib/errors';
import { countOf } from '../lib/wording';
import { enrolledEmail } from './enrolment.emails';
import { countSeats, insertEnrolment, insertEnrolmentEvents, lockSession, updateEnrolment, type EnrolmentRow } from './enrolment.repository';
import { feeOf, paymentOnReturn, priceOf, providerOf, sendAll, type EnrolmentDeps } from './enrolment.service';
import { findAccountEmails, findActiveUsersByEmail, findSessionForEmail, instructorsAmong, seatedInOtherSessions } from './sessions.repository';
import type { ListedLearner } from './sessions-admin.schemas';

export interface LearnersAdded {
  names: string[];
  /** How many of them had no account and were given one, with a link to choose a password. */
  accountsMade: number;
  /** How many of them took a seat beyond the session's capacity. */
  overCapacity: number;
  /** Those who also hold a seat in another session of the course that has not ended: the admin may mean a move. */
  seatedElsewhere: string[];
}

const listed = (names: string[]) => names.join(', ');

/**
 * An admin enrols people by email (one, or a group from an institution), whatever the registration
 * window says. All or nothing: an address without an active account (unless the admin asks for
 * accounts to be made, with a name for each), someone already enrolled or teaching it, or more people than free
 * seats (without the explicit override) refuses the whole list, saying which addresses, so the
 * admin can fix the list and send it again. A cancelled session takes nobody.
 */
export async function addLearnersByHand(
  deps: EnrolmentDeps,
  input: { sessionId: number; learners: ListedLearner[]; overCapacity: boolean; createAccounts?: boolean; actor: CurrentUser; now?: Date },
): Promise<LearnersAdded> {
  const now = input.now ?? new Date();
  const payments = providerOf(deps);
  const emails = input.learners.map((l) => l.email);
  const found = await findActiveUsersByEmail(deps.db, emails);
  const foundEmails = new Set(found.map((l) => l.email));
  const unknown = input.learners.filter((l) => !foundEmails.has(l.email));
  if (unknown.length) await refuseUnknown(deps, unknown, emails.length, Boolean(input.createAccounts));
  const result = await deps.db.transaction(async (trx) => {
    const session = await lockSession(trx, input.sessionId);
    if (!session) throw new NotFoundError();
    if (session.status === 'cancelled') throw new ValidationError('Cancelled.', { email: 'This session is cancelled, so nobody can be added to it.' });
    // Made inside the transaction: any refusal below takes the new accounts back with it.
    const made: InvitedAccount[] = unknown.length ? await createInvitedAccounts(trx, unknown.map((l) => ({ name: l.name!, email: l.email })), now) : [];
    const learners = [...found, ...made.map((m) => ({ ...m, role: 'learner' as const }))].sort((a, b) => emails.indexOf(a.email) - emails.indexOf(b.email));
    const existing = new Map<number, EnrolmentRow>(
      (await trx<EnrolmentRow>('enrolments').where({ course_session_id: session.id }).whereIn('user_id', learners.map((l) => l.id))).map((e) => [e.user_id, e]),
    );
    const already = learners.filter((l) => existing.get(l.id)?.status === 'enrolled');
    if (already.length) {
      throw new ValidationError('Already enrolled.', {
        email:
          emails.length === 1
            ? `${already[0].name} is already enrolled in this session.`
            : `${listed(already.map((l) => l.name))} ${already.length === 1 ? 'is' : 'are'} already enrolled in this session. Take them out of the list; nobody was added.`,
      });
    }
    // Someone who teaches the session reads its learners' work: they cannot also be one of them.
    const teacherIds = await instructorsAmong(trx, session.id, learners.map((l) => l.id));
    const teaching = learners.filter((l) => teacherIds.has(l.id));
    if (teaching.length) {
      throw new ValidationError('Teaches it.', {
        email: `${listed(teaching.map((l) => l.name))} ${teaching.length === 1 ? 'teaches' : 'teach'} this session, so cannot also be one of its learners.${emails.length === 1 ? '' : ' Take them out of the list; nobody was added.'}`,
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
      const how = made.some((m) => m.id === learner.id) ? 'Added by an admin with a new account' : 'Added by an admin';
      await insertEnrolmentEvents(trx, [{ enrolmentId: row.id, actorId: input.actor.id, from: before, to: row, note: i >= free ? `${how} over capacity` : how }]);
    }
    return { session, learners, made, overCapacity: Math.max(0, learners.length - free) };
  }).catch((err: unknown) => {
    if (!isUniqueViolation(err)) throw err;
    throw new ValidationError('Taken.', { email: 'One of these addresses was given an account a moment ago. Please send the list again; nobody was added.' });
  });
  const forEmail = await findSessionForEmail(deps.db, input.sessionId);
  const note = payments.paymentInstructions(priceOf(result.session));
  await sendAll(deps.mailer, [
    ...result.made.map((m) => invitationEmail(m, forEmail.course_title, deps.baseUrl)),
    ...result.learners.map((l) => enrolledEmail(l, forEmail, note, deps.baseUrl)),
  ]);
  const elsewhere = await seatedInOtherSessions(deps.db, result.session, result.learners.map((l) => l.id), now);
  return {
    names: result.learners.map((l) => l.name),
    accountsMade: result.made.length,
    overCapacity: result.overCapacity,
    seatedElsewhere: result.learners.filter((l) => elsewhere.has(l.id)).map((l) => l.name),
  };
}

/** Addresses with no active account: refused, unless accounts are to be made and each can be. */
async function refuseUnknown(deps: EnrolmentDeps, unknown: ListedLearner[], listedCount: number, createAccounts: boolean): Promise<void> {
  const addresses = unknown.map((l) => l.email);
  if (!createAccounts) {
    throw new ValidationError('No such account.', {
      email:
        listedCount === 1
          ? 'There is no active account with this email. Tick “Make accounts” below (with their name, as Pat Reader <pat@library.org>), or ask the learner to create one.'
          : `There is no active account for ${listed(addresses)}. Tick “Make accounts” below, or take them out of the list; nobody was added.`,
    });
  }
  const deactivated = await findAccountEmails(deps.db, addresses);
  if (deactivated.length) {
    throw new ValidationError('Deactivated.', {
      email: `${listed(deactivated)} ${deactivated.length === 1 ? 'has an account that is' : 'have accounts that are'} deactivated. Reactivate ${deactivated.length === 1 ? 'it' : 'them'} under People first, or take ${deactivated.length === 1 ? 'it' : 'them'} out of the list; nobody was added.`,
    });
  }
  const nameless = unknown.filter((l) => !l.name).map((l) => l.email);
  if (nameless.length) {
    throw new ValidationError('Names needed.', {
      email: `A new account needs a name: write ${nameless.length === 1 ? 'it' : 'each'} as Pat Reader <pat@library.org> for ${listed(nameless)}. Nobody was added.`,
    });
  }
}
