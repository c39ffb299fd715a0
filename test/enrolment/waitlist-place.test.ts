import { createTestContext, type TestContext } from '../helpers/app';
import { follow, lastEmailTo } from '../helpers/enrolment-factories';
import { createCourse, createSession, createUser, enrol, type TestUser } from '../helpers/factories';
import { decode, postForm, signIn } from '../helpers/http';
import { queriesDuring } from '../helpers/queries';

// The place in line a learner is shown counts only those a freed seat could go to before them:
// promotion passes over deactivated accounts, so the place does too.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** A full one-seat session with `waiting` learners in line, the first `deactivated` of them deactivated. */
async function lineWithDeactivatedAhead(waiting: number, deactivated: number) {
  const course = await createCourse(ctx.db);
  const session = await createSession(ctx.db, course.id, { startedDaysAgo: -14, capacity: 1 });
  await enrol(ctx.db, session.id, (await createUser(ctx.db)).id);
  const queue: TestUser[] = [];
  for (let i = 0; i < waiting; i++) {
    const user = await createUser(ctx.db, { active: i >= deactivated });
    await ctx.db('enrolments').insert({ course_session_id: session.id, user_id: user.id, status: 'waitlisted', waitlist_position: i + 1 });
    queue.push(user);
  }
  return { course, session, queue };
}

describe('the place in line on the waitlist', () => {
  it('leaves a deactivated account ahead out of the place shown on the dashboard and the course page', async () => {
    const { course, queue } = await lineWithDeactivatedAhead(3, 1);
    const third = await signIn(ctx.app, queue[2]);
    expect(decode((await third.get('/dashboard')).text)).toContain('On the waitlist: number 2 in line');
    expect(decode((await third.get(`/courses/${course.slug}`)).text)).toContain('You are on the waitlist, number 2 in line.');
  });

  it('tells a learner joining the waitlist behind a deactivated account their place as promotion sees it, on the page and by email', async () => {
    const { course, session } = await lineWithDeactivatedAhead(2, 1);
    const joiner = await createUser(ctx.db);
    const agent = await signIn(ctx.app, joiner);
    const res = await postForm(agent, `/sessions/${session.id}/enrol`, { waitlist: 'yes' }, `/courses/${course.slug}`);
    expect(decode((await follow(agent, res)).text)).toContain('number 2 in line');
    expect((await lastEmailTo(ctx.db, joiner.email))?.body_text).toContain('number 2 in line');
  });

  it('reads the place in the dashboard’s one query, however many are ahead', async () => {
    const short = await lineWithDeactivatedAhead(2, 1);
    const long = await lineWithDeactivatedAhead(6, 4);
    const shortAgent = await signIn(ctx.app, short.queue[1]);
    const longAgent = await signIn(ctx.app, long.queue[5]);
    const few = await queriesDuring(ctx.db, () => shortAgent.get('/dashboard'));
    const many = await queriesDuring(ctx.db, () => longAgent.get('/dashboard'));
    expect(decode(few.result.text)).toContain('number 1 in line');
    expect(decode(many.result.text)).toContain('number 2 in line');
    expect(many.sql.length).toBe(few.sql.length);
  });
});
