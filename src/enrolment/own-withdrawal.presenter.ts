import { ENROLMENT_LABELS, isRegistered, mayWithdraw } from './enrolment.policy';
import type { EnrolmentRow } from './enrolment.repository';
import { formatDay } from './session-view';
import type { SessionWithCourse } from './sessions.repository';

function paymentConsequence(enrolment: EnrolmentRow): string | undefined {
  if (enrolment.status === 'waitlisted') return undefined;
  if (enrolment.payment_status === 'paid') return 'You have paid, so we will record a refund as due and be in touch about it.';
  if (enrolment.payment_status === 'unpaid') return 'You have not paid yet, so there will be nothing to pay and no invoice.';
  return undefined;
}

/** What a learner's own withdrawal will do, in plain words, for the page that asks them to confirm it. */
export function presentOwnWithdrawal(session: SessionWithCourse, enrolment: EnrolmentRow, now: Date) {
  const waitlisted = enrolment.status === 'waitlisted';
  const consequences = [
    waitlisted
      ? 'You leave the waitlist and give up your place in line. If you join again later, you go to the back of the line.'
      : 'Your seat is released at once. If anyone is on the waitlist, the first person in line takes it straight away, so you may not be able to get it back.',
    paymentConsequence(enrolment),
    'You will no longer see the session’s weeks and discussions. Anything you have already written there is kept.',
    'We will email you to confirm.',
  ].filter((line): line is string => Boolean(line));
  return {
    sessionId: session.id,
    courseTitle: session.course_title,
    courseSlug: session.course_slug,
    coursePublished: session.course_published,
    dates: session.title,
    startsOn: formatDay(session.starts_at, session.time_zone),
    statusLabel: ENROLMENT_LABELS[enrolment.status],
    waitlisted,
    registered: isRegistered(enrolment.status),
    canWithdraw: mayWithdraw(session, enrolment.status, now),
    consequences,
  };
}
