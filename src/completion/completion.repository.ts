import type { Knex } from 'knex';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { WEEK_RULE_KEYS, type WeekNeeds, type WeekRuleKey, sqlWholeNumber, weekDiscussedSql, weekMetSql } from './completion.rules';

// Completion reads the counts kept on write in enrolment_module_progress and
// enrolment_toolkit_progress (see migrations/20261204_0700_create_completion_counters.ts), never the
// readings, reflections, posts and toolkit entries themselves.

export interface SessionCourseRow {
  id: number;
  title: string;
  time_zone: string;
  starts_at: Date;
  ends_at: Date;
  completion_deadline_at: Date;
  course_id: number;
  course_title: string;
  course_slug: string;
  contact_hours: number;
  completion_rules: unknown;
}

export interface ModuleRow {
  id: number;
  week: number;
  title: string;
  reading_count: number;
  exercise_id: number | null;
  /** An instructor opened the week for this session before its date. */
  opened_early: boolean;
}

export interface ToolkitSectionRow {
  id: number;
  title: string;
  week: number;
}

export interface CourseOfSessionRow extends SessionCourseRow {
  modules: ModuleRow[];
  toolkit_sections: ToolkitSectionRow[];
}

/** The session (or an enrolment's session), its course and the course's weeks and toolkit sections, in one query. */
export function findCourseOfSession(db: Db, of: { sessionId: number } | { enrolmentId: number }): Promise<CourseOfSessionRow | undefined> {
  return prepared(courseOfSessionQuery(db, of), 'completion-plan');
}

function courseOfSessionQuery(db: Db, of: { sessionId: number } | { enrolmentId: number }): Knex.QueryBuilder {
  const q = db('course_sessions as s')
    .join('courses as c', 'c.id', 's.course_id')
    .select('s.id', 's.title', 's.time_zone', 's.starts_at', 's.ends_at', 's.completion_deadline_at', 'c.id as course_id',
      'c.title as course_title', 'c.slug as course_slug', 'c.contact_hours', 'c.completion_rules')
    .select(db.raw(`coalesce((
        select json_agg(json_build_object('id', m.id, 'week', m.week, 'title', m.title, 'exercise_id', x.id,
          'reading_count', (select count(*) from readings r where r.course_module_id = m.id),
          'opened_early', exists (select 1 from week_unlocks wu where wu.course_session_id = s.id and wu.week = m.week)) order by m.week)
        from course_modules m left join exercises x on x.course_module_id = m.id
        where m.course_id = c.id), '[]') as modules`))
    .select(db.raw(`coalesce((
        select json_agg(json_build_object('id', t.id, 'title', t.title, 'week', m.week) order by m.week, t.position, t.id)
        from toolkit_sections t join course_modules m on m.id = t.course_module_id
        where m.course_id = c.id), '[]') as toolkit_sections`))
    .first();
  if ('sessionId' in of) q.where('s.id', of.sessionId);
  else q.join('enrolments as en', 'en.course_session_id', 's.id').where('en.id', of.enrolmentId);
  return q;
}

/** A boolean SQL condition on the learners of a session: `e` their enrolment, `c` their certificate. */
export interface LearnerCondition {
  sql: string;
  bindings: Knex.RawBinding[];
  /** A course module whose counts the condition reads, as `pw`. */
  weekModuleId?: number;
}

export const HOLDS_CERTIFICATE = 'c.id is not null and c.revoked_at is null';

/** Enrolled learners of a session, each with their certificate as `c`, and `pw` when asked for. */
function enrolledIn(db: Db, sessionId: number, weekModuleId?: number): Knex.QueryBuilder {
  const q = db('enrolments as e')
    .leftJoin('certificates as c', (j) => j.on('c.enrolment_id', 'e.id').andOnVal('c.course_session_id', sessionId))
    .where('e.course_session_id', sessionId)
    .where('e.status', 'enrolled');
  if (weekModuleId !== undefined) {
    q.leftJoin('enrolment_module_progress as pw', (j) => j.on('pw.enrolment_id', 'e.id').andOnVal('pw.course_module_id', weekModuleId));
  }
  return q;
}

