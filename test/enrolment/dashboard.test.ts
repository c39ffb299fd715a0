import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { decode, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());


describe('learner dashboard', () => {
  it('lists the learner’s enrolments with status, payment, dates in the session zone and a link to the session', async () => {
    const course = await createCourse(ctx.db, { title: 'Dashboard course' });
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'America/Chicago' });
    const learner = await createUser(ctx.db);
    await enrol(ctx.db, session.id, learner.id);
    await ctx.db('enrolments').where({ user_id: learner.id }).update({ payment_status: 'paid' });
    const html = decode((await (await signIn(ctx.app, learner)).get('/dashboard')).text);
    expect(html).toContain('Dashboard course');
    expect(html).toContain('4 May – 17 May 2099');
    expect(html).toContain('America/Chicago');
    expect(html).toContain('Enrolled');
    expect(html).toContain('Paid ($250.00)');
    expect(html).toContain(`href="/sessions/${session.id}"`);
    expect(html).toContain(`href="/sessions/${session.id}/withdraw"`);
  });

  it('links to the course page of a published course, and not to one that has been unpublished', async () => {
    const published = await createCourse(ctx.db, { title: 'Still published course' });
    const unpublished = await createCourse(ctx.db, { title: 'Since unpublished course' });
    const learner = await createUser(ctx.db);
    await enrol(ctx.db, (await createSession(ctx.db, published.id)).id, learner.id);
    await enrol(ctx.db, (await createSession(ctx.db, unpublished.id)).id, learner.id);
    await ctx.db('courses').where({ id: unpublished.id }).update({ published: false });
    const agent = await signIn(ctx.app, learner);
    const html = decode((await agent.get('/dashboard')).text);
    expect(html).toContain('Since unpublished course');
    expect(html).toContain(`href="/courses/${published.slug}"`);
    expect(html).not.toContain(`href="/courses/${unpublished.slug}"`);
    expect((await agent.get(`/courses/${unpublished.slug}`)).status).toBe(404);
  });

  it('says there is nothing to pay for an unpaid seat whose session was cancelled or that was withdrawn, and no price', async () => {
    const course = await createCourse(ctx.db, { title: 'Ended seats course' });
    const cancelled = await createSession(ctx.db, course.id, { startDate: '2099-05-04', status: 'cancelled' });
    const withdrawn = await createSession(ctx.db, course.id, { startDate: '2099-06-01' });
    const running = await createSession(ctx.db, course.id, { startDate: '2099-07-06' });
    const learner = await createUser(ctx.db);
    await ctx.db('enrolments').insert([
      { course_session_id: cancelled.id, user_id: learner.id, status: 'cancelled', payment_status: 'unpaid' },
      { course_session_id: withdrawn.id, user_id: learner.id, status: 'withdrawn', payment_status: 'unpaid' },
    ]);
    await enrol(ctx.db, running.id, learner.id);
    const html = decode((await (await signIn(ctx.app, learner)).get('/dashboard')).text);
    expect(html.match(/<dt>Payment<\/dt><dd>Nothing to pay<\/dd>/g)).toHaveLength(2);
    expect(html.match(/Invoice to follow \(\$250\.00\)/g)).toHaveLength(1);
  });

  it('shows each learner only their own sessions', async () => {
    const { sessionA, sessionB, learnerA } = await createCohorts(ctx.db);
    const html = (await (await signIn(ctx.app, learnerA)).get('/dashboard')).text;
    expect(html).toContain(`href="/sessions/${sessionA.id}"`);
    expect(html).not.toContain(`href="/sessions/${sessionB.id}"`);
  });

  it('shows the latest announcement and the count of new discussion posts of the learner’s own sessions only', async () => {
    const { course, sessionA, sessionB, learnerA, learnerB, instructorA } = await createCohorts(ctx.db);
    await ctx.db('announcements').insert([
      { course_session_id: sessionA.id, author_id: instructorA.id, title: 'Older news', body_md: 'old', body_html: '<p>old</p>', published_at: new Date(Date.now() - 60_000) },
      { course_session_id: sessionA.id, author_id: instructorA.id, title: 'Week two is open', body_md: 'x', body_html: '<p>See you there</p>' },
      { course_session_id: sessionB.id, author_id: instructorA.id, title: 'Only for B', body_md: 'x', body_html: '<p>b</p>' },
    ]);
    const module = await ctx.db('course_modules').where({ course_id: course.id, week: 1 }).first('id');
    const [thread] = await ctx.db('discussion_threads').insert({ course_session_id: sessionA.id, course_module_id: module.id, author_id: instructorA.id, title: 'Welcome' }).returning('id');
    await ctx.db('discussion_posts').insert({ thread_id: thread.id, author_id: instructorA.id, body_md: 'hi', body_html: '<p>hi</p>' });
    const html = decode((await (await signIn(ctx.app, learnerA)).get('/dashboard')).text);
    expect(html).toContain('Latest announcement: Week two is open');
    expect(html).not.toContain('Older news');
    expect(html).not.toContain('Only for B');
    expect(html).toContain('New posts</span> in 1 thread');
    const other = decode((await (await signIn(ctx.app, learnerB)).get('/dashboard')).text);
    expect(other).toContain('Only for B');
    expect(other).not.toContain('Week two is open');
  });

  it('invites a learner with no enrolments to browse courses', async () => {
    const html = (await (await signIn(ctx.app, await createUser(ctx.db))).get('/dashboard')).text;
    expect(html).toContain('You are not enrolled in a session yet');
  });
});
