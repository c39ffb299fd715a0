import { DateTime } from 'luxon';
import type { CurrentUser } from '../auth';
import type { Db } from '../db';
import { holdUntilCommit } from '../db/locks';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { refuseIfCancelled } from './cancellation';
import { cancelledEmail, cancelledForInstructorEmail, datesChangedEmail } from './enrolment.emails';
import {
  countSeats,
  findUserContacts,
  insertEnrolmentEvents,
  listActiveEnrolments,
  lockSession,
  updateEnrolment,
  type EnrolmentRow,
  type ManagedSessionRow,
} from './enrolment.repository';
import { announcePromotions, fillSeatsFromWaitlist, sendAll, type EnrolmentDeps } from './enrolment.service';
import { manualInvoicing } from './payments';
import type { SessionInput } from './sessions-admin.schemas';
import {
  deleteInstructor,
  findActiveUserById,
  findCourseForSession,
  findSessionByFormKey,
  findSessionForEmail,
  findSessionWithCourse,
  holdsPlaceIn,
  insertInstructor,
  insertInstructors,
  insertSession,
  listActiveInstructorsOf,
  listInstructorsOf,
  listCompletionExtensions,
  forgetCompletionReminder,
  setCompletionExtendedTo,
  updateSessionRow,
} from './sessions.repository';
import { formatSessionRange, sessionDates } from './session-dates';
import { formatDay, formatInstant } from './session-view';
import { undoneColumns, type EditedColumn } from './session-rev';
import { countOf, plural } from '../lib/wording';
import { formatInZone, lastOpenDay } from '../lib/dates';

/**
 * Where to say registration would close before it opens. A typed close is at fault; otherwise the
 * close is the end of week one, so the first day is what must move.
 */
function registrationClash(input: SessionInput, closes: Date, now: Date): Record<string, string> {
  if (input.registrationClosesAt) {
    return { registrationClosesAt: 'Registration must close after it opens. Change one of the two, or leave them empty for the defaults.' };
  }
  if (closes <= now) {
    return {
      startDate: 'That first day is more than a week ago. Registration closes at the end of the first week, so it would already be closed. Please choose a later first day.',
    };
  }
  return { startDate: 'Registration closes at the end of the first week, which with this first day is before registration opens. Please choose a later first day, or an earlier opening.' };
}

/**
 * Turns the form into stored columns. Left empty: go/no-go is 7 days before the start,
 * registration closes at the end of week one in the session's zone, and opens now (or stays
 * as it was). Registration must open before it closes.
 */
function sessionColumns(input: SessionInput, course: { weeks: number; graceDays: number }, opensFallback: Date, now: Date) {
  const dates = sessionDates(input.startDate, input.timeZone, course.weeks, course.graceDays);
  const opens = input.registrationOpensAt ?? opensFallback;
  const closes = input.registrationClosesAt ?? dates.registrationClosesAt;
  if (closes <= opens) throw new ValidationError('Registration must open before it closes.', registrationClash(input, closes, now));
  // A mistyped year would otherwise take registrations (and fees) for a session long over.
  if (closes > dates.endsAt) {
    throw new ValidationError('Registration closes after the end.', {
      registrationClosesAt: `Registration must close by the time the session ends: ${formatInstant(dates.endsAt, input.timeZone, { deadline: true })}. Leave it empty to close at the end of the first week.`,
    });
  }
  return {
    title: formatSessionRange(dates.startsAt, dates.endsAt, input.timeZone),
    start_date: input.startDate,
    time_zone: input.timeZone,
    starts_at: dates.startsAt,
    ends_at: dates.endsAt,
    registration_opens_at: opens,
    registration_closes_at: closes,
    go_no_go_at: input.goNoGoAt ?? dates.goNoGoAt,
    completion_deadline_at: dates.completionDeadlineAt,
    capacity: input.capacity,
    min_enrolment: input.minEnrolment,
    price_minor: input.priceMinor,
    currency: input.currency,
  };
}

type SessionColumns = ReturnType<typeof sessionColumns>;

/**
 * The completion deadline moves only with the session's end, to its end plus the course's grace
 * days now (never earlier than now, so completion closes when saved rather than in the past).
 * Saved with the same dates, a session keeps its deadline: a change of grace days moved those still
 * open already, and those closed keep theirs. A session whose completion has closed keeps its
 * dates: a new first day would reopen completion for everyone after the fact, so it is refused
 * (more time for the learners who need it is the way), and weeks added to the course since leave
 * its end as it was.
 */
