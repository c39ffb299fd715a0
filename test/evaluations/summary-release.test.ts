import { createPostgresDb } from '../../src/db';
import { runScheduledJobs, type JobDeps } from '../../src/jobs/scheduler';
import { silentLogger } from '../../src/lib/logger';
import { createMailer } from '../../src/notifications';
import { createTestContext, type TestContext } from '../helpers/app';
import { completionCast, insertEvaluation } from '../helpers/completion-factories';
import { usingPostgres } from '../helpers/db';
import { assignInstructor, createSession, createUser, enrol } from '../helpers/factories';
import { decode, deleteAccountAsOwner, postForm, signIn } from '../helpers/http';

// The background jobs release each session's evaluation summary once no more answers can arrive
// (src/evaluations/summary-release.ts); the page only reads (test/evaluations/evaluations.test.ts).

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const DAY = 86_400_000;
const deps = (): JobDeps => ({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl, logger: silentLogger });
const runJobs = (jobDeps = deps(), now = new Date()) => runScheduledJobs(jobDeps, { lastDigestDay: 'done' }, now);
const summaryUrl = (sessionId: number) => `/sessions/${sessionId}/evaluation/summary`;
const closeCompletion = (sessionId: number, at = new Date(Date.now() - 60_000)) => ctx.db('course_sessions').where({ id: sessionId }).update({ completion_deadline_at: at });
const releaseTimes = async (sessionId: number): Promise<(string | null)[]> => {
  const rows = await ctx.db('evaluations as ev').join('enrolments as e', 'e.id', 'ev.enrolment_id').where('e.course_session_id', sessionId).orderBy('ev.id').select('ev.released_at');
  return rows.map((r: { released_at: Date | null }) => r.released_at?.toISOString() ?? null);
};

/** A session of a completionCast with three answers, its completion closed `closedAgo` ms ago. */
async function answeredSession(closedAgo = 60_000) {
  const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
  const third = await enrol(ctx.db, cast.sessionA.id, (await createUser(ctx.db)).id);
  for (const enrolment of [cast.enrolmentA, cast.peerEnrolmentA, third]) await insertEvaluation(ctx.db, enrolment, [4, 4], { helped: `Words of ${enrolment}` });
  await closeCompletion(cast.sessionA.id, new Date(Date.now() - closedAgo));
  return cast;
}

it('releases in one pass every summary whose completion closed while the app was down, and a second pass changes nothing', async () => {
  const casts = [await answeredSession(3 * DAY), await answeredSession(10 * DAY)];
  await runJobs();
  const first = await Promise.all(casts.map((c) => releaseTimes(c.sessionA.id)));
  for (const times of first) {
    expect(times).toHaveLength(3);
    expect(times.every((t) => t !== null)).toBe(true);
    expect(new Set(times).size).toBe(1);
  }
  await runJobs(deps(), new Date(Date.now() + 15 * 60_000));
  expect(await Promise.all(casts.map((c) => releaseTimes(c.sessionA.id)))).toEqual(first);
  const page = await (await signIn(ctx.app, casts[1].instructorA)).get(summaryUrl(casts[1].sessionA.id));
  expect(page.text).toContain('3 learners answered.');
});

it('is held back only by more time given to those who can answer: not by an admin or the session’s own instructor enrolled as a learner', async () => {
  const cast = await answeredSession();
  const inAWeek = new Date(Date.now() + 7 * DAY);
  // Enrolled as learners, they still open the session as its staff, and cannot send an evaluation.
  for (const staff of [cast.admin, cast.instructorA]) {
    const enrolment = await enrol(ctx.db, cast.sessionA.id, staff.id);
    await ctx.db('enrolments').where({ id: enrolment }).update({ completion_extended_to: inAWeek });
    const page = await (await signIn(ctx.app, staff)).get(`/sessions/${cast.sessionA.id}/evaluation`);
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe(summaryUrl(cast.sessionA.id));
  }
  const staffPage = await (await signIn(ctx.app, cast.instructorA)).get(summaryUrl(cast.sessionA.id));
  expect(staffPage.text).toContain('The summary will appear here within a quarter of an hour.');
  await runJobs();
  expect((await releaseTimes(cast.sessionA.id)).every((t) => t !== null)).toBe(true);
  expect((await (await signIn(ctx.app, cast.admin)).get(summaryUrl(cast.sessionA.id))).text).toContain('3 learners answered.');
});

it('is held back by more time given to an instructor of another session who is a learner in this one, since they can answer', async () => {
  const cast = await answeredSession();
  const colleague = await createUser(ctx.db, { role: 'instructor' });
  await assignInstructor(ctx.db, (await createSession(ctx.db, cast.course.id, { startedDaysAgo: -30 })).id, colleague.id);
  const enrolment = await enrol(ctx.db, cast.sessionA.id, colleague.id);
  await ctx.db('enrolments').where({ id: enrolment }).update({ completion_extended_to: new Date(Date.now() + 7 * DAY) });
  expect((await (await signIn(ctx.app, colleague)).get(`/sessions/${cast.sessionA.id}/evaluation`)).status).toBe(200);
  await runJobs();
  expect(await releaseTimes(cast.sessionA.id)).toEqual([null, null, null]);
  expect((await (await signIn(ctx.app, cast.instructorA)).get(summaryUrl(cast.sessionA.id))).text).toContain('3 learners have sent an evaluation so far.');
});

