import type { EmailMessage } from '../notifications';
import { formatInZone, lastOpenDay } from '../lib/dates';
import { formatSessionRange } from './session-dates';
import { formatInstant } from './session-view';

/** What every email about a session needs to name it and link to it. */
export interface SessionForEmail {
  id: number;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  course_title: string;
  course_slug: string;
}

export interface Recipient {
  name: string;
  email: string;
}

const sessionName = (s: SessionForEmail) => `${s.course_title} (${formatSessionRange(s.starts_at, s.ends_at, s.time_zone)})`;
/** The close of an email the reader can turn off: why they get it, where to choose, and the one-click way to stop. */
const choiceFooter = (why: string, unsubscribeUrl: string, baseUrl: string) => ['', '—', why, `Choose which emails you get: ${baseUrl}/discussions/preferences`, `Or stop all Kindred notification emails: ${unsubscribeUrl}`, ''];

const calendarLine = (s: SessionForEmail, baseUrl: string) => `Add its dates to your calendar (the day each week opens, and when completion closes): ${baseUrl}/sessions/${s.id}/calendar.ics`;

export function enrolledEmail(to: Recipient, s: SessionForEmail, paymentNote: string, baseUrl: string): EmailMessage {
  return {
    to: to.email,
    subject: `You are enrolled: ${s.course_title}`,
    text: [
      `Hello ${to.name},`,
      '',
      `You have a seat in ${sessionName(s)}.`,
      paymentNote,
      '',
      `Your dashboard shows the session and its dates: ${baseUrl}/dashboard`,
      calendarLine(s, baseUrl),
    ].join('\n'),
  };
}

export function waitlistedEmail(to: Recipient, s: SessionForEmail, position: number, baseUrl: string): EmailMessage {
  return {
    to: to.email,
    subject: `You are on the waitlist: ${s.course_title}`,
    text: [
      `Hello ${to.name},`,
      '',
      `${sessionName(s)} is full, so you are on its waitlist, number ${position} in line.`,
      'If a seat frees up, we give it to the next person in line and email you straight away.',
      '',
      `Your dashboard shows where you stand: ${baseUrl}/dashboard`,
    ].join('\n'),
  };
}

/** A seat given from the waitlist; once the session has started there is no withdrawing online, so it says how to catch up instead. */
export function promotedEmail(to: Recipient, s: SessionForEmail & { completion_deadline_at: Date }, paymentNote: string, baseUrl: string, now: Date = new Date()): EmailMessage {
  const started = s.starts_at <= now;
  const afterwards = started
    ? [
        `The session started on ${formatInZone(s.starts_at, s.time_zone, 'd LLLL')}, so the weeks so far are already open for you: ${baseUrl}/sessions/${s.id}`,
        `There is no rush to catch up: you have until the end of ${lastOpenDay(s.completion_deadline_at, s.time_zone)} to complete the course.`,
        'As the session has started, you can no longer withdraw from it online.',
      ]
    : [`If you can no longer take part, you can withdraw from your dashboard before the session starts: ${baseUrl}/dashboard`];
  return {
    to: to.email,
    subject: `A seat opened up for you: ${s.course_title}`,
    text: [
      `Hello ${to.name},`,
      '',
      `Good news: a seat freed up in ${sessionName(s)} and it is now yours. You are enrolled.`,
      paymentNote,
      '',
      ...afterwards,
      calendarLine(s, baseUrl),
    ].join('\n'),
  };
}

/**
 * The session's first day moved: to each of its learners, their place as it now stands, and to its
 * instructors. Before the start a learner who cannot make the new dates can still withdraw online.
 */
export function datesChangedEmail(to: Recipient, before: SessionForEmail, after: SessionForEmail, place: 'enrolled' | 'waitlisted' | 'instructor', baseUrl: string, now: Date = new Date()): EmailMessage {
  const was = formatSessionRange(before.starts_at, before.ends_at, before.time_zone);
  const is = formatSessionRange(after.starts_at, after.ends_at, after.time_zone);
  const yours =
    place === 'instructor'
      ? [`Your teaching page lists it: ${baseUrl}/teach`]
      : [
          place === 'enrolled' ? 'Your seat is kept, at the fee you were quoted.' : 'Your place on the waitlist is kept.',
          ...(now < after.starts_at ? [`If the new dates do not suit you, you can withdraw from your dashboard before the session starts: ${baseUrl}/dashboard`] : []),
          calendarLine(after, baseUrl),
        ];
  return {
    to: to.email,
    subject: `New dates for ${after.course_title}: ${is}`,
    text: [
      `Hello ${to.name},`,
      '',
      `The dates of ${after.course_title} have changed. It was to run ${was}; it now runs ${is}: week one opens on ${formatInZone(after.starts_at, after.time_zone, 'cccc d LLLL yyyy')} (${after.time_zone} time).`,
      '',
      ...yours,
      'If you have a question, simply reply to this email.',
    ].join('\n'),
  };
}

export function withdrawnEmail(to: Recipient, s: SessionForEmail, refundDue: boolean, baseUrl: string): EmailMessage {
  return {
    to: to.email,
    subject: `You have withdrawn: ${s.course_title}`,
    text: [
      `Hello ${to.name},`,
      '',
      `You have withdrawn from ${sessionName(s)}.`,
      ...(refundDue ? ['You had already paid, so a refund is now due to you; we will be in touch about it.'] : []),
      `You are welcome to join a later session: ${baseUrl}/courses/${s.course_slug}`,
    ].join('\n'),
  };
}

