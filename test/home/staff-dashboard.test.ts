import { createTestContext, type TestContext } from '../helpers/app';
import { assignInstructor, createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { issueCertificate } from '../../src/certificates/certificates.service';
import { decode, readable, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());


describe('the dashboard of people who teach or run courses', () => {
  it('lists an instructor’s current and upcoming sessions with their rosters, and links to all their teaching', async () => {
    const course = await createCourse(ctx.db, { title: 'Teaching dashboard course' });
    const upcoming = await createSession(ctx.db, course.id, { startDate: '2099-03-02' });
    const ended = await createSession(ctx.db, course.id, { startedDaysAgo: 60 });
    const other = await createSession(ctx.db, course.id, { startDate: '2099-04-06' });
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, upcoming.id, instructor.id);
    await assignInstructor(ctx.db, ended.id, instructor.id);
    const html = decode((await (await signIn(ctx.app, instructor)).get('/dashboard')).text);
    expect(html).toContain('Your teaching');
    expect(readable(html)).toContain(`<a href="/sessions/${upcoming.id}">Teaching dashboard course: 2 Mar – 15 Mar 2099</a>`);
    expect(html).toContain(`href="/teach/sessions/${upcoming.id}/roster"`);
    expect(html).not.toContain(`href="/sessions/${ended.id}"`);
    expect(html).not.toContain(`href="/sessions/${other.id}"`);
    expect(html).toContain('href="/teach">All your teaching');
    expect(html).not.toContain('You are not enrolled in a session yet');
    expect(html).toContain('You are not taking a session as a learner');
  });

  it('tells an instructor with nothing assigned how sessions come to them, still linking to teaching', async () => {
    const html = decode((await (await signIn(ctx.app, await createUser(ctx.db, { role: 'instructor' }))).get('/dashboard')).text);
    expect(html).toContain('You are not assigned to a current or upcoming session yet');
    expect(html).toContain('href="/teach"');
  });

  it('links an admin to administration and teaching', async () => {
    const html = decode((await (await signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }))).get('/dashboard')).text);
    expect(html).toContain('<a href="/admin">Administration</a>');
    expect(html).toContain('<a href="/teach">Teaching</a>');
    expect(html).not.toContain('You are not enrolled in a session yet');
  });

  it('shows a learner no teaching links', async () => {
    const html = decode((await (await signIn(ctx.app, await createUser(ctx.db))).get('/dashboard')).text);
    expect(html).not.toContain('Your teaching');
    expect(html).not.toContain('<a href="/admin">Administration</a>');
    expect(html).toContain('You are not enrolled in a session yet');
  });
});

describe('the teaching page', () => {
  it('says how many learners of each started session completed it, with the way to their progress, for that session’s instructor only', async () => {
    const course = await createCourse(ctx.db, { title: 'Completions course' });
    const running = await createSession(ctx.db, course.id, { startedDaysAgo: 10 });
    const later = await createSession(ctx.db, course.id, { startedDaysAgo: -20 });
    const elsewhere = await createSession(ctx.db, course.id, { startedDaysAgo: 10 });
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, running.id, instructor.id);
    await assignInstructor(ctx.db, later.id, instructor.id);
    const learners = [];
    for (let i = 0; i < 4; i++) learners.push(await enrol(ctx.db, running.id, (await createUser(ctx.db)).id));
    await issueCertificate(ctx.db, learners[0], { kind: 'manual', reason: 'Finished by email' });
    await issueCertificate(ctx.db, await enrol(ctx.db, elsewhere.id, (await createUser(ctx.db)).id), { kind: 'manual', reason: 'Finished by email' });

    const agent = await signIn(ctx.app, instructor);
    const html = decode((await agent.get('/teach')).text);
    expect(html).toContain(`<p>Completed: 1 of 4 (25%) hold its certificate · <a href="/sessions/${running.id}/progress">Progress of each learner`);
    expect(html.match(/<p>Completed: /g)).toHaveLength(1); // not for the session yet to start, nor another instructor's
    expect((await agent.get(`/sessions/${running.id}/progress`)).status).toBe(200);
  });
});

describe('the teaching page’s word on when each session runs', () => {
  it('says when an upcoming session starts, whether it is below its minimum and when that is decided, and which have ended', async () => {
    const course = await createCourse(ctx.db, { title: 'Timing course' });
    const short = await createSession(ctx.db, course.id, { startDate: '2099-03-02', minEnrolment: 3 });
    const full = await createSession(ctx.db, course.id, { startDate: '2099-04-06', minEnrolment: 1 });
    const ended = await createSession(ctx.db, course.id, { startedDaysAgo: 60, minEnrolment: 5 });
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    for (const s of [short, full, ended]) await assignInstructor(ctx.db, s.id, instructor.id);
    await enrol(ctx.db, short.id, (await createUser(ctx.db)).id);
    await enrol(ctx.db, full.id, (await createUser(ctx.db)).id);

    const html = decode((await (await signIn(ctx.app, instructor)).get('/teach')).text);
    const cards = html.split('<li class="card">');
    const cardOf = (id: number) => cards.find((c) => c.includes(`<a href="/sessions/${id}">`))!;
    const [shortCard, fullCard, endedCard] = [cardOf(short.id), cardOf(full.id), cardOf(ended.id)];
    expect(shortCard).toContain('<span class="badge">Starts Monday 2 March 2099</span>');
    expect(shortCard).toContain('Below its minimum of 3 learners so far. If it still is on Monday 23 February, an admin decides whether it runs.');
    expect(fullCard).toContain('<span class="badge">Starts Monday 6 April 2099</span>');
    expect(fullCard).not.toContain('Below its minimum');
    expect(endedCard).toContain('<span class="badge badge-muted">Ended</span>');
    expect(endedCard).not.toContain('Below its minimum');
    expect(endedCard).not.toContain('Starts ');
  });

  it('once the go/no-go day has passed, says only that an admin decides', async () => {
    const course = await createCourse(ctx.db, { title: 'Late decision course' });
    const session = await createSession(ctx.db, course.id, { startDate: '2099-03-02', minEnrolment: 2 });
    await ctx.db('course_sessions').where({ id: session.id }).update({ go_no_go_at: new Date(Date.now() - 86_400_000) });
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, session.id, instructor.id);
    const html = decode((await (await signIn(ctx.app, instructor)).get('/teach')).text);
    expect(html).toContain('Below its minimum of 2 learners so far. An admin decides whether it runs.');
  });
});
