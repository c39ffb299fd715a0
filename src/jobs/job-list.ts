import { BACKUP_HOUR_UTC } from '../backups/nightly';

export const DIGEST_HOUR_UTC = 7;
const hour = (h: number) => `${String(h).padStart(2, '0')}:00 UTC`;

/** Every background job, in the order a pass runs them, with what it does in an admin's words. */
export const JOBS = [
  { name: 'go/no-go check', does: 'Flags sessions below their minimum enrolment at their go/no-go date, and emails the admins.' },
  { name: 'certificate retention', does: 'Deletes certificate records past their retention whose learner has gone.' },
  { name: 'week-opening emails', does: 'Tells learners when a week of their session opens.' },
  { name: 'due announcements', does: 'Emails announcements whose time has come.' },
  { name: 'due certificates', does: 'Issues certificates that fell due without the learner doing anything, such as when a held post is approved.' },
  { name: 'deadline reminders', does: 'Reminds learners with things left a week before completion closes.' },
  { name: 'evaluation summaries', does: 'Makes a session’s evaluation summary once completion has closed.' },
  { name: 'daily digest', does: `Emails each reader’s discussion digest, once a day from ${hour(DIGEST_HOUR_UTC)}.` },
  { name: 'rate-limit sweep', does: 'Clears the counts of ended rate limits.' },
  { name: 'nightly backup', does: `Makes the night’s backup of the database and uploaded files, from ${hour(BACKUP_HOUR_UTC)}.` },
] as const;

export type JobName = (typeof JOBS)[number]['name'];
