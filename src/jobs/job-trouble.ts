import { utcText } from '../lib/dates';
import { JOBS } from './job-list';
import type { JobRun } from './job-runs.repository';

/** Passes come every 15 minutes: none for an hour means they have stopped (or one is stuck). */
export const STOPPED_AFTER_MS = 60 * 60_000;

export interface JobTrouble {
  /** The last pass's time, when none has run for an hour. */
  stoppedSince?: string;
  /** The jobs whose latest run failed. */
  failing: { job: string; failedText: string; error: string }[];
}

export function jobTrouble(runs: JobRun[], now: Date): JobTrouble {
  const lastPass = lastPassOf(runs);
  return {
    stoppedSince: lastPass && now.getTime() - lastPass.getTime() > STOPPED_AFTER_MS ? utcText(lastPass) : undefined,
    failing: runs
      .filter((r) => r.failuresInARow > 0 && r.lastFailedAt)
      .map((r) => ({ job: r.job, failedText: utcText(r.lastFailedAt!), error: r.lastError ?? '' })),
  };
}

function lastPassOf(runs: JobRun[]): Date | undefined {
  return runs.reduce<Date | undefined>((latest, r) => (!latest || r.lastRunAt > latest ? r.lastRunAt : latest), undefined);
}

/** Each job for the Background jobs page, in the order a pass runs them, those never run too. */
export function presentJobRuns(runs: JobRun[], now: Date) {
  const byName = new Map(runs.map((r) => [r.job, r]));
  const lastPass = lastPassOf(runs);
  return {
    lastPassText: lastPass ? utcText(lastPass) : undefined,
    trouble: jobTrouble(runs, now),
    jobs: JOBS.map(({ name, does }) => {
      const run = byName.get(name);
      return {
        name,
        does,
        lastRunText: run ? utcText(run.lastRunAt) : undefined,
        failing: Boolean(run && run.failuresInARow > 0),
        failuresInARow: run?.failuresInARow ?? 0,
        lastSucceededText: run?.lastSucceededAt ? utcText(run.lastSucceededAt) : undefined,
        lastFailedText: run?.lastFailedAt ? utcText(run.lastFailedAt) : undefined,
        lastError: run?.lastError ?? undefined,
      };
    }),
  };
}
