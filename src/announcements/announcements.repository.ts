import type { Db } from '../db';

export interface AnnouncementRow {
  id: number;
  course_session_id: number;
  author_id: number | null;
  title: string;
  body_md: string;
  body_html: string;
  created_at: Date;
  author_name?: string | null;
}

export async function insertAnnouncement(db: Db, row: { course_session_id: number; author_id: number; title: string; body_md: string; body_html: string }): Promise<AnnouncementRow> {
  const [created] = await db('announcements').insert(row).returning('*');
  return created;
}

export function listAnnouncements(db: Db, sessionId: number, limit: number): Promise<AnnouncementRow[]> {
  return db('announcements as a')
    .leftJoin('users as u', 'u.id', 'a.author_id')
    .select('a.*', 'u.name as author_name')
    .where('a.course_session_id', sessionId)
    .orderBy([{ column: 'a.created_at', order: 'desc' }, { column: 'a.id', order: 'desc' }])
    .limit(limit);
}

/** The newest announcement of each session, in one query (the dashboard lists several sessions). */
export async function latestAnnouncements(db: Db, sessionIds: number[]): Promise<Map<number, AnnouncementRow>> {
  if (!sessionIds.length) return new Map();
  const rows: AnnouncementRow[] = await db('announcements')
    .distinctOn('course_session_id')
    .select('*')
    .whereIn('course_session_id', sessionIds)
    .orderBy([{ column: 'course_session_id' }, { column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]);
  return new Map(rows.map((r) => [r.course_session_id, r]));
}

/** Active learners enrolled in the session (status enrolled). */
export function enrolledLearners(db: Db, sessionId: number): Promise<{ id: number; name: string; email: string }[]> {
  return db('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .select('u.id', 'u.name', 'u.email')
    .where({ 'e.course_session_id': sessionId, 'e.status': 'enrolled', 'u.active': true })
    .orderBy('u.id');
}

export function findCourseTitle(db: Db, courseId: number): Promise<{ title: string } | undefined> {
  return db('courses').select('title').where({ id: courseId }).first();
}