export interface LearnerCountsRow {
  enrolment_id: number;
  user_id: number;
  name: string;
  email: string;
  evaluated: boolean;
  certificate_id: number | null;
  certificate_code: string | null;
  issued_at: Date | null;
  completed_at: Date | null;
  revoked_at: Date | null;
  completion_kind: 'rules' | 'manual' | null;
  /** What the certificate states, as copied at issue (the name as corrected on re-issue). */
  certificate_name: string | null;
  certificate_course_title: string | null;
  certificate_contact_hours: number | null;
  certificate_session_starts_at: Date | null;
  certificate_session_ends_at: Date | null;
  certificate_time_zone: string | null;
  /** More time given to this learner: their completion stays open until then (when later than the session's). */
  extended_to: Date | null;
  /** Per course module: [course_module_id, readings_done, reflection_status, threads_started, replies_to_others]. */
  modules: [number, number, string | null, number, number][];
  /** Per toolkit section: [toolkit_section_id, entries]. */
  toolkit: [number, number][];
  /** How many toolkit sections the learner chose to share with the session's instructors. */
  shared_sections: number;
}

/** Per week, a learner's threads and replies to others that wait for an instructor's approval (they count once approved). */
export type PendingPosts = Map<number, { posts: number; replies: number }>;

/** Learners' pending threads and replies to others, counted per week (the caller narrows and groups further). */
function pendingPostsQuery(db: Db): Knex.QueryBuilder {
  return db('discussion_posts as p')
    .join('enrolments as e', 'e.user_id', 'p.author_id')
    .join('discussion_threads as t', (j) => j.on('t.id', 'p.thread_id').andOn('t.course_session_id', 'e.course_session_id'))
    .join('course_modules as m', 'm.id', 't.course_module_id')
    .leftJoin('discussion_posts as pp', 'pp.id', 'p.parent_id')
    // A literal, not a binding: the plan PostgreSQL keeps for the named statement can then use the partial index of pending posts.
    .whereRaw("p.status = 'pending'")
    .groupBy('m.week')
    .select('m.week', db.raw('(count(*) filter (where p.parent_id is null))::int as posts'), db.raw('(count(*) filter (where p.parent_id is not null and pp.author_id is distinct from p.author_id))::int as replies'));
}

export async function pendingPostsByWeek(db: Db, enrolmentId: number): Promise<PendingPosts> {
  // On every dashboard view.
  const rows = (await prepared(pendingPostsQuery(db).where('e.id', enrolmentId), 'pending-posts-by-week')) as { week: number; posts: number; replies: number }[];
  return pendingOf(rows);
}

function pendingOf(rows: { week: number; posts: number; replies: number }[]): PendingPosts {
  return new Map(rows.map((r) => [r.week, { posts: r.posts, replies: r.replies }]));
}

/** pendingPostsByWeek for every learner of a session at once, by enrolment. */
export async function pendingPostsOfSession(db: Db, sessionId: number): Promise<Map<number, PendingPosts>> {
  const rows: { enrolment_id: number; week: number; posts: number; replies: number }[] = await pendingPostsQuery(db)
    .where('e.course_session_id', sessionId)
    .groupBy('e.id')
    .select('e.id as enrolment_id');
  const byEnrolment = new Map<number, PendingPosts>();
  for (const r of rows) {
    const pending = byEnrolment.get(r.enrolment_id) ?? new Map();
    pending.set(r.week, { posts: r.posts, replies: r.replies });
    byEnrolment.set(r.enrolment_id, pending);
  }
  return byEnrolment;
}

export interface LearnerQuery {
  /** One enrolment: its id, or a column of an outer query. */
  enrolmentId?: number | Knex.Raw;
  where?: LearnerCondition;
  limit?: number;
  offset?: number;
}

/** Enrolled learners of a session by name, with their certificate and evaluation, and their counts. */
function learnersQuery(db: Db, sessionId: number, opts: LearnerQuery): Knex.QueryBuilder {
  const learners = enrolledIn(db, sessionId, opts.where?.weekModuleId)
    .join('users as u', 'u.id', 'e.user_id')
    .leftJoin('evaluations as ev', 'ev.enrolment_id', 'e.id')
    .select('e.id as enrolment_id', 'u.id as user_id', 'u.name', 'u.email', db.raw('ev.id is not null as evaluated'),
      'c.id as certificate_id', 'c.code as certificate_code', 'c.issued_at', 'c.completed_at', 'c.revoked_at', 'c.completion_kind', 'e.completion_extended_to as extended_to',
      'c.learner_name as certificate_name', 'c.course_title as certificate_course_title', 'c.contact_hours as certificate_contact_hours',
      'c.session_starts_at as certificate_session_starts_at', 'c.session_ends_at as certificate_session_ends_at', 'c.time_zone as certificate_time_zone')
    .orderBy([{ column: 'u.name' }, { column: 'e.id' }]);
  if (opts.enrolmentId !== undefined) learners.where('e.id', opts.enrolmentId);
  if (opts.where) learners.whereRaw(opts.where.sql, opts.where.bindings);
  if (opts.limit !== undefined) learners.limit(opts.limit);
  if (opts.offset) learners.offset(opts.offset);
  // The counts are gathered for the learners of the page only.
  return db
    .select('l.*')
    .select(db.raw(`coalesce((
        select json_agg(json_build_array(p.course_module_id, p.readings_done, p.reflection_status, p.threads_started, p.replies_to_others))
        from enrolment_module_progress p where p.enrolment_id = l.enrolment_id), '[]') as modules`))
    .select(db.raw(`coalesce((
        select json_agg(json_build_array(tp.toolkit_section_id, tp.entries))
        from enrolment_toolkit_progress tp where tp.enrolment_id = l.enrolment_id), '[]') as toolkit`))
    .select(db.raw('(select count(*)::int from toolkit_shares sh where sh.enrolment_id = l.enrolment_id) as shared_sections'))
    .from(learners.as('l'))
    .orderBy([{ column: 'l.name' }, { column: 'l.enrolment_id' }]);
}

