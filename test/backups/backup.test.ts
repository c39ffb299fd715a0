import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { jest } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { create } from 'tar';
import { makeBackup, runNightlyBackup, listBackups, type BackupDeps } from '../../src/backups';
import { lockFileOf } from '../../src/db/embedded-lock';
import { RestoreError, restoreBackup } from '../../src/backups/restore';
import { createApp } from '../../src/app';
import { createDb, type Database } from '../../src/db';
import { migrateLatest } from '../../src/db/migrate';
import { migrations } from '../../migrations';
import { runScheduledJobs, startScheduledJobs } from '../../src/jobs/scheduler';
import { createMailer } from '../../src/notifications';
import { silentLogger } from '../../src/lib/logger';
import { createTestContext, testConfig, type TestContext } from '../helpers/app';
import { type Agent, binary, postForm, readable, signedInAs } from '../helpers/http';
import { createUser } from '../helpers/factories';

// Backups of the embedded database (as `npm start` runs it, on disk under DATA_DIR) and the
// uploaded files: made by the app, restored by `npm run restore-backup` with the app stopped.

const tmp = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `kindred-${label}-`));
let dataDir: string;
let ctx: TestContext;
let database: Database;
let deps: BackupDeps;
let admin: Agent;
const made: string[] = [];

beforeAll(async () => {
  dataDir = tmp('backup-data');
  const config = testConfig({ DATA_DIR: dataDir });
  database = createDb(config);
  await migrateLatest(database.knex);
  ctx = await createTestContext({ database, env: { DATA_DIR: dataDir } });
  deps = { database, uploadDir: ctx.config.uploadDir, backupDir: path.join(dataDir, 'backups'), keep: 3 };
  fs.mkdirSync(path.join(deps.uploadDir, 'reflections'), { recursive: true });
  fs.writeFileSync(path.join(deps.uploadDir, 'reflections', 'week-1.pdf'), 'the reflection as it was');
  admin = (await signedInAs(ctx.app, ctx.db, 'admin')).agent;
}, 60_000);
afterAll(async () => {
  await ctx.close();
  for (const dir of [dataDir, ...made]) fs.rmSync(dir, { recursive: true, force: true });
});

function restoreTarget() {
  const dir = tmp('restored');
  made.push(dir);
  return { dataDir: dir, uploadDir: path.join(dir, 'uploads') };
}

async function emailsIn(dir: string): Promise<string[]> {
  const restored = createDb({ databaseUrl: undefined, dataDir: dir });
  try {
    return await restored.knex('users').orderBy('email').pluck('email');
  } finally {
    await restored.close();
  }
}

