import { makeBackup, type BackupDeps } from './backup';
import { listBackups, type BackupFile } from './backup-files';

/** The hour (UTC) from which the day's backup is made: night in Europe, evening in the Americas. */
export const BACKUP_HOUR_UTC = 2;

/**
 * Makes the day's backup once it is past BACKUP_HOUR_UTC, unless one was made already that day
 * (read from the folder, so restarts and a backup made by hand count).
 */
export async function runNightlyBackup(deps: BackupDeps, now = new Date()): Promise<BackupFile | undefined> {
  if (now.getUTCHours() < BACKUP_HOUR_UTC) return undefined;
  const today = now.toISOString().slice(0, 10);
  const newest = listBackups(deps.backupDir)[0];
  if (newest && newest.madeAt.toISOString().slice(0, 10) === today) return undefined;
  return makeBackup(deps, now);
}
