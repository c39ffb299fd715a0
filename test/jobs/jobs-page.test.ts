import request from 'supertest';
import { recordJobRuns } from '../../src/jobs/job-runs.repository';
import { JOBS } from '../../src/jobs/job-list';
import { createTestContext, type TestContext } from '../helpers/app';
import { createUser } from '../helpers/factories';
import { decode, signIn } from '../helpers/http';

// The admin's Background jobs page, and the notice on Administration when jobs fail or stop.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());
beforeEach(() => ctx.db('scheduled_job_runs').del());

const MINUTE = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE);
const allWorked = (when: Date) => recordJobRuns(ctx.db, JOBS.map((j) => ({ job: j.name })), when);
const asAdmin = async () => signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }));

it('lists every job with what it does, when it last ran and how it went', async () => {
  await recordJobRuns(ctx.db, [{ job: 'go/no-go check' }, { job: 'deadline reminders', error: 'Error: mail server refused' }], ago(30));
  await recordJobRuns(ctx.db, [{ job: 'go/no-go check' }, { job: 'deadline reminders', error: 'Error: <b>mail</b> server refused' }], ago(15));
  const page = await (await asAdmin()).get('/admin/jobs');
  expect(page.status).toBe(200);
  for (const job of JOBS) expect(page.text).toContain(job.name);
  expect(page.text).toContain('Flags sessions below their minimum enrolment');
  const rowOf = (job: string) => page.text.slice(page.text.indexOf(`<th scope="row">${job}`)).split('</tr>')[0];
  expect(rowOf('go/no-go check')).toContain('Worked.');
  expect(rowOf('deadline reminders')).toContain('Failed the last 2 times:');
  // The error's own words, escaped.
  expect(rowOf('deadline reminders')).toContain('Error: &lt;b&gt;mail&lt;/b&gt; server refused');
  expect(rowOf('nightly backup')).toContain('Not run yet');
  expect(page.text).not.toContain('have not run since');
  // The notice above the table points to it, not to the page it is on.
  expect(page.text).toContain('at its last try. Failed jobs are tried again every 15 minutes; what went wrong is in the table below.');
  expect(page.text).not.toContain('href="/admin/jobs"');
});

it('says on Administration which job failed at its last try, with the way to the details, and nothing once it works again', async () => {
  const admin = await asAdmin();
  await allWorked(ago(20));
  expect((await admin.get('/admin')).text).not.toContain('/admin/jobs">see what went wrong');
  await recordJobRuns(ctx.db, [{ job: 'evaluation summaries', error: 'Error: database is down' }], ago(5));
  const failing = decode((await admin.get('/admin')).text);
  expect(failing).toContain('The background job “evaluation summaries” failed</strong> at its last try.');
  expect(failing).toContain('<a href="/admin/jobs">see what went wrong</a>');
  await recordJobRuns(ctx.db, [{ job: 'due certificates', error: 'Error: database is down' }], ago(5));
  expect((await admin.get('/admin')).text).toContain('2 background jobs failed</strong> at their last try.');
  await recordJobRuns(ctx.db, [{ job: 'evaluation summaries' }, { job: 'due certificates' }], ago(1));
  expect((await admin.get('/admin')).text).not.toContain('failed</strong> at');
});

it('says the jobs have stopped when no pass has run for over an hour, on Administration and on the jobs page', async () => {
  const admin = await asAdmin();
  await allWorked(ago(50));
  expect((await admin.get('/admin')).text).not.toContain('have not run since');
  await ctx.db('scheduled_job_runs').del();
  await allWorked(ago(75));
  for (const path of ['/admin', '/admin/jobs']) {
    const text = (await admin.get(path)).text;
    expect({ path, stopped: text.includes('The background jobs have not run since') }).toEqual({ path, stopped: true });
  }
});

it('says no pass has run yet on a site whose jobs never ran, and gives no alarm on Administration', async () => {
  const admin = await asAdmin();
  expect((await admin.get('/admin/jobs')).text).toContain('No pass has run yet');
  const home = (await admin.get('/admin')).text;
  expect(home).not.toContain('have not run since');
  expect(home).toContain('<a href="/admin/jobs">Background jobs</a>');
});

it('is for admins only: an instructor and a learner see none of it', async () => {
  await recordJobRuns(ctx.db, [{ job: 'deadline reminders', error: 'Error: secret detail' }], ago(5));
  for (const role of ['instructor', 'learner'] as const) {
    const res = await (await signIn(ctx.app, await createUser(ctx.db, { role }))).get('/admin/jobs');
    expect({ role, status: res.status }).toEqual({ role, status: 403 });
    expect(res.text).not.toContain('secret detail');
  }
  const visitor = await request(ctx.app).get('/admin/jobs');
  expect(visitor.status).toBe(302);
  expect(visitor.headers.location).toMatch(/^\/login/);
});
