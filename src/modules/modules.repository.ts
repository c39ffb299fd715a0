import type { Db } from '../db';

export interface CourseModuleRow {
  id: number;
  course_id: number;
  week: number;
  title: string;
  summary_html: string;
  estimated_minutes: number;
}

export interface ReadingRow {
  id: number;
  course_module_id: number;
  position: number;
  title: string;
  minutes: number;
  content_note: string | null;
  body_html: string;
}

export interface ExerciseRow {
  id: number;
  course_module_id: number;
  title: string;
  prompt_html: string;
}

export interface ToolkitSectionRow {
  id: number;
  course_module_id: number;
  key: string;
  title: string;
}

export interface ReadingFileRow {
  id: number;
  reading_id: number;
  original_name: string;
  size_bytes: number;
}

export async function findCourseTitle(db: Db, courseId: number): Promise<string> {
  const row = await db('courses').select('title').where({ id: courseId }).first();
  return row?.title ?? '';
}

export function listCourseModules(db: Db, courseId: number): Promise<CourseModuleRow[]> {
  return db('course_modules')
    .select('id', 'course_id', 'week', 'title', 'summary_html', 'estimated_minutes')
    .where({ course_id: courseId })
    .orderBy('week');
}

export function findCourseModule(db: Db, courseId: number, week: number): Promise<CourseModuleRow | undefined> {
  return db('course_modules')
    .select('id', 'course_id', 'week', 'title', 'summary_html', 'estimated_minutes')
    .where({ course_id: courseId, week })
    .first();
}

export function listReadings(db: Db, moduleIds: number[]): Promise<ReadingRow[]> {
  return db('readings')
    .select('id', 'course_module_id', 'position', 'title', 'minutes', 'content_note', 'body_html')
    .whereIn('course_module_id', moduleIds)
    .orderBy(['course_module_id', 'position']);
}

/** Reading ids (of the given ones) this enrolment has marked done. */
export async function listDoneReadingIds(db: Db, enrolmentId: number, readingIds: number[]): Promise<Set<number>> {
  if (!readingIds.length) return new Set();
  const rows: { reading_id: number }[] = await db('reading_progress')
    .select('reading_id')
    .where({ enrolment_id: enrolmentId })
    .whereIn('reading_id', readingIds);
  return new Set(rows.map((r) => r.reading_id));
}

export function listExercises(db: Db, moduleIds: number[]): Promise<ExerciseRow[]> {
  return db('exercises').select('id', 'course_module_id', 'title', 'prompt_html').whereIn('course_module_id', moduleIds);
}

/** Reflection status per exercise for one enrolment. */
export async function reflectionStatuses(db: Db, enrolmentId: number, exerciseIds: number[]): Promise<Map<number, string>> {
  if (!exerciseIds.length) return new Map();
  const rows: { exercise_id: number; status: string }[] = await db('reflections')
    .select('exercise_id', 'status')
    .where({ enrolment_id: enrolmentId })
    .whereIn('exercise_id', exerciseIds);
  return new Map(rows.map((r) => [r.exercise_id, r.status]));
}

/** Submitted reflections awaiting feedback in a session, per exercise. */
export async function awaitingFeedbackCounts(db: Db, sessionId: number): Promise<Map<number, number>> {
  const rows: { exercise_id: number; n: number }[] = await db('reflections as r')
    .join('enrolments as e', 'e.id', 'r.enrolment_id')
    .where('e.course_session_id', sessionId)
    .andWhere('r.status', 'submitted')
    .groupBy('r.exercise_id')
    .select('r.exercise_id', db.raw('count(*)::int as n'));
  return new Map(rows.map((r) => [r.exercise_id, r.n]));
}

export function listToolkitSections(db: Db, moduleIds: number[]): Promise<ToolkitSectionRow[]> {
  return db('toolkit_sections')
    .select('id', 'course_module_id', 'key', 'title')
    .whereIn('course_module_id', moduleIds)
    .orderBy(['course_module_id', 'position']);
}

/** Toolkit ideas the authors attached to readings, for "add to my toolkit". */
export async function listReadingSuggestions(db: Db, readingIds: number[]): Promise<ReadingSuggestionRow[]> {
  if (!readingIds.length) return [];
  return db('reading_suggestions').select('id', 'reading_id', 'text').whereIn('reading_id', readingIds).orderBy('id');
}

export interface ReadingSuggestionRow {
  id: number;
  reading_id: number;
  text: string;
}

/** Files the authors attached to readings (table made by the authoring feature). */
export async function listReadingFiles(db: Db, readingIds: number[]): Promise<ReadingFileRow[]> {
  if (!readingIds.length) return [];
  return db('reading_files').select('id', 'reading_id', 'original_name', 'size_bytes').whereIn('reading_id', readingIds).orderBy('id');
}

/** A reading's file, only if the reading belongs to the given course, with the reading's week. */
export function findReadingFileOfCourse(
  db: Db,
  courseId: number,
  readingId: number,
  fileId: number,
): Promise<{ storage_key: string; original_name: string; content_type: string; week: number } | undefined> {
  return db('reading_files as f')
    .join('readings as r', 'r.id', 'f.reading_id')
    .join('course_modules as m', 'm.id', 'r.course_module_id')
    .select('f.storage_key', 'f.original_name', 'f.content_type', 'm.week')
    .where({ 'f.id': fileId, 'r.id': readingId, 'm.course_id': courseId })
    .first();
}

/** The reading with the week it belongs to, only if it is part of the given course. */
export function findReadingOfCourse(db: Db, courseId: number, readingId: number): Promise<{ id: number; week: number } | undefined> {
  return db('readings as r')
    .join('course_modules as m', 'm.id', 'r.course_module_id')
    .select('r.id', 'm.week')
    .where({ 'r.id': readingId, 'm.course_id': courseId })
    .first();
}

export async function insertReadingProgress(db: Db, enrolmentId: number, readingId: number): Promise<void> {
  await db('reading_progress').insert({ enrolment_id: enrolmentId, reading_id: readingId }).onConflict(['enrolment_id', 'reading_id']).ignore();
}

export async function deleteReadingProgress(db: Db, enrolmentId: number, readingId: number): Promise<void> {
  await db('reading_progress').where({ enrolment_id: enrolmentId, reading_id: readingId }).delete();
}

export async function insertWeekUnlock(db: Db, sessionId: number, week: number, userId: number): Promise<void> {
  await db('week_unlocks').insert({ course_session_id: sessionId, week, unlocked_by: userId }).onConflict(['course_session_id', 'week']).ignore();
}
