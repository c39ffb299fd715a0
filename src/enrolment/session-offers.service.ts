import type { CurrentUser } from '../auth';
// Straight from its file: the discussions index leads back here through its routes.
import { unsubscribeLinks } from '../discussions/notify.service';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { sessionOfferedEmail } from './enrolment.emails';
import { countSeatsOf, findSession, lockSession, type ManagedSessionRow } from './enrolment.repository';
import { sendAll, type EnrolmentDeps } from './enrolment.service';
import { listMoveTargets } from './move-learner.repository';
import { findOffer, insertOffer, listOfferRecipients, listOffersFrom } from './session-offers.repository';
import { formatDay } from './session-view';
import { findSessionForEmail } from './sessions.repository';

/** Whether a session can still be offered: another of the course's, running, taking registrations. */
const offerable = (target: ManagedSessionRow, from: ManagedSessionRow, now: Date) =>
  target.id !== from.id && target.course_id === from.course_id && target.status !== 'cancelled' && now < target.registration_closes_at;

/** What a cancelled session's page offers: the sessions its learners could be told of, and the offers made. */
export async function loadOffers(deps: Pick<EnrolmentDeps, 'db'>, from: ManagedSessionRow, now = new Date()) {
  const [candidates, offers] = await Promise.all([listMoveTargets(deps.db, from.course_id, from.id, now), listOffersFrom(deps.db, from.id)]);
  const targets = candidates.filter((t) => offerable(t, from, now));
  // Whom each would reach: a session everyone has been told of, or placed in, is not offered again.
  const [seats, reach] = await Promise.all([
    countSeatsOf(deps.db, targets.map((t) => t.id)),
    Promise.all(targets.map(async (t) => [t.id, (await listOfferRecipients(deps.db, from.id, t.id)).length] as const)),
  ]);
  return { targets, seats, offers, reach: new Map(reach) };
}

/**
 * Tells the learners a cancelled session let down of another session of the course, so they can
 * take a place themselves. Each pair of sessions is offered once; learners already placed there,
 * moved elsewhere by an admin, or who turned off news of other sessions, are not emailed. It is news
 * they may not want (the cancellation itself was told to all), so each email can turn it off.
 */
export async function offerSession(
  deps: EnrolmentDeps,
  input: { sessionId: number; targetSessionId: number; note: string; actor: CurrentUser; now?: Date },
): Promise<{ recipients: number }> {
  const now = input.now ?? new Date();
  const recipients = await deps.db.transaction(async (trx) => {
    // Locked so that two admins offering the same session at once send it once.
    const from = await lockSession(trx, input.sessionId);
    if (!from) throw new NotFoundError();
    if (from.status !== 'cancelled') throw new ConflictError('Another session is offered only to the learners of a cancelled one. Nothing was sent.');
    const target = await findSession(trx, input.targetSessionId);
    if (!target || !offerable(target, from, now)) {
      throw new ValidationError('Not a session to offer.', { targetSessionId: 'That session is not taking registrations for this course. Please choose one of those listed.' });
    }
    const sent = await findOffer(trx, from.id, target.id);
    if (sent) throw new ConflictError(`This session’s learners were told of that one on ${formatDay(sent.sent_at, from.time_zone)}. Nothing was sent again.`);
    const people = await listOfferRecipients(trx, from.id, target.id);
    if (!people.length) {
      throw new ValidationError('Nobody to tell.', {
        targetSessionId: 'Everyone this session let down has registered there already, has been moved, has no active account, or has asked not to hear of other sessions: there is nobody to tell.',
      });
    }
    await insertOffer(trx, { fromSessionId: from.id, toSessionId: target.id, sentBy: input.actor.id, recipients: people.length, note: input.note, now });
    return people;
  });
  const [cancelled, offered] = await Promise.all([findSessionForEmail(deps.db, input.sessionId), findSessionForEmail(deps.db, input.targetSessionId)]);
  const links = await unsubscribeLinks(deps.db, deps.baseUrl, recipients.map((r) => r.id));
  // The admin's note is theirs: a learner's answer reaches them.
  await sendAll(deps.mailer, recipients.map((r) => ({ ...sessionOfferedEmail(r, cancelled, offered, input.note, links.get(r.id)!.url, deps.baseUrl), replyTo: input.actor.email })));
  return { recipients: recipients.length };
}