describe('a backup', () => {
  it('holds the database and the uploads as they were when it was made, and restores them', async () => {
    const before = await createUser(ctx.db, { email: 'kept-in-backup@example.test' });
    const backup = await makeBackup(deps, new Date('2026-12-05T02:00:00Z'));
    expect(backup.name).toBe('kindred-backup-20261205-020000.tar.gz');
    expect(listBackups(deps.backupDir).map((b) => b.name)).toContain(backup.name);
    // Written after the backup: not in it.
    await createUser(ctx.db, { email: 'after-backup@example.test' });
    fs.writeFileSync(path.join(deps.uploadDir, 'reflections', 'week-1.pdf'), 'changed later');

    const target = restoreTarget();
    const result = await restoreBackup({ file: path.join(deps.backupDir, backup.name), ...target, replace: false });
    expect(result.manifest).toMatchObject({ app: 'kindred', format: 1, madeAt: '2026-12-05T02:00:00.000Z', latestMigration: Object.keys(migrations).at(-1) });
    expect(result.keptAside).toEqual([]);
    const emails = await emailsIn(target.dataDir);
    expect(emails).toContain(before.email);
    expect(emails).not.toContain('after-backup@example.test');
    expect(fs.readFileSync(path.join(target.uploadDir, 'reflections', 'week-1.pdf'), 'utf8')).toBe('the reflection as it was');
    fs.writeFileSync(path.join(deps.uploadDir, 'reflections', 'week-1.pdf'), 'the reflection as it was');
  }, 60_000);

  it('is not restored over data already there unless asked, and then keeps that data beside it', async () => {
    const first = await makeBackup(deps, new Date('2026-12-06T02:00:00Z'));
    const file = path.join(deps.backupDir, first.name);
    const target = restoreTarget();
    await restoreBackup({ file, ...target, replace: false });
    fs.writeFileSync(path.join(target.uploadDir, 'written-since.txt'), 'mine');

    await expect(restoreBackup({ file, ...target, replace: false, now: new Date('2026-12-07T10:00:00Z') })).rejects.toThrow(
      /There is already data in .*pgdata and .*uploads\. Stop the app and run the restore again with --replace: .*"\.before-restore-20261207100000"/,
    );
    expect(fs.existsSync(path.join(target.uploadDir, 'written-since.txt'))).toBe(true);
    expect(fs.readdirSync(target.dataDir).filter((n) => n.includes('before-restore'))).toEqual([]);

    const replaced = await restoreBackup({ file, ...target, replace: true, now: new Date('2026-12-07T10:00:00Z') });
    expect(replaced.keptAside).toEqual([`${path.join(target.dataDir, 'pgdata')}.before-restore-20261207100000`, `${target.uploadDir}.before-restore-20261207100000`]);
    expect(fs.existsSync(path.join(target.uploadDir, 'written-since.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(`${target.uploadDir}.before-restore-20261207100000`, 'written-since.txt'), 'utf8')).toBe('mine');
    expect(await emailsIn(target.dataDir)).toContain('kept-in-backup@example.test');
  }, 60_000);

  it('refuses a file that is not a Kindred backup, changing nothing', async () => {
    const target = restoreTarget();
    const junk = path.join(target.dataDir, 'junk.tar.gz');
    fs.writeFileSync(junk, 'not an archive at all');
    await expect(restoreBackup({ file: junk, ...target, replace: true })).rejects.toThrow(/is not a Kindred backup: it could not be read as one/);

    const staging = tmp('not-a-backup');
    made.push(staging);
    fs.writeFileSync(path.join(staging, 'notes.txt'), 'hello');
    const otherTar = path.join(target.dataDir, 'other.tar.gz');
    await create({ gzip: true, file: otherTar, cwd: staging }, ['notes.txt']);
    await expect(restoreBackup({ file: otherTar, ...target, replace: true })).rejects.toThrow(/is not a Kindred backup: it has no manifest or no database/);

    fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify({ app: 'kindred', format: 2 }));
    fs.writeFileSync(path.join(staging, 'pgdata.tar.gz'), 'x');
    const future = path.join(target.dataDir, 'future.tar.gz');
    await create({ gzip: true, file: future, cwd: staging }, ['manifest.json', 'pgdata.tar.gz']);
    await expect(restoreBackup({ file: future, ...target, replace: true })).rejects.toThrow(/format 2, which this version of Kindred cannot read/);

    await expect(restoreBackup({ file: path.join(target.dataDir, 'missing.tar.gz'), ...target, replace: true })).rejects.toBeInstanceOf(RestoreError);
    expect(fs.readdirSync(target.dataDir).sort()).toEqual(['future.tar.gz', 'junk.tar.gz', 'other.tar.gz']);
  });

  it('puts the database back when the uploads cannot be moved aside', async () => {
    const file = path.join(deps.backupDir, (await makeBackup(deps, new Date('2026-12-06T03:00:00Z'))).name);
    const target = restoreTarget();
    await restoreBackup({ file, ...target, replace: false });
    // Something already at the uploads' aside name, so moving them there fails after the database moved.
    const now = new Date('2026-12-07T11:00:00Z');
    fs.mkdirSync(`${target.uploadDir}.before-restore-20261207110000`);
    fs.writeFileSync(path.join(`${target.uploadDir}.before-restore-20261207110000`, 'in-the-way.txt'), 'x');
    await expect(restoreBackup({ file, ...target, replace: true, now })).rejects.toThrow(/could not be restored, and the data there before is back in place/);
    expect(await emailsIn(target.dataDir)).toContain('kept-in-backup@example.test');
    expect(fs.existsSync(`${path.join(target.dataDir, 'pgdata')}.before-restore-20261207110000`)).toBe(false);
    expect(fs.readFileSync(path.join(target.uploadDir, 'reflections', 'week-1.pdf'), 'utf8')).toBe('the reflection as it was');
  }, 60_000);

  it('puts the data back when the database in the backup will not open', async () => {
    const target = restoreTarget();
    fs.mkdirSync(target.uploadDir);
    fs.writeFileSync(path.join(target.uploadDir, 'precious.txt'), 'keep me');
    const staging = tmp('broken-backup');
    made.push(staging);
    fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify({ app: 'kindred', format: 1 }));
    fs.writeFileSync(path.join(staging, 'pgdata.tar.gz'), 'not a database');
    const broken = path.join(staging, 'broken.tar.gz');
    await create({ gzip: true, file: broken, cwd: staging }, ['manifest.json', 'pgdata.tar.gz']);
    await expect(restoreBackup({ file: broken, ...target, replace: true })).rejects.toThrow(/could not be restored, and the data there before is back in place/);
    expect(fs.readFileSync(path.join(target.uploadDir, 'precious.txt'), 'utf8')).toBe('keep me');
    expect(fs.readdirSync(target.dataDir).filter((n) => n !== 'uploads')).toEqual([]);
  }, 60_000);

  it('keeps only the newest few', async () => {
    for (const day of ['10', '11', '12', '13']) await makeBackup(deps, new Date(`2026-12-${day}T02:00:00Z`));
    expect(listBackups(deps.backupDir).map((b) => b.name)).toEqual([
      'kindred-backup-20261213-020000.tar.gz',
      'kindred-backup-20261212-020000.tar.gz',
      'kindred-backup-20261211-020000.tar.gz',
    ]);
    // The one just made stays, even when the clock says it is older than those there.
    await makeBackup(deps, new Date('2026-12-09T02:00:00Z'));
    expect(listBackups(deps.backupDir).map((b) => b.name)).toEqual([
      'kindred-backup-20261213-020000.tar.gz',
      'kindred-backup-20261212-020000.tar.gz',
      'kindred-backup-20261211-020000.tar.gz',
      'kindred-backup-20261209-020000.tar.gz',
    ]);
  }, 60_000);

  it('keeps the newest of each of the last few days, however many are made by hand in one day', async () => {
    for (const name of listBackups(deps.backupDir)) fs.rmSync(path.join(deps.backupDir, name.name));
    for (const day of ['20', '21', '22']) await makeBackup(deps, new Date(`2026-11-${day}T02:00:00Z`));
    for (const hour of ['09', '10', '11', '12']) await makeBackup(deps, new Date(`2026-11-22T${hour}:00:00Z`));
    expect(listBackups(deps.backupDir).map((b) => b.name)).toEqual([
      'kindred-backup-20261122-120000.tar.gz',
      'kindred-backup-20261122-110000.tar.gz',
      'kindred-backup-20261122-100000.tar.gz',
      'kindred-backup-20261121-020000.tar.gz',
      'kindred-backup-20261120-020000.tar.gz',
    ]);
  }, 60_000);
  it('is made one at a time: a second asked for meanwhile is refused, saying why', async () => {
    const first = makeBackup(deps, new Date('2026-12-15T02:00:00Z'));
    await expect(makeBackup(deps, new Date('2026-12-15T02:00:01Z'))).rejects.toThrow('A backup is being made already.');
    expect((await first).name).toBe('kindred-backup-20261215-020000.tar.gz');
  }, 60_000);
});

describe('npm run restore-backup', () => {
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(path.join(process.cwd(), 'node_modules/.bin/tsx'), ['src/backups/cli.ts', ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c));
      child.stderr.on('data', (c: Buffer) => (out += c));
      child.on('close', (code) => resolve({ code, out }));
    });

  it('runs the built app with node alone, so it works where development tools are pruned, as in the container image', () => {
    const root = path.resolve(__dirname, '../..');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toContain('npm prune --omit=dev');
    const [command, ...args] = pkg.scripts['restore-backup'].split(' ');
    expect(command).toBe('node');
    expect(Object.keys(pkg.devDependencies)).not.toContain(command);
    // The built file of the CLI run from source below: the build compiles src/ into dist/src/.
    expect(args).toEqual(['dist/src/backups/cli.js']);
    expect(fs.existsSync(path.join(root, 'src/backups/cli.ts'))).toBe(true);
  });

  it('restores a backup into DATA_DIR and says what it did; refuses it for a PostgreSQL server, or without a file', async () => {
    const backup = await makeBackup(deps, new Date('2026-12-08T02:00:00Z'));
    const file = path.join(deps.backupDir, backup.name);
    const target = restoreTarget();
    const done = await run([file], { DATA_DIR: target.dataDir });
    expect(done).toMatchObject({ code: 0 });
    expect(done.out).toContain(`Restored the backup made 2026-12-08T02:00:00.000Z into ${target.dataDir}.`);
    expect(await emailsIn(target.dataDir)).toContain('kept-in-backup@example.test');

    const again = await run([file], { DATA_DIR: target.dataDir });
    expect(again.code).toBe(1);
    expect(again.out).toContain('run the restore again with --replace');
    const onServer = await run([file], { DATA_DIR: target.dataDir, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' });
    expect(onServer.code).toBe(1);
    expect(onServer.out).toContain('is a backup of the embedded database, and DATABASE_URL is set: unset it to restore the backup into DATA_DIR.');
    const noFile = await run([], { DATA_DIR: target.dataDir });
    expect(noFile.out).toContain('Which backup? Usage: npm run restore-backup --');

    // With the app running on that folder, nothing is touched.
    const app = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      fs.writeFileSync(lockFileOf(target.dataDir), `${app.pid}\n`);
      const whileRunning = await run([file, '--replace'], { DATA_DIR: target.dataDir });
      expect(whileRunning.code).toBe(1);
      expect(whileRunning.out.trim()).toBe(`Cannot restore: the embedded database in ${target.dataDir} is in use by another Kindred process (process ${app.pid}). Stop that one first, or give this one its own DATA_DIR.`);
      expect(fs.readdirSync(target.dataDir).filter((name) => name.includes('before-restore'))).toEqual([]);
    } finally {
      app.kill();
    }
  }, 60_000);
});

