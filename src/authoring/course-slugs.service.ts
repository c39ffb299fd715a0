import type { Db } from '../db';
import { NotFoundError } from '../lib/errors';
import { findEarlierSlug, releaseSlug } from './course-slugs.repository';

/**
 * Releases one of the course's earlier addresses: its old links stop leading to the course and
 * answer "not found", and any course may take it. Returns the address, or undefined when it was
 * already released (sent twice). Another course's earlier address is "not found" here.
 */
export async function releaseEarlierAddress(db: Db, courseId: number, addressId: number): Promise<string | undefined> {
  const earlier = await findEarlierSlug(db, addressId);
  if (earlier && earlier.course_id !== courseId) throw new NotFoundError();
  return earlier && releaseSlug(db, courseId, addressId);
}
