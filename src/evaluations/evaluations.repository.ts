import type { Db } from '../db';

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

export async function countResponses(db: Db, sessionId: number): Promise<number> {
  const [row] = await db('evaluations as ev').join('enrolments as e', 'e.id', 'ev.enrolment_id').where('e.course_session_id', sessionId).count<{ n: number }[]>('* as n');
  return Number(row.n);
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

/** Per learning outcome: average and how many gave each rating, over the whole session. */
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
    .groupBy('o.position')
    .orderBy('o.position');
}

/** The free-text answers, sorted by their text so they cannot be matched to each other or to a person by order. */
export async function freeTextAnswers(db: Db, sessionId: number): Promise<{ helped: string[]; toChange: string[] }> {
  const rows: { helped: string; to_change: string }[] = await db('evaluations as ev')
    .join('enrolments as e', 'e.id', 'ev.enrolment_id')
    .select('ev.helped', 'ev.to_change')
    .where('e.course_session_id', sessionId);
  const pick = (values: string[]) => values.map((v) => v.trim()).filter(Boolean).sort((a, b) => a.localeCompare(b));
  return { helped: pick(rows.map((r) => r.helped)), toChange: pick(rows.map((r) => r.to_change)) };
}

export async function courseOutcomes(db: Db, sessionId: number): Promise<string[] | undefined> {
  const row = await db('course_sessions as s').join('courses as c', 'c.id', 's.course_id').select('c.outcomes').where('s.id', sessionId).first();
  if (!row) return undefined;
  return Array.isArray(row.outcomes) ? row.outcomes.map(String) : [];
}
