import type { Db } from '../db';
import { NotFoundError, ValidationError } from '../lib/errors';
import { findCourseModule, touchCourse } from './course-modules.repository';
import { isUniqueViolation } from '../db/errors';

/**
 * Runs `work` holding the week's module row, so position changes in one week happen one at a
 * time; a unique-index clash that slips past the checks becomes the given field message.
 */
export async function withLockedModule<T>(db: Db, courseId: number, moduleId: number, onDuplicate: ValidationError, work: (trx: Db) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(async (trx) => {
      if (!(await findCourseModule(trx, courseId, moduleId, { forUpdate: true }))) throw new NotFoundError('We could not find that week of the course.');
      const result = await work(trx);
      await touchCourse(trx, courseId);
      return result;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw onDuplicate;
    throw err;
  }
}
