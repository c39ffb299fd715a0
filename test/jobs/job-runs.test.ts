import { JOBS } from '../../src/jobs/job-list';
import { listJobRuns, recordJobRuns, type JobRun } from '../../src/jobs/job-runs.repository';
import { runScheduledJobs, type JobDeps } from '../../src/jobs/scheduler';
import { silentLogger } from '../../src/lib/logger';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createSession, createUser } from '../helpers/factories';

// Each pass records every job's outcome for the admin's Background jobs page (jobs-page.test.ts).

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());
beforeEach(() => ctx.db('scheduled_job_runs').del());

const deps = (): JobDeps => ({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl, logger: silentLogger });
const runOf = async (job: string): Promise<JobRun | undefined> => (await listJobRuns(ctx.db)).find((r) => r.job === job);
const at = (minutes: number) => new Date(Date.parse('2026-12-07T10:00:00Z') + minutes * 60_000);

it('records every job a pass ran as worked, at the pass’s time, and none it did not run', async () => {
  const now = new Date();
  const result = await runScheduledJobs(deps(), { lastDigestDay: now.toISOString().slice(0, 10) }, now);
  expect(result.failed).toEqual([]);
  const runs = await listJobRuns(ctx.db);
  // No digest (done today) and no backup (none set up): nothing is recorded for them.
  const ran = JOBS.map((j) => j.name).filter((name) => name !== 'daily digest' && name !== 'nightly backup');
  expect(runs.map((r) => r.job).sort()).toEqual([...ran].sort());
  for (const run of runs) expect(run).toEqual({ job: run.job, lastRunAt: now, lastSucceededAt: now, lastFailedAt: null, lastError: null, failuresInARow: 0 });
});

it('records a job that failed in a pass with its error, and the others as worked', async () => {
  await createUser(ctx.db, { role: 'admin' });
  const admins = (await ctx.db('users').where({ role: 'admin' }).select('email')).map((u: { email: string }) => u.email);
  await createSession(ctx.db, (await createCourse(ctx.db)).id, { startedDaysAgo: -3, minEnrolment: 5 });
  const refusing: JobDeps['mailer'] = {
    send: (message, within) => (admins.includes(message.to) ? Promise.reject(new Error('mail server refused')) : ctx.mailer.send(message, within)),
  };
  const now = new Date();
  expect((await runScheduledJobs({ ...deps(), mailer: refusing }, { lastDigestDay: 'done' }, now)).failed).toEqual(['go/no-go check']);
  expect(await runOf('go/no-go check')).toEqual({ job: 'go/no-go check', lastRunAt: now, lastSucceededAt: null, lastFailedAt: now, lastError: 'Error: mail server refused', failuresInARow: 1 });
  expect(await runOf('evaluation summaries')).toMatchObject({ lastSucceededAt: now, failuresInARow: 0 });
});

it('counts failures in a row; a success ends the run and keeps the last failure and its error', async () => {
  await recordJobRuns(ctx.db, [{ job: 'daily digest', error: 'Error: first' }], at(0));
  await recordJobRuns(ctx.db, [{ job: 'daily digest', error: 'Error: second' }], at(15));
  expect(await runOf('daily digest')).toEqual({ job: 'daily digest', lastRunAt: at(15), lastSucceededAt: null, lastFailedAt: at(15), lastError: 'Error: second', failuresInARow: 2 });
  await recordJobRuns(ctx.db, [{ job: 'daily digest' }], at(30));
  expect(await runOf('daily digest')).toEqual({ job: 'daily digest', lastRunAt: at(30), lastSucceededAt: at(30), lastFailedAt: at(15), lastError: 'Error: second', failuresInARow: 0 });
});

it('never moves a time back nor changes the later outcome when a slower instance’s earlier pass is recorded after it', async () => {
  await recordJobRuns(ctx.db, [{ job: 'due certificates' }, { job: 'deadline reminders', error: 'Error: later' }], at(15));
  await recordJobRuns(ctx.db, [{ job: 'due certificates', error: 'Error: earlier' }, { job: 'deadline reminders' }], at(10));
  expect(await runOf('due certificates')).toEqual({ job: 'due certificates', lastRunAt: at(15), lastSucceededAt: at(15), lastFailedAt: at(10), lastError: 'Error: earlier', failuresInARow: 0 });
  expect(await runOf('deadline reminders')).toEqual({ job: 'deadline reminders', lastRunAt: at(15), lastSucceededAt: at(10), lastFailedAt: at(15), lastError: 'Error: later', failuresInARow: 1 });
});

it('keeps an error to its first 1,000 characters', async () => {
  await recordJobRuns(ctx.db, [{ job: 'rate-limit sweep', error: 'x'.repeat(5000) }], at(0));
  expect((await runOf('rate-limit sweep'))?.lastError).toBe('x'.repeat(1000));
});
