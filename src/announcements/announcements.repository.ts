import type { Db } from '../db';
import { prepared } from '../db/prepared';

export interface AnnouncementRow {
  id: number;
  course_session_id: number;
  author_id: number | null;
  title: string;
  body_md: string;
  body_html: string;
  created_at: Date;
  /** When it is (or will be) up; null while it waits for a week's opening. */
  published_at: Date | null;
  /** The week whose opening email takes it along, for one that waits for it. */
  with_week: number | null;
  /** When its emails were written (the claim on them); null until then. */
  emailed_at: Date | null;
  edited_at: Date | null;
  author_name?: string | null;
}

// Listed, not `*`, so the dashboard's query can be a named statement (see src/db/prepared.ts).
const ANNOUNCEMENT_COLUMNS = ['id', 'course_session_id', 'author_id', 'title', 'body_md', 'body_html', 'created_at', 'published_at', 'with_week', 'emailed_at', 'edited_at'] as const satisfies readonly (keyof AnnouncementRow)[];

export interface NewAnnouncement {
  course_session_id: number;
  author_id: number;
  title: string;
  body_md: string;
  body_html: string;
  published_at: Date | null;
  with_week: number | null;
  emailed_at: Date | null;
}

export async function insertAnnouncement(db: Db, row: NewAnnouncement): Promise<AnnouncementRow> {
  const [created] = await db('announcements').insert(row).returning('*');
  return created;
}

/** The same announcement from the same author since `since`: the form sent twice. */
export function findTwin(db: Db, row: Pick<NewAnnouncement, 'course_session_id' | 'author_id' | 'title' | 'body_md'>, since: Date): Promise<AnnouncementRow | undefined> {
  return db('announcements')
    .where({ course_session_id: row.course_session_id, author_id: row.author_id, title: row.title, body_md: row.body_md })
    .andWhere('created_at', '>=', since)
    .orderBy('id', 'desc')
    .first();
}

/** One announcement of a session, with its author's name; undefined for another session's. */
export function findAnnouncement(db: Db, sessionId: number, id: number): Promise<AnnouncementRow | undefined> {
  return db('announcements as a')
    .leftJoin('users as u', 'u.id', 'a.author_id')
    .where({ 'a.course_session_id': sessionId, 'a.id': id })
    .first('a.*', 'u.name as author_name');
}

export async function updateAnnouncement(
  db: Db,
  id: number,
  changes: Partial<Pick<AnnouncementRow, 'title' | 'body_md' | 'body_html' | 'published_at' | 'with_week' | 'edited_at'>>,
  onlyIfUnsent: boolean,
): Promise<AnnouncementRow | undefined> {
  const query = db('announcements').where({ id });
  if (onlyIfUnsent) query.whereNull('emailed_at');
  const [row] = await query.update(changes).returning('*');
  return row;
}

export async function deleteAnnouncement(db: Db, id: number): Promise<void> {
  await db('announcements').where({ id }).delete();
}

/** What a list of announcements shows of each. */
export type ListedAnnouncement = Pick<AnnouncementRow, 'id' | 'title' | 'body_html' | 'edited_at' | 'author_name'> & { published_at: Date };

const LISTED = ['a.id', 'a.title', 'a.body_html', 'a.published_at', 'a.edited_at', 'u.name as author_name'];

/** The session's announcements that are up, newest first. */
export function listAnnouncements(db: Db, sessionId: number, limit: number, now: Date): Promise<ListedAnnouncement[]> {
  return db('announcements as a')
    .leftJoin('users as u', 'u.id', 'a.author_id')
    .select(LISTED)
    .where('a.course_session_id', sessionId)
    .whereNotNull('a.published_at')
    .where('a.published_at', '<=', now)
    .orderBy([{ column: 'a.published_at', order: 'desc' }, { column: 'a.id', order: 'desc' }])
    .limit(limit);
}

/** The session's announcements still to come (for its staff), soonest first; those waiting for a week last, by week. */
export function listScheduledAnnouncements(db: Db, sessionId: number, now: Date): Promise<AnnouncementRow[]> {
  return db('announcements as a')
    .leftJoin('users as u', 'u.id', 'a.author_id')
    .select('a.*', 'u.name as author_name')
    .where('a.course_session_id', sessionId)
    .where((q) => q.whereNull('a.published_at').orWhere('a.published_at', '>', now))
    .orderByRaw('a.published_at asc nulls last, a.with_week asc, a.id asc');
}

/**
 * A json column of the session's latest announcements that are up, newest first, for a page that
 * loads them in the same query as its own data (read it with listedAnnouncementsOf). Its two
 * bindings are the session id and the time now.
 */