it(`releases each summary once, at one time, when two app instances run the jobs together (${usingPostgres ? 'at once, on two connection pools' : 'one after the other on PGlite'})`, async () => {
  const casts = [];
  for (let i = 0; i < 4; i++) casts.push(await answeredSession());
  const other = usingPostgres ? createPostgresDb(ctx.database.url!, { min: 0, max: 4 }) : undefined;
  try {
    const otherDeps = other ? { ...deps(), db: other.knex, mailer: createMailer({ db: other.knex, from: ctx.config.mailFrom, logger: silentLogger }) } : deps();
    const now = new Date();
    const later = new Date(now.getTime() + 1000);
    const passes = usingPostgres ? await Promise.all([runJobs(deps(), now), runJobs(otherDeps, later)]) : [await runJobs(deps(), now), await runJobs(otherDeps, later)];
    // Each session counted by the one pass that released it (earlier tests' sessions are released already).
    expect(passes[0].evaluationSummaries + passes[1].evaluationSummaries).toBe(casts.length);
    for (const c of casts) {
      const times = await releaseTimes(c.sessionA.id);
      expect(times).toHaveLength(3);
      expect(times.every((t) => t !== null)).toBe(true);
      // Both passes wrote different times, so one time for all three answers means one pass released them.
      expect(new Set(times).size).toBe(1);
    }
  } finally {
    await other?.close();
  }
});

it('never releases a summary again once every answer in it is gone with deleted accounts, from answers sent later after more time was given', async () => {
  const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
  const third = await createUser(ctx.db);
  const late = [await createUser(ctx.db), await createUser(ctx.db), await createUser(ctx.db)];
  const lateEnrolments = [];
  for (const user of late) lateEnrolments.push(await enrol(ctx.db, cast.sessionA.id, user.id));
  for (const enrolment of [cast.enrolmentA, cast.peerEnrolmentA, await enrol(ctx.db, cast.sessionA.id, third.id)]) await insertEvaluation(ctx.db, enrolment, [4, 4]);
  await closeCompletion(cast.sessionA.id, new Date(Date.now() - 60 * 60_000));
  const firstPass = new Date(Date.now() - 30 * 60_000);
  await runJobs(deps(), firstPass);
  expect(await releaseTimes(cast.sessionA.id)).toEqual([firstPass.toISOString(), firstPass.toISOString(), firstPass.toISOString()]);

  expect((await ctx.db('course_sessions').where({ id: cast.sessionA.id }).first()).evaluation_summary_released_at).toEqual(firstPass);

  for (const learner of [cast.learnerA, cast.peerA, third]) await deleteAccountAsOwner(ctx.app, ctx.db, learner);
  expect(await releaseTimes(cast.sessionA.id)).toEqual([]);

  // More time for three who had not answered; they answer through the form, after the summary was made.
  await ctx.db('enrolments').whereIn('id', lateEnrolments).update({ completion_extended_to: new Date(Date.now() + 60_000) });
  const url = `/sessions/${cast.sessionA.id}/evaluation`;
  for (const [i, user] of late.entries()) {
    const learner = await signIn(ctx.app, user);
    expect((await postForm(learner, url, { outcome_1: '1', outcome_2: '1', helped: `A late and telling answer ${i}`, toChange: '' }, url)).status).toBe(302);
    expect((await learner.get(`/sessions/${cast.sessionA.id}/whats-left`)).text).toContain('so your answers are kept but not added to it');
  }

  // Once their time has run out too, enough answers are there, yet the jobs leave the session alone.
  await ctx.db('enrolments').whereIn('id', lateEnrolments).update({ completion_extended_to: new Date(Date.now() - 1000) });
  await runJobs();
  expect(await releaseTimes(cast.sessionA.id)).toEqual([null, null, null]);
  const page = (await (await signIn(ctx.app, cast.instructorA)).get(summaryUrl(cast.sessionA.id))).text;
  expect(page).toContain('but none of its answers are left.');
  expect(page).toContain('It is not made again: the 3 answers sent after it, by learners given more time, are not added.');
  expect(page).not.toContain('within a quarter of an hour');
  expect(page).not.toContain('A late and telling answer');
});

it('says a summary due for over an hour is late and why, not that it comes within a quarter of an hour, and shows it once the jobs run', async () => {
  const onTime = await answeredSession(50 * 60_000);
  expect(decode((await (await signIn(ctx.app, onTime.instructorA)).get(summaryUrl(onTime.sessionA.id))).text)).toContain('The summary will appear here within a quarter of an hour.');

  const cast = await answeredSession(75 * 60_000);
  const url = summaryUrl(cast.sessionA.id);
  const staffPage = decode((await (await signIn(ctx.app, cast.instructorA)).get(url)).text);
  expect(staffPage).toContain('Completion has closed with 3 answers, enough for a summary, but it has not been made yet.');
  expect(staffPage).toContain('Kindred’s administrators can see why on their Background jobs page.');
  expect(staffPage).not.toContain('within a quarter of an hour.');
  expect(staffPage).not.toContain('href="/admin/jobs"');
  const adminPage = (await (await signIn(ctx.app, cast.admin)).get(url)).text;
  expect(adminPage).toContain('<a href="/admin/jobs">See the background jobs</a> for what went wrong.');

  await runJobs();
  expect(decode((await (await signIn(ctx.app, cast.instructorA)).get(url)).text)).toContain('3 learners answered.');
});
