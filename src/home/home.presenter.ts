import type { WhatsLeftView } from '../completion';
import type { ModerationCounts } from '../discussions';
import { formatInZone } from '../lib/dates';
import { waitingOf } from './waiting';
import {
  ENROLMENT_LABELS,
  placeLabel,
  describeSession,
  endedUnpaid,
  formatMoney,
  formatSessionRange,
  learnerDeadline,
  mayWithdraw,
  seatPaymentLabel,
  sessionCompletion,
  type LearnerEnrolmentRow,
  type RosterRow,
  type SeatCounts,
  type SessionWithCourse,
} from '../enrolment';

/**
 * The learner's enrolments as the dashboard shows them. `certified` holds the enrolments with a
 * valid certificate: those read as completed, whether every step was taken or the course team
 * marked the learner complete. `revoked` holds those whose certificate was revoked, with the day
 * in words, so the card says so as What's left does.
 */
export function presentEnrolments(rows: LearnerEnrolmentRow[], now: Date, certified: ReadonlySet<number> = new Set(), revoked: ReadonlyMap<number, string> = new Map()) {
  // A place moved elsewhere names where: the learner's place there is among their rows.
  const datesOf = new Map(rows.map((r) => [r.course_session_id, formatSessionRange(r.starts_at, r.ends_at, r.time_zone)]));
  const movedTo = (r: LearnerEnrolmentRow) => {
    const held = r.status === 'enrolled' || r.status === 'waitlisted';
    return !held && r.moved_to_session_id && datesOf.has(r.moved_to_session_id) ? `: ${datesOf.get(r.moved_to_session_id)}` : '';
  };
  return rows.map((r) => {
    // The certificate download answers only to a learner who still holds the seat.
    const completed = r.status === 'enrolled' && certified.has(r.id);
    return {
      revokedOn: r.status === 'enrolled' && !completed ? revoked.get(r.id) : undefined,
      sessionId: r.course_session_id,
      courseTitle: r.course_title,
      courseSlug: r.course_slug,
      // An unpublished course's page answers 404 to learners, so no link to it.
      coursePublished: r.course_published,
      dates: formatSessionRange(r.starts_at, r.ends_at, r.time_zone),
      startsOn: formatInZone(r.starts_at, r.time_zone, 'cccc d LLLL yyyy'),
      timeZone: r.time_zone,
      status: r.status,
      statusLabel: completed ? 'Completed' : `${placeLabel(r.status, r.moved_to_session_id)}${movedTo(r)}`,
      completed,
      certificateUrl: completed ? `/sessions/${r.course_session_id}/certificate.pdf` : undefined,
      payment: r.status === 'waitlisted' ? 'Nothing to pay while you wait' : seatPaymentLabel(r.status, r.payment_status),
      // The price beside "Nothing to pay" would read like a bill.
      price: endedUnpaid(r.status, r.payment_status) ? undefined : formatMoney(r.price_minor, r.currency),
      waitlistRank: r.waitlist_rank,
      cancellationMessage: r.session_status === 'cancelled' ? r.cancellation_message : null,
      canOpen: r.status === 'enrolled',
      canWithdraw: mayWithdraw({ starts_at: r.starts_at, status: r.session_status }, r.status, now),
    };
  });
}

/** Whether a place's completion is open now: a seat in a session that has started and not closed for this learner. */
export function completionOpen(r: LearnerEnrolmentRow, now: Date): boolean {
  return r.status === 'enrolled' && r.session_status !== 'cancelled' && r.starts_at <= now && now <= learnerDeadline(r.completion_deadline_at, r.completion_extended_to).deadline;
}

/**
 * A session's card on the dashboard shows how far the learner is, and the one step to take next
 * (the first of What's left in a week that is open), so they need not look for it. Once the
 * learner holds their certificate there is nothing to count towards: the card says they completed
 * the course instead (see presentEnrolments). Nor once it is revoked: the card says so instead.
 */
export function progressOnDashboard(w: WhatsLeftView) {
  const total = w.items.length;
  if (!total || w.state === 'complete' || w.state === 'revoked') return undefined;
  const inProgress = w.state === 'in-progress';
  const next = inProgress ? w.currentItems.find((i) => !i.met) : undefined;
  return {
    done: w.done,
    total,
    percent: Math.round((100 * w.done) / total),
    next,
    // Everything open so far is done: when the next step opens ("opens Monday 7 December").
    upcoming: inProgress && !next ? w.laterItems.find((i) => !i.met)?.opensText : undefined,
  };
}

export interface WaitingCounts {
  feedback: Map<number, number>;
  moderation: Map<number, ModerationCounts>;
  /** The sessions the viewer teaches: only there do the reflections waiting lead to the feedback queue. */
  taught: Set<number>;
}

export function presentTeaching(
  sessions: SessionWithCourse[],
  seats: Map<number, SeatCounts>,
  instructorNames: Map<number, string[]>,
  now: Date,
  counts: WaitingCounts = { feedback: new Map(), moderation: new Map(), taught: new Set() },
  completions?: Map<number, number>,
) {
  return sessions.map((s) => {
    const waiting = waitingOf(s.id, counts.feedback.get(s.id) ?? 0, counts.moderation.get(s.id), counts.taught.has(s.id));
    const somethingWaits = waiting.feedback + waiting.reports + waiting.heldPosts > 0;
    const upcoming = now < s.starts_at && s.status !== 'cancelled';
    const enrolled = seats.get(s.id)!.enrolled;
    return {
      ...describeSession(s, seats.get(s.id)!, now),
      courseTitle: s.course_title,
      running: s.starts_at <= now && now < s.ends_at && s.status !== 'cancelled',
      upcoming,
      ended: s.ends_at <= now && s.status !== 'cancelled',
      // An instructor preparing a session wants to know early whether it may not run.
      belowMinimum: upcoming && enrolled < s.min_enrolment ? belowMinimumText(s, now) : undefined,
      instructors: instructorNames.get(s.id) ?? [],
      completion: completions ? sessionCompletion(s, seats.get(s.id)!, completions, now) : undefined,
      waiting,
      // "Nothing is waiting" is news while a session runs and its completion is open; before,
      // after, or once cancelled, it is noise.
      showWaiting: somethingWaits || (s.starts_at <= now && now <= s.completion_deadline_at && s.status !== 'cancelled'),
    };
  });
}

function belowMinimumText(s: SessionWithCourse, now: Date): string {
  const decision = now < s.go_no_go_at
    ? `If it still is on ${formatInZone(s.go_no_go_at, s.time_zone, 'cccc d LLLL')}, an admin decides whether it runs.`
    : 'An admin decides whether it runs.';
  return `Below its minimum of ${s.min_enrolment} learners so far. ${decision}`;
}

export function presentStaffRoster(rows: RosterRow[]) {
  return rows
    .filter((r) => r.status === 'enrolled' || r.status === 'waitlisted')
    .map((r) => ({ name: r.name, email: r.email, status: r.status, statusLabel: ENROLMENT_LABELS[r.status] }));
}
