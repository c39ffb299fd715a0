import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { ENROLMENT_LABELS, adminMayMove, adminMayWithdraw, isRegistered, placeLabel } from './enrolment.policy';
import type { ManagedSessionRow, SeatCounts } from './enrolment.repository';
import { formatMoney, toDecimalString } from './money';
import { seatPaymentLabel } from './payments';
import { describeSession, formatDay, formatInstant, sessionChoice } from './session-view';
import type { loadOffers } from './session-offers.service';
import { formatSessionRange, lastLocalDay, sessionDates } from './session-dates';
import { sessionRevOf, type EditedColumn } from './session-rev';
import type { EnrolmentEventRow, InstructorRow, RosterRow, SessionWithCourse } from './sessions.repository';
import type { AdminWithdrawal } from './withdraw-by-admin.service';
import type { LearnersAdded } from './add-by-hand.service';
import { countOf, inWords } from '../lib/wording';

const local = (d: Date, zone: string, format: string) => DateTime.fromJSDate(d, { zone }).toFormat(format);

/** A fresh key for a form that schedules a session: sent twice, it schedules it once. */
const newFormKey = () => randomBytes(16).toString('base64url');

/** The session form's fields as strings, from a stored session (or the defaults for a new one). */
export function sessionFormValues(session?: ManagedSessionRow, course?: { id: number; price_minor: number; currency: string }): Record<string, string> {
  if (!session) {
    return {
      formKey: newFormKey(),
      courseId: course ? String(course.id) : '',
      timeZone: 'Europe/London',
      capacity: '20',
      minEnrolment: '6',
      price: course ? toDecimalString(course.price_minor, course.currency) : '',
      currency: course?.currency ?? 'USD',
    };
  }
  const zone = session.time_zone;
  const startDate = local(session.starts_at, zone, 'yyyy-MM-dd');
  // Dates still at their defaults stay empty, so moving the first day moves them along with it.
  const defaults = sessionDates(startDate, zone, 1);
  const unlessDefault = (d: Date, fallback: Date, format: string) => (d.getTime() === fallback.getTime() ? '' : local(d, zone, format));
  return {
    courseId: String(session.course_id),
    startDate,
    timeZone: zone,
    capacity: String(session.capacity),
    minEnrolment: String(session.min_enrolment),
    price: toDecimalString(session.price_minor, session.currency),
    currency: session.currency,
    goNoGoDate: unlessDefault(session.go_no_go_at, defaults.goNoGoAt, 'yyyy-MM-dd'),
    registrationOpensAt: local(session.registration_opens_at, zone, "yyyy-MM-dd'T'HH:mm"),
    registrationClosesAt: unlessDefault(session.registration_closes_at, defaults.registrationClosesAt, "yyyy-MM-dd'T'HH:mm"),
    rev: sessionRevOf(session),
  };
}

const EDITED_LABELS: Record<Exclude<EditedColumn, 'currency'>, string> = {
  starts_at: 'First day',
  time_zone: 'Time zone',
  capacity: 'Capacity',
  min_enrolment: 'Minimum enrolment',
  price_minor: 'Price',
  go_no_go_at: 'Go/no-go date',
  registration_opens_at: 'Registration opens',
  registration_closes_at: 'Registration closes',
};

/** What saving the form now would change of the session someone else saved meanwhile, as it reads now. */
export function presentSavedMeanwhile(current: ManagedSessionRow, differing: EditedColumn[]): { label: string; now: string }[] {
  const zone = current.time_zone;
  const shown: Record<keyof typeof EDITED_LABELS, () => string> = {
    starts_at: () => formatDay(current.starts_at, zone),
    time_zone: () => zone,
    capacity: () => String(current.capacity),
    min_enrolment: () => String(current.min_enrolment),
    price_minor: () => formatMoney(current.price_minor, current.currency),
    go_no_go_at: () => local(current.go_no_go_at, zone, 'd LLL yyyy'),
    registration_opens_at: () => formatInstant(current.registration_opens_at, zone).replace(/^on /, ''),
    registration_closes_at: () => formatInstant(current.registration_closes_at, zone, { deadline: true }).replace(/^on /, ''),
  };
  const columns = new Set(differing.map((c) => (c === 'currency' ? 'price_minor' : c)));
  return [...columns].map((c) => ({ label: EDITED_LABELS[c], now: shown[c]() }));
}

/**
 * The form for a session like this one: its course, zone, seats and price, and a first day on
 * its weekday after its last week, moved on by whole weeks until it is still to come.
 */
