import type { Db } from '../db';
import { holdUntilCommit } from '../db/locks';

export interface EvaluationRow {
  id: number;
  enrolment_id: number;
  outcome_ratings: number[];
  helped: string;
  to_change: string;
  submitted_at: Date;
}

export function findEvaluation(db: Db, enrolmentId: number): Promise<EvaluationRow | undefined> {
  return db('evaluations').where({ enrolment_id: enrolmentId }).first();
}

/** Inserts unless this enrolment already answered; returns whether it was inserted. */
export async function insertEvaluation(db: Db, row: { enrolment_id: number; outcome_ratings: number[]; helped: string; to_change: string }): Promise<boolean> {
  const rows = await db('evaluations')
    .insert({ ...row, outcome_ratings: JSON.stringify(row.outcome_ratings) })
    .onConflict('enrolment_id')
    .ignore()
    .returning('id');
  return rows.length > 0;
}

/** The session's answers: all of them, and those in its released summary, with when it was released. */
export async function countResponses(db: Db, sessionId: number): Promise<{ all: number; released: number; releasedAt?: Date }> {
  const [row] = await db('evaluations as ev')
    .join('enrolments as e', 'e.id', 'ev.enrolment_id')
    .where('e.course_session_id', sessionId)
    .select(db.raw('count(*)::int as "all"'), db.raw('(count(*) filter (where ev.released_at is not null))::int as released'), db.raw('min(ev.released_at) as released_at'));
  return { all: Number(row.all), released: Number(row.released), releasedAt: row.released_at ? new Date(row.released_at) : undefined };
}

/**
 * When the last answer can arrive: the end of the session's completion, or later if a learner who
 * has not answered and still can was given more time. Only an enrolled learner with an active
 * account can answer: more time given to one since withdrawn, moved to another session or
 * deactivated holds nothing back.
 */
export async function answersCloseAt(db: Db, sessionId: number): Promise<Date | undefined> {
  const row = await db('course_sessions as s')
    .leftJoin('enrolments as e', 'e.course_session_id', 's.id')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .leftJoin('evaluations as ev', 'ev.enrolment_id', 'e.id')
    .where('s.id', sessionId)
    .groupBy('s.id', 's.completion_deadline_at')
    .first('s.completion_deadline_at', db.raw(`max(e.completion_extended_to) filter (where ev.id is null and e.status = 'enrolled' and u.active) as extended_to`));
  if (!row) return undefined;
  const extended = row.extended_to ? new Date(row.extended_to) : undefined;
  const deadline = new Date(row.completion_deadline_at);
  return extended && extended > deadline ? extended : deadline;
}

/**
 * Puts every answer the session has now into its summary, once: nothing if some were put in
 * before. One statement, so an answer still being sent is either in or out, never added later.
 */
export async function releaseAnswers(db: Db, sessionId: number, at: Date): Promise<void> {
  await db.transaction(async (trx) => {
    await holdUntilCommit(trx, 'evaluationRelease', sessionId);
    const inSession = trx('enrolments').select('id').where('course_session_id', sessionId);
    const already = await trx('evaluations').whereIn('enrolment_id', inSession).whereNotNull('released_at').first('id');
    if (already) return;
    await trx('evaluations').whereIn('enrolment_id', inSession).whereNull('released_at').update({ released_at: at });
  });
}

/** Whether this enrolment's answer came after its session's summary was released, and so is not in it. */
export async function isLeftOutOfSummary(db: Db, enrolmentId: number): Promise<boolean> {
  const row = await db('evaluations as mine')
    .join('enrolments as e', 'e.id', 'mine.enrolment_id')
    .where('mine.enrolment_id', enrolmentId)
    .whereNull('mine.released_at')
    .whereExists((q) =>
      q.select(db.raw('1')).from('evaluations as ev').join('enrolments as e2', 'e2.id', 'ev.enrolment_id').whereRaw('e2.course_session_id = e.course_session_id').whereNotNull('ev.released_at'),
    )
    .first('mine.id');
  return Boolean(row);
}

export interface OutcomeAggregateRow {
  position: number;
  average: number;
  responses: number;
  r1: number;
  r2: number;
  r3: number;
  r4: number;
  r5: number;
}

/** Per learning outcome: average and how many gave each rating, over the session's released answers. */
export function outcomeAggregates(db: Db, sessionId: number): Promise<OutcomeAggregateRow[]> {
  return db('evaluations as ev')
    .select(
      db.raw('(o.position - 1)::int as position'),
      db.raw(`avg((o.value #>> '{}')::int)::float8 as average`),
      db.raw('count(*)::int as responses'),
      ...[1, 2, 3, 4, 5].map((n) => db.raw(`(count(*) filter (where (o.value #>> '{}')::int = ${n}))::int as r${n}`)),
    )
    .join('enrolments as e', 'e.id', 'ev.enrolment_id')
    .joinRaw('cross join jsonb_array_elements(ev.outcome_ratings) with ordinality as o(value, position)')
    .where('e.course_session_id', sessionId)
    .whereNotNull('ev.released_at')
    .groupBy('o.position')
    .orderBy('o.position');
}

/** The released free-text answers, sorted by their text so they cannot be matched to each other or to a person by order. */
export async function freeTextAnswers(db: Db, sessionId: number): Promise<{ helped: string[]; toChange: string[] }> {
  const rows: { helped: string; to_change: string }[] = await db('evaluations as ev')
    .join('enrolments as e', 'e.id', 'ev.enrolment_id')
    .select('ev.helped', 'ev.to_change')
    .where('e.course_session_id', sessionId)
    .whereNotNull('ev.released_at');
  const pick = (values: string[]) => values.map((v) => v.trim()).filter(Boolean).sort((a, b) => a.localeCompare(b));
  return { helped: pick(rows.map((r) => r.helped)), toChange: pick(rows.map((r) => r.to_change)) };
}

export async function courseOutcomes(db: Db, sessionId: number): Promise<string[] | undefined> {
  const row = await db('course_sessions as s').join('courses as c', 'c.id', 's.course_id').select('c.outcomes').where('s.id', sessionId).first();
  if (!row) return undefined;
  return Array.isArray(row.outcomes) ? row.outcomes.map(String) : [];
}
