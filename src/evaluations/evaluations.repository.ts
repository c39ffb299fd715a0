import type { Db } from '../db';
import { holdUntilCommit } from '../db/locks';
import { opensAsLearnerSql } from '../enrolment';

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

/**
 * The session's answers: all of them, and those in its released summary, with when it was
 * released. Released is read from the session, which stays released when all its answers are gone.
 */
export async function countResponses(db: Db, sessionId: number): Promise<{ all: number; released: number; releasedAt?: Date }> {
  const { rows } = await db.raw(
    `select (select s.evaluation_summary_released_at from course_sessions s where s.id = :sessionId) as released_at,
            count(*)::int as "all",
            (count(*) filter (where ev.released_at is not null))::int as released
       from evaluations ev
       join enrolments e on e.id = ev.enrolment_id
      where e.course_session_id = :sessionId`,
    { sessionId },
  );
  const [row] = rows;
  return { all: Number(row.all), released: Number(row.released), releasedAt: row.released_at ? new Date(row.released_at) : undefined };
}

/**
 * The enrolments of session `s` that could still send an answer: enrolled, with an active account,
 * not answered yet, and able to answer at all. The session's staff (an admin, or an instructor
 * assigned to it) who are also enrolled open it as its staff, so they never can.
 */
const STILL_ABLE_TO_ANSWER = `
    from enrolments e
    join users u on u.id = e.user_id
   where e.course_session_id = s.id
     and e.status = 'enrolled'
     and u.active
     and ${opensAsLearnerSql('s', 'u')}
     and not exists (select 1 from evaluations ev where ev.enrolment_id = e.id)`;

/**
 * When session `s`'s last answer can arrive: the end of its completion, or later if one who can
 * still answer was given more time. More time given to one since withdrawn, moved to another
 * session or deactivated, or to staff enrolled as a learner, holds nothing back.
 */
const ANSWERS_CLOSE_AT = `greatest(s.completion_deadline_at, (select max(e.completion_extended_to) ${STILL_ABLE_TO_ANSWER}))`;

export async function answersCloseAt(db: Db, sessionId: number): Promise<Date | undefined> {
  const { rows } = await db.raw(`select ${ANSWERS_CLOSE_AT} as closes_at from course_sessions s where s.id = ?`, [sessionId]);
  return rows[0] ? new Date(rows[0].closes_at) : undefined;
}

/**
 * Releases the summary of every session that is due: no more answers can arrive, at least
 * `minimum` were sent, and none was released before. Each session's answers are all put in at one
 * time, in one statement, so an answer still being sent is either in or out, never added later.
 * Sessions are found from the answers not yet released (the partial index evaluations_unreleased):
 * once released, a session has none but those sent later. The release is written on the session
 * too, in the same statement: it stays released when every released answer is gone (deleted
 * accounts take theirs along), so answers sent later never make a second summary. Returns the
 * sessions released.
 */
export async function releaseDueSummaries(db: Db, now: Date, minimum: number): Promise<number[]> {
  return db.transaction(async (trx) => {
    // One pass at a time: a second pass whose statement began before the first committed would
    // still see the session unreleased, and could release an answer the first one missed, at
    // another time. After the lock, its statement sees what the first released, and skips it.
    await holdUntilCommit(trx, 'evaluationRelease', 0);
    const { rows } = await trx.raw(
      `with unreleased as (
         select e.course_session_id as session_id
           from evaluations ev
           join enrolments e on e.id = ev.enrolment_id
          where ev.released_at is null
          group by e.course_session_id
         having count(*) >= :minimum
       ), due as (
         select s.id
           from course_sessions s
           join unreleased on unreleased.session_id = s.id
          where s.evaluation_summary_released_at is null
            and s.completion_deadline_at <= :now
            and ${ANSWERS_CLOSE_AT} <= :now
       ), released_sessions as (
         update course_sessions s set evaluation_summary_released_at = :now
           from due
          where s.id = due.id
            and s.evaluation_summary_released_at is null
         returning s.id
       ), released_answers as (
         update evaluations ev set released_at = :now
           from released_sessions
           join enrolments e on e.course_session_id = released_sessions.id
          where ev.enrolment_id = e.id
            and ev.released_at is null
       )
       select id from released_sessions`,
      { now, minimum },
    );
    return rows.map((r: { id: number }) => Number(r.id)).sort((a: number, b: number) => a - b);
  });
}

/** Whether this enrolment's answer came after its session's summary was released, and so is not in it. */
export async function isLeftOutOfSummary(db: Db, enrolmentId: number): Promise<boolean> {
  const row = await db('evaluations as mine')
    .join('enrolments as e', 'e.id', 'mine.enrolment_id')
    .join('course_sessions as s', 's.id', 'e.course_session_id')
    .where('mine.enrolment_id', enrolmentId)
    .whereNull('mine.released_at')
    .whereNotNull('s.evaluation_summary_released_at')
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
