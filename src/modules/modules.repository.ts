import type { Db } from '../db';
import { prepared } from '../db/prepared';
import type { CurrentUser } from '../auth';
import { SESSION_ACCESS_SQL, sessionAccessColumns, type SessionAccessRow } from '../enrolment/access';
// Straight from the repository: the announcements index leads back here through its routes.
import { latestAnnouncementsColumn, type AnnouncementJson } from '../announcements/announcements.repository';
// The overview page's other panels come from their features' repositories, for the same reason.
import { whatsLeftDataColumn, type WhatsLeftJson } from '../completion/completion.repository';
import { unreadThreadsByModuleColumn, unreadThreadsColumn } from '../discussions/discussions.repository';
import { MODERATION_WAITING_COLUMN, type ModerationCounts } from '../discussions/moderation.repository';
import { INSTRUCTOR_NAMES_COLUMN } from '../enrolment/sessions.repository';

export interface CourseModuleRow {
  id: number;
  course_id: number;
  week: number;
  title: string;
  summary_html: string;
  estimated_minutes: number;
}

export interface ReadingFileRow {
  id: number;
  original_name: string;
  size_bytes: number;
}

export interface ReadingSuggestionRow {
  id: number;
  text: string;
  /** Whether the learner asked about already has it in their toolkit (always false for staff). */
  added: boolean;
}

export interface WeekReadingRow {
  id: number;
  title: string;
  minutes: number;
  content_note: string | null;
  body_html: string;
  /** Whether the learner asked about has marked it done (always false for staff). */
  done: boolean;
  files: ReadingFileRow[];
  suggestions: ReadingSuggestionRow[];
}

/**
 * A week page: the session with the reader's access to it, and the week. The week's columns
 * are null when the course has no such week (module_id null).
 */
export interface WeekPageRow extends SessionAccessRow {
  module_id: number | null;
  module_week: number;
  module_title: string;
  summary_html: string;
  estimated_minutes: number;
  course_title: string;
  unlocked_at: Date | null;
  exercise_id: number | null;
  exercise_title: string | null;
  exercise_prompt_html: string | null;
  reflection_status: string | null;
  readings: WeekReadingRow[];
  toolkit_sections: ToolkitSectionTitle[];
  /** Threads of the week's board with posts new to the reader, that they may open. */
  unread_threads: number;
}

export interface ToolkitSectionTitle {
  title: string;
}

/** One week on the session overview; the learner columns are empty for staff and the staff column 0 for learners. */
export interface WeekSummaryRow {
  id: number;
  week: number;
  title: string;
  /** When an instructor opened the week early (json: an ISO string), else null. */
  unlocked_at: string | null;
  readings_total: number;
  readings_done: number;
  exercise_id: number | null;
  exercise_title: string | null;
  reflection_status: string | null;
  awaiting_feedback: number;
}

export interface SessionOverviewRow {
  course_title: string;
  weeks: WeekSummaryRow[];
  announcements: AnnouncementJson[];
}

/** The overview page's row: the overview, and what its other panels show for this reader. */
export interface SessionPageRow extends SessionOverviewRow {
  instructor_names: string[];
  /** Threads with posts new to the reader, that they may open if their week is open, by module id. */
  unread_threads_by_module: Record<string, number>;
  /** Staff only. */
  moderation?: ModerationCounts;
  /** Learners only: what their "What's left" panel reads. */
  whats_left?: WhatsLeftJson;
}

export async function findCourseTitle(db: Db, courseId: number): Promise<string> {
  const row = await db('courses').select('title').where({ id: courseId }).first();
  return row?.title ?? '';
}

export interface OutlineWeekRow {
  week: number;
  title: string;
  estimated_minutes: number;
  outcome_numbers: number[];
}

/** A course's weeks as its public page outlines them: title, time to set aside, outcomes served. */
export function listCourseOutline(db: Db, courseId: number): Promise<OutlineWeekRow[]> {
  return prepared(db('course_modules').where({ course_id: courseId }).orderBy('week').select('week', 'title', 'estimated_minutes', 'outcome_numbers'), 'course-outline');
}

export function findCourseModule(db: Db, courseId: number, week: number): Promise<CourseModuleRow | undefined> {
  return db('course_modules')
    .select('id', 'course_id', 'week', 'title', 'summary_html', 'estimated_minutes')
    .where({ course_id: courseId, week })
    .first();
}

