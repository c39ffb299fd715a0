import { DateTime } from 'luxon';
import { toCsv, type CsvCell } from '../lib/csv';
import { placeLabel } from './enrolment.policy';
import { toDecimalString } from './money';
import { PAYMENT_LABELS, seatPaymentLabel } from './payments';
import type { DeletedAccountRefund } from './deleted-account-refunds.repository';
import type { RosterRow, SessionWithCourse } from './sessions.repository';

/**
 * Everyone who registered for the session, one line each, for the provider's books: the place, the
 * fee quoted for it and where its payment stands, in the roster's order. Dates are the session's
 * own days (its time zone), written year first so a spreadsheet sorts them. After the places, the
 * refunds still owed to learners who deleted their accounts, whose places went with them.
 */
export function rosterCsv(session: SessionWithCourse, roster: RosterRow[], refunds: DeletedAccountRefund[] = []): string {
  const day = (d: Date) => DateTime.fromJSDate(d, { zone: session.time_zone }).toFormat('yyyy-MM-dd');
  const lines: CsvCell[][] = [
    ['Learner name', 'Email', 'Course', 'Session start', 'Place', 'Waitlist position', 'Registered on', 'Fee', 'Currency', 'Payment'],
  ];
  for (const r of roster) {
    lines.push([
      r.name,
      r.email,
      session.course_title,
      day(session.starts_at),
      placeLabel(r.status, r.moved_to_session_id),
      r.status === 'waitlisted' ? r.waitlist_position : '',
      day(r.enrolled_at ?? r.created_at),
      r.fee_minor !== null && r.fee_currency ? toDecimalString(r.fee_minor, r.fee_currency) : '',
      r.fee_minor !== null && r.fee_currency ? r.fee_currency : '',
      seatPaymentLabel(r.status, r.payment_status),
    ]);
  }
  for (const r of refunds) {
    lines.push([
      r.name,
      r.email,
      session.course_title,
      day(session.starts_at),
      'Account deleted',
      '',
      r.seat_taken_at ? day(r.seat_taken_at) : '',
      r.fee_minor !== null && r.fee_currency ? toDecimalString(r.fee_minor, r.fee_currency) : '',
      r.fee_minor !== null && r.fee_currency ? r.fee_currency : '',
      PAYMENT_LABELS.refund_due,
    ]);
  }
  return toCsv(lines);
}
