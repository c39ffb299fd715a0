import type { Config } from '../config';
import type { Database } from '../db';
import type { BackupDeps } from './backup';

export { makeBackup, type BackupDeps } from './backup';
export { listBackups } from './backup-files';
export { backupsRouter } from './backups.routes';
export { runNightlyBackup, BACKUP_HOUR_UTC } from './nightly';

/** What backups need, on the embedded database only (PostgreSQL is backed up with its own tools). */
export function backupDepsOf(config: Pick<Config, 'uploadDir' | 'backups'>, database: Database): BackupDeps | undefined {
  if (database.kind !== 'embedded' || !database.pglite) return undefined;
  return { database, uploadDir: config.uploadDir, backupDir: config.backups.dir, keep: config.backups.keep };
}