export function sessionFormValuesLike(source: ManagedSessionRow, now: Date): Record<string, string> {
  const zone = source.time_zone;
  const tomorrow = DateTime.fromJSDate(now, { zone }).startOf('day').plus({ days: 1 });
  let start = lastLocalDay(source.ends_at, zone).startOf('day').plus({ days: 1 });
  if (start < tomorrow) start = start.plus({ weeks: Math.ceil(tomorrow.diff(start, 'weeks').weeks) });
  return {
    ...sessionFormValues(source),
    startDate: start.toISODate()!,
    rev: '',
    formKey: newFormKey(),
    goNoGoDate: '',
    registrationOpensAt: '',
    registrationClosesAt: '',
    from: String(source.id),
    copyInstructors: 'yes',
  };
}

/** "8 of 12 (67%)": of the learners enrolled, how many hold the certificate, once the session has started. */
export function sessionCompletion(session: SessionWithCourse, seats: SeatCounts, completions: Map<number, number>, now: Date): { text: string; counted: boolean } {
  if (session.status === 'cancelled') return { text: 'Cancelled', counted: false };
  if (now < session.starts_at) return { text: 'Not started', counted: false };
  const { enrolled } = seats;
  const completed = completions.get(session.id) ?? 0;
  return { text: enrolled ? `${completed} of ${enrolled} (${Math.round((100 * completed) / enrolled)}%)` : `${completed} of 0`, counted: true };
}

export function presentSessionRow(session: SessionWithCourse, seats: SeatCounts, now: Date) {
  return {
    ...describeSession(session, seats, now),
    courseTitle: session.course_title,
    courseSlug: session.course_slug,
    confirmed: Boolean(session.confirmed_at),
    // Whether it runs is decided before the start; after it, there is nothing left to decide.
    started: now >= session.starts_at,
    flagged: Boolean(session.go_no_go_flagged_at) && !session.confirmed_at && session.status !== 'cancelled' && now < session.starts_at,
    minimumText: countOf(session.min_enrolment, 'learner', 'learners'),
    goNoGo: DateTime.fromJSDate(session.go_no_go_at, { zone: session.time_zone }).toFormat('d LLL yyyy'),
  };
}

export function presentSessionPage(
  session: SessionWithCourse,
  seats: SeatCounts,
  roster: RosterRow[],
  events: EnrolmentEventRow[],
  instructors: InstructorRow[],
  possibleInstructors: { id: number; name: string; email: string }[],
  now: Date,
) {
  const assigned = new Set(instructors.map((i) => i.user_id));
  const when = (d: Date) => local(d, session.time_zone, 'd LLL yyyy, HH:mm');
  return {
    session: {
      ...presentSessionRow(session, seats, now),
      cancellationMessage: session.cancellation_message,
      cancelledAt: session.cancelled_at ? when(session.cancelled_at) : undefined,
    },
    roster: roster.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      deactivated: !r.active,
      status: r.status,
      statusLabel: placeLabel(r.status, r.moved_to_session_id),
      movedTo: isRegistered(r.status) ? null : r.moved_to_session_id,
      payment: r.payment_status,
      paymentLabel: seatPaymentLabel(r.status, r.payment_status),
      // The fee quoted when the seat was taken, which is what to invoice (see migration 1000).
      fee: r.fee_minor !== null && r.fee_currency ? formatMoney(r.fee_minor, r.fee_currency) : undefined,
      // A place that ended (withdrawn, moved, cancelled) says since when it ended, not when it began.
      since: when(isRegistered(r.status) ? (r.enrolled_at ?? r.created_at) : (r.status_since ?? r.enrolled_at ?? r.created_at)),
      canWithdraw: adminMayWithdraw(session, r.status),
      canMove: adminMayMove(session, r),
      // Once the place has ended (withdrawn or cancelled), the only payment left to record is a refund.
      paymentEditable: isRegistered(r.status),
      refundable: !isRegistered(r.status) && (r.payment_status === 'paid' || r.payment_status === 'refund_due'),
    })),
    history: events.map((e) => ({
      when: when(e.created_at),
      learner: e.learner_name,
      actor: e.actor_name ?? 'The platform',
      from: e.from_status ? `${ENROLMENT_LABELS[e.from_status]} · ${seatPaymentLabel(e.from_status, e.from_payment ?? 'unpaid')}` : 'New registration',
      to: `${ENROLMENT_LABELS[e.to_status]} · ${seatPaymentLabel(e.to_status, e.to_payment)}`,
      note: e.note ?? '',
    })),
    instructors: instructors.map((i) => ({ id: i.user_id, name: i.name, email: i.email })),
    candidates: possibleInstructors.filter((p) => !assigned.has(p.id)),
  };
}

