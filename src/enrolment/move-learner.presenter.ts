import { ENROLMENT_LABELS, adminMayMove } from './enrolment.policy';
import type { ManagedSessionRow, SeatCounts } from './enrolment.repository';
import type { LearnerMove } from './move-learner.service';
import { seatPaymentLabel } from './payments';
import { sessionChoice } from './session-view';
import type { RosterRow, SessionWithCourse } from './sessions.repository';

/** The sessions a learner could move to, and what moving does, in the words of the move page. */
export function presentMove(session: SessionWithCourse, entry: RosterRow, targets: ManagedSessionRow[], seats: Map<number, SeatCounts>, now: Date) {
  const consequences = [
    'They get a seat in the session you choose, whatever its registration dates say.',
    'Everything they did comes with them: readings marked done, reflections and their feedback, the toolkit, check-ins and the evaluation. Their posts stay in this session’s discussion.',
    'Their payment goes with them: what they paid pays for the new seat, and an invoice still to come keeps its fee.',
    'They are emailed the new dates, with your note if you write one.',
  ];
  if (entry.status === 'enrolled' && session.status !== 'cancelled') {
    consequences.push(
      now < session.registration_closes_at
        ? 'Their seat here goes to the first learner on the waitlist, if there is one, who is emailed too.'
        : 'Registration here has closed, so nobody on the waitlist takes their seat.',
    );
  }
  return {
    sessionId: session.id,
    enrolmentId: entry.id,
    courseTitle: session.course_title,
    sessionTitle: session.title,
    learner: { name: entry.name, email: entry.email, statusLabel: ENROLMENT_LABELS[entry.status], paymentLabel: seatPaymentLabel(entry.status, entry.payment_status) },
    active: adminMayMove(session, entry),
    targets: targets.map((t) => sessionChoice(t, seats.get(t.id), now)),
    consequences,
  };
}

/** The admin's confirmation once a learner is moved. */
export function moveDone(done: LearnerMove): string {
  const parts = [`${done.name} has moved to the other session${done.overCapacity ? ', over capacity,' : ''} and has been emailed.`];
  if (done.promoted === 1) parts.push('One learner moved up from the waitlist here and has been emailed.');
  if (done.promoted > 1) parts.push(`${done.promoted} learners moved up from the waitlist here and have been emailed.`);
  return parts.join(' ');
}
