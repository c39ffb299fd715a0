import type { Db } from '../db';
import { unsubscribeLinks } from '../discussions';
import { contactHelpFor, contactHelpSentence, enrolledLearners, weekUnlocksAt } from '../enrolment';
import { lastOpenDay } from '../lib/dates';
import { countOf } from '../lib/wording';
import type { Mailer } from '../notifications';
import { completionForSession, type LearnerCompletion, type SessionCompletion } from './completion.service';
import { pendingPostsOfSession } from './completion.repository';
import { claimExtensionReminder, claimReminder, extensionsDueReminder, sessionsDueReminder } from './deadline-reminder.repository';
import { whatsLeftItems } from './whats-left.presenter';

export interface ReminderDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  /** The site's contact address (CONTACT_EMAIL), named as the place to ask for help. */
  contactEmail?: string;
}

const DAY_MS = 24 * 60 * 60_000;
/** The reminder goes out a week before completion closes... */
export const REMINDER_DAYS_BEFORE = 7;
/** ...and not at all to an app back up with less than a day left. */
const LEAST_NOTICE_MS = DAY_MS;

/** Every week of the session is open: before that, "what's left" would list weeks not there yet. */
function allWeeksOpen(completion: SessionCompletion, now: Date): boolean {
  const { starts_at: startsAt, time_zone: zone } = completion.session;
  return completion.weeks.every((w) => w.openedEarly || weekUnlocksAt(startsAt, zone, w.week) <= now);
}

function reminderText(completion: SessionCompletion, learner: LearnerCompletion, left: { label: string; progress?: string }[], help: string, unsubscribeUrl: string, baseUrl: string, now: Date): string {
  const { session } = completion;
  const lastDay = lastOpenDay(learner.deadline, session.time_zone, 'cccc d LLLL yyyy');
  const days = Math.max(1, Math.round((learner.deadline.getTime() - now.getTime()) / DAY_MS));
  return [
    `Hello ${learner.name},`,
    '',
    `Completion of ${session.course_title} closes at the end of ${lastDay}, ${countOf(days, 'day', 'days')} from now. To earn your certificate, ${left.length === 1 ? 'this is' : 'these are'} what is left:`,
    '',
    ...left.map((item) => `- ${item.label}${item.progress ? ` (${item.progress})` : ''}`),
    '',
    `See what is left, with a link to each: ${baseUrl}/sessions/${session.id}/whats-left`,
    '',
    `A little at a time is fine. ${help || 'If something is in the way, please tell your course team.'}`,
    '',
    '—',
    `Choose which emails you get: ${baseUrl}/discussions/preferences`,
    `Or stop all Kindred notification emails: ${unsubscribeUrl}`,
    '',
  ].join('\n');
}

/**
 * A week before a session's completion closes (once all its weeks are open), emails each enrolled
 * learner who has not completed what they still have to do, once per session, unless they turned
 * these reminders off; a learner given more time gets it a week before their own date instead. Each
 * reminder is claimed before anything is sent, so app instances running this together send it once.
 * Returns how many emails went out.
 */
export async function sendDeadlineReminders(deps: ReminderDeps, now = new Date()): Promise<number> {
  let sent = 0;
  for (const { id } of await sessionsDueReminder(deps.db, now, REMINDER_DAYS_BEFORE * DAY_MS, LEAST_NOTICE_MS)) {
    const completion = await completionForSession(deps.db, id);
    if (!allWeeksOpen(completion, now)) continue;
    if (!(await claimReminder(deps.db, id))) continue;
    const active = new Set((await enrolledLearners(deps.db, id)).map((l) => l.id));
    // A revoked certificate was an admin's decision; a reminder would not help. A learner given
    // more time was told their own date then, and is reminded of it below, a week before it.
    const behind = completion.learners.filter((l) => !l.certificate && !l.extended && active.has(l.userId));
    sent += await remindLearners(deps, completion, behind, now);
  }
  for (const due of await extensionsDueReminder(deps.db, now, REMINDER_DAYS_BEFORE * DAY_MS, LEAST_NOTICE_MS)) {
    if (!(await claimExtensionReminder(deps.db, due.enrolment_id, due.completion_extended_to))) continue;
    const completion = await completionForSession(deps.db, due.course_session_id, { enrolmentId: due.enrolment_id });
    sent += await remindLearners(deps, completion, completion.learners.filter((l) => !l.certificate && l.extended), now);
  }
  return sent;
}

/** Emails each learner what they still have to do before their completion closes, unless they turned these reminders off. */
async function remindLearners(deps: ReminderDeps, completion: SessionCompletion, learners: LearnerCompletion[], now: Date): Promise<number> {
  if (!learners.length) return 0;
  const id = completion.session.id;
  const links = await unsubscribeLinks(deps.db, deps.baseUrl, learners.map((l) => l.userId));
  const contact = await contactHelpFor(deps.db, id, deps.contactEmail);
  const help = contactHelpSentence(contact);
  // The reminder asks them to write to these people: answering it does.
  const replyTo = contact.email ?? (contact.instructors.map((i) => i.email).join(', ') || undefined);
  const pending = await pendingPostsOfSession(deps.db, id);
  let sent = 0;
  for (const learner of learners) {
    const link = links.get(learner.userId);
    if (!link?.deadlineEmail) continue;
    const left = whatsLeftItems(completion, learner, now, pending.get(learner.enrolmentId)).filter((item) => !item.met);
    if (!left.length) continue;
    await deps.mailer.send({
      to: learner.email,
      subject: `What is left before ${completion.session.course_title} closes at the end of ${lastOpenDay(learner.deadline, completion.session.time_zone, 'd LLLL')}`,
      text: reminderText(completion, learner, left, help, link.url, deps.baseUrl, now),
      unsubscribeUrl: link.url,
      replyTo,
    });
    sent += 1;
  }
  return sent;
}
