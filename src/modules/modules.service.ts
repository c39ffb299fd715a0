import type { Db } from '../db';
import type { SessionAccess } from '../enrolment';
import type { Storage } from '../files';
import { NotFoundError } from '../lib/errors';
import {
  deleteReadingProgress,
  findCourseModule,
  findCourseTitle,
  findReadingFileOfCourse,
  findReadingOfCourse,
  insertReadingProgress,
  insertWeekUnlock,
  listDoneReadingIds,
  listExercises,
  listReadingFiles,
  listReadings,
  listToolkitSections,
  reflectionStatuses,
  type CourseModuleRow,
  type ExerciseRow,
  type ReadingFileRow,
  type ReadingSuggestionRow,
  listReadingSuggestions,
  type ReadingRow,
  type ToolkitSectionRow,
} from './modules.repository';
import { mayOpenWeekEarly, maySeeWeek } from './modules.policy';
import { weekOpenings, type WeekOpening } from './unlocks';

export interface WeekPage {
  courseTitle: string;
  module: CourseModuleRow;
  opening: WeekOpening;
  readings: (ReadingRow & { done: boolean; files: ReadingFileRow[]; suggestions: ReadingSuggestionRow[] })[];
  exercise?: ExerciseRow;
  reflectionStatus?: string;
  toolkitSections: ToolkitSectionRow[];
}

/** The week's course module if it exists and this person may see it now (learners: once open); else 404. */
export async function findVisibleWeek(db: Db, access: SessionAccess, week: number, now = new Date()): Promise<{ module: CourseModuleRow; opening: WeekOpening }> {
  const module = await findCourseModule(db, access.session.course_id, week);
  if (!module) throw new NotFoundError();
  const [opening] = await weekOpenings(db, access.session, [week], now);
  if (!maySeeWeek(access, opening.open)) throw new NotFoundError();
  return { module, opening };
}

/** Everything on a week page; a locked week is not found for learners, whatever the URL. */
export async function loadWeekPage(db: Db, access: SessionAccess, week: number, now = new Date()): Promise<WeekPage> {
  const { module, opening } = await findVisibleWeek(db, access, week, now);
  const [courseTitle, readings, exercises, toolkitSections] = await Promise.all([
    findCourseTitle(db, access.session.course_id),
    listReadings(db, [module.id]),
    listExercises(db, [module.id]),
    listToolkitSections(db, [module.id]),
  ]);
  const readingIds = readings.map((r) => r.id);
  const exercise = exercises[0];
  const [done, files, statuses, suggestions] = await Promise.all([
    access.as === 'learner' ? listDoneReadingIds(db, access.enrolmentId, readingIds) : Promise.resolve(new Set<number>()),
    listReadingFiles(db, readingIds),
    access.as === 'learner' && exercise ? reflectionStatuses(db, access.enrolmentId, [exercise.id]) : Promise.resolve(new Map<number, string>()),
    listReadingSuggestions(db, readingIds),
  ]);
  return {
    courseTitle,
    module,
    opening,
    readings: readings.map((r) => ({
      ...r,
      done: done.has(r.id),
      files: files.filter((f) => f.reading_id === r.id),
      suggestions: suggestions.filter((s) => s.reading_id === r.id),
    })),
    exercise,
    reflectionStatus: exercise ? statuses.get(exercise.id) : undefined,
    toolkitSections,
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

/** Opens a week for one session before its date; only its instructors and admins, only weeks the course has. */
export async function openWeekEarly(db: Db, access: SessionAccess, week: number, userId: number): Promise<void> {
  if (!mayOpenWeekEarly(access)) throw new NotFoundError();
  const module = await findCourseModule(db, access.session.course_id, week);
  if (!module) throw new NotFoundError();
  await insertWeekUnlock(db, access.session.id, week, userId);
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
