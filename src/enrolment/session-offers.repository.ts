import type { Db } from '../db';

export interface OfferRow {
  to_session_id: number;
  sent_at: Date;
  recipients: number;
  sent_by_name: string | null;
  /** The offered session's dates. */
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
}

/** The offers made to a cancelled session's learners, oldest first, with who sent each. */
export function listOffersFrom(db: Db, fromSessionId: number): Promise<OfferRow[]> {
  return db('session_offers as o')
    .join('course_sessions as s', 's.id', 'o.to_session_id')
    .leftJoin('users as u', 'u.id', 'o.sent_by')
    .where('o.from_session_id', fromSessionId)
    .orderBy('o.sent_at')
    .select('o.to_session_id', 'o.sent_at', 'o.recipients', 'u.name as sent_by_name', 's.starts_at', 's.ends_at', 's.time_zone');
}

/** When this session was offered to that one's learners, if it was. */
export async function findOffer(db: Db, fromSessionId: number, toSessionId: number): Promise<{ sent_at: Date } | undefined> {
  return db('session_offers').where({ from_session_id: fromSessionId, to_session_id: toSessionId }).first('sent_at');
}

export async function insertOffer(db: Db, offer: { fromSessionId: number; toSessionId: number; sentBy: number; recipients: number; note: string; now: Date }): Promise<void> {
  await db('session_offers').insert({
    from_session_id: offer.fromSessionId,
    to_session_id: offer.toSessionId,
    sent_by: offer.sentBy,
    sent_at: offer.now,
    recipients: offer.recipients,
    note: offer.note,
  });
}

/**
 * Whom an offer reaches: the people a cancelled session let down (their place cancelled, and not
 * moved to another session since), with an active account, who never registered for the offered
 * session (those who left it chose to) and have not turned these emails off (no row: the default, on).
 */
export function listOfferRecipients(db: Db, fromSessionId: number, toSessionId: number): Promise<{ id: number; name: string; email: string }[]> {
  return db('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .leftJoin('notification_preferences as np', 'np.user_id', 'e.user_id')
    .where({ 'e.course_session_id': fromSessionId, 'e.status': 'cancelled', 'u.active': true })
    .whereRaw('coalesce(np.session_offer_email, true)')
    .whereNull('e.moved_to_session_id')
    .whereNotExists((q) =>
      q.select(db.raw('1')).from('enrolments as t').whereRaw('t.user_id = e.user_id').where('t.course_session_id', toSessionId),
    )
    .orderBy('u.name')
    .select('u.id', 'u.name', 'u.email');
}
