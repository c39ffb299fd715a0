import type { Db } from '../db';
import { sendDueAnnouncements } from '../announcements';
import { BackupBusyError, BackupCancelledError, runNightlyBackup, type BackupDeps } from '../backups';
import { purgeExpiredCertificates } from '../certificates';
import { issueDueCertificates, sendDeadlineReminders } from '../completion';
import { sendDailyDigests } from '../discussions';
import { flagSessionsAtGoNoGo } from '../enrolment';
import { releaseDueEvaluationSummaries } from '../evaluations';
import type { Logger } from '../lib/logger';
import { sweepRateLimits } from '../lib/rate-limit-store';
import { sendWeekOpeningEmails } from '../modules';
import type { Mailer } from '../notifications';
import { DIGEST_HOUR_UTC, type JobName } from './job-list';
import { recordJobRuns, type JobOutcome } from './job-runs.repository';

export interface JobDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  logger: Logger;
  /** The site's contact address (CONTACT_EMAIL), named in reminders as the place to ask for help. */
  contactEmail?: string;
  /** Where Kindred can make backups (see backupDepsOf): where the nightly backup goes. */
  backup?: BackupDeps;
  /** The time each pass runs at: the clock, unless a test sets it (the nightly backup is due only from 02:00 UTC). */
  now?: () => Date;
}

export interface JobState {
  /** The UTC day this process last ran the digest, to skip the pass; the database's claim per reader keeps it to one a day. */
  lastDigestDay?: string;
  /** Set for the pass at start-up, so a backup never holds up the app's first minutes. */
  holdBackup?: boolean;
}

const TICK_MS = 15 * 60_000;

/**
 * One pass of the background work: flag sessions at their go/no-go date (safe at any
 * frequency), delete certificate records past their retention whose learner has gone, tell
 * learners when a week of their session opens (with the announcements that waited for it), email
 * announcements that waited for their time, issue certificates that fell due without the
 * learner doing anything (rules relaxed, a held post approved), remind those with things left a
 * week before completion closes, release the evaluation summaries that fell due (so one appears at
 * most 15 minutes after no more answers can arrive), send the daily discussion digest once a day
 * from 07:00 UTC (a restart that day sends no second one), sweep ended rate-limit counts, and
 * make the night's backup where Kindred can make backups (src/backups/index.ts, backupDepsOf). Every job is idempotent, so several instances
 * running them do no harm. A job that fails is logged, one line naming it, and the others still
 * run; `failed` names those that failed, to be tried again at the next pass. Each job's outcome is
 * recorded for the admin's Background jobs page (src/jobs/jobs.routes.ts).
 */
