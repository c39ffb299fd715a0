import { runScheduledJobs, startScheduledJobs, type JobDeps, type JobState } from '../../src/jobs/scheduler';
import { silentLogger } from '../../src/lib/logger';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const deps = () => ({ db: ctx.db, mailer: ctx.mailer, baseUrl: 'http://localhost:3000', logger: silentLogger });
const emailsTo = (address: string) => ctx.db('outbox_emails').where({ to_address: address });

it('flags a session below its minimum at go/no-go and emails the admins once', async () => {
  const admin = await createUser(ctx.db, { role: 'admin' });
  const course = await createCourse(ctx.db);
  const session = await createSession(ctx.db, course.id, { startedDaysAgo: -3, minEnrolment: 5 });
  const state: JobState = {};
  const first = await runScheduledJobs(deps(), state, new Date());
  expect(first.flagged).toContain(session.id);
  expect((await emailsTo(admin.email)).length).toBe(1);
  const again = await runScheduledJobs(deps(), state, new Date());
  expect(again.flagged).not.toContain(session.id);
  expect((await emailsTo(admin.email)).length).toBe(1);
});

it('sends the daily digest once a day, only from 07:00 UTC', async () => {
  const c = await createCohorts(ctx.db);
  const peer = await createUser(ctx.db);
  await enrol(ctx.db, c.sessionA.id, peer.id);
  const board = `/sessions/${c.sessionA.id}/weeks/1/discussion`;
  await postForm(await signIn(ctx.app, c.learnerA), `${board}/threads`, { title: 'Morning thread', body: 'hello' }, board);
  const thread = await ctx.db('discussion_threads').where({ author_id: c.learnerA.id }).first();
  await postForm(await signIn(ctx.app, peer), `/threads/${thread.id}/replies`, { body: 'a reply' }, `/threads/${thread.id}`);

  const today = new Date().toISOString().slice(0, 10);
  const state: JobState = {};
  const early = await runScheduledJobs(deps(), state, new Date(`${today}T06:59:00Z`));
  expect(early.digests).toBe(0);
  expect(await emailsTo(c.learnerA.email)).toHaveLength(0);

  const morning = await runScheduledJobs(deps(), state, new Date(Math.max(Date.now(), Date.parse(`${today}T07:00:00Z`))));
  expect(morning.digests).toBeGreaterThanOrEqual(1);
  expect(await emailsTo(c.learnerA.email)).toHaveLength(1);

  const later = await runScheduledJobs(deps(), state, new Date(Math.max(Date.now(), Date.parse(`${today}T09:00:00Z`))));
  expect(later.digests).toBe(0);

  // A restart (a process with nothing in memory) after more news sends no second digest that day.
  await postForm(await signIn(ctx.app, peer), `/threads/${thread.id}/replies`, { body: 'more news' }, `/threads/${thread.id}`);
  const restarted = await runScheduledJobs(deps(), {}, new Date(Math.max(Date.now(), Date.parse(`${today}T09:15:00Z`))));
  expect(restarted.digests).toBe(0);
  expect(await emailsTo(c.learnerA.email)).toHaveLength(1);
});

it('emails an announcement once its time has come', async () => {
  const c = await createCohorts(ctx.db);
  const staff = await signIn(ctx.app, c.instructorA);
  const at = new Date(Date.now() + 3_600_000);
  const local = at.toISOString().slice(0, 16);
  await postForm(staff, `/sessions/${c.sessionA.id}/announcements`, { title: 'At eleven', body: 'x', when: 'later', at: local }, `/sessions/${c.sessionA.id}/announcements`);
  expect((await runScheduledJobs(deps(), { lastDigestDay: 'done' }, new Date())).announcementEmails).toBe(0);
  const due = await runScheduledJobs(deps(), { lastDigestDay: 'done' }, new Date(at.getTime() + 60_000));
  expect(due.announcementEmails).toBe(1);
  expect((await emailsTo(c.learnerA.email)).map((e: { subject: string }) => e.subject)).toEqual([`${c.course.data.title}: At eleven`]);
});

function recordingLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push({ level, message, fields });
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}

it('runs the other jobs when one fails, logging one line naming it and its error, and says which failed', async () => {
  const c = await createCohorts(ctx.db);
  const course = await createCourse(ctx.db);
  await createSession(ctx.db, course.id, { startedDaysAgo: -3, minEnrolment: 5 });
  const staff = await signIn(ctx.app, c.instructorA);
  const at = new Date(Date.now() + 3_600_000);
  await postForm(staff, `/sessions/${c.sessionA.id}/announcements`, { title: 'Still sent', body: 'x', when: 'later', at: at.toISOString().slice(0, 16) }, `/sessions/${c.sessionA.id}/announcements`);
  // The mail server refuses the admins' go/no-go email: the first job fails; those after it run.
  const refusing: JobDeps['mailer'] = {
    send: (message, within) => (message.to === c.admin.email ? Promise.reject(new Error('mail server refused')) : ctx.mailer.send(message, within)),
  };
  const { lines, logger } = recordingLogger();
  const result = await runScheduledJobs({ ...deps(), mailer: refusing, logger }, { lastDigestDay: 'done' }, new Date(at.getTime() + 60_000));
  expect(result.failed).toEqual(['go/no-go check']);
  expect(result.announcementEmails).toBe(1);
  expect((await emailsTo(c.learnerA.email)).map((e: { subject: string }) => e.subject)).toEqual([`${c.course.data.title}: Still sent`]);
  expect(lines).toEqual([{ level: 'error', message: 'scheduled job failed', fields: { job: 'go/no-go check', error: 'Error: mail server refused' } }]);
});

