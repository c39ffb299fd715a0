import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { assignInstructor, createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { decode, postForm, signIn } from '../helpers/http';
import { enrolmentOf, eventsOf, follow, lastEmailTo, updateSession } from '../helpers/enrolment-factories';
import { enrolLearner } from '../../src/enrolment/enrolment.service';
import type { PaymentProvider } from '../../src/enrolment';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());


async function openSession(opts: { capacity?: number } = {}) {
  const course = await createCourse(ctx.db);
  const session = await createSession(ctx.db, course.id, { startedDaysAgo: -14, capacity: opts.capacity ?? 20 });
  return { course, session };
}

async function learnerAgent() {
  const user = await createUser(ctx.db);
  return { user, agent: await signIn(ctx.app, user) };
}

describe('enrolling from the course page', () => {
  it('enrols a learner in one step, records who did it, emails them and shows it on the dashboard', async () => {
    const { course, session } = await openSession();
    const { user, agent } = await learnerAgent();
    const res = await postForm(agent, `/sessions/${session.id}/enrol`, {}, `/courses/${course.slug}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/dashboard');
    const row = await enrolmentOf(ctx.db, session.id, user.id);
    expect(row).toMatchObject({ status: 'enrolled', payment_status: 'unpaid', waitlist_position: null });
    const events = await eventsOf(ctx.db, row.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_id: user.id, from_status: null, to_status: 'enrolled', to_payment: 'unpaid' });
    const email = await lastEmailTo(ctx.db, user.email);
    expect(email?.subject).toContain('You are enrolled');
    expect(email?.body_text).toContain(`Add its dates to your calendar (the day each week opens, and when completion closes): ${ctx.config.baseUrl}/sessions/${session.id}/calendar.ics`);
    const dashboard = decode((await agent.get('/dashboard')).text);
    expect(dashboard).toContain('You are enrolled in');
    expect(dashboard).toContain(`href="/sessions/${session.id}"`);
    expect(dashboard).toContain('Invoice to follow');
  });

  it.each([
    ['before registration opens', { registration_opens_at: new Date(Date.now() + 86_400_000) }, 'has not opened yet'],
    ['after registration closes', { registration_closes_at: new Date(Date.now() - 1000) }, 'has closed'],
    ['for a cancelled session', { status: 'cancelled' }, 'has been cancelled'],
  ])('refuses %s with a message on the course page and stores nothing', async (_label, change, message) => {
    const { course, session } = await openSession();
    await updateSession(ctx.db, session.id, change);
    const { user, agent } = await learnerAgent();
    const res = await postForm(agent, `/sessions/${session.id}/enrol`, {}, `/courses/${course.slug}`);
    expect(res.headers.location).toBe(`/courses/${course.slug}#session-${session.id}`);
    const page = await follow(agent, res);
    expect(page.status).toBe(200);
    expect(decode(page.text)).toContain(message);
    expect(await enrolmentOf(ctx.db, session.id, user.id)).toBeUndefined();
  });

  it('refuses a learner who is already enrolled, and keeps one enrolment', async () => {
    const { course, session } = await openSession();
    const { user, agent } = await learnerAgent();
    await enrol(ctx.db, session.id, user.id);
    const res = await postForm(agent, `/sessions/${session.id}/enrol`, {}, `/courses/${course.slug}`);
    expect(decode((await follow(agent, res)).text)).toContain('You are already enrolled in this session');
    expect(await ctx.db('enrolments').where({ course_session_id: session.id, user_id: user.id }).count('* as n')).toEqual([{ n: 1 }]);
  });

  it('refuses someone who teaches the session, changing nothing; another session’s instructor may enrol', async () => {
    const { course, session } = await openSession();
    const teacher = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, session.id, teacher.id);
    const agent = await signIn(ctx.app, teacher);
    const res = await postForm(agent, `/sessions/${session.id}/enrol`, {}, `/courses/${course.slug}`);
    expect(decode((await follow(agent, res)).text)).toContain('You teach this session, so you cannot also take it as a learner. Nothing has changed.');
    expect(await enrolmentOf(ctx.db, session.id, teacher.id)).toBeUndefined();
    const other = await createUser(ctx.db, { role: 'instructor' });
    const theirs = await postForm(await signIn(ctx.app, other), `/sessions/${session.id}/enrol`, {}, `/courses/${course.slug}`);
    expect(theirs.headers.location).toBe('/dashboard');
    expect(await enrolmentOf(ctx.db, session.id, other.id)).toMatchObject({ status: 'enrolled' });
  });

  it('refuses a learner already on the waitlist', async () => {
    const { course, session } = await openSession({ capacity: 1 });
    await enrol(ctx.db, session.id, (await createUser(ctx.db)).id);
    const { user, agent } = await learnerAgent();
    await enrol(ctx.db, session.id, user.id, 'waitlisted');
    const res = await postForm(agent, `/sessions/${session.id}/enrol`, { waitlist: 'yes' }, `/courses/${course.slug}`);
    expect(decode((await follow(agent, res)).text)).toContain('You are already on the waitlist');
  });

  it('offers the waitlist when full, refuses a plain enrolment, and puts those who ask in line in order', async () => {
    const { course, session } = await openSession({ capacity: 1 });
    await enrol(ctx.db, session.id, (await createUser(ctx.db)).id);
    const first = await learnerAgent();
    const page = await first.agent.get(`/courses/${course.slug}`);
    expect(page.text).toContain('Join the waitlist');
    expect(page.text).toContain('name="waitlist" value="yes"');

    const plain = await postForm(first.agent, `/sessions/${session.id}/enrol`, {}, `/courses/${course.slug}`);
    expect(decode((await follow(first.agent, plain)).text)).toContain('just filled up. You can join its waitlist');
    expect(await enrolmentOf(ctx.db, session.id, first.user.id)).toBeUndefined();

    await postForm(first.agent, `/sessions/${session.id}/enrol`, { waitlist: 'yes' }, `/courses/${course.slug}`);
    const second = await learnerAgent();
    const res = await postForm(second.agent, `/sessions/${session.id}/enrol`, { waitlist: 'yes' }, `/courses/${course.slug}`);
    expect(decode((await follow(second.agent, res)).text)).toContain('number 2 in line');
    expect(await enrolmentOf(ctx.db, session.id, first.user.id)).toMatchObject({ status: 'waitlisted' });
    expect(await enrolmentOf(ctx.db, session.id, second.user.id)).toMatchObject({ status: 'waitlisted' });
    expect((await lastEmailTo(ctx.db, second.user.email))?.body_text).toContain('number 2 in line');
    const dashboard = decode((await second.agent.get('/dashboard')).text);
    expect(dashboard).toContain('On the waitlist: number 2 in line');
    expect(dashboard).not.toContain(`href="/sessions/${session.id}"`);
  });

  it('gives a seat, not a waitlist place, to someone asking for the waitlist while seats remain', async () => {
    const { course, session } = await openSession({ capacity: 2 });
    const { user, agent } = await learnerAgent();
    await postForm(agent, `/sessions/${session.id}/enrol`, { waitlist: 'yes' }, `/courses/${course.slug}`);
    expect(await enrolmentOf(ctx.db, session.id, user.id)).toMatchObject({ status: 'enrolled' });
  });

  it('lets a learner who withdrew enrol again, keeping one row', async () => {
    const { course, session } = await openSession();
    const { user, agent } = await learnerAgent();
    await postForm(agent, `/sessions/${session.id}/enrol`, {}, `/courses/${course.slug}`);
    await postForm(agent, `/sessions/${session.id}/withdraw`, { confirm: 'yes' });
    await postForm(agent, `/sessions/${session.id}/enrol`, {}, `/courses/${course.slug}`);
    const row = await enrolmentOf(ctx.db, session.id, user.id);
    expect(row.status).toBe('enrolled');
    expect((await eventsOf(ctx.db, row.id)).map((e: { to_status: string }) => e.to_status)).toEqual(['enrolled', 'withdrawn', 'enrolled']);
  });

  it('records nothing to pay for a free session', async () => {
    const { course, session } = await openSession();
    await updateSession(ctx.db, session.id, { price_minor: 0 });
    const { user, agent } = await learnerAgent();
    await postForm(agent, `/sessions/${session.id}/enrol`, {}, `/courses/${course.slug}`);
    expect(await enrolmentOf(ctx.db, session.id, user.id)).toMatchObject({ status: 'enrolled', payment_status: 'waived' });
  });

  it('takes the starting payment status from the payment provider, so card payments can plug in', async () => {
    const { session } = await openSession();
    const user = await createUser(ctx.db);
    const cardProvider: PaymentProvider = {
      name: 'test-card',
      initialStatus: () => 'paid',
      paymentInstructions: () => 'Your card was charged.',
      statusWhenSeatEnds: () => 'refunded',
    };
    const deps = { db: ctx.db, mailer: ctx.mailer, baseUrl: 'http://localhost:3000', payments: cardProvider };
    await enrolLearner(deps, { sessionId: session.id, learner: { id: user.id, name: user.name, email: user.email, role: 'learner' }, joinWaitlist: false });
    expect(await enrolmentOf(ctx.db, session.id, user.id)).toMatchObject({ status: 'enrolled', payment_status: 'paid' });
    expect((await lastEmailTo(ctx.db, user.email))?.body_text).toContain('Your card was charged.');
  });

  it('answers 404 for a session that does not exist or belongs to an unpublished course', async () => {
    const { agent } = await learnerAgent();
    const draft = await createCourse(ctx.db, {}, false);
    const hidden = await createSession(ctx.db, draft.id);
    expect((await postForm(agent, '/sessions/99999999/enrol', {})).status).toBe(404);
    expect((await postForm(agent, '/sessions/abc/enrol', {})).status).toBe(404);
    expect((await postForm(agent, `/sessions/${hidden.id}/enrol`, {})).status).toBe(404);
  });

  it('does not enrol a visitor who is not logged in', async () => {
    const { session } = await openSession();
    const res = await request(ctx.app).post(`/sessions/${session.id}/enrol`).type('form').send({});
    expect([401, 403]).toContain(res.status);
    expect(await ctx.db('enrolments').where({ course_session_id: session.id })).toHaveLength(0);
  });
});
