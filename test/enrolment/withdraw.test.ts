import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createSession, createUser, enrol, type TestUser } from '../helpers/factories';
import { decode, postForm, signIn } from '../helpers/http';
import { emailsTo, enrolmentOf, eventsOf, follow, lastEmailTo } from '../helpers/enrolment-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const confirmed = { confirm: 'yes' };

async function fullSessionWithWaitlist(waiting: number) {
  const course = await createCourse(ctx.db);
  const session = await createSession(ctx.db, course.id, { startedDaysAgo: -14, capacity: 1 });
  const holder = await createUser(ctx.db);
  await enrol(ctx.db, session.id, holder.id);
  const queue: TestUser[] = [];
  for (let i = 0; i < waiting; i++) {
    const user = await createUser(ctx.db);
    await ctx.db('enrolments').insert({ course_session_id: session.id, user_id: user.id, status: 'waitlisted', waitlist_position: i + 1 });
    queue.push(user);
  }
  return { course, session, holder, queue };
}

describe('withdrawing', () => {
  it('frees the seat and promotes the first in line, in the same change, and emails them', async () => {
    const { session, holder, queue } = await fullSessionWithWaitlist(3);
    const agent = await signIn(ctx.app, holder);
    const res = await postForm(agent, `/sessions/${session.id}/withdraw`, confirmed);
    expect(res.headers.location).toBe('/dashboard');
    expect(decode((await follow(agent, res)).text)).toContain('You have withdrawn');

    expect(await enrolmentOf(ctx.db, session.id, holder.id)).toMatchObject({ status: 'withdrawn' });
    const promoted = await enrolmentOf(ctx.db, session.id, queue[0].id);
    expect(promoted).toMatchObject({ status: 'enrolled', waitlist_position: null, payment_status: 'unpaid' });
    expect(await enrolmentOf(ctx.db, session.id, queue[1].id)).toMatchObject({ status: 'waitlisted' });
    expect(await enrolmentOf(ctx.db, session.id, queue[2].id)).toMatchObject({ status: 'waitlisted' });
    const events = await eventsOf(ctx.db, promoted.id);
    expect(events.at(-1)).toMatchObject({ actor_id: holder.id, from_status: 'waitlisted', to_status: 'enrolled' });
    const seatEmail = await lastEmailTo(ctx.db, queue[0].email);
    expect(seatEmail?.subject).toContain('A seat opened up for you');
    expect(seatEmail?.body_text).toContain(`/sessions/${session.id}/calendar.ics`);
    expect(await emailsTo(ctx.db, queue[1].email)).toHaveLength(0);
    expect((await lastEmailTo(ctx.db, holder.email))?.subject).toContain('You have withdrawn');
  });

  it('frees the seat and promotes in one transaction: if the promotion fails, the withdrawal is undone too', async () => {
    const { session, holder, queue } = await fullSessionWithWaitlist(1);
    await ctx.db.raw(`create or replace function refuse_promotion_for_test() returns trigger language plpgsql as $$
      begin
        if old.status = 'waitlisted' and new.status = 'enrolled' and new.user_id = ${queue[0].id} then
          raise exception 'promotion refused for this test';
        end if;
        return new;
      end $$`);
    await ctx.db.raw('create trigger refuse_promotion_for_test before update on enrolments for each row execute function refuse_promotion_for_test()');
    try {
      const res = await postForm(await signIn(ctx.app, holder), `/sessions/${session.id}/withdraw`, confirmed);
      expect(res.status).toBe(500);
    } finally {
      await ctx.db.raw('drop trigger refuse_promotion_for_test on enrolments');
    }
    expect(await enrolmentOf(ctx.db, session.id, holder.id)).toMatchObject({ status: 'enrolled' });
    expect(await enrolmentOf(ctx.db, session.id, queue[0].id)).toMatchObject({ status: 'waitlisted' });
    expect(await emailsTo(ctx.db, queue[0].email)).toHaveLength(0);
  });

  it('promotes in line order: the next withdrawal moves up the second in line', async () => {
    const { session, holder, queue } = await fullSessionWithWaitlist(2);
    await postForm(await signIn(ctx.app, holder), `/sessions/${session.id}/withdraw`, confirmed);
    await postForm(await signIn(ctx.app, queue[0]), `/sessions/${session.id}/withdraw`, confirmed);
    expect(await enrolmentOf(ctx.db, session.id, queue[1].id)).toMatchObject({ status: 'enrolled' });
    expect(await ctx.db('enrolments').where({ course_session_id: session.id, status: 'enrolled' })).toHaveLength(1);
  });

  it('shows the waitlist place moving up on the dashboard when someone ahead leaves', async () => {
    const { session, queue } = await fullSessionWithWaitlist(3);
    const third = await signIn(ctx.app, queue[2]);
    expect(decode((await third.get('/dashboard')).text)).toContain('number 3 in line');
    await postForm(await signIn(ctx.app, queue[0]), `/sessions/${session.id}/withdraw`, confirmed);
    expect(decode((await third.get('/dashboard')).text)).toContain('number 2 in line');
  });

  it('passes over a deactivated account first in line, which keeps its place, and promotes and emails the next one', async () => {
    const { session, holder, queue } = await fullSessionWithWaitlist(2);
    await ctx.db('users').where({ id: queue[0].id }).update({ active: false });
    await postForm(await signIn(ctx.app, holder), `/sessions/${session.id}/withdraw`, confirmed);
    expect(await enrolmentOf(ctx.db, session.id, queue[0].id)).toMatchObject({ status: 'waitlisted', waitlist_position: 1 });
    expect(await emailsTo(ctx.db, queue[0].email)).toHaveLength(0);
    expect(await enrolmentOf(ctx.db, session.id, queue[1].id)).toMatchObject({ status: 'enrolled' });
    expect((await lastEmailTo(ctx.db, queue[1].email))?.subject).toContain('A seat opened up for you');
  });

  it('does not promote anyone when a waitlisted learner leaves the waitlist', async () => {
    const { session, queue } = await fullSessionWithWaitlist(2);
    await postForm(await signIn(ctx.app, queue[0]), `/sessions/${session.id}/withdraw`, confirmed);
    expect(await enrolmentOf(ctx.db, session.id, queue[0].id)).toMatchObject({ status: 'withdrawn' });
    expect(await enrolmentOf(ctx.db, session.id, queue[1].id)).toMatchObject({ status: 'waitlisted' });
  });

  it('records a refund as due when a learner who paid withdraws', async () => {
    const { session, holder } = await fullSessionWithWaitlist(0);
    await ctx.db('enrolments').where({ course_session_id: session.id, user_id: holder.id }).update({ payment_status: 'paid' });
    const agent = await signIn(ctx.app, holder);
    const res = await postForm(agent, `/sessions/${session.id}/withdraw`, confirmed);
    expect(decode((await follow(agent, res)).text)).toContain('A refund is now due');
    expect(await enrolmentOf(ctx.db, session.id, holder.id)).toMatchObject({ status: 'withdrawn', payment_status: 'refund_due' });
  });

  it('counts a learner who paid, withdrew and came back before the refund went out as paid, not owed a refund', async () => {
    const { course, session, holder } = await fullSessionWithWaitlist(0);
    await ctx.db('enrolments').where({ course_session_id: session.id, user_id: holder.id }).update({ payment_status: 'paid' });
    const agent = await signIn(ctx.app, holder);
    await postForm(agent, `/sessions/${session.id}/withdraw`, confirmed);
    expect(await enrolmentOf(ctx.db, session.id, holder.id)).toMatchObject({ status: 'withdrawn', payment_status: 'refund_due' });
    expect((await postForm(agent, `/sessions/${session.id}/enrol`, {}, `/courses/${course.slug}`)).status).toBe(302);
    expect(await enrolmentOf(ctx.db, session.id, holder.id)).toMatchObject({ status: 'enrolled', payment_status: 'paid' });
  });

  it('refuses to withdraw once the session has started, with a message', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: 1 });
    const learner = await createUser(ctx.db);
    await enrol(ctx.db, session.id, learner.id);
    const agent = await signIn(ctx.app, learner);
    expect(decode((await agent.get('/dashboard')).text)).not.toContain(`href="/sessions/${session.id}/withdraw"`);
    const page = decode((await agent.get(`/sessions/${session.id}/withdraw`)).text);
    expect(page).toContain('already started');
    expect(page).toContain('we can move your place to a later session of this course, with everything you have done so far');
    const res = await postForm(agent, `/sessions/${session.id}/withdraw`, confirmed);
    expect(decode((await follow(agent, res)).text)).toContain('already started');
    expect(await enrolmentOf(ctx.db, session.id, learner.id)).toMatchObject({ status: 'enrolled' });
  });

  it.each([
    ['in late registration', 2],
    ['after registration has closed', 10],
  ])('lets a waitlisted learner leave the line once the session has started, %s, while a seat stays', async (_when, startedDaysAgo) => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo, capacity: 1 });
    const [holder, waiting] = [await createUser(ctx.db), await createUser(ctx.db)];
    await enrol(ctx.db, session.id, holder.id);
    await enrol(ctx.db, session.id, waiting.id, 'waitlisted');
    const agent = await signIn(ctx.app, waiting);
    expect(decode((await agent.get('/dashboard')).text)).toContain(`href="/sessions/${session.id}/withdraw"`);
    expect(decode((await agent.get(`/sessions/${session.id}/withdraw`)).text)).toContain('name="confirm" value="yes"');
    const res = await postForm(agent, `/sessions/${session.id}/withdraw`, confirmed);
    expect(decode((await follow(agent, res)).text)).toContain('You have withdrawn');
    expect(await enrolmentOf(ctx.db, session.id, waiting.id)).toMatchObject({ status: 'withdrawn' });

    const seated = await signIn(ctx.app, holder);
    expect(decode((await seated.get(`/sessions/${session.id}/withdraw`)).text)).toContain('already started');
    await postForm(seated, `/sessions/${session.id}/withdraw`, confirmed);
    expect(await enrolmentOf(ctx.db, session.id, holder.id)).toMatchObject({ status: 'enrolled' });
  });

  it('answers 404 to a learner with no place in the session, changing nothing for others', async () => {
    const { session, holder } = await fullSessionWithWaitlist(0);
    const stranger = await createUser(ctx.db);
    const agent = await signIn(ctx.app, stranger);
    const res = await postForm(agent, `/sessions/${session.id}/withdraw`, confirmed);
    expect(res.status).toBe(404);
    expect(await enrolmentOf(ctx.db, session.id, holder.id)).toMatchObject({ status: 'enrolled' });
  });
});