export function cancelledEmail(to: Recipient, s: SessionForEmail, message: string, refundDue: boolean, baseUrl: string): EmailMessage {
  return {
    to: to.email,
    subject: `Session cancelled: ${s.course_title}`,
    text: [
      `Hello ${to.name},`,
      '',
      `We are sorry: ${sessionName(s)} will not run.`,
      '',
      message,
      '',
      refundDue ? 'You had already paid, so a full refund is due to you; we will be in touch about it.' : 'You have not been charged.',
      `Other sessions of this course: ${baseUrl}/courses/${s.course_slug}`,
    ].join('\n'),
  };
}

/** To each instructor of a session cancelled for low enrolment. */
export function cancelledForInstructorEmail(to: Recipient, s: SessionForEmail, message: string, learners: number, baseUrl: string): EmailMessage {
  return {
    to: to.email,
    subject: `Session cancelled: ${s.course_title}`,
    text: [
      `Hello ${to.name},`,
      '',
      `${sessionName(s)}, which you were to teach, has been cancelled for low enrolment and will not run.`,
      '',
      `${learners === 1 ? 'The 1 learner who was registered has' : `The ${learners} learners who were registered have`} been sent this message:`,
      '',
      message,
      '',
      `You can still read the session's pages: ${baseUrl}/sessions/${s.id}`,
    ].join('\n'),
  };
}

export function goNoGoEmail(to: Recipient, sessions: { name: string; starts: string; enrolled: number; minimum: number; id: number }[], unsubscribeUrl: string, baseUrl: string): EmailMessage {
  return {
    to: to.email,
    unsubscribeUrl,
    subject: sessions.length === 1 ? 'A session is below its minimum enrolment' : `${sessions.length} sessions are below their minimum enrolment`,
    text: [
      `Hello ${to.name},`,
      '',
      'These sessions reached their go/no-go date below their minimum enrolment:',
      '',
      ...sessions.map((s) => `- ${s.name}, starting ${s.starts}: ${s.enrolled} enrolled, minimum ${s.minimum}. ${baseUrl}/admin/sessions/${s.id}`),
      '',
      `Please decide whether each one runs or is cancelled: ${baseUrl}/admin`,
      ...choiceFooter('You get this as an administrator of Kindred. The administration page lists these sessions either way.', unsubscribeUrl, baseUrl),
    ].join('\n'),
  };
}

export { sessionName };

export function withdrawnByAdminEmail(to: Recipient, s: SessionForEmail, note: string | undefined, refundDue: boolean, baseUrl: string): EmailMessage {
  return {
    to: to.email,
    subject: `Your place has been withdrawn: ${s.course_title}`,
    text: [
      `Hello ${to.name},`,
      '',
      `We have withdrawn your place in ${sessionName(s)}.`,
      ...(note ? ['', note, ''] : []),
      ...(refundDue ? ['You had already paid, so a refund is now due to you; we will be in touch about it.'] : []),
      'Anything you wrote in the course is kept. If you think this is a mistake, simply reply to this email.',
      `You are welcome to join a later session: ${baseUrl}/courses/${s.course_slug}`,
    ].join('\n'),
  };
}

export function movedEmail(to: Recipient, from: SessionForEmail, into: SessionForEmail, note: string | undefined, paymentNote: string, baseUrl: string): EmailMessage {
  return {
    to: to.email,
    subject: `Your place has moved to another session: ${into.course_title}`,
    text: [
      `Hello ${to.name},`,
      '',
      `We have moved your place from ${sessionName(from)} to ${sessionName(into)}. You have a seat there.`,
      ...(note ? ['', note, ''] : []),
      'Everything you did so far comes with you: the readings you marked done, your reflections and their feedback, your resilience toolkit, your check-ins and your evaluation. Your discussion posts stay in the first group’s discussion, which you will no longer see.',
      paymentNote,
      '',
      `Your dashboard shows the new session and its dates: ${baseUrl}/dashboard`,
      calendarLine(into, baseUrl),
      'If you think this is a mistake, simply reply to this email.',
    ].join('\n'),
  };
}

/** To each learner a cancelled session let down, when another session of the course is offered to them. */
export function sessionOfferedEmail(to: Recipient, cancelled: SessionForEmail, offered: SessionForEmail & { registration_closes_at: Date }, note: string, unsubscribeUrl: string, baseUrl: string): EmailMessage {
  return {
    to: to.email,
    unsubscribeUrl,
    subject: `A new session of ${offered.course_title}`,
    text: [
      `Hello ${to.name},`,
      '',
      `${sessionName(cancelled)} was cancelled. A new session of the course runs ${formatSessionRange(offered.starts_at, offered.ends_at, offered.time_zone)}, and you are welcome to take a place in it.`,
      ...(note ? ['', note] : []),
      '',
      `To take a place (registration closes ${formatInstant(offered.registration_closes_at, offered.time_zone, { deadline: true })}): ${baseUrl}/sessions/${offered.id}/enrol`,
      'Seats go to those who register first; when it is full, you can join its waitlist.',
      ...choiceFooter('You get this because you had registered for the cancelled session.', unsubscribeUrl, baseUrl),
    ].join('\n'),
  };
}