function withCompletionDeadline(session: ManagedSessionRow, input: SessionInput, columns: SessionColumns, now: Date): SessionColumns {
  const kept = { title: session.title, ends_at: session.ends_at, completion_deadline_at: session.completion_deadline_at };
  if (columns.ends_at.getTime() === session.ends_at.getTime()) return { ...columns, completion_deadline_at: session.completion_deadline_at };
  if (session.completion_deadline_at > now) return { ...columns, completion_deadline_at: columns.completion_deadline_at < now ? now : columns.completion_deadline_at };
  if (columns.starts_at.getTime() === session.starts_at.getTime()) return { ...columns, ...kept };
  const closed = `Completion for this session closed at the end of ${lastOpenDay(session.completion_deadline_at, session.time_zone)}`;
  const fix = 'that would reopen completion for everyone after the fact. To let a learner finish, give them more time from the session’s progress page.';
  const sameFirstDay = input.startDate === formatInZone(session.starts_at, session.time_zone, 'yyyy-MM-dd');
  throw new ValidationError(
    'Completion has closed.',
    sameFirstDay ? { timeZone: `${closed}, so its time zone can no longer change: ${fix}` } : { startDate: `${closed}, so its first day can no longer move: ${fix}` },
  );
}

/**
 * More time is given until the end of a day in the session's zone, stored as the midnight that
 * ends it: in a new zone, it ends at that day's midnight there, as the learner was told.
 */
async function moveExtensionsToZone(db: Db, sessionId: number, from: string, to: string): Promise<void> {
  for (const e of await listCompletionExtensions(db, sessionId)) {
    await setCompletionExtendedTo(db, e.id, DateTime.fromJSDate(e.completion_extended_to, { zone: from }).setZone(to, { keepLocalTime: true }).toJSDate());
  }
}

async function courseOrRefuse(deps: Pick<EnrolmentDeps, 'db'>, courseId: number | undefined) {
  const course = courseId ? await findCourseForSession(deps.db, courseId) : undefined;
  if (!course) throw new ValidationError('Choose a course.', { courseId: 'Please choose a course.' });
  if (course.weeks < 1) throw new ValidationError('No weeks.', { courseId: 'This course has no weekly modules yet, so a session cannot be scheduled.' });
  return course;
}

/**
 * Schedules a new session of a course; the dates follow from its start in its own time zone.
 * Scheduled like another session, it can take that one's instructors who still teach. The form
 * sent twice schedules it once.
 */
export async function createSession(deps: Pick<EnrolmentDeps, 'db'>, input: SessionInput, now = new Date()): Promise<{ id: number; instructors: string[]; repeated?: boolean }> {
  const course = await courseOrRefuse(deps, input.courseId);
  const columns = sessionColumns(input, course, now, now);
  return deps.db.transaction(async (trx) => {
    await holdUntilCommit(trx, 'schedulingOfCourse', course.id);
    // The same form sent twice (a double click, a page sent again): the session it made is the answer.
    const made = input.formKey ? await findSessionByFormKey(trx, input.formKey) : undefined;
    if (made) return { id: made, instructors: [], repeated: true };
    const id = await insertSession(trx, { course_id: course.id, ...columns, form_key: input.formKey ?? null });
    const instructors = input.instructorsFrom ? await listActiveInstructorsOf(trx, input.instructorsFrom) : [];
    await insertInstructors(trx, id, instructors.map((i) => i.id));
    return { id, instructors: instructors.map((i) => i.name) };
  });
}

/** Someone saved the session after this form was opened; `differing` is what of theirs saving now would undo. */
export class SessionChangedMeanwhile extends ConflictError {
  constructor(
    public readonly current: ManagedSessionRow,
    public readonly differing: EditedColumn[],
  ) {
    super('This session was saved again after you opened this form (by another admin, or in another window), so your changes were not saved.');
  }
}

/**
 * Changes a session. Capacity cannot drop below the learners already enrolled; extra seats go to
 * the waitlist in order at once. Moving the go/no-go date or minimum re-arms the go/no-go check.
 * A form opened before someone else saved the session is refused, never written over theirs.
 * A new first day is emailed to its learners and instructors.
 */
