import { createTestContext, type TestContext } from '../helpers/app';
import { assignInstructor, createCohorts, createSession } from '../helpers/factories';
import { createThread } from '../helpers/discussions-factories';
import { postForm, signIn, type Agent } from '../helpers/http';
import { postReflection, reflectionOf, reflectionUrl } from '../helpers/reflections-factories';
import { certificateChecksSettled } from '../../src/completion';
import { queriesDuring } from '../helpers/queries';

// What waits for the staff of a session (reflections to answer, reports to review, posts held for
// approval) is shown where they start: the dashboard, the teaching page and the session overview.
jest.setTimeout(60_000);

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** Session A with one of each waiting item, made through the learners' own forms where there is one. */
async function sessionWithWork() {
  const c = await createCohorts(ctx.db);
  const learnerA = await signIn(ctx.app, c.learnerA);
  expect((await postReflection(learnerA, c.sessionA.id, 1, 'My week one reflection.')).status).toBe(302);
  const thread = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id });
  const threadPage = `/threads/${thread.threadId}`;
  expect((await postForm(learnerA, `/posts/${thread.openingPostId}/report`, { reason: 'Please look at this.' }, threadPage)).status).toBe(302);
  // A learner's first post held for approval (the session's "hold first posts" setting, applied).
  await ctx.db('discussion_posts').insert({ thread_id: thread.threadId, author_id: c.learnerA.id, parent_id: thread.openingPostId, depth: 1, body_md: 'held', body_html: '<p>held</p>', status: 'pending' });
  return { c, learnerA, thread };
}

const links = (sessionId: number) => ({
  feedback: `<a href="/sessions/${sessionId}/feedback">1 reflection waiting for feedback</a>`,
  report: `<a href="/sessions/${sessionId}/moderation">1 report on posts to review</a>`,
  held: `<a href="/sessions/${sessionId}/moderation">1 post waiting for approval</a>`,
});

/** A statement with its `in (…)` lists of placeholders written as one, so statements for one session and for three compare equal. */
const withoutListedIds = (sql: string) => sql.replace(/in \((\$\d+(, )?)+\)/g, 'in (…)').replace(/\$\d+/g, '$');

async function pages(agent: Agent, sessionId: number) {
  const [dashboard, teach, overview] = await Promise.all(['/dashboard', '/teach', `/sessions/${sessionId}`].map((p) => agent.get(p)));
  return { dashboard: dashboard.text, teach: teach.text, overview: overview.text };
}

