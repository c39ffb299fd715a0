import type { Db } from '../db';
import { sendDueAnnouncements } from '../announcements';
import { BackupCancelledError, runNightlyBackup, type BackupDeps } from '../backups';
import { purgeExpiredCertificates } from '../certificates';
import { issueDueCertificates, sendDeadlineReminders } from '../completion';
import { sendDailyDigests } from '../discussions';
import { flagSessionsAtGoNoGo } from '../enrolment';
import { releaseDueEvaluationSummaries } from '../evaluations';
import type { Logger } from '../lib/logger';
import { sweepRateLimits } from '../lib/rate-limit-store';
import { sendWeekOpeningEmails } from '../modules';
import type { Mailer } from '../notifications';

export interface JobDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  logger: Logger;
  /** The site's contact address (CONTACT_EMAIL), named in reminders as the place to ask for help. */
  contactEmail?: string;
  /** On the embedded database: where the nightly backup goes. */
  backup?: BackupDeps;
}

export interface JobState {
  /** The UTC day this process last ran the digest, to skip the pass; the database's claim per reader keeps it to one a day. */
  lastDigestDay?: string;
  /** Set for the pass at start-up, so a backup never holds up the app's first minutes. */
  holdBackup?: boolean;
}

export const DIGEST_HOUR_UTC = 7;
const TICK_MS = 15 * 60_000;

/**
 * One pass of the background work: flag sessions at their go/no-go date (safe at any
 * frequency), delete certificate records past their retention whose learner has gone, tell
 * learners when a week of their session opens (with the announcements that waited for it), email
 * announcements that waited for their time, issue certificates that fell due without the
 * learner doing anything (rules relaxed, a held post approved), remind those with things left a
 * week before completion closes, release the evaluation summaries that fell due (so one appears at
 * most 15 minutes after no more answers can arrive), send the daily discussion digest once a day
 * from 07:00 UTC (a restart that day sends no second one), sweep ended
 * rate-limit counts, and on the
 * embedded database make the night's backup. Every job is idempotent, so several instances
 * running them do no harm.
 */
export async function runScheduledJobs(
  deps: JobDeps,
  state: JobState,
  now = new Date(),
  /** The app stopping: a backup being made is cancelled, leaving nothing; none is started. */
  stopping?: AbortSignal,
): Promise<{ flagged: number[]; digests: number; purgedCertificates: number; weekEmails: number; announcementEmails: number; certificates: number; reminders: number; evaluationSummaries: number; backup?: string }> {
  const flagged = await flagSessionsAtGoNoGo(deps, now);
  const purgedCertificates = await purgeExpiredCertificates(deps.db, now);
  const weekEmails = await sendWeekOpeningEmails(deps, now);
  const announcementEmails = await sendDueAnnouncements(deps, now);
  // Before the reminders, so nobody is reminded of a course they have just completed.
  const certificates = await issueDueCertificates(deps, now);
  const reminders = await sendDeadlineReminders(deps, now);
  const evaluationSummaries = await releaseDueEvaluationSummaries(deps.db, now);
  let digests = 0;
  const today = now.toISOString().slice(0, 10);
  if (now.getUTCHours() >= DIGEST_HOUR_UTC && state.lastDigestDay !== today) {
    digests = await sendDailyDigests(deps, now);
    state.lastDigestDay = today;
  }
  await sweepRateLimits(deps.db);
  let backup: string | undefined;
  try {
    backup = deps.backup && !state.holdBackup ? (await runNightlyBackup(deps.backup, now, stopping))?.name : undefined;
  } catch (err) {
    if (!(err instanceof BackupCancelledError)) throw err;
    deps.logger.info('nightly backup cancelled by the stop; nothing of it is kept');
  }
  return { flagged, digests, purgedCertificates, weekEmails, announcementEmails, certificates, reminders, evaluationSummaries, backup };
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
      const result = await runScheduledJobs(deps, state, new Date(), stopping.signal);
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
