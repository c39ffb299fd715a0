import type { Config } from '../config';
import type { Database } from '../db';
import type { BackupDeps } from './backup';
import { pgDumpVersion } from './pg-tools';

export { BackupBusyError, BackupCancelledError, makeBackup, type BackupDeps } from './backup';
export { listBackups } from './backup-files';
export { backupsRouter } from './backups.routes';
export { runNightlyBackup, BACKUP_HOUR_UTC } from './nightly';

/** What backups need: the embedded database, or a PostgreSQL server with pg_dump installed here. */
export function backupDepsOf(config: Pick<Config, 'uploadDir' | 'backups'>, database: Database): BackupDeps | undefined {
  const possible = database.kind === 'embedded' ? Boolean(database.pglite) : Boolean(database.url) && pgDumpVersion() !== null;
  if (!possible) return undefined;
  return { database, uploadDir: config.uploadDir, backupDir: config.backups.dir, keep: config.backups.keep };
}
