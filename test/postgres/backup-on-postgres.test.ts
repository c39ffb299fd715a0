import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { create, extract } from 'tar';
import { listBackups, makeBackup, runNightlyBackup, type BackupDeps } from '../../src/backups';
import { restoreBackup } from '../../src/backups/restore';
import { pgRestore } from '../../src/backups/pg-tools';
import { createPostgresDb, type Database } from '../../src/db';
import { runScheduledJobs } from '../../src/jobs/scheduler';
import { silentLogger } from '../../src/lib/logger';
import { createMailer } from '../../src/notifications';
import { createTestContext } from '../helpers/app';
import { createEmptyDatabase, createTestDatabase } from '../helpers/db';
import { createUser } from '../helpers/factories';
import { binary, postForm, readable, signedInAs } from '../helpers/http';

// Backups on a PostgreSQL server: made with pg_dump by the app (the admin's button and the nightly
// job, once across instances), restored with pg_restore by `npm run restore-backup`.

const tmp = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `kindred-${label}-`));
const dirs: string[] = [];
const databases: Database[] = [];
let source: Database;
let deps: BackupDeps;
let backupFile: string;

async function emails(db: Database): Promise<string[]> {
  return db.knex('users').orderBy('email').pluck('email');
}

async function emptyDatabase(): Promise<Database> {
  const db = await createEmptyDatabase();
  databases.push(db);
  return db;
}

function restoreDirs() {
  const dataDir = tmp('pg-restore');
  dirs.push(dataDir);
  return { dataDir, uploadDir: path.join(dataDir, 'uploads') };
}

/** A database restored from the backup, then written to: its users as they are now. */
async function restoredThenWritten(email: string) {
  const target = await emptyDatabase();
  const where = restoreDirs();
  await restoreBackup({ file: backupFile, ...where, replace: false, databaseUrl: target.url });
  await createUser(target.knex, { email });
  return { target, where, before: await emails(target) };
}

beforeAll(async () => {
  source = await createTestDatabase();
  databases.push(source);
  const root = tmp('pg-backup');
  dirs.push(root);
  deps = { database: source, uploadDir: path.join(root, 'uploads'), backupDir: path.join(root, 'backups'), keep: 5 };
  fs.mkdirSync(path.join(deps.uploadDir, 'reflections'), { recursive: true });
  fs.writeFileSync(path.join(deps.uploadDir, 'reflections', 'week-2.pdf'), 'a reflection on PostgreSQL');
  await createUser(source.knex, { email: 'kept@example.test' });
  backupFile = path.join(deps.backupDir, (await makeBackup(deps, new Date('2026-12-10T02:00:00Z'))).name);
  await createUser(source.knex, { email: 'made-after@example.test' });
}, 60_000);

