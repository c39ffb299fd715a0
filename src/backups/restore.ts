import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { extract } from 'tar';
import { embeddedDataDir } from '../db';
import { BACKUP_FORMAT, DATABASE_ARCHIVE, MANIFEST, UPLOADS, type BackupManifest } from './backup';

/** A restore that cannot go ahead; nothing has been changed when it is thrown. */
export class RestoreError extends Error {}

export interface RestoreOptions {
  file: string;
  dataDir: string;
  uploadDir: string;
  /** Move a database or uploads already there aside (kept, renamed) rather than refuse. */
  replace: boolean;
  now?: Date;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** What was there before, kept under these paths. */
  keptAside: string[];
}

const isEmptyOrMissing = (dir: string) => !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;

/**
 * Puts a backup made by `makeBackup` back as the embedded database (DATA_DIR/pgdata) and the
 * uploaded files. Run it with the app stopped. Everything is checked before anything is moved.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  if (!fs.existsSync(opts.file) || !fs.statSync(opts.file).isFile()) throw new RestoreError(`There is no backup file at ${opts.file}.`);
  const stamp = (opts.now ?? new Date()).toISOString().replace(/\D/g, '').slice(0, 14);
  const pgdata = embeddedDataDir(opts.dataDir);
  const occupied = [pgdata, opts.uploadDir].filter((dir) => !isEmptyOrMissing(dir));
  if (occupied.length && !opts.replace) {
    throw new RestoreError(
      `There is already data in ${occupied.join(' and ')}. Stop the app and run the restore again with --replace: what is there now is kept beside it, renamed with ".before-restore-${stamp}".`,
    );
  }

  fs.mkdirSync(opts.dataDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(opts.dataDir, '.restore-'));
  try {
    try {
      await extract({ file: opts.file, cwd: staging, strict: true });
    } catch {
      throw new RestoreError(`${opts.file} is not a Kindred backup: it could not be read as one.`);
    }
    const manifest = readManifest(staging, opts.file);
    const keptAside: string[] = [];
    try {
      for (const dir of occupied) {
        const aside = `${dir}.before-restore-${stamp}`;
        fs.renameSync(dir, aside);
        keptAside.push(aside);
      }
      await putInPlace(staging, pgdata, opts.uploadDir);
    } catch (err) {
      // Put back what was there, so a failed restore leaves the data as it found it.
      for (const dir of [pgdata, opts.uploadDir]) if (!occupied.includes(dir)) fs.rmSync(dir, { recursive: true, force: true });
      for (const aside of keptAside) {
        const dir = aside.slice(0, -`.before-restore-${stamp}`.length);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.renameSync(aside, dir);
      }
      throw new RestoreError(`The backup could not be restored, and the data there before is back in place: ${String(err)}`);
    }
    return { manifest, keptAside };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function putInPlace(staging: string, pgdata: string, uploadDir: string): Promise<void> {
  fs.rmSync(pgdata, { recursive: true, force: true });
  fs.mkdirSync(pgdata, { recursive: true });
  // PGlite unpacks its own copy into the folder and starts on it, which also proves it opens.
  const pglite = new PGlite(pgdata, { loadDataDir: new Blob([fs.readFileSync(path.join(staging, DATABASE_ARCHIVE))]) });
  await pglite.query('select 1');
  await pglite.close();
  const uploads = path.join(staging, UPLOADS);
  fs.rmSync(uploadDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(uploadDir), { recursive: true });
  if (fs.existsSync(uploads)) fs.renameSync(uploads, uploadDir);
  else fs.mkdirSync(uploadDir);
}

function readManifest(staging: string, file: string): BackupManifest {
  let manifest: Partial<BackupManifest> | undefined;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(staging, MANIFEST), 'utf8')) as Partial<BackupManifest>;
  } catch {
    manifest = undefined;
  }
  if (manifest?.app !== 'kindred' || !fs.existsSync(path.join(staging, DATABASE_ARCHIVE))) {
    throw new RestoreError(`${file} is not a Kindred backup: it has no manifest or no database.`);
  }
  if (manifest.format !== BACKUP_FORMAT) {
    throw new RestoreError(`${file} is a backup in format ${String(manifest.format)}, which this version of Kindred cannot read (it reads format ${BACKUP_FORMAT}).`);
  }
  return manifest as BackupManifest;
}