/** What a learner's "What's left" panel reads, as whatsLeftDataColumn gives it (timestamps as ISO strings). */
export interface WhatsLeftJson {
  plan: JsonDates<CourseOfSessionRow, 'starts_at' | 'ends_at' | 'completion_deadline_at'> | null;
  learner: (LearnerCountsRow & Record<DateColumn, string | null>) | null;
  pending: { week: number; posts: number; replies: number }[];
}

type JsonDates<T, K extends keyof T> = Omit<T, K> & Record<K, string>;

/**
 * The plan, the learner's counts and their posts waiting for approval, as one json column of a
 * page's own query (the session overview reads it with its own data).
 */
export function whatsLeftDataColumn(db: Db, sessionId: number, enrolmentId: number | Knex.Raw): Knex.Raw {
  return db.raw(
    `json_build_object('plan', (select row_to_json(p) from (?) p), 'learner', (select row_to_json(l) from (?) l), 'pending', (select coalesce(json_agg(pp), '[]') from (?) pp))`,
    [courseOfSessionQuery(db, { sessionId }), learnersQuery(db, sessionId, { enrolmentId }), pendingPostsQuery(db).where('e.id', enrolmentId)],
  );
}

/** whatsLeftDataColumn's json as the rows findCourseOfSession, learnersWithCounts and pendingPostsByWeek read. */
export function whatsLeftRowsOf(json: WhatsLeftJson): { plan?: CourseOfSessionRow; learner?: LearnerCountsRow; pending: PendingPosts } {
  const { plan, learner } = json;
  return {
    plan: plan ? { ...plan, starts_at: new Date(plan.starts_at), ends_at: new Date(plan.ends_at), completion_deadline_at: new Date(plan.completion_deadline_at) } : undefined,
    learner: learner ? withDates(learner) : undefined,
    pending: pendingOf(json.pending),
  };
}

/** Enrolled learners of a session by name with their counts: one query for one, a page or all. */
export function learnersWithCounts(db: Db, sessionId: number, opts: LearnerQuery = {}): Promise<LearnerCountsRow[]> {
  return prepared(learnersQuery(db, sessionId, opts), 'completion-learners');
}

export interface LearnerTotalsRow {
  total: number;
  complete: number;
  matching: number;
  /** Those of `matching` that can be emailed: a deactivated account gets no session email. */
  emailable: number;
}

const ACTIVE_ACCOUNT = 'exists (select 1 from users ua where ua.id = e.user_id and ua.active)';

/** How many learners the session has, how many hold a certificate, and how many meet `where` (and of those, can be emailed). */
function totalsQuery(db: Db, sessionId: number, where?: LearnerCondition): Knex.QueryBuilder {
  const matching = where ? db.raw(`(count(*) filter (where ${where.sql}))::int as matching`, where.bindings) : db.raw('count(*)::int as matching');
  const emailable = where
    ? db.raw(`(count(*) filter (where (${where.sql}) and ${ACTIVE_ACCOUNT}))::int as emailable`, where.bindings)
    : db.raw(`(count(*) filter (where ${ACTIVE_ACCOUNT}))::int as emailable`);
  return enrolledIn(db, sessionId, where?.weekModuleId)
    .select(db.raw('count(*)::int as total'), db.raw(`(count(*) filter (where ${HOLDS_CERTIFICATE}))::int as complete`), matching, emailable);
}

