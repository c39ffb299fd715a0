import type { Db } from '../db';
import { ConflictError, ForbiddenError, NotFoundError } from '../lib/errors';
import { approvedStats, findReview, hasValidCertificate, insertReview, listApproved, setReviewStatus, type ReviewRow } from './reviews.repository';
import type { ReviewInput } from './reviews.schemas';

/** Whether a learner may review a course: they completed it (a certificate that is not revoked). */
export function mayReview(db: Db, userId: number, courseId: number): Promise<boolean> {
  return hasValidCertificate(db, userId, courseId);
}

export function reviewOf(db: Db, courseId: number, userId: number): Promise<ReviewRow | undefined> {
  return findReview(db, courseId, userId);
}

/** One review per learner per course, only after completing it; it waits for an admin's approval. */
export async function leaveReview(db: Db, userId: number, courseId: number, input: ReviewInput): Promise<void> {
  if (!(await mayReview(db, userId, courseId))) throw new ForbiddenError('Reviews open once you have completed the course.');
  const inserted = await insertReview(db, { course_id: courseId, user_id: userId, rating: input.rating, body: input.body });
  if (!inserted) throw new ConflictError('You have already reviewed this course. Thank you!');
}

/** An admin approves (shown on the course page) or rejects a pending review. */
export async function moderateReview(db: Db, reviewId: number, adminId: number, decision: 'approved' | 'rejected'): Promise<void> {
  const changed = await setReviewStatus(db, reviewId, decision, adminId);
  if (!changed) throw new NotFoundError('That review is no longer waiting for a decision.');
}

/** "Lee L.": enough to be personal on a public page, not enough to find someone. */
export function shortName(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return parts[0] ?? '';
  return `${parts[0]} ${parts[parts.length - 1][0].toUpperCase()}.`;
}

export interface ApprovedReviews {
  reviews: { id: number; rating: number; body: string; author: string; createdAt: Date }[];
  /** Rounded to one decimal; null without reviews. */
  average: number | null;
  count: number;
}

/** The approved reviews of a course (newest first) with their average rating and count, for the course page. */
export async function approvedReviews(db: Db, courseId: number, limit = 20): Promise<ApprovedReviews> {
  const [rows, stats] = await Promise.all([listApproved(db, courseId, limit), approvedStats(db, courseId)]);
  return {
    reviews: rows.map((r) => ({ id: r.id, rating: r.rating, body: r.body, author: shortName(r.author_name), createdAt: r.created_at })),
    average: stats.average === null ? null : Math.round(stats.average * 10) / 10,
    count: stats.count,
  };
}