export async function runScheduledJobs(
  deps: JobDeps,
  state: JobState,
  now = new Date(),
  /** The app stopping: a backup being made is cancelled, leaving nothing; none is started. */
  stopping?: AbortSignal,
): Promise<{ flagged: number[]; digests: number; purgedCertificates: number; weekEmails: number; announcementEmails: number; certificates: number; reminders: number; evaluationSummaries: number; backup?: string; failed: string[] }> {
  const failed: string[] = [];
  const outcomes: JobOutcome[] = [];
  const runJob = async <T>(name: JobName, job: () => Promise<T>, ifFailed: T): Promise<T> => {
    try {
      const result = await job();
      outcomes.push({ job: name });
      return result;
    } catch (err) {
      failed.push(name);
      outcomes.push({ job: name, error: String(err) });
      deps.logger.error('scheduled job failed', { job: name, error: String(err) });
      return ifFailed;
    }
  };
  const flagged = await runJob('go/no-go check', () => flagSessionsAtGoNoGo(deps, now), []);
  const purgedCertificates = await runJob('certificate retention', () => purgeExpiredCertificates(deps.db, now), 0);
  const weekEmails = await runJob('week-opening emails', () => sendWeekOpeningEmails(deps, now), 0);
  const announcementEmails = await runJob('due announcements', () => sendDueAnnouncements(deps, now), 0);
  // Before the reminders, so nobody is reminded of a course they have just completed.
  const certificates = await runJob('due certificates', () => issueDueCertificates(deps, now), 0);
  const reminders = await runJob('deadline reminders', () => sendDeadlineReminders(deps, now), 0);
  const evaluationSummaries = await runJob('evaluation summaries', () => releaseDueEvaluationSummaries(deps.db, now), 0);
  let digests = 0;
  const today = now.toISOString().slice(0, 10);
  if (now.getUTCHours() >= DIGEST_HOUR_UTC && state.lastDigestDay !== today) {
    digests = await runJob('daily digest', async () => {
      const sent = await sendDailyDigests(deps, now);
      // Only once sent: digests that failed are tried again at the next pass.
      state.lastDigestDay = today;
      return sent;
    }, 0);
  }
  await runJob('rate-limit sweep', () => sweepRateLimits(deps.db), undefined);
  const backupDeps = state.holdBackup ? undefined : deps.backup;
  const backup = backupDeps && (await runJob('nightly backup', () => nightlyBackup(deps, backupDeps, now, stopping), undefined));
  // For the admin's Background jobs page; the log has said it all already if this fails too.
  await recordJobRuns(deps.db, outcomes, now).catch((err: unknown) => deps.logger.error('could not record the scheduled jobs’ outcomes', { error: String(err) }));
  return { flagged, digests, purgedCertificates, weekEmails, announcementEmails, certificates, reminders, evaluationSummaries, backup, failed };
}

/** The night's backup, if due; a stop cancelling it, or another backup being made, is no failure. */
async function nightlyBackup(deps: JobDeps, backup: BackupDeps, now: Date, stopping?: AbortSignal): Promise<string | undefined> {
  try {
    return (await runNightlyBackup(backup, now, stopping))?.name;
  } catch (err) {
    if (err instanceof BackupCancelledError) {
      deps.logger.info('nightly backup cancelled by the stop; nothing of it is kept');
      return undefined;
    }
    // Nothing remembers this pass: the next one reads the folder for the day's backup again (see
    // runNightlyBackup), so it makes it unless the one being made now is of the same day.
    if (err instanceof BackupBusyError) {
      deps.logger.info('nightly backup: another backup is being made; trying again at the next pass');
      return undefined;
    }
    throw err;
  }
}

/**
 * Runs the jobs now and every 15 minutes; errors are logged, never crash the process. `stop`
 * starts no further pass, cancels a nightly backup being made (it could outlast the forced-stop
 * limit), and resolves once the pass in flight, if any, has ended, so the database can then be
 * closed under nothing.
 */
export function startScheduledJobs(deps: JobDeps): { stop(): Promise<void> } {
  const state: JobState = { holdBackup: true };
  let running: Promise<void> | undefined;
  const stopping = new AbortController();
  const pass = async () => {
    try {
      const result = await runScheduledJobs(deps, state, deps.now?.() ?? new Date(), stopping.signal);
      if (result.flagged.length || result.digests || result.purgedCertificates || result.weekEmails || result.announcementEmails || result.certificates || result.reminders || result.evaluationSummaries || result.backup) {
        deps.logger.info('scheduled jobs ran', {
          flagged_sessions: result.flagged,
          digests: result.digests,
          purged_certificates: result.purgedCertificates,
          week_emails: result.weekEmails,
          announcement_emails: result.announcementEmails,
          certificates_issued: result.certificates,
          deadline_reminders: result.reminders,
          evaluation_summaries_released: result.evaluationSummaries,
          backup: result.backup,
        });
      }
    } catch (err) {
      deps.logger.error('scheduled jobs failed', { error: String(err) });
    } finally {
      state.holdBackup = false;
    }
  };
  const tick = () => {
    running ??= pass().finally(() => (running = undefined));
  };
  const timer = setInterval(tick, TICK_MS);
  timer.unref();
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