export function latestAnnouncementsColumn(limit: number): string {
  return `coalesce((
    select json_agg(json_build_object('id', a.id, 'title', a.title, 'body_html', a.body_html, 'published_at', a.published_at, 'edited_at', a.edited_at, 'author_name', u.name)
                    order by a.published_at desc, a.id desc)
      from (select id, title, body_html, published_at, edited_at, author_id from announcements
             where course_session_id = ? and published_at <= ? order by published_at desc, id desc limit ${Math.trunc(limit)}) a
      left join users u on u.id = a.author_id), '[]')`;
}

/** A ListedAnnouncement as latestAnnouncementsColumn gives it. */
export type AnnouncementJson = Omit<ListedAnnouncement, 'published_at' | 'edited_at'> & { published_at: string; edited_at: string | null };

export function listedAnnouncementsOf(json: AnnouncementJson[]): ListedAnnouncement[] {
  return json.map((a) => ({ ...a, published_at: new Date(a.published_at), edited_at: a.edited_at ? new Date(a.edited_at) : null }));
}

/** The newest announcement that is up in each session, in one query (the dashboard lists several sessions). */
export async function latestAnnouncements(db: Db, sessionIds: number[], now: Date): Promise<Map<number, AnnouncementRow>> {
  if (!sessionIds.length) return new Map();
  const query = db('announcements')
    .distinctOn('course_session_id')
    .select(ANNOUNCEMENT_COLUMNS)
    .whereIn('course_session_id', sessionIds)
    .whereNotNull('published_at')
    .where('published_at', '<=', now)
    .orderBy([{ column: 'course_session_id' }, { column: 'published_at', order: 'desc' }, { column: 'id', order: 'desc' }]);
  const rows: AnnouncementRow[] = await prepared(query, 'latest-announcements');
  return new Map(rows.map((r) => [r.course_session_id, r]));
}

export function findCourseTitle(db: Db, courseId: number): Promise<{ title: string } | undefined> {
  return db('courses').select('title').where({ id: courseId }).first();
}

/** An announcement whose emails are to be written now, with what they need. */
export interface ClaimedAnnouncement extends AnnouncementRow {
  author_name: string | null;
  author_email: string | null;
  course_title: string;
}

const CLAIMED_RETURNING = `a.*, (select name from users where id = a.author_id) as author_name, (select email from users where id = a.author_id) as author_email,
  (select c.title from course_sessions s join courses c on c.id = s.course_id where s.id = a.course_session_id) as course_title`;

/**
 * Claims the unsent announcements matching `where` (a condition on `a`): one that waited goes up
 * now, and its emails are claimed once, so no instance sends them twice.
 */
async function claimWhere(db: Db, now: Date, where: string, bindings: number[]): Promise<ClaimedAnnouncement[]> {
  const { rows } = (await db.raw(
    `update announcements a set published_at = coalesce(a.published_at, ?), emailed_at = ?
      where ${where} and a.emailed_at is null
      returning ${CLAIMED_RETURNING}`,
    [now, now, ...bindings],
  )) as { rows: ClaimedAnnouncement[] };
  return rows.sort((x, y) => x.id - y.id);
}

/** Claims the announcements of a session that wait for this week's opening; their emails go out with the week's. */
export function claimWeekAnnouncements(db: Db, sessionId: number, week: number, now: Date): Promise<ClaimedAnnouncement[]> {
  return claimWhere(db, now, 'a.course_session_id = ? and a.with_week = ?', [sessionId, week]);
}

/** Announcements not yet emailed, in sessions still running (not cancelled, not over), with each session's times. */
export interface UnsentAnnouncement {
  id: number;
  course_session_id: number;
  published_at: Date | null;
  with_week: number | null;
  starts_at: Date;
  time_zone: string;
  unlocked_at: Date | null;
}

export async function listUnsentAnnouncements(db: Db, now: Date): Promise<UnsentAnnouncement[]> {
  return db('announcements as a')
    .join('course_sessions as s', 's.id', 'a.course_session_id')
    .leftJoin('week_unlocks as wu', (j) => j.on('wu.course_session_id', 'a.course_session_id').andOn('wu.week', 'a.with_week'))
    .select('a.id', 'a.course_session_id', 'a.published_at', 'a.with_week', 's.starts_at', 's.time_zone', 'wu.unlocked_at')
    .whereNull('a.emailed_at')
    .where('s.status', 'scheduled')
    .where('s.ends_at', '>', now)
    .orderBy('a.id');
}

/** Claims one announcement's emails (and puts it up, for one that waited for a week); undefined when another run did. */
export async function claimAnnouncement(db: Db, id: number, now: Date): Promise<ClaimedAnnouncement | undefined> {
  const [claimed] = await claimWhere(db, now, 'a.id = ?', [id]);
  return claimed;
}
