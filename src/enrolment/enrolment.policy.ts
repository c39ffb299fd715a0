import type { SessionRow } from './access';

export type EnrolmentStatus = 'enrolled' | 'waitlisted' | 'withdrawn' | 'cancelled';
export type RegistrationState = 'open' | 'full' | 'closed' | 'cancelled' | 'not_open';

type WindowFields = Pick<SessionRow, 'status' | 'registration_opens_at' | 'registration_closes_at' | 'capacity'>;

/**
 * Where a session's registration stands: cancelled first, then the window (not yet open,
 * closed after the end of week one), then seats (full means the waitlist is open).
 */
export function registrationState(session: WindowFields, enrolledCount: number, now: Date): RegistrationState {
  if (session.status === 'cancelled') return 'cancelled';
  if (now < session.registration_opens_at) return 'not_open';
  if (now >= session.registration_closes_at) return 'closed';
  if (enrolledCount >= session.capacity) return 'full';
  return 'open';
}

/** Holding a seat or a waitlist place. */
export function isRegistered(status: EnrolmentStatus): boolean {
  return status === 'enrolled' || status === 'waitlisted';
}

/** Whether an admin may take a learner out of a session: any time, unless it is cancelled. */
export function adminMayWithdraw(session: Pick<SessionRow, 'status'>, status: EnrolmentStatus): boolean {
  return session.status !== 'cancelled' && isRegistered(status);
}

/**
 * Whether an admin may move a learner to another session of the course: anyone holding a place,
 * and, once a session is cancelled, the registrants it let down who have not been moved yet.
 */
export function adminMayMove(session: Pick<SessionRow, 'status'>, place: { status: EnrolmentStatus; moved_to_session_id?: number | null }): boolean {
  return session.status === 'cancelled' ? place.status === 'cancelled' && !place.moved_to_session_id : isRegistered(place.status);
}

/**
 * Whether a learner may still step out of a session themselves: a seat only before the start;
 * a waitlist place any time, as late registration keeps people joining the line after the start.
 */
export function mayWithdraw(session: Pick<SessionRow, 'starts_at' | 'status'>, status: EnrolmentStatus, now: Date): boolean {
  return adminMayWithdraw(session, status) && (status === 'waitlisted' || now < session.starts_at);
}

export const ENROLMENT_LABELS: Record<EnrolmentStatus, string> = {
  enrolled: 'Enrolled',
  waitlisted: 'On the waitlist',
  withdrawn: 'Withdrawn',
  cancelled: 'Session cancelled',
};

/** A place in words: one an admin moved elsewhere says so rather than "Withdrawn". */
export function placeLabel(status: EnrolmentStatus, movedToSessionId: number | null | undefined): string {
  return movedToSessionId && !isRegistered(status) ? 'Moved to another session' : ENROLMENT_LABELS[status];
}
