import type { Db } from '../db';
import type { Storage } from '../files';
import type { CourseDetailsInput } from './authoring.schemas';
import { copyCourseContent, listCourseFileKeys } from './course-copy.repository';
import { type CourseRow, slugTaken } from './courses.repository';
import { formerOwnerOfSlug } from './course-slugs.repository';
import { createCourse, outcomesInUseBlocker } from './courses.service';
import { ValidationError } from '../lib/errors';
import { courseValues } from './presenters';

/** The first of "slug-copy", "slug-copy-2", … that no course uses now or used before. */
async function freeCopySlug(db: Db, slug: string): Promise<string> {
  // Cut to leave room for the ending, without leaving a hyphen to double up with it.
  const base = `${slug.slice(0, 110).replace(/-+$/, '')}-copy`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(db, candidate)) && (await formerOwnerOfSlug(db, candidate)) === undefined) return candidate;
  }
}

/** The new-course form filled in from a course to copy: its details, a new title and an unused web address. */
export async function courseFormValuesLike(db: Db, source: CourseRow): Promise<Record<string, string>> {
  return { ...courseValues(source), title: `${source.title} (copy)`.slice(0, 200), slug: await freeCopySlug(db, source.slug), from: String(source.id) };
}

/**
 * Creates an unpublished course with the details given and everything the source course holds:
 * its weeks, readings with their toolkit ideas and files, exercises, toolkit sections and
 * completion rules; not its sessions, learners or reviews. The files' bytes are copied first
 * under new keys, so removing a file from one course never touches the other; if the course
 * cannot be written, those copies are removed again.
 */
export async function copyCourse(db: Db, storage: Storage, source: CourseRow, input: CourseDetailsInput): Promise<number> {
  // The copied weeks keep their outcome numbers, so the copy needs as many outcomes as they use.
  const outcomesBlocker = await outcomesInUseBlocker(db, source.id, input.outcomes.length);
  if (outcomesBlocker) throw new ValidationError('Outcomes in use', { outcomes: outcomesBlocker });
  const fileKeys = new Map<string, string>();
  try {
    for (const key of await listCourseFileKeys(db, source.id)) fileKeys.set(key, await storage.put(await storage.get(key)));
    return await db.transaction(async (trx) => {
      const id = await createCourse(trx, input, source.completion_rules);
      await copyCourseContent(trx, source.id, id, fileKeys);
      return id;
    });
  } catch (err) {
    await Promise.all([...fileKeys.values()].map((k) => storage.remove(k).catch(() => undefined)));
    throw err;
  }
}