describe('withdrawing from a course that was unpublished', () => {
  it('still lets a learner withdraw, freeing the seat for the first in line; someone with no place still gets 404', async () => {
    const { course, session, holder, queue } = await fullSessionWithWaitlist(2);
    await ctx.db('courses').where({ id: course.id }).update({ published: false });
    const agent = await signIn(ctx.app, holder);
    expect(decode((await agent.get('/dashboard')).text)).toContain(`href="/sessions/${session.id}/withdraw"`);
    const page = await agent.get(`/sessions/${session.id}/withdraw`);
    expect(page.status).toBe(200);
    expect(decode(page.text)).toContain('Withdraw from this session');

    const res = await postForm(agent, `/sessions/${session.id}/withdraw`, confirmed);
    expect(res.headers.location).toBe('/dashboard');
    expect(decode((await follow(agent, res)).text)).toContain('You have withdrawn');
    expect(await enrolmentOf(ctx.db, session.id, holder.id)).toMatchObject({ status: 'withdrawn' });
    expect(await enrolmentOf(ctx.db, session.id, queue[0].id)).toMatchObject({ status: 'enrolled' });
    expect((await lastEmailTo(ctx.db, queue[0].email))?.subject).toContain('A seat opened up for you');
    expect(await enrolmentOf(ctx.db, session.id, queue[1].id)).toMatchObject({ status: 'waitlisted' });
    const after = decode((await agent.get(`/sessions/${session.id}/withdraw`)).text);
    expect(after).toContain('nothing to withdraw from');
    expect(after).not.toContain(`href="/courses/${course.slug}`);

    const waiting = await signIn(ctx.app, queue[1]);
    expect((await waiting.get(`/sessions/${session.id}/withdraw`)).status).toBe(200);
    expect((await postForm(waiting, `/sessions/${session.id}/withdraw`, confirmed)).headers.location).toBe('/dashboard');
    expect(await enrolmentOf(ctx.db, session.id, queue[1].id)).toMatchObject({ status: 'withdrawn' });

    const stranger = await signIn(ctx.app, await createUser(ctx.db));
    expect((await stranger.get(`/sessions/${session.id}/withdraw`)).status).toBe(404);
    expect((await postForm(stranger, `/sessions/${session.id}/withdraw`, confirmed, '/dashboard')).status).toBe(404);
  });
});

