import { certificateChecksSettled } from '../../src/completion';
import { runScheduledJobs, type JobState } from '../../src/jobs/scheduler';
import { silentLogger } from '../../src/lib/logger';
import { createTestContext, type TestContext } from '../helpers/app';
import { updateCompletionRules } from '../../src/authoring/courses.service';
import { completeCourse, completeLearnerA, completionCast, enrolmentIdOf, fillToolkit } from '../helpers/completion-factories';
import { usingPostgres } from '../helpers/db';
import { createUser, enrol } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';

// Certificates that fall due without the learner doing anything: an instructor approves their
// held post, or an admin relaxes the rules or removes what was left. Nobody visits a page here.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await certificateChecksSettled();
  await ctx.close();
});

const jobDeps = () => ({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl, logger: silentLogger });
// The digest is marked as sent today, so only the jobs this file is about send anything.
const runJobs = (now = new Date()) => runScheduledJobs(jobDeps(), { lastDigestDay: now.toISOString().slice(0, 10) } satisfies JobState, now);
const certificatesOf = (enrolmentId: number) => ctx.db('certificates').where({ enrolment_id: enrolmentId });
const certificateEmailsTo = (email: string) => ctx.db('outbox_emails').where({ to_address: email }).whereILike('subject', 'Your certificate%');

async function setRules(courseId: number, rules: Record<string, unknown>): Promise<void> {
  const { completion_rules: stored } = await ctx.db('courses').where({ id: courseId }).first('completion_rules');
  await ctx.db('courses').where({ id: courseId }).update({ completion_rules: JSON.stringify({ ...stored, ...rules }) });
}

describe('approving a held post', () => {
  it('issues the certificate and emails the learner once when the post was the last thing missing', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    const opening = await ctx.db('discussion_posts').where({ author_id: cast.learnerA.id, parent_id: null }).orderBy('id').first('id', 'thread_id');
    await ctx.db('discussion_posts').where({ id: opening.id }).update({ status: 'pending' });

    const staff = await signIn(ctx.app, cast.instructorA);
    const res = await postForm(staff, `/posts/${opening.id}/approve`, {}, `/threads/${opening.thread_id}`);
    expect(res.status).toBe(302);

    // Issued as part of the approval, not later when the learner opens a page.
    const certificates = await certificatesOf(cast.enrolmentA);
    expect(certificates).toHaveLength(1);
    expect(certificates[0].completion_kind).toBe('rules');
    expect(await certificateEmailsTo(cast.learnerA.email)).toHaveLength(1);
    expect(await certificateEmailsTo(cast.instructorA.email)).toHaveLength(0);
  });

  it('issues nothing when the approved post still leaves a rule open', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast, ['evaluation']);
    const opening = await ctx.db('discussion_posts').where({ author_id: cast.learnerA.id, parent_id: null }).orderBy('id').first('id', 'thread_id');
    await ctx.db('discussion_posts').where({ id: opening.id }).update({ status: 'pending' });
    const staff = await signIn(ctx.app, cast.instructorA);
    expect((await postForm(staff, `/posts/${opening.id}/approve`, {}, `/threads/${opening.thread_id}`)).status).toBe(302);
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(0);
  });
});

describe('the sweep for certificates that fell due', () => {
  it('issues for those who meet relaxed rules, once, and not for those who still do not', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast, ['toolkit']);
    const other = await createUser(ctx.db, { name: 'Olive Other' });
    const otherEnrolment = await enrol(ctx.db, cast.sessionA.id, other.id);
    await completeCourse(ctx.db, { sessionId: cast.sessionA.id, courseId: cast.course.id, enrolmentId: otherEnrolment, learner: other, peer: cast.peerA }, ['toolkit', 'readings']);

    await runJobs();
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(0);

    await setRules(cast.course.id, { toolkitEntriesPerSection: 0 });
    const result = await runJobs();
    expect(result.certificates).toBeGreaterThanOrEqual(1);
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(1);
    expect(await certificateEmailsTo(cast.learnerA.email)).toHaveLength(1);
    expect(await certificatesOf(otherEnrolment)).toHaveLength(0);
    expect(await certificatesOf(cast.peerEnrolmentA)).toHaveLength(0);

    await runJobs();
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(1);
    expect(await certificateEmailsTo(cast.learnerA.email)).toHaveLength(1);
  });

  it('issues nothing once completion has closed, unless the learner was given more time', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast, ['toolkit']);
    await setRules(cast.course.id, { toolkitEntriesPerSection: 0 });
    await ctx.db('course_sessions').where({ id: cast.sessionA.id }).update({ completion_deadline_at: new Date(Date.now() - 60_000) });
    await runJobs();
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(0);

    await ctx.db('enrolments').where({ id: cast.enrolmentA }).update({ completion_extended_to: new Date(Date.now() + 86_400_000) });
    await runJobs();
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(1);
  });

  it('does not re-issue a revoked certificate', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    await runJobs();
    await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA }).update({ revoked_at: new Date(), revoked_reason: 'A test' });
    await runJobs();
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(1);
    expect(await certificateEmailsTo(cast.learnerA.email)).toHaveLength(1);
  });

  it(`issues one certificate and one email when two sweeps run at once (${usingPostgres ? 'concurrently on PostgreSQL' : 'on PGlite, which takes one at a time'})`, async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    const now = new Date();
    await Promise.all([runJobs(now), runJobs(now)]);
    const certificates = await certificatesOf(cast.enrolmentA);
    expect(certificates).toHaveLength(1);
    expect(await certificateEmailsTo(cast.learnerA.email)).toHaveLength(1);
    expect(await ctx.db('certificate_events').where({ certificate_id: certificates[0].id, kind: 'issued' })).toHaveLength(1);
  });
});

