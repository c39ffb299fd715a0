import type { Db } from '../db';
import { unsubscribeLinks } from '../discussions';
import { enrolledLearners } from '../enrolment';
import { markdownToText } from '../lib/markdown';
import type { Mailer } from '../notifications';

export interface AnnouncementEmailDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
}

/** What an email needs of an announcement. */
export interface MailedAnnouncement {
  course_session_id: number;
  title: string;
  body_md: string;
  author_name: string | null;
  /** Where a learner's answer goes; an author whose account is gone leaves it to the site. */
  author_email?: string | null;
  course_title: string;
}

const signature = (a: MailedAnnouncement) => `— ${a.author_name ?? 'Your instructor'}`;

/** The announcement as a section of another email (the week-opening one). */
export function announcementSection(a: MailedAnnouncement): string {
  return [a.title, '', markdownToText(a.body_md), '', signature(a)].join('\n');
}

/**
 * Emails an announcement to each enrolled learner of its session who has not turned announcement
 * emails off; `skip` names learners who hear of it another way (in their week-opening email).
 * Returns how many went out.
 */
export async function emailAnnouncement(deps: AnnouncementEmailDeps, a: MailedAnnouncement, skip: ReadonlySet<number> = new Set()): Promise<number> {
  const learners = (await enrolledLearners(deps.db, a.course_session_id)).filter((l) => !skip.has(l.id));
  const links = await unsubscribeLinks(deps.db, deps.baseUrl, learners.map((l) => l.id));
  const text = markdownToText(a.body_md);
  let emailed = 0;
  for (const learner of learners) {
    const link = links.get(learner.id);
    if (!link || !link.announcementEmail) continue;
    await deps.mailer.send({
      to: learner.email,
      subject: `${a.course_title || 'Your course'}: ${a.title}`,
      text: `Hello ${learner.name},\n\n${text}\n\n${signature(a)}\n\nSee it in the course: ${deps.baseUrl}/sessions/${a.course_session_id}/announcements\n\n—\nStop all Kindred notification emails: ${link.url}\nOr choose which ones you get: ${deps.baseUrl}/discussions/preferences\n`,
      unsubscribeUrl: link.url,
      replyTo: a.author_email ?? undefined,
    });
    emailed += 1;
  }
  return emailed;
}
