import type { Response } from 'supertest';
import { certificateChecksSettled } from '../../src/completion';
import { createTestContext, type TestContext } from '../helpers/app';
import { completeLearnerA, completionCast, fillToolkit, replyTo, setReflection, startThread } from '../helpers/completion-factories';
import { postReflection } from '../helpers/reflections-factories';
import { postForm, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

it('issues the certificate right after the learner action that meets the last rule', async () => {
  const cast = await completionCast(ctx.db);
  await completeLearnerA(ctx.db, cast, ['readings']);
  const readings = await ctx.db('readings as r')
    .join('course_modules as m', 'm.id', 'r.course_module_id')
    .where('m.course_id', cast.course.id)
    .orderBy('m.week')
    .select('r.id', 'm.week');
  const [first, ...rest] = readings;
  await ctx.db('reading_progress').insert(rest.map((r) => ({ enrolment_id: cast.enrolmentA, reading_id: r.id })));
  // The courses of the factory open week 2 a week after the start: open it so the last reading can be marked.
  await ctx.db('week_unlocks').insert({ course_session_id: cast.sessionA.id, week: 2 }).onConflict().ignore();
  expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA })).toHaveLength(0);

  const agent = await signIn(ctx.app, cast.learnerA);
  const res = await postForm(agent, `/sessions/${cast.sessionA.id}/readings/${first.id}/done`, {}, `/sessions/${cast.sessionA.id}/weeks/${first.week}`);
  expect(res.status).toBe(302);
  // The check runs once the response has gone; the app can say when it has finished.
  await certificateChecksSettled();
  expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA })).toHaveLength(1);
});

it('issues nothing after a learner action while a rule is still open', async () => {
  const cast = await completionCast(ctx.db);
  await completeLearnerA(ctx.db, cast, ['evaluation']);
  const agent = await signIn(ctx.app, cast.learnerA);
  const reading = await ctx.db('readings as r').join('course_modules as m', 'm.id', 'r.course_module_id').where({ 'm.course_id': cast.course.id, 'm.week': 1 }).first('r.id');
  await postForm(agent, `/sessions/${cast.sessionA.id}/readings/${reading.id}/undone`, {}, `/sessions/${cast.sessionA.id}/weeks/1`);
  await postForm(agent, `/sessions/${cast.sessionA.id}/readings/${reading.id}/done`, {}, `/sessions/${cast.sessionA.id}/weeks/1`);
  await certificateChecksSettled();
  expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA })).toHaveLength(0);
});

describe('the page a learner lands on after their last step', () => {
  const readyNotice = (sessionId: number) => new RegExp(`That was your last step: your certificate is ready\\. <a href="/sessions/${sessionId}/whats-left">See your certificate</a>`);

  /** Follows the redirects of a form post to the page that shows. */
  async function landOn(agent: Awaited<ReturnType<typeof signIn>>, res: Response): Promise<Response> {
    let page = res;
    for (let hops = 0; page.status === 302 || page.status === 303; hops += 1) {
      if (hops > 3) throw new Error('too many redirects');
      page = await agent.get(page.headers.location);
    }
    return page;
  }

  it('says the certificate is ready, with a link, when the last step was a reading marked done', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    const reading = await ctx.db('readings as r').join('course_modules as m', 'm.id', 'r.course_module_id').where({ 'm.course_id': cast.course.id, 'm.week': 1 }).first('r.id');
    await ctx.db('reading_progress').where({ enrolment_id: cast.enrolmentA, reading_id: reading.id }).delete();

    const agent = await signIn(ctx.app, cast.learnerA);
    const week = `/sessions/${cast.sessionA.id}/weeks/1`;
    const page = await landOn(agent, await postForm(agent, `/sessions/${cast.sessionA.id}/readings/${reading.id}/done`, {}, week));
    expect(page.status).toBe(200);
    expect(page.text).toMatch(readyNotice(cast.sessionA.id));
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA })).toHaveLength(1);
    // Told once: the next page is quiet.
    expect((await agent.get(week)).text).not.toMatch(readyNotice(cast.sessionA.id));
  });

  it('says so on the thread when the last step was a reply to a peer', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
    await completeLearnerA(ctx.db, cast, ['discussions']);
    for (const week of [1, 2]) {
      await startThread(ctx.db, cast.sessionA.id, cast.course.id, week, cast.learnerA.id);
      const peerPost = await startThread(ctx.db, cast.sessionA.id, cast.course.id, week, cast.peerA.id);
      await replyTo(ctx.db, peerPost, cast.learnerA.id);
      if (week === 1) await replyTo(ctx.db, peerPost, cast.learnerA.id);
    }
    const lastPeerPost = await ctx.db('discussion_posts').where({ author_id: cast.peerA.id, parent_id: null }).orderBy('id', 'desc').first('id', 'thread_id');
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA })).toHaveLength(0);

    const agent = await signIn(ctx.app, cast.learnerA);
    const thread = `/threads/${lastPeerPost.thread_id}`;
    const res = await postForm(agent, `${thread}/replies`, { body: 'This helped me see my own week differently.', parent_id: String(lastPeerPost.id) }, thread);
    const page = await landOn(agent, res);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Your reply is posted.');
    expect(page.text).toMatch(readyNotice(cast.sessionA.id));
  });

  it('says so on the toolkit when the last step was a toolkit entry', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
    await completeLearnerA(ctx.db, cast, ['toolkit']);
    await fillToolkit(ctx.db, cast.enrolmentA, cast.course.id, { skipWeek: 2 });
    const section = await ctx.db('toolkit_sections as t').join('course_modules as m', 'm.id', 't.course_module_id').where({ 'm.course_id': cast.course.id, 'm.week': 2 }).first('t.id');

    const agent = await signIn(ctx.app, cast.learnerA);
    const toolkit = `/sessions/${cast.sessionA.id}/toolkit`;
    const page = await landOn(agent, await postForm(agent, `${toolkit}/sections/${section.id}/entries`, { body: 'A walk at lunch, phone left behind.' }, toolkit));
    expect(page.status).toBe(200);
    expect(page.text).toMatch(readyNotice(cast.sessionA.id));
  });

  it('says so on the reflection page when the last step was a reflection sent', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
    await completeLearnerA(ctx.db, cast, ['reflections']);
    await setReflection(ctx.db, cast.enrolmentA, cast.course.id, 1, 'submitted');

    const agent = await signIn(ctx.app, cast.learnerA);
    const page = await landOn(agent, await postReflection(agent, cast.sessionA.id, 2, 'What I noticed this week, and what I will keep doing.'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Your reflection is submitted.');
    expect(page.text).toMatch(readyNotice(cast.sessionA.id));
  });

  it('says nothing of a certificate after a step that leaves a rule open', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast, ['evaluation']);
    const reading = await ctx.db('readings as r').join('course_modules as m', 'm.id', 'r.course_module_id').where({ 'm.course_id': cast.course.id, 'm.week': 1 }).first('r.id');
    await ctx.db('reading_progress').where({ enrolment_id: cast.enrolmentA, reading_id: reading.id }).delete();
    const agent = await signIn(ctx.app, cast.learnerA);
    const week = `/sessions/${cast.sessionA.id}/weeks/1`;
    const page = await landOn(agent, await postForm(agent, `/sessions/${cast.sessionA.id}/readings/${reading.id}/done`, {}, week));
    expect(page.text).toContain('Marked as done.');
    expect(page.text).not.toContain('your certificate is ready');
  });
});
