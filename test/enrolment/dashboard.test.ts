import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { decode, readable, signIn } from '../helpers/http';
import { queriesDuring } from '../helpers/queries';
import { issueCertificate } from '../../src/certificates/certificates.service';
import { completeLearnerA, completionCast, fillToolkit, markReadingsDone, replyTo, setReflection, startThread } from '../helpers/completion-factories';

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
    expect(readable(html)).toContain('4 May – 17 May 2099');
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

describe('progress on the dashboard', () => {
  const stepsDone = (html: string) => /(\d+ of \d+) steps towards your certificate done \((\d+)%\)/.exec(html)?.slice(1, 3);
  const nextStep = (html: string) => /<strong>Next step:<\/strong> <a href="([^"]+)">([^<]+)<\/a>/.exec(html)?.slice(1, 3);

  it('shows each learner how far they are in their own session, as the session’s page counts it, and the next step to take', async () => {
    const cast = await completionCast(ctx.db);
    await markReadingsDone(ctx.db, cast.enrolmentA, cast.course.id, 1);
    const learnerA = await signIn(ctx.app, cast.learnerA);
    const dashboard = decode((await learnerA.get('/dashboard')).text);
    const overview = decode((await learnerA.get(`/sessions/${cast.sessionA.id}`)).text);
    expect(stepsDone(dashboard)).toEqual(stepsDone(overview));
    expect(stepsDone(dashboard)![0]).toMatch(/^1 of \d+$/);
    expect(nextStep(dashboard)).toEqual([`/sessions/${cast.sessionA.id}/weeks/1/reflection`, 'Week 1: write and submit your reflection']);

    const learnerB = decode((await (await signIn(ctx.app, cast.learnerB)).get('/dashboard')).text);
    expect(stepsDone(learnerB)![0]).toMatch(/^0 of \d+$/);
    expect(nextStep(learnerB)).toEqual([`/sessions/${cast.sessionB.id}/weeks/1`, 'Week 1: mark the readings done']);
    expect(learnerB).not.toContain(`/sessions/${cast.sessionA.id}/`);
  });

  it('says when the next step opens once everything open so far is done', async () => {
    const cast = await completionCast(ctx.db);
    await markReadingsDone(ctx.db, cast.enrolmentA, cast.course.id, 1);
    await setReflection(ctx.db, cast.enrolmentA, cast.course.id, 1, 'submitted');
    await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, cast.learnerA.id);
    const peerPost = await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, cast.peerA.id);
    await replyTo(ctx.db, peerPost, cast.learnerA.id);
    await replyTo(ctx.db, peerPost, cast.learnerA.id);
    await fillToolkit(ctx.db, cast.enrolmentA, cast.course.id);
    const agent = await signIn(ctx.app, cast.learnerA);
    const html = decode((await agent.get('/dashboard')).text);
    expect(nextStep(html)).toBeUndefined();
    const week2Opens = /Opens on (\w+day \d{1,2} \w+) \d{4}/.exec(decode((await agent.get(`/sessions/${cast.sessionA.id}`)).text))![1];
    expect(html).toContain(`You are up to date. The next step opens ${week2Opens}.`);
  });

  it('gives the certificate once the course is complete, issuing it if it is due', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA }).first()).toBeUndefined();
    const html = decode((await (await signIn(ctx.app, cast.learnerA)).get('/dashboard')).text);
    // Nothing is left to count towards the certificate: the card says the course is completed.
    expect(stepsDone(html)).toBeUndefined();
    expect(html).toContain('<dt>Status</dt><dd>Completed</dd>');
    expect(html).toContain(`You completed the course. <a href="/sessions/${cast.sessionA.id}/certificate.pdf">Download your certificate (PDF)`);
    expect(nextStep(html)).toBeUndefined();
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA }).first()).toBeDefined();
  });

  it('counts no steps and points to no next step once a certificate was withdrawn, nor in a course that asks for none', async () => {
    const cast = await completionCast(ctx.db);
    await issueCertificate(ctx.db, cast.enrolmentA, { kind: 'manual', reason: 'Finished by email' });
    await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA }).update({ revoked_at: new Date(), revoked_reason: 'Issued in error' });
    const html = decode((await (await signIn(ctx.app, cast.learnerA)).get('/dashboard')).text);
    expect(html).toContain('Your certificate for this course was revoked on');
    expect(stepsDone(html)).toBeUndefined();
    expect(nextStep(html)).toBeUndefined();
    expect(html).not.toContain('You are up to date');
    expect(html).not.toContain('You completed the course');

    const nothingAsked = { readingsDone: false, exerciseSubmitted: false, postsPerWeek: 0, repliesPerWeek: 0, toolkitEntriesPerSection: 0, evaluation: false };
    await ctx.db('courses').where({ id: cast.course.id }).update({ completion_rules: JSON.stringify(nothingAsked) });
    const other = decode((await (await signIn(ctx.app, cast.learnerB)).get('/dashboard')).text);
    expect(other).toContain(`href="/sessions/${cast.sessionB.id}"`);
    expect(other).not.toContain('steps towards your certificate');
  });

  it('shows no progress before a session starts, on the waitlist, in a cancelled session, or once completion has closed', async () => {
    const course = await createCourse(ctx.db);
    const learner = await createUser(ctx.db);
    const later = await createSession(ctx.db, course.id, { startedDaysAgo: -10 });
    const full = await createSession(ctx.db, course.id, { startedDaysAgo: 1 });
    const cancelled = await createSession(ctx.db, course.id, { startedDaysAgo: 1, status: 'cancelled' });
    const closed = await createSession(ctx.db, course.id, { startedDaysAgo: 200 });
    await enrol(ctx.db, later.id, learner.id);
    await enrol(ctx.db, full.id, learner.id, 'waitlisted');
    await enrol(ctx.db, cancelled.id, learner.id);
    await enrol(ctx.db, closed.id, learner.id);
    const agent = await signIn(ctx.app, learner);
    const html = decode((await agent.get('/dashboard')).text);
    expect(html.match(/<li class="card">/g)).toHaveLength(4);
    expect(html).not.toContain('steps towards your certificate');

    // More time given past the session's own close: progress shows again for that learner.
    await ctx.db('enrolments').where({ course_session_id: closed.id, user_id: learner.id }).update({ completion_extended_to: new Date(Date.now() + 7 * 86_400_000) });
    expect(stepsDone(decode((await agent.get('/dashboard')).text))![0]).toMatch(/^0 of \d+$/);
  });

  it('sends as many queries for a learner with many past sessions as for one with none', async () => {
    const course = await createCourse(ctx.db);
    const counts = [];
    for (const past of [0, 5]) {
      const learner = await createUser(ctx.db);
      await enrol(ctx.db, (await createSession(ctx.db, course.id, { startedDaysAgo: 1 })).id, learner.id);
      for (let i = 0; i < past; i++) await enrol(ctx.db, (await createSession(ctx.db, course.id, { startedDaysAgo: 100 + 30 * i })).id, learner.id);
      const agent = await signIn(ctx.app, learner);
      const { result, sql } = await queriesDuring(ctx.db, () => agent.get('/dashboard'));
      expect(stepsDone(decode(result.text))).toBeDefined();
      counts.push(sql.length);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
