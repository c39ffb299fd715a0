import { DateTime } from 'luxon';
import type { CurrentUser } from '../auth';
import { learnerDeadline, refuseIfCancelled, startOfLocalDay, type SessionAccess } from '../enrolment';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { lastOpenDay } from '../lib/dates';
import { checkAndIssue, type IssuanceDeps } from './issuance.service';
import { findLearnerForMoreTime, setCompletionExtension } from './more-time.repository';

/** The latest a learner's completion may be kept open, counted from the session's own deadline. */
export const MAX_EXTRA_DAYS = 180;

/** The learner the URL names, enrolled in this session; anyone else's enrolment is a 404. */
export async function learnerForMoreTime(deps: IssuanceDeps, access: SessionAccess, enrolmentId: number) {
  const learner = await findLearnerForMoreTime(deps.db, access.session.id, enrolmentId);
  if (!learner) throw new NotFoundError();
  const zone = access.session.time_zone;
  const own = learnerDeadline(access.session.completion_deadline_at, learner.completion_extended_to);
  return {
    learner,
    sessionClosesText: lastOpenDay(access.session.completion_deadline_at, zone),
    extendedText: own.extended ? lastOpenDay(own.deadline, zone) : undefined,
  };
}

/**
 * Keeps a learner's completion open past the session's deadline, until the end of the chosen day
 * in the session's zone (stored, as the session's own deadline is, as the midnight that ends it),
 * or removes that again.
 * The learner is emailed either way, and a certificate already earned on the rules is issued at once.
 * The date they already have (the form sent twice) changes nothing and emails nobody.
 */
export async function giveMoreTime(
  deps: IssuanceDeps,
  access: SessionAccess,
  actor: CurrentUser,
  enrolmentId: number,
  input: { until?: string; note: string; remove: boolean },
  now = new Date(),
): Promise<{ name: string; untilText?: string; unchanged?: boolean; notEmailed?: boolean }> {
  refuseIfCancelled(access.session, 'there is no completion to keep open');
  const { learner } = await learnerForMoreTime(deps, access, enrolmentId);
  if (learner.complete) throw new ConflictError(`${learner.name} has completed the course, so there is nothing to keep open.`);
  const zone = access.session.time_zone;
  const sessionCloses = access.session.completion_deadline_at;
  const course = `${learner.course_title}, ${access.session.title}`;
  const link = `${deps.baseUrl}/sessions/${access.session.id}/whats-left`;
  const noteLines = input.note ? ['', input.note] : [];
  // A deactivated account gets no session emails.
  const notEmailed = !learner.active;

  if (input.remove) {
    // Already the session's date (the form sent twice): nothing to record or email.
    if (!learner.completion_extended_to) return { name: learner.name, unchanged: true };
    await setCompletionExtension(deps.db, learner, null, actor.id, `More time removed by ${actor.name}${input.note ? `: ${input.note}` : ''}`);
    if (!notEmailed) await deps.mailer.send({
      to: learner.email,
      subject: 'Your completion date is the session’s again',
      text: [`Hello ${learner.name},`, '', `The extra time you had to complete ${course} has been removed: completion now stays open until the end of ${lastOpenDay(sessionCloses, zone)}, as for everyone in your session.`, ...noteLines, '', `What is left for you: ${link}`].join('\n'),
    });
    return { name: learner.name, notEmailed };
  }

  const lastDay = startOfLocalDay(input.until ?? '', zone);
  // The start of the next day: the day chosen may start at 01:00 (clocks that jump at midnight), the next at 00:00.
  const until = lastDay.plus({ days: 1 }).startOf('day');
  const latest = DateTime.fromJSDate(sessionCloses, { zone }).plus({ days: MAX_EXTRA_DAYS });
  if (!lastDay.isValid) throw new ValidationError('Date.', { until: 'Please choose the day, like 2027-02-14.' });
  if (until.toJSDate() <= sessionCloses || until.toJSDate() <= now) {
    throw new ValidationError('Too early.', { until: `Please choose a day after ${lastOpenDay(sessionCloses, zone)}, the last day of completion for the session.` });
  }
  if (until > latest) throw new ValidationError('Too late.', { until: `Please choose a day no later than ${lastOpenDay(latest.toJSDate(), zone)} (${MAX_EXTRA_DAYS} days after the session’s last day).` });

  const untilText = lastOpenDay(until.toJSDate(), zone);
  if (learner.completion_extended_to?.getTime() === until.toMillis()) return { name: learner.name, untilText, unchanged: true };
  await setCompletionExtension(deps.db, learner, until.toJSDate(), actor.id, `More time given by ${actor.name}, until ${untilText}${input.note ? `: ${input.note}` : ''}`);
  if (!notEmailed) await deps.mailer.send({
    to: learner.email,
    subject: `More time to complete ${learner.course_title}: until the end of ${untilText}`,
    text: [
      `Hello ${learner.name},`,
      '',
      `You have been given more time: completion of ${course} now stays open for you until the end of ${untilText}. There is no need to hurry.`,
      ...noteLines,
      '',
      `What is left for you: ${link}`,
      `— ${actor.name}`,
    ].join('\n'),
  });
  // Someone who met every rule after the session closed gets the certificate now.
  await checkAndIssue(deps, learner.enrolment_id, now);
  return { name: learner.name, untilText, notEmailed };
}
