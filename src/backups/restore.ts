import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { extract } from 'tar';
import { embeddedDataDir } from '../db';
import { BACKUP_FORMAT, DATABASE_ARCHIVE, MANIFEST, POSTGRES_DUMP, UPLOADS, type BackupManifest } from './backup';
import { pgDump, pgRestore } from './pg-tools';

/** A restore that cannot go ahead; nothing has been changed when it is thrown. */
export class RestoreError extends Error {}

export interface RestoreOptions {
  file: string;
  dataDir: string;
  uploadDir: string;
  /** Move a database or uploads already there aside (kept, renamed) rather than refuse. */
  replace: boolean;
  now?: Date;
  /** A PostgreSQL server's database to restore into, instead of the embedded one under dataDir. */
  databaseUrl?: string;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** What was there before, kept under these paths. */
  keptAside: string[];
}

const isEmptyOrMissing = (dir: string) => !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;

/**
 * Puts a backup made by `makeBackup` back: the database (the embedded one in DATA_DIR/pgdata, or
 * the PostgreSQL database of `databaseUrl`) and the uploaded files. Run it with the app stopped.
 * Everything is checked before anything is moved, and what was there is kept: the embedded
 * database's folder renamed, a PostgreSQL database saved with pg_dump in a file under dataDir.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  if (!fs.existsSync(opts.file) || !fs.statSync(opts.file).isFile()) throw new RestoreError(`There is no backup file at ${opts.file}.`);
  const stamp = (opts.now ?? new Date()).toISOString().replace(/\D/g, '').slice(0, 14);
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(opts.dataDir, '.restore-'));
  try {
    try {
      await extract({ file: opts.file, cwd: staging, strict: true });
    } catch {
      throw new RestoreError(`${opts.file} is not a Kindred backup: it could not be read as one.`);
    }
    const manifest = readManifest(staging, opts.file);
    const fromPostgres = manifest.database === 'postgresql';
    if (fromPostgres !== Boolean(opts.databaseUrl)) {
      throw new RestoreError(
        fromPostgres
          ? `${opts.file} is a backup of a PostgreSQL database: set DATABASE_URL to the database to restore it into.`
          : `${opts.file} is a backup of the embedded database, and DATABASE_URL is set: unset it to restore the backup into DATA_DIR.`,
      );
    }
    const target = opts.databaseUrl ? postgresTarget(opts.databaseUrl, opts.dataDir, stamp) : embeddedTarget(embeddedDataDir(opts.dataDir), stamp);
    const databaseHeld = await target.holdsData();
    const uploadsHeld = !isEmptyOrMissing(opts.uploadDir);
    if ((databaseHeld || uploadsHeld) && !opts.replace) {
      const occupied = [databaseHeld ? target.label : '', uploadsHeld ? opts.uploadDir : ''].filter(Boolean).join(' and ');
      throw new RestoreError(`There is already data in ${occupied}. Stop the app and run the restore again with --replace: what is there now is ${target.keptHow}.`);
    }
    const keptAside: string[] = [];
    const uploadsAside = `${opts.uploadDir}.before-restore-${stamp}`;
    let databaseKept = false;
    let loading = false;
    try {
      if (databaseHeld) {
        keptAside.push(await target.keepAside());
        databaseKept = true;
      }
      if (uploadsHeld) {
        fs.renameSync(opts.uploadDir, uploadsAside);
        keptAside.push(uploadsAside);
      }
      loading = true;
      await target.load(staging);
      putUploadsInPlace(staging, opts.uploadDir);
    } catch (err) {
      // Put back what was there, so a failed restore leaves the data as it found it.
      if (databaseKept || loading) await target.putBack();
      if (keptAside.includes(uploadsAside)) {
        fs.rmSync(opts.uploadDir, { recursive: true, force: true });
        fs.renameSync(uploadsAside, opts.uploadDir);
      } else if (loading && !uploadsHeld) {
        fs.rmSync(opts.uploadDir, { recursive: true, force: true });
      }
      throw new RestoreError(`The backup could not be restored, and the data there before is back in place: ${String(err)}`);
    }
    return { manifest, keptAside };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Where a restore puts the database, and how it keeps and puts back what was there. */
interface RestoreTarget {
  label: string;
  holdsData(): Promise<boolean>;
  /** How --replace keeps what is there, as the refusal says it: "kept beside it, …". */
  keptHow: string;
  /** Keeps what is there; returns where. */
  keepAside(): Promise<string>;
  load(staging: string): Promise<void>;
  /** Undoes keepAside and a load begun, whichever happened. */
  putBack(): Promise<void>;
}

function embeddedTarget(pgdata: string, stamp: string): RestoreTarget {
  const aside = `${pgdata}.before-restore-${stamp}`;
  return {
    label: pgdata,
    holdsData: async () => !isEmptyOrMissing(pgdata),
    keptHow: `kept beside it, renamed with ".before-restore-${stamp}"`,
    async keepAside() {
      fs.renameSync(pgdata, aside);
      return aside;
    },
    async load(staging) {
      fs.rmSync(pgdata, { recursive: true, force: true });
      fs.mkdirSync(pgdata, { recursive: true });
      // PGlite unpacks its own copy into the folder and starts on it, which also proves it opens.
      const pglite = new PGlite(pgdata, { loadDataDir: new Blob([fs.readFileSync(path.join(staging, DATABASE_ARCHIVE))]) });
      await pglite.query('select 1');
      await pglite.close();
    },
    async putBack() {
      fs.rmSync(pgdata, { recursive: true, force: true });
      if (fs.existsSync(aside)) fs.renameSync(aside, pgdata);
    },
  };
}

function postgresTarget(url: string, dataDir: string, stamp: string): RestoreTarget {
  const aside = path.join(dataDir, `kindred-before-restore-${stamp}.pgdump`);
  const database = new URL(url).pathname.slice(1) || 'the database';
  return {
    label: `the PostgreSQL database ${database}`,
    holdsData: async () => (await tablesOf(url)) > 0,
    keptHow: `saved with pg_dump in ${aside}`,
    async keepAside() {
      await pgDump(url, aside);
      return aside;
    },
    async load(staging) {
      await emptySchema(url);
      await pgRestore(url, path.join(staging, POSTGRES_DUMP));
    },
    async putBack() {
      await emptySchema(url);
      if (fs.existsSync(aside)) await pgRestore(url, aside);
    },
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const tablesOf = (url: string) =>
  withClient(url, async (c) => (await c.query<{ n: number }>("select count(*)::int as n from information_schema.tables where table_schema = 'public'")).rows[0].n);

/** Kindred keeps everything in the public schema: a restore starts from it empty. */
const emptySchema = (url: string) => withClient(url, async (c) => void (await c.query('drop schema public cascade; create schema public')));

function putUploadsInPlace(staging: string, uploadDir: string): void {
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
  const databaseEntry = manifest?.database === 'postgresql' ? POSTGRES_DUMP : DATABASE_ARCHIVE;
  if (manifest?.app !== 'kindred' || !fs.existsSync(path.join(staging, databaseEntry))) {
    throw new RestoreError(`${file} is not a Kindred backup: it has no manifest or no database.`);
  }
  if (manifest.format !== BACKUP_FORMAT) {
    throw new RestoreError(`${file} is a backup in format ${String(manifest.format)}, which this version of Kindred cannot read (it reads format ${BACKUP_FORMAT}).`);
  }
  return manifest as BackupManifest;
}
