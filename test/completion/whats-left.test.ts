import { DateTime } from 'luxon';
import { createTestContext, type TestContext } from '../helpers/app';
import { completeLearnerA, completionCast, markReadingsDone, setReflection } from '../helpers/completion-factories';
import { postForm, readable, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('the “What’s left” panel', () => {
  it('lists each rule, met or not, linking to where to act, in kind words', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
    await markReadingsDone(ctx.db, cast.enrolmentA, cast.course.id, 1);
    await setReflection(ctx.db, cast.enrolmentA, cast.course.id, 2, 'returned');
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/whats-left`);
    expect(res.status).toBe(200);
    const id = cast.sessionA.id;
    expect(res.text).toContain('Done:</span>');
    expect(res.text).toMatch(new RegExp(`href="/sessions/${id}/weeks/1">Week 1: readings marked done`));
    expect(res.text).toMatch(new RegExp(`href="/sessions/${id}/weeks/2">Week 2: mark the readings done`));
    expect(res.text).toMatch(new RegExp(`href="/sessions/${id}/weeks/1/reflection">Week 1: write and submit your reflection`));
    expect(res.text).toMatch(new RegExp(`href="/sessions/${id}/weeks/2/reflection">Week 2: revise your reflection and send it again`));
    expect(res.text).toContain(`href="/sessions/${id}/weeks/1/discussion"`);
    expect(res.text).toContain(`href="/sessions/${id}/toolkit"`);
    expect(res.text).toContain(`href="/sessions/${id}/evaluation"`);
    expect(res.text).not.toMatch(/\bLATE\b|MISSING|overdue/i);
  });

  it('shows the steps of a week that has not opened as plain text with its opening day, not as a link', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 1 });
    const session = await ctx.db('course_sessions').where({ id: cast.sessionA.id }).first();
    const opensOn = DateTime.fromJSDate(session.starts_at, { zone: session.time_zone }).plus({ days: 7 }).toFormat('cccc d LLLL');
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/whats-left`);
    const id = cast.sessionA.id;
    expect(res.text).toContain(`href="/sessions/${id}/weeks/1"`);
    expect(res.text).not.toContain(`href="/sessions/${id}/weeks/2`);
    expect(res.text).toMatch(new RegExp(`Week 2: mark the readings done <span class="hint">\\(opens ${opensOn}\\)</span>`));
    // The evaluation asks about the whole course: it waits for the last week.
    expect(res.text).not.toContain(`href="/sessions/${id}/evaluation"`);
    expect(res.text).toMatch(new RegExp(`Share the end-of-course evaluation <span class="hint">\\(opens with week 2, ${opensOn}\\)</span>`));
  });

  it('links the steps of a week the instructor opened early', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 1 });
    await ctx.db('week_unlocks').insert({ course_session_id: cast.sessionA.id, week: 2, unlocked_by: cast.instructorA.id });
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}`);
    expect(res.text).toContain(`href="/sessions/${cast.sessionA.id}/weeks/2">Week 2: mark the readings done`);
    expect(res.text).not.toContain('(opens');
    expect(res.text).toContain(`href="/sessions/${cast.sessionA.id}/evaluation"`);
  });

  it('tells a learner who is behind that completion stays open until the end of its last day, in the session’s zone', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 20 });
    const session = await ctx.db('course_sessions').where({ id: cast.sessionA.id }).first();
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/whats-left`);
    const lastDay = DateTime.fromJSDate(session.completion_deadline_at, { zone: session.time_zone }).minus({ days: 1 }).toFormat('d LLLL yyyy');
    expect(session.completion_deadline_at.getTime()).toBe(DateTime.fromJSDate(session.completion_deadline_at, { zone: session.time_zone }).startOf('day').toMillis());
    expect(res.text).toContain(`completion stays open until the end of ${lastDay}`);
  });

  it('speaks of the one step left as one: “Take it at your own pace”', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
    await completeLearnerA(ctx.db, cast, ['evaluation']);
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/whats-left`);
    expect(readable(res.text)).toContain('One step to go until your certificate. Take it at your own pace.');
  });

  it('says nothing about being behind while the weeks are still running', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 1 });
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/whats-left`);
    expect(res.text).not.toContain('completion stays open until');
    expect(res.text).toContain('steps to go until your certificate');
  });

  it('says kindly that completion has closed once the deadline passed', async () => {
    const cast = await completionCast(ctx.db);
    await ctx.db('course_sessions').where({ id: cast.sessionA.id }).update({ completion_deadline_at: new Date(Date.now() - 86_400_000) });
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/whats-left`);
    expect(res.text).toContain('Completion for this session closed at the end of');
    expect(res.text).toContain('please contact your instructor');
  });

  it('shows the panel on the session overview', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast, ['evaluation']);
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}`);
    expect(res.text).toContain('id="whats-left-heading"');
    expect(res.text).toContain('One step to go');
    expect(res.text).toContain('Share the end-of-course evaluation');
  });

  it('is not found for a learner of another session', async () => {
    const cast = await completionCast(ctx.db);
    const agent = await signIn(ctx.app, cast.learnerB);
    expect((await agent.get(`/sessions/${cast.sessionA.id}/whats-left`)).status).toBe(404);
  });

  it('sends instructors to the progress table instead', async () => {
    const cast = await completionCast(ctx.db);
    const agent = await signIn(ctx.app, cast.instructorA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/whats-left`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/sessions/${cast.sessionA.id}/progress`);
  });

  it('does not count a post waiting for approval, says so, and issues the certificate once the instructor approves it', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 20 });
    await completeLearnerA(ctx.db, cast);
    const lastWeek = (await ctx.db('course_modules').where({ course_id: cast.course.id }).max('week as week').first())!;
    const held = await ctx.db('discussion_posts as p')
      .join('discussion_threads as t', 't.id', 'p.thread_id')
      .join('course_modules as m', 'm.id', 't.course_module_id')
      .where({ 'p.author_id': cast.learnerA.id, 'm.week': lastWeek.week, 't.course_session_id': cast.sessionA.id })
      .whereNull('p.parent_id')
      .first('p.id', 'p.thread_id');
    await ctx.db('discussion_posts').where({ id: held.id }).update({ status: 'pending' });

    const agent = await signIn(ctx.app, cast.learnerA);
    const waiting = await agent.get(`/sessions/${cast.sessionA.id}/whats-left`);
    expect(waiting.text).toContain(`Week ${lastWeek.week}: start a discussion thread`);
    expect(readable(waiting.text)).toContain('0 of 1 so far. 1 thread is waiting for your instructor’s approval and will count once approved');
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA }).first()).toBeUndefined();

    const staff = await signIn(ctx.app, cast.instructorA);
    await postForm(staff, `/posts/${held.id}/approve`, {}, `/threads/${held.thread_id}`);
    const done = await agent.get(`/sessions/${cast.sessionA.id}/whats-left`);
    expect(done.text).toContain(`Week ${lastWeek.week}: started a discussion thread`);
    expect(readable(done.text)).not.toContain('waiting for your instructor’s approval');
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA }).first('id')).toBeDefined();
  });
});