it('tries a failed daily digest again at the next pass', async () => {
  const c = await createCohorts(ctx.db);
  const peer = await createUser(ctx.db);
  await enrol(ctx.db, c.sessionA.id, peer.id);
  const board = `/sessions/${c.sessionA.id}/weeks/1/discussion`;
  await postForm(await signIn(ctx.app, c.learnerA), `${board}/threads`, { title: 'News for the digest', body: 'hello' }, board);
  const thread = await ctx.db('discussion_threads').where({ author_id: c.learnerA.id }).first();
  await postForm(await signIn(ctx.app, peer), `/threads/${thread.id}/replies`, { body: 'a reply' }, `/threads/${thread.id}`);
  const refusing: JobDeps['mailer'] = { send: () => Promise.reject(new Error('mail server refused')) };
  const state: JobState = {};
  // From 07:00 UTC, with the next pass the same day: in the last quarter of an hour of a day, tomorrow morning.
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T07:00:00Z`);
  const soonest = Math.max(Date.now(), today);
  const morning = new Date(soonest + 15 * 60_000 < today + 17 * 3_600_000 ? soonest : today + 86_400_000);
  const { lines, logger } = recordingLogger();
  const refused = await runScheduledJobs({ ...deps(), mailer: refusing, logger }, state, morning);
  expect(refused.failed).toContain('daily digest');
  expect(lines).toContainEqual({ level: 'error', message: 'scheduled job failed', fields: { job: 'daily digest', error: 'Error: mail server refused' } });
  const next = await runScheduledJobs(deps(), state, new Date(morning.getTime() + 15 * 60_000));
  expect(next.failed).toEqual([]);
  expect(next.digests).toBeGreaterThanOrEqual(1);
  expect(await emailsTo(c.learnerA.email)).toHaveLength(1);
});

describe('the background timer', () => {
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  };

  it('runs the jobs at once on start and logs what they did', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -3, minEnrolment: 5 });
    const { lines, logger } = recordingLogger();
    const jobs = startScheduledJobs({ ...deps(), logger });
    try {
      await until(() => lines.length > 0);
      expect(lines[0]).toMatchObject({ level: 'info', message: 'scheduled jobs ran' });
      expect(lines[0].fields?.flagged_sessions).toContain(session.id);
    } finally {
      await jobs.stop();
    }
  });

  it('on stop, waits for the pass in flight, whose work is committed before the stop ends', async () => {
    const admin = await createUser(ctx.db, { role: 'admin' });
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -3, minEnrolment: 5 });
    const { lines, logger } = recordingLogger();
    // Holding the session's row (and on PGlite the only connection) keeps the pass's first statement waiting.
    const trx = await ctx.db.transaction();
    await trx('course_sessions').where({ id: session.id }).forUpdate().first('id');
    const jobs = startScheduledJobs({ ...deps(), logger });
    let stopped = false;
    const stopping = jobs.stop().then(() => (stopped = true));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stopped).toBe(false);
    } finally {
      await trx.commit();
    }
    await stopping;
    // What server.ts does next is close the database: the pass has nothing left to do on it.
    expect(lines).toEqual([expect.objectContaining({ level: 'info', message: 'scheduled jobs ran' })]);
    expect((await ctx.db('course_sessions').where({ id: session.id }).first()).go_no_go_flagged_at).not.toBeNull();
    expect(await emailsTo(admin.email)).toHaveLength(1);
  });

  it('logs each job that fails, one line each, and keeps the process running', async () => {
    const { lines, logger } = recordingLogger();
    const broken = (() => {
      throw new Error('database is down');
    }) as unknown as JobDeps['db'];
    const jobs = startScheduledJobs({ ...deps(), db: broken, logger });
    // The stop waits for the pass in flight: every job of it has been tried by then.
    await until(() => lines.length > 0);
    await jobs.stop();
    const jobLines = lines.filter((line) => line.message === 'scheduled job failed');
    const jobsTried = jobLines.map((line) => line.fields?.job);
    expect(jobsTried).toEqual(expect.arrayContaining(['go/no-go check', 'certificate retention', 'due certificates', 'deadline reminders', 'rate-limit sweep']));
    expect(lines[0]).toEqual({ level: 'error', message: 'scheduled job failed', fields: { job: 'go/no-go check', error: 'Error: database is down' } });
    // One line each, the error's own words without its stack.
    expect(jobLines).toEqual(jobsTried.map((job) => ({ level: 'error', message: 'scheduled job failed', fields: { job, error: expect.stringMatching(/^\w*Error: [^\n]+$/) } })));
    // Their outcomes cannot be recorded for the admin's page either: one last line says so.
    expect(lines.slice(jobLines.length)).toEqual([{ level: 'error', message: 'could not record the scheduled jobs’ outcomes', fields: { error: 'Error: database is down' } }]);
  });
});
