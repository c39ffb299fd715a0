import { createTestContext, type TestContext } from '../helpers/app';
import { assignInstructor, createCourse, createSession, createUser } from '../helpers/factories';
import { decode, readable, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());


describe('the teaching roster', () => {
  it('names the course as well as the dates, in the page title and the heading', async () => {
    const course = await createCourse(ctx.db, { title: 'Reference Interviews & You' });
    const session = await createSession(ctx.db, course.id, { startDate: '2099-11-23', weeks: 4 });
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, session.id, instructor.id);
    const html = decode((await (await signIn(ctx.app, instructor)).get(`/teach/sessions/${session.id}/roster`)).text);
    expect(readable(html)).toContain('<title>Roster: Reference Interviews & You, 23 Nov – 20 Dec 2099');
    expect(readable(html)).toContain('<h1>Roster: Reference Interviews & You, 23 Nov – 20 Dec 2099</h1>');
  });

  it('says a cancelled session was cancelled and how many places went with it, not that nobody registered', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-11-23', status: 'cancelled' });
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, session.id, instructor.id);
    for (let i = 0; i < 2; i++) await ctx.db('enrolments').insert({ course_session_id: session.id, user_id: (await createUser(ctx.db)).id, status: 'cancelled' });
    const html = decode((await (await signIn(ctx.app, instructor)).get(`/teach/sessions/${session.id}/roster`)).text);
    expect(html).toContain('This session was cancelled, so it will not run. The 2 learners who were registered were told');
    expect(html).not.toContain('Nobody is registered yet.');
  });
});
