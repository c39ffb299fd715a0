import type { Db } from '../db';
import { checkAndIssue, type IssuanceDeps } from '../completion';
import type { SessionRow } from '../enrolment';
import { formatInZone } from '../lib/dates';
import { weekOpenings } from '../modules';
import { ConflictError, NotFoundError } from '../lib/errors';
import { STOPPED_AFTER_MS } from '../jobs/job-trouble';
import {
  answersCloseAt,
  countResponses,
  courseOutcomes,
  findEvaluation,
  freeTextAnswers,
  insertEvaluation,
  isLeftOutOfSummary,
  outcomeAggregates,
  releaseDueSummaries,
  type EvaluationRow,
} from './evaluations.repository';

/** Fewer answers than this and a summary could point at a person, so none is shown. */
export const MIN_RESPONSES_FOR_SUMMARY = 3;

export async function outcomesOfSession(db: Db, sessionId: number): Promise<string[]> {
  const outcomes = await courseOutcomes(db, sessionId);
  if (!outcomes) throw new NotFoundError();
  return outcomes;
}

/** Whether the evaluation is open: it asks about the whole course, so it opens with the course's last week (by date, or early). */
export async function evaluationOpening(db: Db, session: SessionRow, now = new Date()): Promise<{ open: boolean; week: number; opensText: string }> {
  const row = await db('course_modules').where({ course_id: session.course_id }).max({ week: 'week' }).first();
  const week = Number(row?.week ?? 0);
  if (!week) return { open: true, week, opensText: '' };
  const [opening] = await weekOpenings(db, session, [week], now);
  return { open: opening.open, week, opensText: formatInZone(opening.opensAt, session.time_zone, 'cccc d LLLL') };
}

export function evaluationOf(db: Db, enrolmentId: number): Promise<EvaluationRow | undefined> {
  return findEvaluation(db, enrolmentId);
}

/**
 * Records a learner's one evaluation (a second is refused), then checks completion, since the
 * evaluation may be the last rule to be met. Says whether it came too late for the session's
 * released summary, which it is then not added to (see evaluationSummary).
 */
export async function submitEvaluation(
  deps: IssuanceDeps,
  enrolmentId: number,
  answers: { ratings: number[]; helped: string; toChange: string },
): Promise<{ certificateIssued: boolean; leftOutOfSummary: boolean }> {
  const inserted = await insertEvaluation(deps.db, { enrolment_id: enrolmentId, outcome_ratings: answers.ratings, helped: answers.helped, to_change: answers.toChange });
  if (!inserted) throw new ConflictError('You have already sent your evaluation. Thank you!');
  const result = await checkAndIssue(deps, enrolmentId);
  return { certificateIssued: result.issued, leftOutOfSummary: await isLeftOutOfSummary(deps.db, enrolmentId) };
}

export type EvaluationSummary =
  | {
      shown: false;
      /**
       * open: answers can still arrive; due: no more can, and there are enough, so the next pass
       * of the background jobs (every 15 minutes) releases it; late: due for over an hour, so the
       * jobs are failing or have stopped; too-few: closed with fewer than three.
       */
      stage: 'open' | 'due' | 'late' | 'too-few';
      responses: number;
      needed: number;
      closesAt: Date;
    }
  | {
      /** Released, but fewer than three of its answers are left (deleted accounts take theirs along); never made again. */
      shown: false;
      stage: 'too-few-left';
      responses: number;
      later: number;
      needed: number;
      releasedAt: Date;
      closesAt: Date;
    }
  | {
      shown: true;
      responses: number;
      /** Answers sent after the summary was released, which it leaves out. */
      later: number;
      releasedAt: Date;
      outcomes: { text: string; average: string; counts: number[] }[];
      helped: string[];
      toChange: string[];
    };

/**
 * The session's evaluations, aggregated and anonymous, for its staff and admins alike.
 *
 * Those who teach see who has sent an evaluation (a completion rule), so a summary that moved with
 * each new answer would show what that person answered. So the summary is released only once no
 * more answers can arrive (the session's completion has closed, and any more time given to a learner
 * who can answer and has not has run out), and only with at least three answers. It is then frozen:
 * an answer sent later, after more time was given, is never added to it. The background jobs
 * release it (releaseDueEvaluationSummaries); this only reads.
 */
export async function evaluationSummary(db: Db, sessionId: number, now = new Date()): Promise<EvaluationSummary> {
  const closesAt = await answersCloseAt(db, sessionId);
  if (!closesAt) throw new NotFoundError();
  const counts = await countResponses(db, sessionId);
  if (!counts.releasedAt) {
    const stage =
      now < closesAt ? 'open'
      : counts.all < MIN_RESPONSES_FOR_SUMMARY ? 'too-few'
      : now.getTime() - closesAt.getTime() > STOPPED_AFTER_MS ? 'late'
      : 'due';
    return { shown: false, stage, responses: counts.all, needed: MIN_RESPONSES_FOR_SUMMARY, closesAt };
  }
  const later = counts.all - counts.released;
  // Released, but fewer than three are left (learners who deleted their account, or were moved, take their answer with them).
  if (counts.released < MIN_RESPONSES_FOR_SUMMARY) {
    return { shown: false, stage: 'too-few-left', responses: counts.released, later, needed: MIN_RESPONSES_FOR_SUMMARY, releasedAt: counts.releasedAt, closesAt };
  }
  const [outcomes, aggregates, text] = await Promise.all([outcomesOfSession(db, sessionId), outcomeAggregates(db, sessionId), freeTextAnswers(db, sessionId)]);
  const byPosition = new Map(aggregates.map((a) => [a.position, a]));
  return {
    shown: true,
    responses: counts.released,
    later,
    releasedAt: counts.releasedAt,
    outcomes: outcomes.map((outcome, i) => {
      const a = byPosition.get(i);
      return { text: outcome, average: a ? a.average.toFixed(1) : '–', counts: a ? [a.r1, a.r2, a.r3, a.r4, a.r5] : [0, 0, 0, 0, 0] };
    }),
    helped: text.helped,
    toChange: text.toChange,
  };
}

/**
 * A scheduled job: releases the summary of every session that has become due (see
 * evaluationSummary), those whose completion closed while the app was down too. Safe to run by
 * several instances at once: each session is released once, at one time. Returns how many.
 */
export async function releaseDueEvaluationSummaries(db: Db, now = new Date()): Promise<number> {
  return (await releaseDueSummaries(db, now, MIN_RESPONSES_FOR_SUMMARY)).length;
}