export async function updateSession(deps: EnrolmentDeps, sessionId: number, input: SessionInput, actor: CurrentUser, now = new Date()): Promise<{ feesKept: number; toldOfNewDates?: NewDatesTold }> {
  const { promoted, feesKept, before, startsAt } = await deps.db.transaction(async (trx) => {
    const session = await lockSession(trx, sessionId);
    if (!session) throw new NotFoundError();
    if (session.status === 'cancelled') throw new ConflictError('This session is cancelled, so it can no longer be changed.');
    const course = await courseOrRefuse({ db: trx }, session.course_id);
    const columns = withCompletionDeadline(session, input, sessionColumns(input, course, session.registration_opens_at, now), now);
    // Saved meanwhile by someone else: refused only where this form would undo what they saved.
    const differing = input.rev ? undoneColumns(input.rev, session, columns) : [];
    if (differing.length) throw new SessionChangedMeanwhile(session, differing);
    const seats = await countSeats(trx, sessionId);
    if (columns.capacity < seats.enrolled) {
      throw new ValidationError('Capacity too low.', {
        capacity: `${countOf(seats.enrolled, 'learner', 'learners')} ${plural(seats.enrolled, 'is', 'are')} already enrolled, so the capacity cannot be lower than ${seats.enrolled}.`,
      });
    }
    const rearm = columns.go_no_go_at.getTime() !== session.go_no_go_at.getTime() || columns.min_enrolment !== session.min_enrolment;
    await updateSessionRow(trx, sessionId, { ...columns, ...(rearm ? { go_no_go_flagged_at: null } : {}) });
    if (columns.completion_deadline_at.getTime() !== session.completion_deadline_at.getTime()) await forgetCompletionReminder(trx, sessionId);
    if (columns.time_zone !== session.time_zone) await moveExtensionsToZone(trx, sessionId, session.time_zone, columns.time_zone);
    // Seats already taken keep the fee they were quoted; a new price is for new seats.
    const priceChanged = columns.price_minor !== session.price_minor || columns.currency !== session.currency;
    return {
      promoted: await fillSeatsFromWaitlist(trx, { ...session, ...columns }, actor.id, now, deps.payments ?? manualInvoicing),
      feesKept: priceChanged ? seats.enrolled : 0,
      before: session,
      startsAt: columns.starts_at,
    };
  });
  await announcePromotions(deps, sessionId, promoted);
  const moved = startsAt.getTime() !== before.starts_at.getTime();
  return { feesKept, toldOfNewDates: moved ? await announceNewDates(deps, before, promoted, now) : undefined };
}

/**
 * Tells a session's learners and instructors that its first day moved; those just given a seat
 * from the waitlist were told the new dates already. Returns how many learners were emailed.
 */
async function announceNewDates(deps: EnrolmentDeps, before: ManagedSessionRow, promoted: EnrolmentRow[], now: Date): Promise<NewDatesTold> {
  const after = await findSessionForEmail(deps.db, before.id);
  const was = { ...after, starts_at: before.starts_at, ends_at: before.ends_at, time_zone: before.time_zone };
  const toldAlready = new Set(promoted.map((p) => p.id));
  const candidates = (await listActiveEnrolments(deps.db, before.id)).filter((p) => !toldAlready.has(p.id));
  // A deactivated account keeps its place but gets no session emails.
  const [contacts, instructors] = await Promise.all([findUserContacts(deps.db, candidates.map((p) => p.user_id), { activeOnly: true }), listInstructorsOf(deps.db, [before.id])]);
  const places = candidates.filter((p) => contacts.has(p.user_id));
  await sendAll(deps.mailer, [
    ...places.map((p) => datesChangedEmail(contacts.get(p.user_id)!, was, after, p.status === 'waitlisted' ? 'waitlisted' : 'enrolled', deps.baseUrl, now)),
    ...instructors.map((i) => datesChangedEmail(i, was, after, 'instructor', deps.baseUrl, now)),
  ]);
  return { learners: places.length, instructors: instructors.length };
}

export interface NewDatesTold {
  learners: number;
  instructors: number;
}

/** Why a session may no longer be cancelled for low enrolment, or undefined while it may. */
export function cancellationRefusal(session: Pick<ManagedSessionRow, 'status' | 'confirmed_at' | 'starts_at' | 'time_zone'>, now = new Date()): string | undefined {
  if (session.status === 'cancelled') return 'This session is already cancelled.';
  if (session.confirmed_at) {
    return `This session was confirmed to run on ${formatDay(session.confirmed_at, session.time_zone)}, so it can no longer be cancelled for low enrolment. Nothing was changed.`;
  }
  if (now >= session.starts_at) {
    return `This session started on ${formatDay(session.starts_at, session.time_zone)}, so it can no longer be cancelled for low enrolment. Nothing was changed. To take someone out, withdraw them from the roster.`;
  }
  return undefined;
}

