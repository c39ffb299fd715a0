import type { Db } from '../db';
import type { CurrentUser } from '../auth';
import { accessFromRow, sessionAccessPart, type SessionAccess, refuseIfCancelled } from '../enrolment';
import type { Storage } from '../files';
import { NotFoundError } from '../lib/errors';
import {
  deleteReadingProgress,
  findCourseModule,
  findCourseModuleInSession,
  findReadingFileOfCourse,
  findReadingOfCourse,
  findWeekPage,
  insertReadingProgress,
  insertWeekUnlock,
  type CourseModuleRow,
  type ToolkitSectionTitle,
  type WeekReadingRow,
} from './modules.repository';
import { mayOpenWeekEarly, maySeeWeek } from './modules.policy';
import { weekOpening, weekOpenings, type WeekOpening } from './unlocks';

export interface WeekPage {
  locked: false;
  courseTitle: string;
  module: CourseModuleRow;
  opening: WeekOpening;
  readings: WeekReadingRow[];
  exercise?: { id: number; title: string; prompt_html: string };
  reflectionStatus?: string;
  toolkitSections: ToolkitSectionTitle[];
  /** Threads of the week's board with posts new to the reader. */
  unreadThreads: number;
}

/** The week's course module if it exists and this person may see it now (learners: once open); else 404. */
export async function findVisibleWeek(db: Db, access: SessionAccess, week: number, now = new Date()): Promise<{ module: CourseModuleRow; opening: WeekOpening }> {
  const row = await findCourseModuleInSession(db, access.session.course_id, access.session.id, week);
  if (!row) throw new NotFoundError();
  const { unlocked_at: unlockedAt, ...module } = row;
  const opening = weekOpening(access.session, week, unlockedAt, now);
  if (!maySeeWeek(access, opening.open)) throw new NotFoundError();
  return { module, opening };
}

/** A week a learner may not read yet: only its title and when it opens, never its content. */
export interface LockedWeekPage {
  locked: true;
  courseTitle: string;
  week: number;
  moduleTitle: string;
  opening: WeekOpening;
}

/**
 * Everything on a week page, and the reader's access to its session, in one query; anyone who
 * may not see the session, or a week the course lacks, gets 404. A learner of the session asking
 * for a week that has not opened gets only its title and opening date (the overview shows both already).
 */
export async function loadWeekPage(
  db: Db,
  user: CurrentUser,
  sessionId: number,
  week: number,
  now = new Date(),
): Promise<{ access: SessionAccess; page: WeekPage | LockedWeekPage }> {
  const row = await findWeekPage(db, { user, sessionId, week });
  const access = row && accessFromRow(user, sessionAccessPart(row));
  if (!access || row.module_id === null) throw new NotFoundError();
  const opening = weekOpening(access.session, week, row.unlocked_at, now);
  if (!maySeeWeek(access, opening.open)) return { access, page: { locked: true, courseTitle: row.course_title, week, moduleTitle: row.module_title, opening } };
  const module = { id: row.module_id, course_id: row.course_id, week: row.module_week, title: row.module_title, summary_html: row.summary_html, estimated_minutes: row.estimated_minutes };
  return {
    access,
    page: {
      locked: false,
      courseTitle: row.course_title,
      module,
      opening,
      readings: row.readings,
      exercise: row.exercise_id === null ? undefined : { id: row.exercise_id, title: row.exercise_title ?? '', prompt_html: row.exercise_prompt_html ?? '' },
      reflectionStatus: row.reflection_status ?? undefined,
      toolkitSections: row.toolkit_sections,
      unreadThreads: row.unread_threads,
    },
  };
}

/** Marks a reading done or not done for the learner; only readings of their course in an open week; repeat calls change nothing. */
export async function setReadingDone(
  db: Db,
  access: Extract<SessionAccess, { as: 'learner' }>,
  readingId: number,
  done: boolean,
  now = new Date(),
): Promise<{ week: number }> {
  const reading = await findReadingOfCourse(db, access.session.course_id, readingId);
  if (!reading) throw new NotFoundError();
  await findVisibleWeek(db, access, reading.week, now);
  if (done) await insertReadingProgress(db, access.enrolmentId, readingId);
  else await deleteReadingProgress(db, access.enrolmentId, readingId);
  return { week: reading.week };
}

/** Opens a week for one session before its date; only its instructors and admins, only weeks the course has, never in a cancelled session. */
export async function openWeekEarly(db: Db, access: SessionAccess, week: number, userId: number, now = new Date()): Promise<{ earlierStillLocked: WeekOpening[] }> {
  if (!mayOpenWeekEarly(access)) throw new NotFoundError();
  refuseIfCancelled(access.session, 'no week can be opened early');
  const module = await findCourseModule(db, access.session.course_id, week);
  if (!module) throw new NotFoundError();
  await insertWeekUnlock(db, access.session.id, week, userId);
  // Opening week 4 leaves week 3 as it was; the instructor is told, in case learners should go in order.
  const earlier = await weekOpenings(db, access.session, Array.from({ length: week - 1 }, (_, i) => i + 1), now);
  return { earlierStillLocked: earlier.filter((w) => !w.open) };
}

/** A reading's attached file for anyone who may see its week (learners: once open); otherwise 404. */
export async function openReadingFile(
  deps: { db: Db; storage: Storage },
  access: SessionAccess,
  readingId: number,
  fileId: number,
  now = new Date(),
): Promise<{ bytes: Buffer; name: string; contentType: string }> {
  const file = await findReadingFileOfCourse(deps.db, access.session.course_id, readingId, fileId);
  if (!file) throw new NotFoundError();
  await findVisibleWeek(deps.db, access, file.week, now);
  return { bytes: await deps.storage.get(file.storage_key), name: file.original_name, contentType: file.content_type };
}