/** The weeks' needs inlined as a list of values `alias (id, readings, reflection, posts, replies)`; there must be at least one week. */
export function weekNeedsValues(weeks: { moduleId: number; needs: WeekNeeds }[], alias: string): string {
  const values = weeks.map((w) => `(${[w.moduleId, ...WEEK_RULE_KEYS.map((k) => w.needs[k])].map(sqlWholeNumber).join(', ')})`).join(', ');
  return `(values ${values}) as ${alias} (id, ${WEEK_RULE_KEYS.join(', ')})`;
}

/** The columns of weekNeedsValues, as weekMetSql takes them. */
export function weekNeedsColumns(alias: string): Record<WeekRuleKey, string> {
  return Object.fromEntries(WEEK_RULE_KEYS.map((k) => [k, `${alias}.${k}`])) as Record<WeekRuleKey, string>;
}

export interface WeekTotalsRow {
  course_module_id: number;
  /** Learners with counts for the week; the others have done nothing in it yet. */
  counted: number;
  all_done: number;
  discussed: number;
}

/**
 * For each week, among the session's learners with counts for it, how many met all of its rules
 * and how many took part in its discussion; the weeks' needs are inlined as values `w`.
 */
function weekTotalsQuery(db: Db, sessionId: number, weeks: { moduleId: number; needs: WeekNeeds }[]): Knex.QueryBuilder {
  const needs = weekNeedsColumns('w');
  return db('enrolment_module_progress as p')
    .join('enrolments as e', 'e.id', 'p.enrolment_id')
    .joinRaw(`join ${weekNeedsValues(weeks, 'w')} on w.id = p.course_module_id`)
    .where('e.course_session_id', sessionId)
    .where('e.status', 'enrolled')
    .select('p.course_module_id', db.raw('count(*)::int as counted'))
    .select(db.raw(`(count(*) filter (where ${weekMetSql('p', needs)}))::int as all_done`))
    .select(db.raw(`(count(*) filter (where ${weekDiscussedSql('p', needs)}))::int as discussed`))
    .groupBy('p.course_module_id');
}

export interface ProgressData {
  totals: LearnerTotalsRow;
  weeks: WeekTotalsRow[];
  learners: LearnerCountsRow[];
}

/**
 * The progress table's data in one query (each round trip to the database costs the app as much
 * as reading a page of counts): the totals, the weekly participation and a page of learners.
 */
export async function progressData(
  db: Db,
  sessionId: number,
  opts: { where?: LearnerCondition; weeks: { moduleId: number; needs: WeekNeeds }[]; limit: number; offset: number },
): Promise<ProgressData> {
  const weeks = opts.weeks.length ? db.raw(`(select coalesce(json_agg(w), '[]') from (?) w) as weeks`, [weekTotalsQuery(db, sessionId, opts.weeks)]) : db.raw(`'[]'::json as weeks`);
  const query = db
    .select(
      db.raw('(select row_to_json(t) from (?) t) as totals', [totalsQuery(db, sessionId, opts.where)]),
      weeks,
      db.raw(`(select coalesce(json_agg(l order by l.name, l.enrolment_id), '[]') from (?) l) as learners`, [learnersQuery(db, sessionId, { where: opts.where, limit: opts.limit, offset: opts.offset })]),
    )
    .first();
  const row = (await prepared(query, 'completion-progress')) as { totals: LearnerTotalsRow; weeks: WeekTotalsRow[]; learners: (LearnerCountsRow & Record<DateColumn, string | null>)[] };
  return { ...row, learners: row.learners.map(withDates) };
}

type DateColumn = 'issued_at' | 'completed_at' | 'revoked_at' | 'extended_to' | 'certificate_session_starts_at' | 'certificate_session_ends_at';

/** A learner row read through JSON, with its timestamps as dates again. */
function withDates(row: LearnerCountsRow & Record<DateColumn, string | null>): LearnerCountsRow {
  const date = (v: string | null) => (v === null ? null : new Date(v));
  return {
    ...row,
    issued_at: date(row.issued_at),
    completed_at: date(row.completed_at),
    revoked_at: date(row.revoked_at),
    extended_to: date(row.extended_to),
    certificate_session_starts_at: date(row.certificate_session_starts_at),
    certificate_session_ends_at: date(row.certificate_session_ends_at),
  };
}

/** Names of the session's enrolled learners, for matching a search the way people type it. */
export function learnerNames(db: Db, sessionId: number): Promise<{ enrolment_id: number; name: string }[]> {
  return db('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .where({ 'e.course_session_id': sessionId, 'e.status': 'enrolled' })
    .select('e.id as enrolment_id', 'u.name');
}