describe('what waits for the staff of a session', () => {
  it('shows the instructor of session A their reflection, report and held post on the dashboard, teaching page and overview; the instructor of B sees none of it', async () => {
    const { c } = await sessionWithWork();
    const a = links(c.sessionA.id);

    const mine = await pages(await signIn(ctx.app, c.instructorA), c.sessionA.id);
    for (const html of [mine.dashboard, mine.teach, mine.overview]) {
      expect(html).toContain(a.feedback);
      expect(html).toContain(a.report);
      expect(html).toContain(a.held);
      expect(html).not.toContain('Nothing is waiting for you.');
    }

    // A session of B's whose completion closed long ago says nothing either way on the teaching page.
    const old = await createSession(ctx.db, c.course.id, { startedDaysAgo: 400 });
    await assignInstructor(ctx.db, old.id, c.instructorB.id);
    const theirs = await pages(await signIn(ctx.app, c.instructorB), c.sessionB.id);
    expect(theirs.teach).toContain(`href="/sessions/${old.id}"`);
    expect(theirs.teach.match(/Nothing is waiting for you\./g)).toHaveLength(1);
    for (const html of [theirs.dashboard, theirs.teach, theirs.overview]) {
      expect(html).toContain('Nothing is waiting for you.');
      expect(html).not.toContain(`/sessions/${c.sessionA.id}/`);
      expect(html).not.toMatch(/waiting for feedback<\/a>|to review<\/a>|waiting for approval<\/a>/);
    }
  });

  it('shows an admin what waits in every session on the teaching page, and learners nothing of it', async () => {
    const { c } = await sessionWithWork();
    const admin = await signIn(ctx.app, c.admin);
    let teach = (await admin.get('/teach')).text;
    // The reflections are counted, not linked: they are read by the session's instructors.
    expect(teach).not.toContain(links(c.sessionA.id).feedback);
    expect(teach).toContain('<li>1 reflection waiting for feedback from the instructors</li>');
    expect(teach).toContain(links(c.sessionA.id).report);
    // Added as an instructor of the session, the admin is led to them.
    await assignInstructor(ctx.db, c.sessionA.id, c.admin.id);
    teach = (await admin.get('/teach')).text;
    expect(teach).toContain(links(c.sessionA.id).feedback);

    const learnerB = await signIn(ctx.app, c.learnerB);
    for (const page of ['/dashboard', `/sessions/${c.sessionB.id}`]) {
      const html = (await learnerB.get(page)).text;
      expect(html).not.toMatch(/waiting for feedback<\/a>|to review<\/a>|waiting for approval<\/a>|Nothing is waiting for you/);
    }
    expect((await learnerB.get('/teach')).status).toBe(403);
  });

  it('counts down as the instructor answers: feedback given, report resolved, post approved', async () => {
    const { c, thread } = await sessionWithWork();
    const instructor = await signIn(ctx.app, c.instructorA);
    const reflection = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
    const review = `/sessions/${c.sessionA.id}/reflections/${reflection.id}`;
    expect((await postForm(instructor, `${review}/feedback`, { feedback: 'Thank you for this.', outcome: 'accept' }, review)).status).toBe(302);
    let html = (await instructor.get('/dashboard')).text;
    expect(html).not.toContain('waiting for feedback');
    expect(html).toContain(links(c.sessionA.id).report);

    const moderation = `/sessions/${c.sessionA.id}/moderation`;
    const report = await ctx.db('discussion_reports').where({ post_id: thread.openingPostId }).first('id');
    expect((await postForm(instructor, `/reports/${report.id}/resolve`, {}, moderation)).status).toBe(302);
    const held = await ctx.db('discussion_posts').where({ thread_id: thread.threadId, status: 'pending' }).first('id');
    expect((await postForm(instructor, `/posts/${held.id}/approve`, {}, moderation)).status).toBe(302);
    html = (await instructor.get(`/sessions/${c.sessionA.id}`)).text;
    expect(html).toContain('Nothing is waiting for you.');
    // And the learner's reflection page says it was answered, so the count followed the real state.
    expect((await (await signIn(ctx.app, c.learnerA)).get(reflectionUrl(c.sessionA.id, 1))).text).toContain('Thank you for this.');
  });

  it('reads the counts of all an instructor’s sessions in the same number of queries, however many they teach', async () => {
    const { c } = await sessionWithWork();
    const instructor = await signIn(ctx.app, c.instructorA);
    // A learner's form post is followed by a certificate check once its answer has gone: not the dashboard's queries.
    await certificateChecksSettled();
    const one = await queriesDuring(ctx.db, () => instructor.get('/dashboard'));
    // Two more sessions of the same instructor, each with a reflection waiting.
    for (let i = 0; i < 2; i++) {
      const more = await createCohorts(ctx.db);
      await assignInstructor(ctx.db, more.sessionA.id, c.instructorA.id);
      expect((await postReflection(await signIn(ctx.app, more.learnerA), more.sessionA.id, 1, 'Another reflection.')).status).toBe(302);
    }
    await certificateChecksSettled();
    const three = await queriesDuring(ctx.db, () => instructor.get('/dashboard'));
    expect(three.result.text.match(/1 reflection waiting for feedback<\/a>/g)).toHaveLength(3);
    expect(three.sql.map(withoutListedIds)).toEqual(one.sql.map(withoutListedIds));
  });
});