describe('the nightly backup', () => {
  it('is made once a day from 02:00 UTC, and not in the pass at start-up', async () => {
    expect(await runNightlyBackup(deps, new Date('2026-12-20T01:59:00Z'))).toBeUndefined();
    expect((await runNightlyBackup(deps, new Date('2026-12-20T02:00:00Z')))?.name).toBe('kindred-backup-20261220-020000.tar.gz');
    expect(await runNightlyBackup(deps, new Date('2026-12-20T23:00:00Z'))).toBeUndefined();

    const jobDeps = { db: ctx.db, mailer: createMailer({ db: ctx.db, from: 'x@example.test', logger: silentLogger }), baseUrl: 'http://localhost', logger: silentLogger, backup: deps };
    expect((await runScheduledJobs(jobDeps, { holdBackup: true }, new Date('2026-12-21T03:00:00Z'))).backup).toBeUndefined();
    expect((await runScheduledJobs(jobDeps, {}, new Date('2026-12-21T03:00:00Z'))).backup).toBe('kindred-backup-20261221-030000.tar.gz');
    expect((await runScheduledJobs(jobDeps, {}, new Date('2026-12-21T03:15:00Z'))).backup).toBeUndefined();
  }, 60_000);

  it('waits for the next pass when an admin’s backup is being made, saying so in one line, and is made then', async () => {
    const lines: { level: string; message: string }[] = [];
    const at = (level: string) => (message: string) => lines.push({ level, message });
    const logger = { info: at('info'), warn: at('warn'), error: at('error') };
    const jobDeps = { db: ctx.db, mailer: createMailer({ db: ctx.db, from: 'x@example.test', logger: silentLogger }), baseUrl: 'http://localhost', logger, backup: deps };
    fs.mkdirSync(deps.backupDir, { recursive: true });
    // A large upload keeps the admin's backup being made long enough for the nightly pass to come.
    const large = path.join(deps.uploadDir, 'reflections', 'large.bin');
    fs.writeFileSync(large, crypto.randomBytes(40 * 1024 * 1024));
    let busy, answer, partialsMeanwhile;
    try {
      const asked = postForm(admin, '/admin/backups', {}, '/admin/backups');
      for (let i = 0; i < 600 && !fs.readdirSync(deps.backupDir).some((n) => n.endsWith('.partial')); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(fs.readdirSync(deps.backupDir).filter((n) => n.endsWith('.partial'))).toHaveLength(1);
      // A night before the admin's backup (made at the real time), so that one is not this night's.
      busy = await runScheduledJobs(jobDeps, {}, new Date('2026-12-01T02:30:00Z')).catch((err: unknown) => err);
      partialsMeanwhile = fs.readdirSync(deps.backupDir).filter((n) => n.endsWith('.partial'));
      answer = await asked;
    } finally {
      fs.rmSync(large, { force: true });
    }
    // The admin's backup was still being made when the pass ended, and was made.
    expect(partialsMeanwhile).toHaveLength(1);
    expect(answer.status).toBe(303);
    expect(busy).toMatchObject({ backup: undefined, failed: [] });
    expect(lines).toEqual([{ level: 'info', message: 'nightly backup: another backup is being made; trying again at the next pass' }]);
    expect(listBackups(deps.backupDir).map((b) => b.name)).not.toContain('kindred-backup-20261201-023000.tar.gz');

    const next = await runScheduledJobs(jobDeps, {}, new Date('2026-12-01T02:45:00Z'));
    expect(next).toMatchObject({ backup: 'kindred-backup-20261201-024500.tar.gz', failed: [] });
  }, 120_000);
});

describe('the nightly pass', () => {
  it('deletes the partial files a crash left long ago, and keeps one another instance may be writing now', async () => {
    fs.mkdirSync(deps.backupDir, { recursive: true });
    const file = (name: string, hoursAgo: number) => {
      const at = path.join(deps.backupDir, name);
      fs.writeFileSync(at, 'half a backup');
      const when = new Date(Date.now() - hoursAgo * 3600_000);
      fs.utimesSync(at, when, when);
      return name;
    };
    const crashed = file('kindred-backup-20261201-020000.tar.gz.partial', 7);
    const beingWritten = file('kindred-backup-20261201-030000.tar.gz.partial', 0);
    const notOurs = file('notes.txt.partial', 7);
    try {
      await runNightlyBackup(deps, new Date('2026-12-24T01:00:00Z'));
      const left = fs.readdirSync(deps.backupDir);
      expect(left).not.toContain(crashed);
      expect(left).toContain(beingWritten);
      expect(left).toContain(notOurs);
    } finally {
      for (const name of [crashed, beingWritten, notOurs]) fs.rmSync(path.join(deps.backupDir, name), { force: true });
    }
  });
});

describe('a stop while the nightly backup is being made', () => {
  it('cancels it: nothing of it is left in the folder or the list, one line says so, and the next backup is made', async () => {
    const lines: { level: string; message: string }[] = [];
    const at = (level: string) => (message: string) => lines.push({ level, message });
    const logger = { info: at('info'), warn: at('warn'), error: at('error') };
    const jobDeps = { db: ctx.db, mailer: createMailer({ db: ctx.db, from: 'x@example.test', logger: silentLogger }), baseUrl: 'http://localhost', logger, backup: deps };
    fs.mkdirSync(deps.backupDir, { recursive: true });
    const before = fs.readdirSync(deps.backupDir);
    // A large upload keeps the archive being written long enough to stop it midway.
    const large = path.join(deps.uploadDir, 'reflections', 'large.bin');
    fs.writeFileSync(large, crypto.randomBytes(40 * 1024 * 1024));
    const stopping = new AbortController();
    try {
      const pass = runScheduledJobs(jobDeps, {}, new Date('2026-12-22T02:30:00Z'), stopping.signal);
      for (let i = 0; i < 600 && !fs.readdirSync(deps.backupDir).some((n) => n.endsWith('.partial')); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(fs.readdirSync(deps.backupDir).filter((n) => n.endsWith('.partial'))).toHaveLength(1);
      stopping.abort();
      expect((await pass).backup).toBeUndefined();
    } finally {
      fs.rmSync(large, { force: true });
    }
    expect(fs.readdirSync(deps.backupDir)).toEqual(before);
    expect(listBackups(deps.backupDir).map((b) => b.name)).not.toContain('kindred-backup-20261222-023000.tar.gz');
    expect((await admin.get('/admin/backups')).text).not.toContain('20261222');
    expect(lines).toEqual([{ level: 'info', message: 'nightly backup cancelled by the stop; nothing of it is kept' }]);

    expect((await runScheduledJobs(jobDeps, {}, new Date('2026-12-22T02:45:00Z'))).backup).toBe('kindred-backup-20261222-024500.tar.gz');
    expect(fs.readdirSync(deps.backupDir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  }, 120_000);

  it('is cancelled by the scheduled jobs’ stop, which then ends without waiting for it', async () => {
    const lines: { level: string; message: string }[] = [];
    const at = (level: string) => (message: string) => lines.push({ level, message });
    const logger = { info: at('info'), warn: at('warn'), error: at('error') };
    fs.mkdirSync(deps.backupDir, { recursive: true });
    const before = fs.readdirSync(deps.backupDir);
    const large = path.join(deps.uploadDir, 'reflections', 'large.bin');
    fs.writeFileSync(large, crypto.randomBytes(40 * 1024 * 1024));
    // Only the 15-minute timer is faked: the pass at start-up makes no backup, the next one does.
    jest.useFakeTimers({ doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout'] });
    try {
      // At a time the night's backup is due, whatever the clock says (before 02:00 UTC it is not).
      const now = () => new Date('2026-12-23T02:30:00Z');
      const jobs = startScheduledJobs({ db: ctx.db, mailer: createMailer({ db: ctx.db, from: 'x@example.test', logger: silentLogger }), baseUrl: 'http://localhost', logger, backup: deps, now });
      // Every 15 minutes, until the pass after the one at start-up is writing its backup.
      for (let i = 0; i < 1000 && !fs.readdirSync(deps.backupDir).some((n) => n.endsWith('.partial')); i++) {
        jest.advanceTimersByTime(15 * 60_000);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(fs.readdirSync(deps.backupDir).filter((n) => n.endsWith('.partial'))).toHaveLength(1);
      await jobs.stop();
    } finally {
      jest.useRealTimers();
      fs.rmSync(large, { force: true });
    }
    expect(fs.readdirSync(deps.backupDir)).toEqual(before);
    expect(lines).toEqual([{ level: 'info', message: 'nightly backup cancelled by the stop; nothing of it is kept' }]);
  }, 120_000);

  it('starts none once the stop has begun', async () => {
    const stopped = AbortSignal.abort();
    expect(await runNightlyBackup(deps, new Date('2026-12-23T02:00:00Z'), stopped)).toBeUndefined();
    expect(listBackups(deps.backupDir).map((b) => b.name)).not.toContain('kindred-backup-20261223-020000.tar.gz');
  });
});

describe('a stop while a backup asked for by the admin is being made', () => {
  it('cancels it: nothing of it is left in the folder, one line says so, and the admin is told in the answer', async () => {
    const lines: { level: string; message: string }[] = [];
    const at = (level: string) => (message: string) => lines.push({ level, message });
    const logger = { info: at('info'), warn: at('warn'), error: at('error') };
    const stopping = new AbortController();
    const { app } = createApp({ config: ctx.config, database, mailer: ctx.mailer, logger, storage: ctx.storage, stopping: stopping.signal });
    const { agent } = await signedInAs(app, ctx.db, 'admin');
    fs.mkdirSync(deps.backupDir, { recursive: true });
    const before = fs.readdirSync(deps.backupDir);
    // A large upload keeps the archive being written long enough to stop it midway.
    const large = path.join(deps.uploadDir, 'reflections', 'large.bin');
    fs.writeFileSync(large, crypto.randomBytes(40 * 1024 * 1024));
    let answer;
    try {
      const asked = postForm(agent, '/admin/backups', {}, '/admin/backups');
      for (let i = 0; i < 600 && !fs.readdirSync(deps.backupDir).some((n) => n.endsWith('.partial')); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(fs.readdirSync(deps.backupDir).filter((n) => n.endsWith('.partial'))).toHaveLength(1);
      stopping.abort();
      answer = await asked;
    } finally {
      fs.rmSync(large, { force: true });
    }
    expect(answer.status).toBe(503);
    expect(readable(answer.text)).toContain('The backup was not made: Kindred is stopping (for a restart or an update), and nothing of it was kept.');
    // Going back now would find the app gone: the page says to come back once it is there again.
    expect(readable(answer.text)).toContain('Please try again in a few minutes, once the site is back.');
    expect(answer.text).not.toContain('Go back to try again');
    expect(fs.readdirSync(deps.backupDir)).toEqual(before);
    expect(lines.filter((line) => line.message !== 'request')).toEqual([{ level: 'info', message: 'backup asked for by an admin cancelled by the stop; nothing of it is kept' }]);

    // Asked for once the stop has begun (on a connection still open): none is started.
    const again = await postForm(agent, '/admin/backups', {}, '/admin/backups');
    expect(again.status).toBe(503);
    expect(fs.readdirSync(deps.backupDir)).toEqual(before);
  }, 120_000);
});

describe('the admin backups page', () => {
  it('lists the backups, makes one now and downloads it', async () => {
    fs.rmSync(deps.backupDir, { recursive: true, force: true });
    expect((await admin.get('/admin/backups')).text).toContain('No backups yet.');
    const page = await admin.get('/admin/backups');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Make a backup now');
    const res = await postForm(admin, '/admin/backups', {}, '/admin/backups');
    expect(res.status).toBe(303);
    const after = await admin.get('/admin/backups');
    const name = listBackups(deps.backupDir)[0].name;
    expect(after.text).toContain(`Backup made: ${name}`);
    expect(after.text).toContain(`href="/admin/backups/${name}"`);
    // On a narrow screen the table scrolls sideways in a region a keyboard can reach.
    expect(after.text).toContain('<div class="table-wrap" tabindex="0" role="region" aria-label="Backups, newest first">');
    const download = await admin.get(`/admin/backups/${name}`).buffer(true).parse(binary);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?${name.replace(/\./g, '\\.')}"?$`));
    expect([...(download.body as Buffer).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
  }, 60_000);

  it('on a PostgreSQL server it cannot dump, says what to install, and makes none', async () => {
    const onServer = createApp({ config: ctx.config, database: { ...database, kind: 'postgres', pglite: undefined }, mailer: ctx.mailer, logger: silentLogger, storage: ctx.storage }).app;
    const { agent } = await signedInAs(onServer, ctx.db, 'admin');
    const page = await agent.get('/admin/backups');
    expect(readable(page.text)).toContain('but PostgreSQL’s <code>pg_dump</code> is not installed where Kindred runs, so it cannot make backups itself');
    expect(readable(page.text)).toContain('the <code>postgresql-client</code> package');
    expect(page.text).toContain(`<code>${ctx.config.uploadDir}</code>`);
    expect(page.text).not.toContain('Make a backup now');
    // The Background jobs page does not wait for a nightly backup that never comes.
    const jobs = readable((await agent.get('/admin/jobs')).text);
    expect(jobs).toContain('Not run: Kindred cannot make backups on this site (see <a href="/admin/backups">Backups</a>)');
    const count = listBackups(deps.backupDir).length;
    expect((await postForm(agent, '/admin/backups', {}, '/admin/backups')).status).toBe(404);
    expect(listBackups(deps.backupDir)).toHaveLength(count);
  });

  it('serves only backups, and only to admins', async () => {
    const name = listBackups(deps.backupDir)[0].name;
    for (const bad of ['..%2F..%2Fsession-secret', 'session-secret', 'kindred-backup-20990101-000000.tar.gz', `${name}.partial`]) {
      expect((await admin.get(`/admin/backups/${bad}`)).status).toBe(404);
    }
    const { agent: instructor } = await signedInAs(ctx.app, ctx.db, 'instructor');
    expect((await instructor.get('/admin/backups')).status).toBe(403);
    expect((await instructor.get(`/admin/backups/${name}`)).status).toBe(403);
    const count = listBackups(deps.backupDir).length;
    expect((await postForm(instructor, '/admin/backups', {})).status).toBe(403);
    expect((await admin.post('/admin/backups').type('form').send({})).status).toBe(403);
    expect(listBackups(deps.backupDir)).toHaveLength(count);
  });
});
