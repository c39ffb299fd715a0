import * as addSummaryReleasedAt from '../../migrations/20261207_1800_add_evaluation_summary_released_at_to_course_sessions';
import { createTestContext, type TestContext } from '../helpers/app';
import { completionCast, insertEvaluation } from '../helpers/completion-factories';
import { createUser, enrol } from '../helpers/factories';

let ctx: TestContext;
beforeAll(async () => (ctx = await createTestContext()));
afterAll(() => ctx.close());

it('marks as released the sessions whose summaries were released before the release was kept on the session, at the time of their answers', async () => {
  const released = await completionCast(ctx.db, { startedDaysAgo: 8 });
  const third = await enrol(ctx.db, released.sessionA.id, (await createUser(ctx.db)).id);
  const late = await enrol(ctx.db, released.sessionA.id, (await createUser(ctx.db)).id);
  for (const enrolment of [released.enrolmentA, released.peerEnrolmentA, third, late]) await insertEvaluation(ctx.db, enrolment, [4, 4]);
  const at = new Date('2026-11-30T09:15:00Z');
  await ctx.db('evaluations').whereIn('enrolment_id', [released.enrolmentA, released.peerEnrolmentA, third]).update({ released_at: at });
  const open = await completionCast(ctx.db, { startedDaysAgo: 8 });
  await insertEvaluation(ctx.db, open.enrolmentA, [3, 3]);

  await addSummaryReleasedAt.down(ctx.db);
  await addSummaryReleasedAt.up(ctx.db);

  const releasedAt = async (sessionId: number) => (await ctx.db('course_sessions').where({ id: sessionId }).first()).evaluation_summary_released_at;
  expect(await releasedAt(released.sessionA.id)).toEqual(at);
  expect(await releasedAt(open.sessionA.id)).toBeNull();
  expect(await releasedAt(released.sessionB.id)).toBeNull();
});
