import type { Db } from '../db';

/** The course that had this web address before, if one did. */
export async function formerOwnerOfSlug(db: Db, slug: string): Promise<number | undefined> {
  const row: { course_id: number } | undefined = await db('course_slug_history').where({ slug }).first('course_id');
  return row?.course_id;
}

/** Keeps a course's address that is being replaced, so old links still find the course. */
export async function retireSlug(db: Db, courseId: number, slug: string): Promise<void> {
  await db('course_slug_history').insert({ course_id: courseId, slug }).onConflict('slug').merge(['course_id', 'retired_at']);
}

/** A course taking back one of its own earlier addresses: it is current again, no longer history. */
export async function forgetRetiredSlug(db: Db, courseId: number, slug: string): Promise<void> {
  await db('course_slug_history').where({ course_id: courseId, slug }).delete();
}