describe('an admin changing the course', () => {
  it('issues at once to those who meet the rules the admin just saved', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast, ['toolkit']);
    const admin = await signIn(ctx.app, cast.admin);
    const res = await postForm(admin, `/admin/courses/${cast.course.id}/completion-rules`, {
      postsPerWeek: '1', repliesPerWeek: '2', toolkitEntriesPerSection: '0', completionGraceDays: '30', readingsDone: 'on', exerciseSubmitted: 'on', evaluation: 'on',
    }, `/admin/courses/${cast.course.id}/completion-rules`);
    expect(res.status).toBe(302);
    await certificateChecksSettled();
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(1);
    expect(await certificateEmailsTo(cast.learnerA.email)).toHaveLength(1);
  });

  it('issues at once when the admin deletes the one reading the learner had left', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    const left = await ctx.db('readings as r').join('course_modules as m', 'm.id', 'r.course_module_id').where('m.course_id', cast.course.id).orderBy('r.id').first('r.id', 'm.id as module_id');
    // Nobody has read it, so the admin may delete it.
    await ctx.db('reading_progress').where({ reading_id: left.id }).delete();
    const admin = await signIn(ctx.app, cast.admin);
    const readingPage = `/admin/courses/${cast.course.id}/modules/${left.module_id}/readings/${left.id}`;
    const res = await postForm(admin, `${readingPage}/delete`, {}, `${readingPage}/delete`);
    expect(res.status).toBe(302);
    expect(await ctx.db('readings').where({ id: left.id })).toHaveLength(0);
    await certificateChecksSettled();
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(1);
  });

  it('has issued the certificate by the time the page answers, when the admin deletes the one toolkit section the learner had left', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast, ['toolkit']);
    // Nobody has written in week 2's section, so the admin may delete it.
    await fillToolkit(ctx.db, cast.enrolmentA, cast.course.id, { skipWeek: 2 });
    const left = await ctx.db('toolkit_sections as t').join('course_modules as m', 'm.id', 't.course_module_id').where({ 'm.course_id': cast.course.id, 'm.week': 2 }).first('t.id', 'm.id as module_id');
    const admin = await signIn(ctx.app, cast.admin);
    const sectionPage = `/admin/courses/${cast.course.id}/modules/${left.module_id}/toolkit-sections/${left.id}`;
    expect((await postForm(admin, `${sectionPage}/delete`, {}, `${sectionPage}/delete`)).status).toBe(302);
    expect(await ctx.db('toolkit_sections').where({ id: left.id })).toHaveLength(0);
    // No waiting for checks after the response: the deletion itself asked for the sweep.
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(1);
    expect(await certificateEmailsTo(cast.learnerA.email)).toHaveLength(1);
  });

  it('issues the certificates due whichever way the completion rules are saved, not only through the admin page', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast, ['evaluation']);
    await updateCompletionRules({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl, logger: silentLogger }, cast.course.id, {
      postsPerWeek: 1, repliesPerWeek: 2, toolkitEntriesPerSection: 1, completionGraceDays: 30, readingsDone: true, exerciseSubmitted: true, evaluation: false,
    });
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(1);
    expect(await certificatesOf(cast.peerEnrolmentA)).toHaveLength(0);
  });
});

it('issues to a staff account enrolled as a learner right after its last action', async () => {
  const cast = await completionCast(ctx.db);
  const staffLearner = await createUser(ctx.db, { role: 'instructor', name: 'Ines Instructor' });
  const enrolmentId = await enrol(ctx.db, cast.sessionA.id, staffLearner.id);
  expect(enrolmentId).toBe(await enrolmentIdOf(ctx.db, cast.sessionA.id, staffLearner.id));
  await completeCourse(ctx.db, { sessionId: cast.sessionA.id, courseId: cast.course.id, enrolmentId, learner: staffLearner, peer: cast.peerA });
  const last = await ctx.db('readings as r').join('course_modules as m', 'm.id', 'r.course_module_id').where({ 'm.course_id': cast.course.id, 'm.week': 1 }).first('r.id');
  await ctx.db('reading_progress').where({ enrolment_id: enrolmentId, reading_id: last.id }).delete();
  expect(await certificatesOf(enrolmentId)).toHaveLength(0);

  const agent = await signIn(ctx.app, staffLearner);
  const week = `/sessions/${cast.sessionA.id}/weeks/1`;
  expect((await postForm(agent, `/sessions/${cast.sessionA.id}/readings/${last.id}/done`, {}, week)).status).toBe(302);
  await certificateChecksSettled();
  expect(await certificatesOf(enrolmentId)).toHaveLength(1);
  expect(await certificateEmailsTo(staffLearner.email)).toHaveLength(1);
});
