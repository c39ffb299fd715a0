import type { Db } from '../db';
import { insertEnrolmentEvents, type PaymentStatus } from '../enrolment';

export interface LearnerForMoreTime {
  enrolment_id: number;
  user_id: number;
  name: string;
  email: string;
  /** False for a deactivated account, which gets no session emails. */
  active: boolean;
  course_title: string;
  payment_status: PaymentStatus;
  completion_extended_to: Date | null;
  /** Holds a certificate that is not revoked. */
  complete: boolean;
}

/** An enrolled learner of the session, with the more time they have and whether they are complete. */
export function findLearnerForMoreTime(db: Db, sessionId: number, enrolmentId: number): Promise<LearnerForMoreTime | undefined> {
  return db('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .join('course_sessions as s', 's.id', 'e.course_session_id')
    .join('courses as co', 'co.id', 's.course_id')
    .leftJoin('certificates as c', 'c.enrolment_id', 'e.id')
    .where({ 'e.id': enrolmentId, 'e.course_session_id': sessionId, 'e.status': 'enrolled' })
    .first(
      'e.id as enrolment_id', 'e.user_id', 'u.name', 'u.email', 'u.active', 'co.title as course_title', 'e.payment_status', 'e.completion_extended_to',
      db.raw('(c.id is not null and c.revoked_at is null) as complete'),
    );
}

/** Sets (or, with null, removes) a learner's more time, and records it in the enrolment's history. */
export async function setCompletionExtension(db: Db, learner: LearnerForMoreTime, until: Date | null, actorId: number, note: string): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('enrolments').where({ id: learner.enrolment_id }).update({ completion_extended_to: until, updated_at: trx.fn.now() });
    const place = { status: 'enrolled' as const, payment_status: learner.payment_status };
    await insertEnrolmentEvents(trx, [{ enrolmentId: learner.enrolment_id, actorId, from: place, to: place, note }]);
  });
}
