import type { Knex } from 'knex';
import type { Db } from '../db';
import { sqlWholeNumber, weekMetSql } from './completion.rules';
import { weekNeedsColumns, weekNeedsValues } from './completion.repository';
import type { CompletionPlan } from './completion.service';

/** Enrolled learners without a certificate whose completion is still open at `now`, as `e` (with `s` their session). */
export function uncertifiedAndOpen(q: Knex.QueryBuilder, now: Date): Knex.QueryBuilder {
  return q
    .leftJoin('certificates as c', 'c.enrolment_id', 'e.id')
    .where('e.status', 'enrolled')
    .whereNull('c.id')
    // More time given to the learner keeps completion open for them past the session's deadline.
    .whereRaw('greatest(s.completion_deadline_at, e.completion_extended_to) > ?', [now]);
}

/** Sessions under way (of one course, when given) with a learner who could still earn a certificate. */
export function sessionsWithOpenCompletion(db: Db, now: Date, courseId?: number): Promise<{ id: number }[]> {
  const q = db('course_sessions as s')
    .where('s.starts_at', '<=', now)
    .whereExists(uncertifiedAndOpen(db('enrolments as e').whereRaw('e.course_session_id = s.id').select(db.raw('1')), now))
    .select('s.id')
    .orderBy('s.id');
  if (courseId !== undefined) q.where('s.course_id', courseId);
  return q;
}

/**
 * The session's learners who meet every rule of its plan, from the counts kept on write, have
 * no certificate (not even a revoked one) and whose completion is still open: one query, however
 * many learners. The plan's needs are inlined, so the SQL decides as completion.rules does.
 */
export async function enrolmentsMeetingRules(db: Db, plan: CompletionPlan, now: Date): Promise<number[]> {
  const { session, rules, weeks, toolkitSections } = plan;
  const q = uncertifiedAndOpen(db('enrolments as e').join('course_sessions as s', 's.id', 'e.course_session_id'), now)
    .where('e.course_session_id', session.id)
    .select('e.id')
    .orderBy('e.id');
  if (weeks.length) {
    q.whereRaw(`not exists (
      select 1 from ${weekNeedsValues(weeks, 'w')}
      left join enrolment_module_progress p on p.enrolment_id = e.id and p.course_module_id = w.id
      where not (${weekMetSql('p', weekNeedsColumns('w'))}))`);
  }
  if (rules.toolkitEntriesPerSection > 0 && toolkitSections.length) {
    q.whereRaw(
      `not exists (
        select 1 from unnest(?::int[]) as t (id)
        left join enrolment_toolkit_progress tp on tp.enrolment_id = e.id and tp.toolkit_section_id = t.id
        where coalesce(tp.entries, 0) < ${sqlWholeNumber(rules.toolkitEntriesPerSection)})`,
      [`{${toolkitSections.map((t) => sqlWholeNumber(t.id)).join(',')}}`],
    );
  }
  if (rules.evaluation) q.whereExists(db('evaluations as ev').whereRaw('ev.enrolment_id = e.id').select(db.raw('1')));
  const rows: { id: number }[] = await q;
  return rows.map((r) => r.id);
}
