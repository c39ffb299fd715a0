import type { Db } from '../db';
import type { Storage } from '../files';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { renderMarkdown } from '../lib/markdown';
import type { CourseModuleInput, ExerciseInput } from './authoring.schemas';
import { isForeignKeyViolation, isUniqueViolation } from '../db/errors';
import { loadCourse } from './courses.service';
import {
  type CourseModuleColumns,
  type CourseModuleRow,
  deleteCourseModule,
  findCourseModule,
  insertCourseModule,
  touchCourse,
  updateCourseModule,
  upsertExercise,
  weekTaken,
} from './course-modules.repository';
import { storageKeysUnder } from './reading-files.repository';
import { type CourseEditDeps, issueCertificatesDueAfterEdit } from './after-course-edits';
import { newWeekBlocker, publishedGapBlocker, weekChangeBlocker, weekDeleteBlocker } from './week-guards';

const WEEK_TAKEN = { week: 'This course already has a week with that number. Please choose another week number.' };

/** The module only when it belongs to the course; a foreign or unknown id is "not found". */
export async function loadCourseModule(db: Db, courseId: number, moduleId: number): Promise<CourseModuleRow> {
  const mod = await findCourseModule(db, courseId, moduleId);
  if (!mod) throw new NotFoundError('We could not find that week of the course.');
  return mod;
}

async function toColumns(db: Db, courseId: number, input: CourseModuleInput): Promise<CourseModuleColumns> {
  const course = await loadCourse(db, courseId);
  const unknown = input.outcomeNumbers.filter((n) => n < 1 || n > course.outcomes.length);
  if (unknown.length) {
    throw new ValidationError('Unknown outcomes', {
      outcomeNumbers: `The course has outcomes 1 to ${course.outcomes.length}; there is no outcome ${unknown.join(', ')}.`,
    });
  }
  return {
    week: input.week,
    title: input.title,
    summary_md: input.summary,
    summary_html: renderMarkdown(input.summary),
    outcome_numbers: input.outcomeNumbers,
    estimated_minutes: input.estimatedMinutes,
    discussion_prompt_md: input.discussionPrompt,
    discussion_prompt_html: renderMarkdown(input.discussionPrompt),
  };
}

async function guardWeek<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError('Week taken', WEEK_TAKEN);
    throw err;
  }
}

/**
 * Adds a week to a course; each week number appears once per course and outcomes must exist.
 * Refused while a session not yet over runs on the course, as its dates were set for the old length.
 */
export async function addCourseModule(db: Db, courseId: number, input: CourseModuleInput): Promise<number> {
  const columns = await toColumns(db, courseId, input);
  const blocker = await newWeekBlocker(db, courseId);
  if (blocker) throw new ValidationError(blocker);
  const gap = await publishedGapBlocker(db, courseId, { to: input.week });
  if (gap) throw new ValidationError('Week leaves a gap', { week: gap });
  if (await weekTaken(db, courseId, input.week)) throw new ValidationError('Week taken', WEEK_TAKEN);
  return guardWeek(async () => {
    const id = await insertCourseModule(db, courseId, columns);
    await touchCourse(db, courseId);
    return id;
  });
}

/** Saves a week's details and discussion prompt; a new week number follows the rules for deleting a week. */
export async function editCourseModule(db: Db, courseId: number, moduleId: number, input: CourseModuleInput): Promise<void> {
  const mod = await loadCourseModule(db, courseId, moduleId);
  const columns = await toColumns(db, courseId, input);
  if (input.week !== mod.week) {
    const blocker = (await weekChangeBlocker(db, courseId, moduleId)) ?? (await publishedGapBlocker(db, courseId, { from: mod.week, to: input.week }));
    if (blocker) throw new ValidationError('Week in use', { week: blocker });
  }
  if (await weekTaken(db, courseId, input.week, moduleId)) throw new ValidationError('Week taken', WEEK_TAKEN);
  await guardWeek(async () => {
    await updateCourseModule(db, moduleId, columns);
    await touchCourse(db, courseId);
  });
}

/**
 * Deletes a week with its readings (and their files), exercise and sections; refused while a
 * session not yet over runs on the course or learners have done any work in the week. Learners
 * still in their completion window who had only that week left get their certificate at once.
 */
export async function removeCourseModule(deps: CourseEditDeps, storage: Storage, courseId: number, moduleId: number): Promise<void> {
  const { db } = deps;
  await loadCourseModule(db, courseId, moduleId);
  try {
    const keys = await db.transaction(async (trx) => {
      const mod = await findCourseModule(trx, courseId, moduleId, { forUpdate: true });
      if (!mod) throw new NotFoundError('We could not find that week of the course.');
      const blocker = await weekDeleteBlocker(trx, courseId, mod);
      if (blocker) throw new ConflictError(blocker);
      const fileKeys = await storageKeysUnder(trx, { moduleId });
      await deleteCourseModule(trx, moduleId);
      await touchCourse(trx, courseId);
      return fileKeys;
    });
    await Promise.all(keys.map((k) => storage.remove(k).catch(() => undefined)));
  } catch (err) {
    if (isForeignKeyViolation(err)) {
      throw new ConflictError('Learners have already done work in this week, so it cannot be deleted. You can still edit it.');
    }
    throw err;
  }
  await issueCertificatesDueAfterEdit(deps, courseId);
}

/** Writes the week's one reflective exercise, creating it the first time. */
export async function saveExercise(db: Db, courseId: number, moduleId: number, input: ExerciseInput): Promise<void> {
  await loadCourseModule(db, courseId, moduleId);
  await upsertExercise(db, moduleId, { title: input.title, prompt_md: input.prompt, prompt_html: renderMarkdown(input.prompt) });
  await touchCourse(db, courseId);
}
