import { DateTime } from 'luxon';
import type { CurrentUser } from '../auth';
import type { Db } from '../db';
import { unsubscribeLinks } from '../discussions';
import { enrolledLearners, findSessionAccess, isStaff, refuseIfCancelled } from '../enrolment';
import { ForbiddenError, NotFoundError } from '../lib/errors';
import { markdownToText, renderMarkdown } from '../lib/markdown';
import type { Mailer } from '../notifications';
import * as repo from './announcements.repository';

export interface AnnouncementDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
}

/** The announcements page: everyone in the session reads them; only its staff may post. */
export async function announcementsOf(db: Db, user: CurrentUser | undefined, sessionId: number) {
  const access = await findSessionAccess(db, user, sessionId);
  if (!access) throw new NotFoundError();
  const [course, rows] = await Promise.all([repo.findCourseTitle(db, access.session.course_id), repo.listAnnouncements(db, sessionId, 100)]);
  return { access, courseTitle: course?.title ?? '', announcements: rows.map((a) => present(a, access.session.time_zone)) };
}

function present(a: repo.ListedAnnouncement, zone: string) {
  return {
    id: a.id,
    title: a.title,
    bodyHtml: a.body_html,
    authorName: a.author_name ?? 'Your instructor',
    when: DateTime.fromJSDate(a.created_at, { zone }).toFormat('d LLL yyyy'),
  };
}

/** The session overview's panel: the latest announcements and the reader's count of new discussion posts. */
export function announcementsPanel(session: { id: number; time_zone: string }, announcements: repo.ListedAnnouncement[], unreadPosts: number) {
  return { sessionId: session.id, announcements: announcements.map((a) => present(a, session.time_zone)), unreadPosts };
}

/**
 * Posts an announcement to a session (its instructors and admins only) and, once stored,
 * emails every enrolled learner who has not turned announcement emails off. A cancelled session takes none.
 */
export async function postAnnouncement(deps: AnnouncementDeps, user: CurrentUser, sessionId: number, input: { title: string; body: string }) {
  const access = await findSessionAccess(deps.db, user, sessionId);
  if (!access) throw new NotFoundError();
  if (!isStaff(access)) throw new ForbiddenError('Only the session’s instructors can post announcements.');
  refuseIfCancelled(access.session, 'no announcement can be posted');
  const course = await repo.findCourseTitle(deps.db, access.session.course_id);
  const announcement = await repo.insertAnnouncement(deps.db, {
    course_session_id: sessionId,
    author_id: user.id,
    title: input.title,
    body_md: input.body,
    body_html: renderMarkdown(input.body),
  });
  const learners = await enrolledLearners(deps.db, sessionId);
  const links = await unsubscribeLinks(deps.db, deps.baseUrl, learners.map((l) => l.id));
  const text = markdownToText(input.body);
  let emailed = 0;
  for (const learner of learners) {
    const link = links.get(learner.id);
    if (!link || !link.announcementEmail) continue;
    await deps.mailer.send({
      to: learner.email,
      subject: `${course?.title ?? 'Your course'}: ${input.title}`,
      text: `Hello ${learner.name},\n\n${text}\n\n— ${user.name}\n\nSee it in the course: ${deps.baseUrl}/sessions/${sessionId}/announcements\n\n—\nStop all Kindred notification emails: ${link.url}\nOr choose which ones you get: ${deps.baseUrl}/discussions/preferences\n`,
    });
    emailed += 1;
  }
  return { id: announcement.id, emailed };
}