/** A course module with the session's early unlock of it, if any, in one query (week pages of other features use it). */
export async function findCourseModuleInSession(
  db: Db,
  courseId: number,
  sessionId: number,
  week: number,
): Promise<(CourseModuleRow & { unlocked_at: Date | null }) | undefined> {
  const { rows } = await db.raw(
    `select m.id, m.course_id, m.week, m.title, m.summary_html, m.estimated_minutes, wu.unlocked_at
       from course_modules m
       left join week_unlocks wu on wu.course_session_id = ? and wu.week = m.week
      where m.course_id = ? and m.week = ?`,
    [sessionId, courseId, week],
  );
  return rows[0];
}

// The two pages below are the most visited of the app: each is one hand-written query (raw SQL
// also skips the query builder's cost), with the week's parts gathered by subqueries.

// Who may see the session comes along in the same query (acc). The reader's enrolment (rd) counts
// only where accessFromRow makes them its learner: not for an admin, nor one of its instructors.
// Its unread threads are a binding (unreadThreadsColumn), which reads rd.
const WEEK_PAGE_SQL = `
  with acc as (${SESSION_ACCESS_SQL})
  select ${sessionAccessColumns('acc')},
         m.id as module_id, m.week as module_week, m.title as module_title, m.summary_html, m.estimated_minutes,
         c.title as course_title, wu.unlocked_at,
         x.id as exercise_id, x.title as exercise_title, x.prompt_html as exercise_prompt_html,
         (select rf.status from reflections rf where rf.enrolment_id = rd.enrolment_id and rf.exercise_id = x.id) as reflection_status,
         coalesce((
           select json_agg(json_build_object(
                    'id', r.id, 'title', r.title, 'minutes', r.minutes, 'content_note', r.content_note, 'body_html', r.body_html,
                    'done', exists (select 1 from reading_progress rp where rp.enrolment_id = rd.enrolment_id and rp.reading_id = r.id),
                    'files', coalesce((
                      select json_agg(json_build_object('id', f.id, 'original_name', f.original_name, 'size_bytes', f.size_bytes) order by f.id)
                        from reading_files f where f.reading_id = r.id), '[]'),
                    'suggestions', coalesce((
                      select json_agg(json_build_object(
                               'id', s.id, 'text', s.text,
                               -- Added: an entry came from it, or its text is an entry of the section it goes to (as the toolkit page tells).
                               'added', exists (
                                 select 1 from toolkit_entries te
                                  where te.enrolment_id = rd.enrolment_id
                                    and (te.reading_suggestion_id = s.id
                                         or (te.body = s.text
                                             and te.toolkit_section_id = (
                                               select ts.id from toolkit_sections ts join course_modules tm on tm.id = ts.course_module_id
                                                where tm.course_id = m.course_id and ts.key = s.section_key
                                                order by tm.week, ts.position, ts.id limit 1))))
                             ) order by s.position, s.id)
                        from reading_suggestions s where s.reading_id = r.id), '[]')
                  ) order by r.position)
             from readings r where r.course_module_id = m.id), '[]') as readings,
         coalesce((
           select json_agg(json_build_object('title', t.title) order by t.position)
             from toolkit_sections t where t.course_module_id = m.id), '[]') as toolkit_sections,
         ? as unread_threads
    from acc
   cross join lateral (
         select case when ?::boolean or acc.instructor_id is not null then null else acc.enrolment_id end as enrolment_id) rd
    join courses c on c.id = acc.course_id
    left join course_modules m on m.course_id = acc.course_id and m.week = ?
    left join week_unlocks wu on wu.course_session_id = acc.id and wu.week = m.week
    left join exercises x on x.course_module_id = m.id`;

/**
 * Everything a week page shows, and who may see it, in one query: no row when the session does
 * not exist; a row with no module_id when the course has no such week.
 */
export async function findWeekPage(db: Db, q: { user: CurrentUser; sessionId: number; week: number }): Promise<WeekPageRow | undefined> {
  const { user, sessionId, week } = q;
  const unread = unreadThreadsColumn(db, { moduleId: 'm.id', learner: 'rd.enrolment_id is not null' }, { viewerId: user.id, sessionId });
  const bindings = [user.id, user.id, sessionId, unread, user.role === 'admin', week];
  const { rows } = await prepared(db.raw(WEEK_PAGE_SQL, bindings), 'week-page');
  return rows[0];
}

