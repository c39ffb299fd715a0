import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { decode, postForm, signIn } from '../helpers/http';
import { enrolmentOf, follow } from '../helpers/enrolment-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());


/** A course with two open sessions, the first starting on Monday 2 March 2099 (UTC). */
async function twoSessions() {
  const course = await createCourse(ctx.db);
  const first = await createSession(ctx.db, course.id, { startDate: '2099-03-02' });
  const second = await createSession(ctx.db, course.id, { startDate: '2099-04-06' });
  const user = await createUser(ctx.db);
  return { course, first, second, user, agent: await signIn(ctx.app, user) };
}

describe('enrolling in a second session of the same course', () => {
  it('shows, beside the other session’s Enrol button, the session the learner is already in, with a box to tick', async () => {
    const { course, first, second, user, agent } = await twoSessions();
    await enrol(ctx.db, first.id, user.id);
    const html = decode((await agent.get(`/courses/${course.slug}`)).text);
    const card = html.slice(html.indexOf(`id="session-${second.id}"`));
    expect(card).toContain('You are already enrolled in the session starting Monday 2 March 2099.');
    expect(card).toContain('name="also" value="yes" required');
    expect(html.slice(html.indexOf(`id="session-${first.id}"`), html.indexOf(`id="session-${second.id}"`))).not.toContain('name="also"');
  });

  it('refuses the second session without the tick, saying why and storing nothing, and enrols once ticked', async () => {
    const { course, first, second, user, agent } = await twoSessions();
    await enrol(ctx.db, first.id, user.id);
    const refused = await postForm(agent, `/sessions/${second.id}/enrol`, {}, `/courses/${course.slug}`);
    expect(refused.headers.location).toBe(`/courses/${course.slug}#session-${second.id}`);
    expect(decode((await follow(agent, refused)).text)).toContain('You are already enrolled in the session starting Monday 2 March 2099. Nothing has changed.');
    expect(await enrolmentOf(ctx.db, second.id, user.id)).toBeUndefined();

    const res = await postForm(agent, `/sessions/${second.id}/enrol`, { also: 'yes' }, `/courses/${course.slug}`);
    expect(res.headers.location).toBe('/dashboard');
    expect(await enrolmentOf(ctx.db, second.id, user.id)).toMatchObject({ status: 'enrolled' });
  });

  it('says so when the place the learner holds is on a waitlist', async () => {
    const { course, first, second, user, agent } = await twoSessions();
    await enrol(ctx.db, first.id, user.id, 'waitlisted');
    const refused = await postForm(agent, `/sessions/${second.id}/enrol`, {}, `/courses/${course.slug}`);
    expect(decode((await follow(agent, refused)).text)).toContain('You are already on the waitlist for the session starting Monday 2 March 2099.');
    expect(await enrolmentOf(ctx.db, second.id, user.id)).toBeUndefined();
  });

  it('asks nothing of a learner whose earlier session has ended or who withdrew from it', async () => {
    const course = await createCourse(ctx.db);
    const ended = await createSession(ctx.db, course.id, { startedDaysAgo: 60 });
    const left = await createSession(ctx.db, course.id, { startDate: '2099-03-02' });
    const next = await createSession(ctx.db, course.id, { startDate: '2099-04-06' });
    const user = await createUser(ctx.db);
    await enrol(ctx.db, ended.id, user.id);
    await ctx.db('enrolments').insert({ course_session_id: left.id, user_id: user.id, status: 'withdrawn' });
    const agent = await signIn(ctx.app, user);
    expect((await agent.get(`/courses/${course.slug}`)).text).not.toContain('name="also"');
    const res = await postForm(agent, `/sessions/${next.id}/enrol`, {}, `/courses/${course.slug}`);
    expect(res.headers.location).toBe('/dashboard');
    expect(await enrolmentOf(ctx.db, next.id, user.id)).toMatchObject({ status: 'enrolled' });
  });
});
