import { Router } from 'express';
import { requireRole } from '../auth/auth.policy';
import { utcText } from '../lib/dates';
import { AppError, NotFoundError } from '../lib/errors';
import { flash } from '../lib/http';
import type { Logger } from '../lib/logger';
import { BackupBusyError, BackupCancelledError, makeBackup, type BackupDeps } from './backup';
import { backupPath, listBackups } from './backup-files';
import { BACKUP_HOUR_UTC } from './nightly';

export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The admin's backups: the list, a download each, and one made now. `stopping` (the process
 * stopping) cancels one being made, as it does the nightly one: it could outlast the forced stop.
 */
export function backupsRouter(deps: { backup?: BackupDeps; databaseKind: 'embedded' | 'postgres'; uploadDir: string; logger: Logger; stopping?: AbortSignal }): Router {
  const router = Router();
  router.use('/admin/backups', requireRole('admin'));

  router.get('/admin/backups', function showBackups(_req, res) {
    const backups = deps.backup ? listBackups(deps.backup.backupDir) : [];
    res.render('backups/index', {
      title: 'Backups',
      available: Boolean(deps.backup),
      onPostgres: deps.databaseKind === 'postgres',
      backupDir: deps.backup?.backupDir,
      keep: deps.backup?.keep,
      uploadDir: deps.uploadDir,
      hour: String(BACKUP_HOUR_UTC).padStart(2, '0'),
      backups: backups.map((b) => ({ name: b.name, madeText: utcText(b.madeAt), sizeText: sizeText(b.bytes) })),
    });
  });

  router.post('/admin/backups', async function backUpNow(req, res) {
    if (!deps.backup) throw new NotFoundError();
    try {
      const made = await makeBackup(deps.backup, new Date(), deps.stopping);
      flash(req, 'success', `Backup made: ${made.name} (${sizeText(made.bytes)}). Download it to keep a copy away from this machine.`);
    } catch (err) {
      if (err instanceof BackupCancelledError) {
        deps.logger.info('backup asked for by an admin cancelled by the stop; nothing of it is kept');
        // Told in this answer, not after a redirect: the page it would lead to is not served once the process has stopped.
        throw new AppError('The backup was not made: Kindred is stopping (for a restart or an update), and nothing of it was kept.', 503);
      }
      if (err instanceof BackupBusyError) {
        flash(req, 'info', err.message);
      } else {
        deps.logger.error('backup failed', { error: String(err) });
        flash(req, 'error', `The backup could not be made, and nothing was changed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    res.redirect(303, '/admin/backups');
  });

  router.get('/admin/backups/:name', function downloadBackup(req, res) {
    const file = deps.backup ? backupPath(deps.backup.backupDir, req.params.name) : undefined;
    if (!file) throw new NotFoundError('That backup is not here.');
    res.download(file, req.params.name);
  });
  return router;
}