/** What withdrawing one learner will do, in the words of the confirmation page. */
export function presentWithdrawal(session: SessionWithCourse, entry: RosterRow, now: Date) {
  const started = now >= session.starts_at;
  const consequences = [
    'They lose access to the session’s weeks, discussions and feedback. Everything they wrote is kept, and their posts stay in the discussions.',
    'They are emailed, with your note if you write one.',
  ];
  if (entry.status === 'enrolled') {
    consequences.push(
      now < session.registration_closes_at
        ? 'Their seat goes to the first learner on the waitlist, if there is one, who is emailed too.'
        : 'Registration has closed, so nobody on the waitlist takes the seat.',
    );
  }
  if (entry.payment_status === 'paid') {
    consequences.push(started ? 'The session has started, so their payment is left as it is: record a refund on the roster if you give one.' : 'They have paid, so their payment becomes “refund due”.');
  }
  return {
    sessionId: session.id,
    enrolmentId: entry.id,
    courseTitle: session.course_title,
    sessionTitle: session.title,
    learner: { name: entry.name, email: entry.email, statusLabel: ENROLMENT_LABELS[entry.status], paymentLabel: seatPaymentLabel(entry.status, entry.payment_status) },
    active: adminMayWithdraw(session, entry.status),
    consequences,
  };
}

/** The admin's confirmation once a learner is withdrawn. */
export function withdrawalDone(done: AdminWithdrawal): string {
  const parts = [`${done.name} is withdrawn and has been emailed.`];
  if (done.refundDue) parts.push('A refund is now due.');
  if (done.promoted === 1) parts.push('One learner moved up from the waitlist and has been emailed.');
  if (done.promoted > 1) parts.push(`${done.promoted} learners moved up from the waitlist and have been emailed.`);
  return parts.join(' ');
}

/** The admin's confirmation once learners are added by hand. */
export function learnersAddedMessage(added: LearnersAdded): string {
  const made =
    added.accountsMade === 0 ? '' : added.names.length === 1 ? ' An account was made for them, with a link to choose a password.' : ` ${countOf(added.accountsMade, 'account was', 'accounts were')} made, each with a link to choose a password.`;
  const elsewhere = added.seatedElsewhere.length
    ? ` ${inWords(added.seatedElsewhere)} also ${added.seatedElsewhere.length === 1 ? 'holds a seat' : 'hold seats'} in another session of this course; if this place replaces that one, withdraw them there, or next time use “Move” on that session’s roster.`
    : '';
  if (added.names.length === 1) return `${added.names[0]} is enrolled${added.overCapacity ? ' (over capacity)' : ''} and has been emailed.${made}${elsewhere}`;
  const over = added.overCapacity ? ` (${added.overCapacity} of them over capacity)` : '';
  return `${added.names.length} learners are enrolled${over} and have been emailed: ${added.names.join(', ')}.${made}${elsewhere}`;
}

/** The offer form of a cancelled session's page: the sessions to offer, and the offers already sent. */
export function presentOffers(loaded: Awaited<ReturnType<typeof loadOffers>>, from: ManagedSessionRow, now: Date) {
  const offered = new Set(loaded.offers.map((o) => o.to_session_id));
  return {
    // Only a session not offered yet, with somebody left to tell, is a choice.
    targets: loaded.targets.filter((t) => !offered.has(t.id) && (loaded.reach.get(t.id) ?? 0) > 0).map((t) => {
      const choice = sessionChoice(t, loaded.seats.get(t.id), now);
      return { ...choice, details: `${choice.details} · would reach ${countOf(loaded.reach.get(t.id)!, 'learner', 'learners')}` };
    }),
    // Sessions taking registrations that are no choice here: told already, or nobody left to tell.
    open: loaded.targets.length,
    sent: loaded.offers.map((o) => ({
      sessionId: o.to_session_id,
      dates: formatSessionRange(o.starts_at, o.ends_at, o.time_zone),
      when: local(o.sent_at, from.time_zone, 'd LLL yyyy, HH:mm'),
      to: countOf(o.recipients, 'learner', 'learners'),
      by: o.sent_by_name ?? 'a former admin',
    })),
  };
}