afterAll(async () => {
  for (const db of databases) await db.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a backup on PostgreSQL', () => {
  it('holds pg_dump’s copy of the database, the uploads and a manifest saying what it is', async () => {
    const out = tmp('pg-backup-open');
    dirs.push(out);
    await extract({ file: backupFile, cwd: out });
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ app: 'kindred', format: 1, madeAt: '2026-12-10T02:00:00.000Z', database: 'postgresql' });
    expect(manifest.latestMigration).toBe(await source.knex('knex_migrations').orderBy('id', 'desc').first('name').then((r) => r.name));
    expect(fs.readFileSync(path.join(out, 'database.pgdump')).subarray(0, 5).toString()).toBe('PGDMP');
    expect(fs.readFileSync(path.join(out, 'uploads', 'reflections', 'week-2.pdf'), 'utf8')).toBe('a reflection on PostgreSQL');
    expect(fs.existsSync(path.join(out, 'pgdata.tar.gz'))).toBe(false);
  });

  it('restores into an empty database: the data as it was when the backup was made, and the uploads', async () => {
    const target = await emptyDatabase();
    const where = restoreDirs();
    const result = await restoreBackup({ file: backupFile, ...where, replace: false, databaseUrl: target.url });
    expect(result.keptAside).toEqual([]);
    expect(await emails(target)).toContain('kept@example.test');
    expect(await emails(target)).not.toContain('made-after@example.test');
    expect(await target.knex('knex_migrations').count({ n: '*' }).first()).toEqual(await source.knex('knex_migrations').count({ n: '*' }).first());
    expect(fs.readFileSync(path.join(where.uploadDir, 'reflections', 'week-2.pdf'), 'utf8')).toBe('a reflection on PostgreSQL');
  }, 60_000);

  it('refuses a database with data unless told to replace it, then keeps that data in a pg_dump file', async () => {
    const { target, where, before } = await restoredThenWritten('written-since@example.test');

    await expect(restoreBackup({ file: backupFile, ...where, replace: false, databaseUrl: target.url })).rejects.toThrow(/There is already data in the PostgreSQL database kindred_e_\w+ and .*uploads\. .*--replace/);
    expect(await emails(target)).toEqual(before);

    const now = new Date('2026-12-11T09:30:00Z');
    const result = await restoreBackup({ file: backupFile, ...where, replace: true, databaseUrl: target.url, now });
    const keptDump = path.join(where.dataDir, 'kindred-before-restore-20261211093000.pgdump');
    expect(result.keptAside).toEqual([keptDump, `${where.uploadDir}.before-restore-20261211093000`]);
    expect(await emails(target)).not.toContain('written-since@example.test');
    // What was replaced can be read back from the file it was kept in.
    const replaced = await emptyDatabase();
    await pgRestore(replaced.url!, keptDump);
    expect(await emails(replaced)).toEqual(before);
  }, 90_000);

  it('leaves the database as it was when the backup cannot be loaded', async () => {
    const { target, where, before } = await restoredThenWritten('still-here@example.test');

    const staging = tmp('pg-broken');
    dirs.push(staging);
    fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify({ app: 'kindred', format: 1, madeAt: '2026-12-10T02:00:00Z', latestMigration: null, database: 'postgresql' }));
    fs.writeFileSync(path.join(staging, 'database.pgdump'), 'PGDMP but not really');
    const broken = path.join(staging, 'broken.tar.gz');
    await create({ gzip: true, file: broken, cwd: staging }, ['manifest.json', 'database.pgdump']);

    await expect(restoreBackup({ file: broken, ...where, replace: true, databaseUrl: target.url })).rejects.toThrow(/could not be restored, and the data there before is back in place/);
    expect(await emails(target)).toEqual(before);
    expect(fs.readFileSync(path.join(where.uploadDir, 'reflections', 'week-2.pdf'), 'utf8')).toBe('a reflection on PostgreSQL');
  }, 90_000);

  it('says which database a backup is of when it is restored into the other kind, and changes nothing', async () => {
    const target = await emptyDatabase();
    const where = restoreDirs();
    await expect(restoreBackup({ file: backupFile, ...where, replace: true })).rejects.toThrow(/is a backup of a PostgreSQL database: set DATABASE_URL/);

    const staging = tmp('pg-embedded-kind');
    dirs.push(staging);
    fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify({ app: 'kindred', format: 1, madeAt: '2026-12-10T02:00:00Z', latestMigration: null }));
    fs.writeFileSync(path.join(staging, 'pgdata.tar.gz'), 'an embedded database');
    const embedded = path.join(staging, 'embedded.tar.gz');
    await create({ gzip: true, file: embedded, cwd: staging }, ['manifest.json', 'pgdata.tar.gz']);
    await expect(restoreBackup({ file: embedded, ...where, replace: true, databaseUrl: target.url })).rejects.toThrow(/is a backup of the embedded database, and DATABASE_URL is set/);
    expect(await target.knex.raw("select count(*)::int as n from information_schema.tables where table_schema = 'public'").then((r) => r.rows[0].n)).toBe(0);
  }, 60_000);
});

describe('the nightly backup on PostgreSQL', () => {
  it('is made by one of two instances sharing the folder, the other leaving it', async () => {
    const otherInstance = createPostgresDb(source.url!, { min: 0, max: 2 });
    databases.push(otherInstance);
    const night = new Date('2026-12-12T02:15:00Z');
    const made = await Promise.all([runNightlyBackup(deps, night), runNightlyBackup({ ...deps, database: otherInstance }, night)]);
    expect(made.filter(Boolean).map((b) => b!.name)).toEqual(['kindred-backup-20261212-021500.tar.gz']);
    expect(listBackups(deps.backupDir).filter((b) => b.name.includes('20261212'))).toHaveLength(1);
    expect(await runNightlyBackup({ ...deps, database: otherInstance }, new Date('2026-12-12T02:30:00Z'))).toBeUndefined();
  }, 60_000);
});

