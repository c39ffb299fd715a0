import { certificateChecksSettled } from '../../src/completion';
import { createTestContext, type TestContext } from '../helpers/app';
import { completeLearnerA, completionCast } from '../helpers/completion-factories';
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