// The learner's enrolment is a binding, or a column of a query that embeds the session's access.
const learnerWeeks = (enrolment: string) => `
  select m.id, m.week, m.title, wu.unlocked_at,
         (select count(*) from readings r where r.course_module_id = m.id)::int as readings_total,
         (select count(*) from reading_progress rp join readings r on r.id = rp.reading_id
           where rp.enrolment_id = ${enrolment} and r.course_module_id = m.id)::int as readings_done,
         x.id as exercise_id, x.title as exercise_title,
         (select rf.status from reflections rf where rf.enrolment_id = ${enrolment} and rf.exercise_id = x.id) as reflection_status,
         0 as awaiting_feedback
    from course_modules m
    left join week_unlocks wu on wu.course_session_id = ? and wu.week = m.week
    left join exercises x on x.course_module_id = m.id
   where m.course_id = c.id`;

const STAFF_WEEKS = `
  select m.id, m.week, m.title, wu.unlocked_at,
         (select count(*) from readings r where r.course_module_id = m.id)::int as readings_total,
         0 as readings_done,
         x.id as exercise_id, x.title as exercise_title,
         null as reflection_status,
         coalesce(aw.n, 0)::int as awaiting_feedback
    from course_modules m
    left join week_unlocks wu on wu.course_session_id = ? and wu.week = m.week
    left join exercises x on x.course_module_id = m.id
    left join (
      select rf.exercise_id, count(*) as n
        from reflections rf join enrolments e on e.id = rf.enrolment_id
       where rf.status = 'submitted' and e.course_session_id = ? and e.status = 'enrolled'
       group by rf.exercise_id
    ) aw on aw.exercise_id = x.id
   where m.course_id = c.id`;

// The overview's announcements panel comes along in the same query.
const OVERVIEW_ANNOUNCEMENTS = 3;
const overviewColumns = (weeks: string, pageColumns = '') => `
         c.title as course_title,
         coalesce((select json_agg(w order by w.week) from (${weeks}) w), '[]') as weeks,
         ${latestAnnouncementsColumn(OVERVIEW_ANNOUNCEMENTS)} as announcements${pageColumns}`;
const overviewSql = (weeks: string, pageColumns = '') => `
  select ${overviewColumns(weeks, pageColumns)}
    from courses c
   where c.id = ?`;

const LEARNER_OVERVIEW_SQL = overviewSql(learnerWeeks('?'));
const STAFF_OVERVIEW_SQL = overviewSql(STAFF_WEEKS);

// The overview page also shows who teaches, the reader's unread threads (a binding: the discussions
// feature builds it) and, by role, the learner's "What's left" (a binding: the completion feature
// builds it) or the staff's moderation queue.
const PAGE_COLUMNS = `,
         ${INSTRUCTOR_NAMES_COLUMN} as instructor_names,
         ? as unread_threads_by_module`;
const LEARNER_PAGE_COLUMNS = `${PAGE_COLUMNS},
         ? as whats_left`;
const LEARNER_PAGE_SQL = overviewSql(learnerWeeks('?'), LEARNER_PAGE_COLUMNS);
// For a reader whose role is learner: who may see the session comes along (acc), as on the week page.
const LEARNER_PAGE_WITH_ACCESS_SQL = `
  with acc as (${SESSION_ACCESS_SQL})
  select ${sessionAccessColumns('acc')}, ${overviewColumns(learnerWeeks('acc.enrolment_id'), LEARNER_PAGE_COLUMNS)}
    from acc
    join courses c on c.id = acc.course_id`;
const STAFF_PAGE_SQL = overviewSql(STAFF_WEEKS, `${PAGE_COLUMNS},
         ${MODERATION_WAITING_COLUMN} as moderation`);

/**
 * Everything the session overview shows of the course, in one query: every week with a
 * learner's progress when enrolmentId is given, else (staff) the reflections waiting for
 * feedback; and the session's latest announcements.
 */
