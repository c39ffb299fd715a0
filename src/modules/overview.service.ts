import type { Db } from '../db';
import type { SessionAccess } from '../enrolment';
import { listedAnnouncementsOf, type ListedAnnouncement } from '../announcements';
import { NotFoundError } from '../lib/errors';
import { findSessionOverview } from './modules.repository';
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

/** What a session looks like for this person, in one query: every week's opening, and their own progress if a learner. */
export async function loadSessionOverview(db: Db, access: SessionAccess, now = new Date()): Promise<SessionOverview> {
  const { session } = access;
  const row = await findSessionOverview(db, { courseId: session.course_id, sessionId: session.id, enrolmentId: access.enrolmentId ?? null, now });
  if (!row) throw new NotFoundError();
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