describe('the nightly backup on PostgreSQL, while one made by hand is being made', () => {
  it('waits for the next pass, saying so in one line, and is made then', async () => {
    const lines: { level: string; message: string }[] = [];
    const at = (level: string) => (message: string) => lines.push({ level, message });
    const logger = { info: at('info'), warn: at('warn'), error: at('error') };
    const jobDeps = { db: source.knex, mailer: createMailer({ db: source.knex, from: 'x@example.test', logger: silentLogger }), baseUrl: 'http://localhost', logger, backup: deps };
    const dumping = () => source.knex.raw("select count(*)::int as n from pg_stat_activity where application_name = 'pg_dump' and datname = current_database()").then((r) => r.rows[0].n as number);
    // pg_dump waits for a table no job uses while another connection holds it: still being made, for certain.
    const holder = await source.knex.transaction();
    let byHand: Promise<unknown> | undefined;
    let busy: unknown;
    try {
      await holder.raw('lock table knex_migrations in access exclusive mode');
      byHand = makeBackup(deps, new Date()).then(
        (made) => ({ made }),
        (err: Error) => ({ err }),
      );
      for (let i = 0; i < 300 && (await dumping()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await dumping()).toBe(1);
      // A night before the one by hand (made at the real time), so that one is not this night's.
      busy = await runScheduledJobs(jobDeps, {}, new Date('2026-12-02T02:30:00Z')).catch((err: unknown) => err);
    } finally {
      await holder.commit();
    }
    expect(await byHand).toEqual({ made: expect.objectContaining({ name: expect.stringMatching(/^kindred-backup-/) }) });
    expect(busy).toMatchObject({ backup: undefined, failed: [] });
    expect(lines).toEqual([{ level: 'info', message: 'nightly backup: another backup is being made; trying again at the next pass' }]);
    expect(await runScheduledJobs(jobDeps, {}, new Date('2026-12-02T02:45:00Z'))).toMatchObject({ backup: 'kindred-backup-20261202-024500.tar.gz', failed: [] });
  }, 60_000);
});

describe('a stop while the nightly backup is being made on PostgreSQL', () => {
  it('ends pg_dump at once and keeps nothing of it; the next backup is made', async () => {
    const before = fs.readdirSync(deps.backupDir);
    const dumping = () => source.knex.raw("select count(*)::int as n from pg_stat_activity where application_name = 'pg_dump' and datname = current_database()").then((r) => r.rows[0].n as number);
    // pg_dump waits for this table while another connection holds it: stopped midway, for certain.
    const holder = await source.knex.transaction();
    const stopping = new AbortController();
    try {
      await holder.raw('lock table users in access exclusive mode');
      const night = runNightlyBackup(deps, new Date('2026-12-13T02:00:00Z'), stopping.signal).then(
        (made) => ({ made }),
        (err: Error) => ({ err }),
      );
      for (let i = 0; i < 300 && (await dumping()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await dumping()).toBe(1);
      stopping.abort();
      // Ended while pg_dump still had the table to wait for: it was stopped, not waited for.
      const outcome = await Promise.race([night, new Promise((resolve) => setTimeout(() => resolve('still waiting for the table'), 5_000))]);
      expect(outcome).toEqual({ err: expect.objectContaining({ name: 'BackupCancelledError' }) });
    } finally {
      await holder.commit();
    }
    for (let i = 0; i < 100 && (await dumping()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await dumping()).toBe(0);
    expect(fs.readdirSync(deps.backupDir)).toEqual(before);
    expect((await runNightlyBackup(deps, new Date('2026-12-13T02:15:00Z')))?.name).toBe('kindred-backup-20261213-021500.tar.gz');
  }, 60_000);
});

describe('the admin backups page on PostgreSQL', () => {
  it('makes a backup with pg_dump at once, lists it and downloads it', async () => {
    const ctx = await createTestContext();
    try {
      const { agent } = await signedInAs(ctx.app, ctx.db, 'admin');
      const page = await agent.get('/admin/backups');
      expect(readable(page.text)).not.toContain('is not installed');
      expect(readable(page.text)).toContain('and the same <code>DATABASE_URL</code>');
      await postForm(agent, '/admin/backups', {}, '/admin/backups');
      const [made] = listBackups(ctx.config.backups.dir);
      const after = await agent.get('/admin/backups');
      expect(after.text).toContain(`Backup made: ${made.name}`);
      const download = await agent.get(`/admin/backups/${made.name}`).buffer(true).parse(binary);
      expect(download.status).toBe(200);
      const out = tmp('pg-admin-backup');
      dirs.push(out);
      fs.writeFileSync(path.join(out, made.name), download.body as Buffer);
      await extract({ file: path.join(out, made.name), cwd: out });
      expect(JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).database).toBe('postgresql');
    } finally {
      await ctx.close();
    }
  }, 60_000);
});