/**
 * Cancels a session for low enrolment, a decision made before it starts: once it has started it is
 * refused. Every enrolled and waitlisted learner's enrolment becomes cancelled (the rows stay),
 * paid seats become refund due, and each learner whose account is active is emailed the message.
 */
export async function cancelSessionForLowEnrolment(
  deps: EnrolmentDeps,
  input: { sessionId: number; message: string; actor: CurrentUser; now?: Date },
): Promise<{ notified: number }> {
  const now = input.now ?? new Date();
  const payments = deps.payments ?? manualInvoicing;
  const affected = await deps.db.transaction(async (trx) => {
    const session = await lockSession(trx, input.sessionId);
    if (!session) throw new NotFoundError();
    const refusal = cancellationRefusal(session, now);
    if (refusal) throw new ConflictError(refusal);
    await updateSessionRow(trx, session.id, { status: 'cancelled', cancelled_at: now, cancellation_message: input.message });
    const rows: { before: EnrolmentRow; after: EnrolmentRow }[] = [];
    for (const before of await listActiveEnrolments(trx, session.id)) {
      const after = await updateEnrolment(trx, before.id, {
        status: 'cancelled',
        waitlist_position: null,
        payment_status: payments.statusWhenSeatEnds(before.payment_status),
      });
      rows.push({ before, after });
    }
    await insertEnrolmentEvents(trx, rows.map(({ before, after }) => ({ enrolmentId: after.id, actorId: input.actor.id, from: before, to: after, note: 'Session cancelled for low enrolment' })));
    return rows;
  });
  deps.realtime?.endSockets(affected.map((r) => r.after.user_id));
  const session = await findSessionForEmail(deps.db, input.sessionId);
  // A deactivated account's place is cancelled too, but session emails to it have stopped.
  const contacts = await findUserContacts(deps.db, affected.map((r) => r.after.user_id), { activeOnly: true });
  const told = affected.filter(({ after }) => contacts.has(after.user_id));
  const instructors = await listInstructorsOf(deps.db, [input.sessionId]);
  await sendAll(deps.mailer, [
    ...told.map(({ after }) => cancelledEmail(contacts.get(after.user_id)!, session, input.message, after.payment_status === 'refund_due', deps.baseUrl)),
    ...instructors.map((i) => cancelledForInstructorEmail(i, session, input.message, affected.length, deps.baseUrl)),
  ]);
  return { notified: told.length };
}

/** Records that a session runs although it is below its minimum; it leaves the go/no-go list. */
export async function confirmSessionRuns(deps: Pick<EnrolmentDeps, 'db'>, input: { sessionId: number; now?: Date }): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const session = await lockSession(trx, input.sessionId);
    if (!session) throw new NotFoundError();
    if (session.status === 'cancelled') throw new ConflictError('This session is cancelled, so it cannot be confirmed.');
    if (!session.confirmed_at) await updateSessionRow(trx, session.id, { confirmed_at: input.now ?? new Date() });
  });
}

async function refuseIfSessionCancelled(db: EnrolmentDeps['db'], sessionId: number, what: string): Promise<void> {
  const session = await findSessionWithCourse(db, sessionId);
  if (session) refuseIfCancelled(session, what);
}

/** Assigns someone who teaches (an active instructor or admin, not one of its learners) to a session; assigning twice is harmless. */
export async function assignInstructorToSession(deps: Pick<EnrolmentDeps, 'db'>, input: { sessionId: number; userId: number }): Promise<string> {
  await refuseIfSessionCancelled(deps.db, input.sessionId, 'its instructors can no longer be changed');
  const user = await findActiveUserById(deps.db, input.userId);
  if (!user || user.role === 'learner') throw new ValidationError('Not an instructor.', { userId: 'Please choose an active instructor.' });
  // An instructor reads the learners' work: one of those learners cannot be one.
  if (await holdsPlaceIn(deps.db, input.sessionId, user.id)) throw new ValidationError('A learner here.', { userId: `${user.name} is a learner in this session, so cannot also teach it. Withdraw them from the roster first.` });
  await insertInstructor(deps.db, input.sessionId, user.id);
  return user.name;
}

export async function unassignInstructorFromSession(deps: Pick<EnrolmentDeps, 'db' | 'realtime'>, input: { sessionId: number; userId: number }): Promise<void> {
  await refuseIfSessionCancelled(deps.db, input.sessionId, 'its instructors can no longer be changed');
  if (!(await deleteInstructor(deps.db, input.sessionId, input.userId))) throw new NotFoundError();
  deps.realtime?.endSockets([input.userId]);
}

export type { ManagedSessionRow };
