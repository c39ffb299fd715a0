import type { Knex } from 'knex';
import type { Db } from '../db';

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

export function findSessionCourse(db: Db, sessionId: number): Promise<SessionCourseRow | undefined> {
  return db('course_sessions as s')
    .join('courses as c', 'c.id', 's.course_id')
    .select('s.id', 's.title', 's.time_zone', 's.starts_at', 's.ends_at', 's.completion_deadline_at', 'c.id as course_id',
      'c.title as course_title', 'c.slug as course_slug', 'c.contact_hours', 'c.completion_rules')
    .where('s.id', sessionId)
    .first();
}

export interface ModuleRow {
  id: number;
  week: number;
  title: string;
  reading_count: number;
  exercise_id: number | null;
}

export function listModules(db: Db, courseId: number): Promise<ModuleRow[]> {
  return db('course_modules as m')
    .leftJoin('exercises as x', 'x.course_module_id', 'm.id')
    .select('m.id', 'm.week', 'm.title', 'x.id as exercise_id',
      db.raw('(select count(*)::int from readings r where r.course_module_id = m.id) as reading_count'))
    .where('m.course_id', courseId)
    .orderBy('m.week');
}

export interface ToolkitSectionRow {
  id: number;
  title: string;
  week: number;
}

export function listToolkitSections(db: Db, courseId: number): Promise<ToolkitSectionRow[]> {
  return db('toolkit_sections as t')
    .join('course_modules as m', 'm.id', 't.course_module_id')
    .select('t.id', 't.title', 'm.week')
    .where('m.course_id', courseId)
    .orderBy([{ column: 'm.week' }, { column: 't.position' }]);
}

export interface LearnerRow {
  enrolment_id: number;
  user_id: number;
  name: string;
  email: string;
}

/** Scopes a query on enrolments `e` to one session, and optionally one enrolment. */
function inSession(q: Knex.QueryBuilder, sessionId: number, enrolmentId?: number): Knex.QueryBuilder {
  q.where('e.course_session_id', sessionId);
  if (enrolmentId !== undefined) q.where('e.id', enrolmentId);
  return q;
}

export function listLearners(db: Db, sessionId: number, enrolmentId?: number): Promise<LearnerRow[]> {
  return inSession(
    db('enrolments as e').join('users as u', 'u.id', 'e.user_id').select('e.id as enrolment_id', 'u.id as user_id', 'u.name', 'u.email').where('e.status', 'enrolled'),
    sessionId,
    enrolmentId,
  ).orderBy([{ column: 'u.name' }, { column: 'e.id' }]);
}

export interface ModuleCountRow {
  enrolment_id: number;
  course_module_id: number;
  done: number;
}

export function readingsDone(db: Db, sessionId: number, enrolmentId?: number): Promise<ModuleCountRow[]> {
  return inSession(
    db('reading_progress as rp')
      .join('readings as r', 'r.id', 'rp.reading_id')
      .join('enrolments as e', 'e.id', 'rp.enrolment_id')
      .select('rp.enrolment_id', 'r.course_module_id')
      .select(db.raw('count(*)::int as done'))
      .groupBy('rp.enrolment_id', 'r.course_module_id'),
    sessionId,
    enrolmentId,
  );
}

export interface ReflectionStateRow {
  enrolment_id: number;
  course_module_id: number;
  status: string;
}

export function reflectionStates(db: Db, sessionId: number, enrolmentId?: number): Promise<ReflectionStateRow[]> {
  return inSession(
    db('reflections as rf')
      .join('exercises as x', 'x.id', 'rf.exercise_id')
      .join('enrolments as e', 'e.id', 'rf.enrolment_id')
      .select('rf.enrolment_id', 'x.course_module_id', 'rf.status'),
    sessionId,
    enrolmentId,
  );
}

export interface DiscussionCountRow {
  enrolment_id: number;
  course_module_id: number;
  threads: number;
  replies: number;
}

/** Threads started and replies to someone else's post, per learner and week, ignoring deleted posts. */
export function discussionCounts(db: Db, sessionId: number, enrolmentId?: number): Promise<DiscussionCountRow[]> {
  return inSession(
    db('discussion_posts as p')
      .join('discussion_threads as t', 't.id', 'p.thread_id')
      .join('enrolments as e', (j) => j.on('e.user_id', 'p.author_id').andOn('e.course_session_id', 't.course_session_id'))
      .leftJoin('discussion_posts as pp', 'pp.id', 'p.parent_id')
      .select('e.id as enrolment_id', 't.course_module_id')
      .select(db.raw('(count(*) filter (where p.parent_id is null))::int as threads'))
      .select(db.raw('(count(*) filter (where p.parent_id is not null and pp.author_id is distinct from p.author_id))::int as replies'))
      .where('t.course_session_id', sessionId)
      .whereNot('p.status', 'deleted')
      .groupBy('e.id', 't.course_module_id'),
    sessionId,
    enrolmentId,
  );
}

export interface SectionCountRow {
  enrolment_id: number;
  toolkit_section_id: number;
  done: number;
}

export function toolkitCounts(db: Db, sessionId: number, enrolmentId?: number): Promise<SectionCountRow[]> {
  return inSession(
    db('toolkit_entries as te')
      .join('enrolments as e', 'e.id', 'te.enrolment_id')
      .select('te.enrolment_id', 'te.toolkit_section_id')
      .select(db.raw('count(*)::int as done'))
      .groupBy('te.enrolment_id', 'te.toolkit_section_id'),
    sessionId,
    enrolmentId,
  );
}

export function evaluationsSubmitted(db: Db, sessionId: number, enrolmentId?: number): Promise<{ enrolment_id: number }[]> {
  return inSession(db('evaluations as ev').join('enrolments as e', 'e.id', 'ev.enrolment_id').select('ev.enrolment_id'), sessionId, enrolmentId);
}

export function findEnrolment(db: Db, enrolmentId: number): Promise<{ id: number; course_session_id: number; user_id: number; status: string } | undefined> {
  return db('enrolments').select('id', 'course_session_id', 'user_id', 'status').where({ id: enrolmentId }).first();
}