export async function findSessionOverview(
  db: Db,
  q: { courseId: number; sessionId: number; enrolmentId: number | null; now: Date },
): Promise<SessionOverviewRow | undefined> {
  const { rows } =
    q.enrolmentId === null
      ? await prepared(db.raw(STAFF_OVERVIEW_SQL, [q.sessionId, q.sessionId, q.sessionId, q.now, q.courseId]), 'staff-overview')
      : await prepared(db.raw(LEARNER_OVERVIEW_SQL, [q.enrolmentId, q.enrolmentId, q.sessionId, q.sessionId, q.now, q.courseId]), 'learner-overview');
  return rows[0];
}

/** findSessionOverview with the rest of the overview page, for the reader viewerId: one query for the whole page. */
export async function findSessionPage(
  db: Db,
  q: { courseId: number; sessionId: number; enrolmentId: number | null; viewerId: number; now: Date },
): Promise<SessionPageRow | undefined> {
  const page = [q.sessionId, unreadThreadsByModuleColumn(db, q.enrolmentId !== null, { viewerId: q.viewerId, sessionId: q.sessionId })];
  const { rows } =
    q.enrolmentId === null
      ? await prepared(db.raw(STAFF_PAGE_SQL, [q.sessionId, q.sessionId, q.sessionId, q.now, ...page, q.sessionId, q.sessionId, q.courseId]), 'staff-session-page')
      : await prepared(
          db.raw(LEARNER_PAGE_SQL, [q.enrolmentId, q.enrolmentId, q.sessionId, q.sessionId, q.now, ...page, whatsLeftDataColumn(db, q.sessionId, q.enrolmentId), q.courseId]),
          'learner-session-page',
        );
  return rows[0];
}

/**
 * findSessionPage for a reader whose role is learner, with their access to the session read in
 * the same query: no row when the session does not exist. Their progress is read from their
 * enrolment, if they have one.
 */
export async function findLearnerSessionPage(db: Db, q: { userId: number; sessionId: number; now: Date }): Promise<(SessionPageRow & SessionAccessRow) | undefined> {
  const { userId, sessionId, now } = q;
  const bindings = [userId, userId, sessionId, sessionId, sessionId, now, sessionId, unreadThreadsByModuleColumn(db, true, { viewerId: userId, sessionId }), whatsLeftDataColumn(db, sessionId, db.raw('acc.enrolment_id'))];
  const { rows } = await prepared(db.raw(LEARNER_PAGE_WITH_ACCESS_SQL, bindings), 'learner-session-page-with-access');
  return rows[0];
}

/** A reading's file, only if the reading belongs to the given course, with the reading's week. */
export function findReadingFileOfCourse(
  db: Db,
  courseId: number,
  readingId: number,
  fileId: number,
): Promise<{ storage_key: string; original_name: string; content_type: string; week: number } | undefined> {
  return db('reading_files as f')
    .join('readings as r', 'r.id', 'f.reading_id')
    .join('course_modules as m', 'm.id', 'r.course_module_id')
    .select('f.storage_key', 'f.original_name', 'f.content_type', 'm.week')
    .where({ 'f.id': fileId, 'r.id': readingId, 'm.course_id': courseId })
    .first();
}

/** The reading with the week it belongs to, only if it is part of the given course. */
export function findReadingOfCourse(db: Db, courseId: number, readingId: number): Promise<{ id: number; week: number } | undefined> {
  return db('readings as r')
    .join('course_modules as m', 'm.id', 'r.course_module_id')
    .select('r.id', 'm.week')
    .where({ 'r.id': readingId, 'm.course_id': courseId })
    .first();
}

export async function insertReadingProgress(db: Db, enrolmentId: number, readingId: number): Promise<void> {
  await db('reading_progress').insert({ enrolment_id: enrolmentId, reading_id: readingId }).onConflict(['enrolment_id', 'reading_id']).ignore();
}

export async function deleteReadingProgress(db: Db, enrolmentId: number, readingId: number): Promise<void> {
  await db('reading_progress').where({ enrolment_id: enrolmentId, reading_id: readingId }).delete();
}

export async function insertWeekUnlock(db: Db, sessionId: number, week: number, userId: number): Promise<void> {
  await db('week_unlocks').insert({ course_session_id: sessionId, week, unlocked_by: userId }).onConflict(['course_session_id', 'week']).ignore();
}
