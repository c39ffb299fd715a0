import type { Db } from '../db';
import { prepared } from '../db/prepared';

export interface ReviewRow {
  id: number;
  course_id: number;
  user_id: number;
  rating: number;
  body: string;
  status: 'pending' | 'approved' | 'rejected';
  created_at: Date;
}

// Listed, not `*`, so the course page's query can be a named statement (see src/db/prepared.ts).
const REVIEW_COLUMNS = ['id', 'course_id', 'user_id', 'rating', 'body', 'status', 'created_at'] as const satisfies readonly (keyof ReviewRow)[];

export function findReview(db: Db, courseId: number, userId: number): Promise<ReviewRow | undefined> {
  return db('course_reviews').where({ course_id: courseId, user_id: userId }).first();
}

export async function insertReview(db: Db, row: { course_id: number; user_id: number; rating: number; body: string }): Promise<boolean> {
  const rows = await db('course_reviews').insert(row).onConflict(['course_id', 'user_id']).ignore().returning('id');
  return rows.length > 0;
}

export interface PendingReviewRow extends ReviewRow {
  author_name: string;
  course_title: string;
}

export function listPendingReviews(db: Db): Promise<PendingReviewRow[]> {
  return db('course_reviews as r')
    .join('users as u', 'u.id', 'r.user_id')
    .join('courses as c', 'c.id', 'r.course_id')
    .select('r.*', 'u.name as author_name', 'c.title as course_title')
    .where('r.status', 'pending')
    .orderBy('r.created_at');
}

export async function setReviewStatus(db: Db, id: number, status: 'approved' | 'rejected', adminId: number): Promise<boolean> {
  const n = await db('course_reviews').where({ id, status: 'pending' }).update({ status, moderated_by: adminId, moderated_at: db.fn.now() });
  return n > 0;
}

export function listApproved(db: Db, courseId: number, limit: number): Promise<(ReviewRow & { author_name: string })[]> {
  const query = db('course_reviews as r')
    .join('users as u', 'u.id', 'r.user_id')
    .select(...REVIEW_COLUMNS.map((c) => `r.${c}`), 'u.name as author_name')
    .where({ 'r.course_id': courseId, 'r.status': 'approved' })
    .orderBy('r.created_at', 'desc')
    .limit(limit);
  return prepared(query, 'approved-reviews');
}

export async function approvedStats(db: Db, courseId: number): Promise<{ count: number; average: number | null }> {
  const query = db('course_reviews')
    .where({ course_id: courseId, status: 'approved' })
    .select(db.raw('count(*)::int as count'), db.raw('avg(rating)::float8 as average'))
    .first();
  const row = await prepared(query, 'approved-review-stats');
  return { count: row?.count ?? 0, average: row?.average ?? null };
}

export async function hasValidCertificate(db: Db, userId: number, courseId: number): Promise<boolean> {
  const row = await db('certificates').where({ user_id: userId, course_id: courseId }).whereNull('revoked_at').first('id');
  return Boolean(row);
}
