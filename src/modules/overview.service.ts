import type { Db } from '../db';
import type { CurrentUser } from '../auth';
import { accessFromRow, findSessionAccess, isStaff, sessionAccessPart, type SessionAccess } from '../enrolment';
import { listedAnnouncementsOf, type ListedAnnouncement } from '../announcements';
import type { ModerationCounts } from '../discussions';
import type { WhatsLeftJson } from '../completion';
import { NotFoundError } from '../lib/errors';
import { findLearnerSessionPage, findSessionOverview, findSessionPage, type SessionOverviewRow, type SessionPageRow } from './modules.repository';
import { weekOpening, type WeekOpening } from './unlocks';

export interface WeekOverview {
  module: { id: number; week: number; title: string };
  opening: WeekOpening;
  readingsTotal: number;
  /** Learners only: readings marked done. */
  readingsDone: number;
  exerciseId?: number;
  exerciseTitle?: string;
  /** Learners only: their reflection's status for this week's exercise, if any. */
  reflectionStatus?: string;
  /** Staff only: submissions of this week waiting for feedback. */
  awaitingFeedback: number;
}

export interface SessionOverview {
  courseTitle: string;
  weeks: WeekOverview[];
  /** The latest few, for the announcements panel (src/announcements). */
  announcements: ListedAnnouncement[];
}

/** The overview page: the overview, with what its other panels show for this reader. */
export interface SessionPage extends SessionOverview {
  instructorNames: string[];
  /** Threads with posts new to the reader, that they may open. */
  unreadThreads: number;
  /** Staff only. */
  moderation?: ModerationCounts;
  /** Learners only: for whatsLeftPanelFrom (src/completion). */
  whatsLeft?: WhatsLeftJson;
}

/** What a session looks like for this person, in one query: every week's opening, and their own progress if a learner. */
export async function loadSessionOverview(db: Db, access: SessionAccess, now = new Date()): Promise<SessionOverview> {
  const { session } = access;
  const row = await findSessionOverview(db, { courseId: session.course_id, sessionId: session.id, enrolmentId: access.enrolmentId ?? null, now });
  if (!row) throw new NotFoundError();
  return overviewOf(access, row, now);
}

/** The whole overview page for the reader viewerId, in one query. */
export async function loadSessionPage(db: Db, access: SessionAccess, viewerId: number, now = new Date()): Promise<SessionPage> {
  const { session } = access;
  const row = await findSessionPage(db, { courseId: session.course_id, sessionId: session.id, enrolmentId: access.enrolmentId ?? null, viewerId, now });
  if (!row) throw new NotFoundError();
  return pageOf(access, row, now);
}

/**
 * The reader's access to the session and its overview page; undefined when they may not see it.
 * Learners, who are most of the readers, get both in one query; staff in two (access, then the
 * page for their role), and so would a learner found teaching the session, which their role
 * does not allow.
 */
export async function loadSessionPageFor(db: Db, user: CurrentUser, sessionId: number, now = new Date()): Promise<{ access: SessionAccess; page: SessionPage } | undefined> {
  if (user.role === 'learner') {
    const row = await findLearnerSessionPage(db, { userId: user.id, sessionId, now });
    const access = row && accessFromRow(user, sessionAccessPart(row));
    if (access?.as === 'learner') return { access, page: pageOf(access, row!, now) };
    if (!access) return undefined;
  }
  const access = await findSessionAccess(db, user, sessionId);
  return access && { access, page: await loadSessionPage(db, access, user.id, now) };
}

function pageOf(access: SessionAccess, row: SessionPageRow, now: Date): SessionPage {
  const overview = overviewOf(access, row, now);
  // A learner's count takes in the weeks open to them; staff read every week.
  const readable = overview.weeks.filter((w) => isStaff(access) || w.opening.open);
  return {
    ...overview,
    instructorNames: row.instructor_names,
    unreadThreads: readable.reduce((sum, w) => sum + (row.unread_threads_by_module[w.module.id] ?? 0), 0),
    moderation: row.moderation,
    whatsLeft: row.whats_left,
  };
}

function overviewOf(access: SessionAccess, row: SessionOverviewRow, now: Date): SessionOverview {
  const { session } = access;
  return {
    courseTitle: row.course_title,
    weeks: row.weeks.map((w) => ({
      module: { id: w.id, week: w.week, title: w.title },
      opening: weekOpening(session, w.week, w.unlocked_at === null ? null : new Date(w.unlocked_at), now),
      readingsTotal: w.readings_total,
      readingsDone: w.readings_done,
      exerciseId: w.exercise_id ?? undefined,
      exerciseTitle: w.exercise_title ?? undefined,
      reflectionStatus: w.reflection_status ?? undefined,
      awaitingFeedback: w.awaiting_feedback,
    })),
    announcements: listedAnnouncementsOf(row.announcements),
  };
}
