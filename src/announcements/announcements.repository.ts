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

/** What a list of announcements shows of each. */
export type ListedAnnouncement = Pick<AnnouncementRow, 'id' | 'title' | 'body_html' | 'created_at' | 'author_name'>;

export function listAnnouncements(db: Db, sessionId: number, limit: number): Promise<ListedAnnouncement[]> {
  return db('announcements as a')
    .leftJoin('users as u', 'u.id', 'a.author_id')
    .select('a.id', 'a.title', 'a.body_html', 'a.created_at', 'u.name as author_name')
    .where('a.course_session_id', sessionId)
    .orderBy([{ column: 'a.created_at', order: 'desc' }, { column: 'a.id', order: 'desc' }])
    .limit(limit);
}

/**
 * A json column of the session's latest announcements, newest first, for a page that loads
 * them in the same query as its own data (read it with listedAnnouncementsOf). Its one
 * binding is the session id.
 */
export function latestAnnouncementsColumn(limit: number): string {
  return `coalesce((
    select json_agg(json_build_object('id', a.id, 'title', a.title, 'body_html', a.body_html, 'created_at', a.created_at, 'author_name', u.name)
                    order by a.created_at desc, a.id desc)
      from (select id, title, body_html, created_at, author_id from announcements
             where course_session_id = ? order by created_at desc, id desc limit ${Math.trunc(limit)}) a
      left join users u on u.id = a.author_id), '[]')`;
}

/** A ListedAnnouncement as latestAnnouncementsColumn gives it. */
export type AnnouncementJson = Omit<ListedAnnouncement, 'created_at'> & { created_at: string };

export function listedAnnouncementsOf(json: AnnouncementJson[]): ListedAnnouncement[] {
  return json.map((a) => ({ ...a, created_at: new Date(a.created_at) }));
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

export function findCourseTitle(db: Db, courseId: number): Promise<{ title: string } | undefined> {
  return db('courses').select('title').where({ id: courseId }).first();
}
