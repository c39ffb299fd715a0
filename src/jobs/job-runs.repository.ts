import type { Db } from '../db';

/** One job's outcome in a pass: `error` set when it failed. */
export interface JobOutcome {
  job: string;
  error?: string;
}

export interface JobRun {
  job: string;
  lastRunAt: Date;
  lastSucceededAt: Date | null;
  lastFailedAt: Date | null;
  lastError: string | null;
  failuresInARow: number;
}

/** Long enough for any error's message; a message is one line of the log, never a stack. */
const ERROR_LENGTH = 1000;

/**
 * Records a pass's outcomes, one statement for all. Several instances may run the jobs: a pass
 * that ends after a later one never moves a time back nor changes the later outcome, and a
 * success anywhere ends a run of failures.
 */
export async function recordJobRuns(db: Db, outcomes: JobOutcome[], at: Date): Promise<void> {
  if (!outcomes.length) return;
  await db('scheduled_job_runs')
    .insert(outcomes.map((o) => ({
      job: o.job,
      last_run_at: at,
      last_succeeded_at: o.error === undefined ? at : null,
      last_failed_at: o.error === undefined ? null : at,
      last_error: o.error === undefined ? null : o.error.slice(0, ERROR_LENGTH),
      failures_in_a_row: o.error === undefined ? 0 : 1,
    })))
    .onConflict('job')
    // An outcome older than the one recorded (a slower instance's pass) only fills in times.
    .merge({
      last_run_at: db.raw('greatest(scheduled_job_runs.last_run_at, excluded.last_run_at)'),
      last_succeeded_at: db.raw('greatest(scheduled_job_runs.last_succeeded_at, excluded.last_succeeded_at)'),
      last_failed_at: db.raw('greatest(scheduled_job_runs.last_failed_at, excluded.last_failed_at)'),
      // The error of the latest failure, whichever pass brings it.
      last_error: db.raw(`case when excluded.last_failed_at >= coalesce(scheduled_job_runs.last_failed_at, excluded.last_failed_at) then excluded.last_error
        else scheduled_job_runs.last_error end`),
      failures_in_a_row: db.raw(`case when excluded.last_run_at < scheduled_job_runs.last_run_at then scheduled_job_runs.failures_in_a_row
        when excluded.last_failed_at is null then 0 else scheduled_job_runs.failures_in_a_row + 1 end`),
    });
}

export async function listJobRuns(db: Db): Promise<JobRun[]> {
  const rows = await db('scheduled_job_runs').select('*');
  return rows.map((r) => ({
    job: r.job,
    lastRunAt: r.last_run_at,
    lastSucceededAt: r.last_succeeded_at,
    lastFailedAt: r.last_failed_at,
    lastError: r.last_error,
    failuresInARow: r.failures_in_a_row,
  }));
}