describe('confirming a withdrawal', () => {
  it('links the dashboard and the course page to a page that says what will happen, changing nothing until confirmed', async () => {
    const { course, session, holder, queue } = await fullSessionWithWaitlist(1);
    const agent = await signIn(ctx.app, holder);
    for (const page of ['/dashboard', `/courses/${course.slug}`]) {
      const html = (await agent.get(page)).text;
      expect(html).toContain(`href="/sessions/${session.id}/withdraw"`);
      expect(html).not.toContain(`action="/sessions/${session.id}/withdraw"`);
    }
    const res = await agent.get(`/sessions/${session.id}/withdraw`);
    expect(res.status).toBe(200);
    const html = decode(res.text);
    expect(html).toContain('Withdraw from this session');
    expect(html).toContain('Your seat is released at once');
    expect(html).toContain('the first person in line takes it');
    expect(html).toContain('nothing to pay and no invoice');
    expect(html).toContain('Anything you have already written there is kept');
    expect(html).toContain(`action="/sessions/${session.id}/withdraw"`);
    expect(html).toContain('name="confirm" value="yes"');
    expect(html).toContain('Instead of withdrawing, we can move your place to another session of this course');
    expect(await enrolmentOf(ctx.db, session.id, holder.id)).toMatchObject({ status: 'enrolled' });
    expect(await enrolmentOf(ctx.db, session.id, queue[0].id)).toMatchObject({ status: 'waitlisted' });
  });

  it('tells a learner who paid that a refund becomes due, and a waitlisted one that they lose their place', async () => {
    const { session, holder, queue } = await fullSessionWithWaitlist(1);
    await ctx.db('enrolments').where({ course_session_id: session.id, user_id: holder.id }).update({ payment_status: 'paid' });
    expect(decode((await (await signIn(ctx.app, holder)).get(`/sessions/${session.id}/withdraw`)).text)).toContain('record a refund as due');
    const waiting = decode((await (await signIn(ctx.app, queue[0])).get(`/sessions/${session.id}/withdraw`)).text);
    expect(waiting).toContain('Leave the waitlist');
    expect(waiting).toContain('go to the back of the line');
    expect(waiting).not.toContain('invoice');
    expect(waiting).not.toContain('move your place');
  });

  it('does nothing for a post without the confirmation, such as an old one-click form, and shows the page instead', async () => {
    const { session, holder, queue } = await fullSessionWithWaitlist(1);
    const agent = await signIn(ctx.app, holder);
    const res = await postForm(agent, `/sessions/${session.id}/withdraw`, {});
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/sessions/${session.id}/withdraw`);
    expect(await enrolmentOf(ctx.db, session.id, holder.id)).toMatchObject({ status: 'enrolled' });
    expect(await enrolmentOf(ctx.db, session.id, queue[0].id)).toMatchObject({ status: 'waitlisted' });
    expect(await emailsTo(ctx.db, holder.email)).toHaveLength(0);
  });

  it('answers 404 to someone with no place in the session, and for a session that does not exist', async () => {
    const { session } = await fullSessionWithWaitlist(0);
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    expect((await agent.get(`/sessions/${session.id}/withdraw`)).status).toBe(404);
    expect((await agent.get('/sessions/99999999/withdraw')).status).toBe(404);
  });

  it('tells a learner who already withdrew that there is nothing left to withdraw from', async () => {
    const { session, holder } = await fullSessionWithWaitlist(0);
    const agent = await signIn(ctx.app, holder);
    await postForm(agent, `/sessions/${session.id}/withdraw`, confirmed);
    const html = decode((await agent.get(`/sessions/${session.id}/withdraw`)).text);
    expect(html).toContain('nothing to withdraw from');
    expect(html).not.toContain('name="confirm"');
  });
});
