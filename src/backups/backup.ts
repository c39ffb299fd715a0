import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { create } from 'tar';
import type { Database } from '../db';
import { backupName, pruneBackups, type BackupFile } from './backup-files';
import { pgDump } from './pg-tools';

export const MANIFEST = 'manifest.json';
export const DATABASE_ARCHIVE = 'pgdata.tar.gz';
export const POSTGRES_DUMP = 'database.pgdump';
export const UPLOADS = 'uploads';
export const BACKUP_FORMAT = 1;

export interface BackupManifest {
  app: 'kindred';
  format: number;
  madeAt: string;
  latestMigration: string | null;
  /** What the database was; backups from before PostgreSQL ones were possible have none (embedded). */
  database?: 'embedded' | 'postgresql';
}

export interface BackupDeps {
  database: Database;
  uploadDir: string;
  backupDir: string;
  /** How many backups to keep; older ones are deleted after a new one is made. */
  keep: number;
}

/**
 * A backup of the database and the uploaded files, in one file: `manifest.json`, the database and
 * `uploads/`. The embedded database is its own copy of its files (`pgdata.tar.gz`, PGlite's
 * dumpDataDir, which waits for the queries in progress and holds the next ones while it copies);
 * a PostgreSQL server's is pg_dump's (`database.pgdump`, one consistent snapshot, taken while the
 * app goes on).
 *
 * `signal` (the app stopping) cancels it: pg_dump or the archive is stopped, nothing of it is
 * kept, and it rejects with BackupCancelledError.
 */
export async function makeBackup(deps: BackupDeps, now = new Date(), signal?: AbortSignal): Promise<BackupFile> {
  // One at a time: each holds a copy of the database in memory while it is made.
  if (inProgress) throw new BackupBusyError('A backup is being made already. It will be in the list in a moment.');
  inProgress = true;
  try {
    return await writeBackup(deps, now, signal);
  } finally {
    inProgress = false;
  }
}

/** A backup asked for while another is being made in this process. */
export class BackupBusyError extends Error {}
let inProgress = false;

/** A backup stopped before it was complete (the app was stopping): nothing of it was kept. */
export class BackupCancelledError extends Error {
  constructor() {
    super('The backup was cancelled by the stop; nothing of it is kept.');
    this.name = 'BackupCancelledError';
  }
}

async function writeBackup(deps: BackupDeps, now: Date, signal?: AbortSignal): Promise<BackupFile> {
  const { pglite, url } = deps.database;
  if (!pglite && !url) throw new Error('This database cannot be backed up from the app.');
  const cancelled = () => {
    if (signal?.aborted) throw new BackupCancelledError();
  };
  cancelled();
  fs.mkdirSync(deps.backupDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-backup-'));
  const name = backupName(now);
  const target = path.join(deps.backupDir, name);
  const partial = `${target}.partial`;
  let complete = false;
  try {
    let databaseEntry: string;
    if (pglite) {
      await deps.database.knex.raw('checkpoint');
      cancelled();
      // PGlite's copy cannot be interrupted; it is dropped if the stop came meanwhile.
      const dump = await pglite.dumpDataDir('gzip');
      cancelled();
      fs.writeFileSync(path.join(staging, DATABASE_ARCHIVE), Buffer.from(await dump.arrayBuffer()));
      databaseEntry = DATABASE_ARCHIVE;
    } else {
      await pgDump(url!, path.join(staging, POSTGRES_DUMP), signal);
      databaseEntry = POSTGRES_DUMP;
    }
    cancelled();
    const manifest: BackupManifest = {
      app: 'kindred',
      format: BACKUP_FORMAT,
      madeAt: now.toISOString(),
      latestMigration: await latestMigration(deps.database),
      database: pglite ? 'embedded' : 'postgresql',
    };
    fs.writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const entries = [MANIFEST, databaseEntry];
    if (fs.existsSync(deps.uploadDir)) {
      // Archived through a link, so the uploads are read where they are rather than copied first.
      fs.symlinkSync(deps.uploadDir, path.join(staging, UPLOADS), 'dir');
      entries.push(UPLOADS);
    }
    await pipeline(create({ gzip: true, cwd: staging, follow: true, portable: true }, entries), fs.createWriteStream(partial), { signal });
    cancelled();
    // Renamed once complete, so a backup in the folder is never half written.
    fs.renameSync(partial, target);
    complete = true;
    pruneBackups(deps.backupDir, deps.keep, name);
    return { name, madeAt: now, bytes: fs.statSync(target).size };
  } catch (err) {
    if (signal?.aborted && !complete) throw new BackupCancelledError();
    throw err;
  } finally {
    // A backup cut short leaves nothing behind (once renamed, there is no partial file left).
    fs.rmSync(partial, { force: true });
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function latestMigration(database: Database): Promise<string | null> {
  const row = await database.knex('knex_migrations').orderBy('id', 'desc').first('name');
  return row?.name ?? null;
}
