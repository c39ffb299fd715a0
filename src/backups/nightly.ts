import { LOCKS } from '../db/locks';
import { makeBackup, type BackupDeps } from './backup';
import { listBackups, removeStalePartials, type BackupFile } from './backup-files';

/** The hour (UTC) from which the day's backup is made: night in Europe, evening in the Americas. */
export const BACKUP_HOUR_UTC = 2;

function madeToday(deps: BackupDeps, now: Date): boolean {
  const newest = listBackups(deps.backupDir)[0];
  return newest !== undefined && newest.madeAt.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
}

/**
 * Makes the day's backup once it is past BACKUP_HOUR_UTC, unless one was made already that day
 * (read from the folder, so restarts and a backup made by hand count). On PostgreSQL, instances
 * share the folder: the one that takes the lock makes the backup, and the others, finding it
 * taken or the backup there, leave it. `signal` (the app stopping) cancels it: see makeBackup.
 * Every pass also deletes the partial files a crash left in the folder (see removeStalePartials).
 */
export async function runNightlyBackup(deps: BackupDeps, now = new Date(), signal?: AbortSignal): Promise<BackupFile | undefined> {
  if (signal?.aborted) return undefined;
  removeStalePartials(deps.backupDir);
  if (now.getUTCHours() < BACKUP_HOUR_UTC || madeToday(deps, now)) return undefined;
  if (deps.database.kind === 'embedded') return makeBackup(deps, now, signal);
  return deps.database.knex.transaction(async (trx) => {
    const { rows } = (await trx.raw('select pg_try_advisory_xact_lock(?, 0) as got', [LOCKS.nightlyBackup])) as { rows: { got: boolean }[] };
    if (!rows[0].got || madeToday(deps, now)) return undefined;
    return makeBackup(deps, now, signal);
  });
}
