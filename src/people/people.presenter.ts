import { formatInZone } from '../lib/dates';
import { formatSessionRange, placeLabel, seatPaymentLabel, type LearnerEnrolmentRow } from '../enrolment';
import type { PersonRow } from './people.repository';

// An account belongs to no session, so there is no session zone to read its dates in.
const ACCOUNT_ZONE = 'UTC';

/** A person as their admin page shows them: dates in words, like every other page. */
export function presentPerson(person: PersonRow) {
  return { ...person, joinedOn: formatInZone(person.created_at, ACCOUNT_ZONE, 'd LLLL yyyy') };
}

export function presentPersonEnrolments(rows: LearnerEnrolmentRow[]) {
  return rows.map((e) => ({
    sessionId: e.course_session_id,
    courseTitle: e.course_title,
    dates: formatSessionRange(e.starts_at, e.ends_at, e.time_zone),
    status: placeLabel(e.status, e.moved_to_session_id),
    payment: seatPaymentLabel(e.status, e.payment_status),
  }));
}
