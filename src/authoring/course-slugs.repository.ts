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

export interface EarlierSlug {
  id: number;
  slug: string;
}

/** The addresses a course had before, the most recently left first. */
export function listEarlierSlugs(db: Db, courseId: number): Promise<EarlierSlug[]> {
  return db('course_slug_history').where({ course_id: courseId }).orderBy([{ column: 'retired_at', order: 'desc' }, { column: 'id', order: 'desc' }]).select('id', 'slug');
}

export function findEarlierSlug(db: Db, id: number): Promise<{ course_id: number; slug: string } | undefined> {
  return db('course_slug_history').where({ id }).first('course_id', 'slug');
}

/** The course that had this web address before, with its title, for pointing an admin to it. */
export function formerCourseOfSlug(db: Db, slug: string): Promise<{ id: number; title: string } | undefined> {
  return db('course_slug_history as h').join('courses as c', 'c.id', 'h.course_id').where('h.slug', slug).first('c.id', 'c.title');
}

/** Lets go of one of the course's earlier addresses: the address, or undefined if it was no longer kept. */
export async function releaseSlug(db: Db, courseId: number, id: number): Promise<string | undefined> {
  const [released]: { slug: string }[] = await db('course_slug_history').where({ id, course_id: courseId }).delete().returning('slug');
  return released?.slug;
}
