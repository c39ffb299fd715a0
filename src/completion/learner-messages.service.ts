import { DateTime } from 'luxon';
import type { CurrentUser } from '../auth';
import type { Db } from '../db';
import { formatSessionRange, refuseIfCancelled, type SessionAccess } from '../enrolment';
import { ValidationError } from '../lib/errors';
import { countOf, inWords } from '../lib/wording';
import type { Mailer } from '../notifications';
import { activeUserIds, insertMessage, listSentMessages } from './learner-messages.repository';
import type { ProgressFilters } from './progress.presenter';
import { progressLearners } from './progress.service';

export interface LearnerMessageDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
}

/** How long the same words to the same learners count as the form sent twice. */
const REPEAT_WINDOW_MS = 2 * 60_000;

/** How many earlier messages the page lists. */
const SENT_SHOWN = 20;

/** The learners a filter picks, in words: "who have something open in week 2", say (“has” for one learner, or none). */
export function describeFilters(f: ProgressFilters, count: number): string {
  const have = count <= 1 ? 'has' : 'have';
  const parts: string[] = [];
  if (f.status === 'complete') parts.push(`${have} completed`);
  if (f.status === 'not-complete') parts.push(`${have} not completed yet`);
  if (f.behindWeek !== undefined) parts.push(`${have} something open in week ${f.behindWeek}`);
  if (f.name) parts.push(`${have} “${f.name}” in their name`);
  return parts.length ? `who ${parts.join(' and ')}` : 'in this session';
}

/** The learners the filters pick that can be emailed: enrolled, with an active account. */
async function recipientsOf(db: Db, sessionId: number, filters: ProgressFilters) {
  const { plan, learners } = await progressLearners(db, sessionId, filters);
  const active = await activeUserIds(db, learners.map((l) => l.userId));
  return {
    courseTitle: plan.session.course_title,
    recipients: learners.filter((l) => active.has(l.userId)).map(({ userId, name, email }) => ({ userId, name, email })),
    deactivated: learners.filter((l) => !active.has(l.userId)).map((l) => l.name),
  };
}

/** What the page to write a message shows: who it will go to, and what was sent before. */
export async function messagePage(db: Db, access: SessionAccess, filters: ProgressFilters) {
  const [{ courseTitle, recipients, deactivated }, sent] = await Promise.all([recipientsOf(db, access.session.id, filters), listSentMessages(db, access.session.id, SENT_SHOWN)]);
  const zone = access.session.time_zone;
  return {
    courseTitle,
    recipients: recipients.map((r) => r.name),
    audience: describeFilters(filters, recipients.length),
    // Picked by the filters but not written to, so the page says why they are missing.
    deactivatedText: deactivated.length ? `No email goes to ${inWords(deactivated)}: ${deactivated.length === 1 ? 'their account is' : 'their accounts are'} deactivated.` : undefined,
    sent: sent.map((m) => ({
      subject: m.subject,
      body: m.body,
      by: m.author_name ?? 'A former member of staff',
      when: DateTime.fromJSDate(m.created_at, { zone }).toFormat('d LLL yyyy, HH:mm'),
      to: m.recipients,
      toText: countOf(m.recipients.length, 'learner', 'learners'),
    })),
  };
}

/**
 * Emails the learners the progress table's filters pick, each by name, signed by the sender with
 * their address to reply to, and keeps the message with its recipients. The filters are read again
 * when it is sent, so it goes to who matches then. A cancelled session emails nobody. The same
 * words again within two minutes to learners who all had them already send nothing (a double click).
 */
export async function messageLearners(
  deps: LearnerMessageDeps,
  access: SessionAccess,
  sender: CurrentUser,
  filters: ProgressFilters,
  input: { subject: string; body: string },
  now = new Date(),
): Promise<{ sent: number; repeated?: boolean }> {
  refuseIfCancelled(access.session, 'its learners cannot be emailed from here');
  const { courseTitle, recipients } = await recipientsOf(deps.db, access.session.id, filters);
  if (!recipients.length) throw new ValidationError('Nobody to email.', { _form: 'No learner matches these filters any more, so nothing was sent. Your message is still here.' });
  const message = { course_session_id: access.session.id, author_id: sender.id, subject: input.subject, body: input.body };
  const stored = await insertMessage(deps.db, message, recipients.map((r) => r.userId), new Date(now.getTime() - REPEAT_WINDOW_MS));
  if (stored === undefined) return { sent: 0, repeated: true };
  const dates = formatSessionRange(access.session.starts_at, access.session.ends_at, access.session.time_zone);
  for (const learner of recipients) {
    await deps.mailer.send({
      to: learner.email,
      subject: `${courseTitle}: ${input.subject}`,
      text: [
        `Hello ${learner.name},`,
        '',
        input.body,
        '',
        `— ${sender.name}, ${courseTitle} (${dates})`,
        `You can reply to ${sender.name} at ${sender.email}.`,
        `What is left for you to complete: ${deps.baseUrl}/sessions/${access.session.id}/whats-left`,
      ].join('\n'),
      replyTo: sender.email,
    });
  }
  return { sent: recipients.length };
}
