import { completionForSession } from '../../src/completion';
import { completionRulesOf } from '../../src/completion/completion.rules';
import { createTestContext, type TestContext } from '../helpers/app';
import {
  completeLearnerA,
  completionCast,
  fillToolkit,
  insertEvaluation,
  markReadingsDone,
  replyTo,
  setReflection,
  startThread,
} from '../helpers/completion-factories';
import { createUser, enrol } from '../helpers/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function stateOf(sessionId: number, enrolmentId: number) {
  const completion = await completionForSession(ctx.db, sessionId, { enrolmentId });
  expect(completion.learners).toHaveLength(1);
  return completion.learners[0];
}

const rule = (l: Awaited<ReturnType<typeof stateOf>>, week: number, key: string) => l.weeks.find((w) => w.week === week)!.rules.find((r) => r.key === key)!;

describe('completion rules, one by one', () => {
  it('shows every rule unmet for a learner who has done nothing', async () => {
    const cast = await completionCast(ctx.db);
    const l = await stateOf(cast.sessionA.id, cast.enrolmentA);
    expect(l.weeks.map((w) => w.rules.map((r) => r.key))).toEqual([
      ['readings', 'reflection', 'posts', 'replies'],
      ['readings', 'reflection', 'posts', 'replies'],
    ]);
    expect(l.weeks.flatMap((w) => w.rules).every((r) => !r.met)).toBe(true);
    expect(l.toolkit?.met).toBe(false);
    expect(l.evaluation?.met).toBe(false);
    expect(l.rulesMet).toBe(false);
  });

  it('meets the readings rule of a week only when every reading of that week is done', async () => {
    const cast = await completionCast(ctx.db);
    await markReadingsDone(ctx.db, cast.enrolmentA, cast.course.id, 1);
    const l = await stateOf(cast.sessionA.id, cast.enrolmentA);
    expect(rule(l, 1, 'readings')).toMatchObject({ met: true, done: 1, needed: 1 });
    expect(rule(l, 2, 'readings')).toMatchObject({ met: false, done: 0, needed: 1 });
  });

  it.each([
    ['submitted', true],
    ['accepted', true],
    ['returned', false],
    ['draft', false],
  ] as const)('treats a reflection that is %s as met: %s', async (status, met) => {
    const cast = await completionCast(ctx.db);
    await setReflection(ctx.db, cast.enrolmentA, cast.course.id, 1, status);
    const l = await stateOf(cast.sessionA.id, cast.enrolmentA);
    expect(rule(l, 1, 'reflection')).toMatchObject({ met, status });
    expect(rule(l, 2, 'reflection').met).toBe(false);
  });

  it('counts a thread the learner started in that week of their own session, but not a deleted one or one elsewhere', async () => {
    const cast = await completionCast(ctx.db);
    await startThread(ctx.db, cast.sessionA.id, cast.course.id, 2, cast.learnerA.id, 'deleted');
    await startThread(ctx.db, cast.sessionB.id, cast.course.id, 2, cast.learnerA.id);
    await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, cast.learnerA.id);
    const l = await stateOf(cast.sessionA.id, cast.enrolmentA);
    expect(rule(l, 1, 'posts')).toMatchObject({ met: true, done: 1 });
    expect(rule(l, 2, 'posts')).toMatchObject({ met: false, done: 0 });
  });

  it('counts only replies to other people’s posts, not to the learner’s own, and not deleted ones', async () => {
    const cast = await completionCast(ctx.db);
    const own = await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, cast.learnerA.id);
    await replyTo(ctx.db, own, cast.learnerA.id);
    const peers = await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, cast.peerA.id);
    await replyTo(ctx.db, peers, cast.learnerA.id);
    await replyTo(ctx.db, peers, cast.learnerA.id, 'deleted');
    let l = await stateOf(cast.sessionA.id, cast.enrolmentA);
    expect(rule(l, 1, 'replies')).toMatchObject({ met: false, done: 1, needed: 2 });

    const peerReply = await replyTo(ctx.db, own, cast.peerA.id);
    await replyTo(ctx.db, peerReply, cast.learnerA.id);
    l = await stateOf(cast.sessionA.id, cast.enrolmentA);
    expect(rule(l, 1, 'replies')).toMatchObject({ met: true, done: 2 });
  });

  it('needs an entry in every toolkit section of the course', async () => {
    const cast = await completionCast(ctx.db);
    await fillToolkit(ctx.db, cast.enrolmentA, cast.course.id, { skipWeek: 2 });
    let l = await stateOf(cast.sessionA.id, cast.enrolmentA);
    expect(l.toolkit?.met).toBe(false);
    expect(l.toolkit?.sections.map((s) => s.met)).toEqual([true, false]);
    await fillToolkit(ctx.db, cast.enrolmentA, cast.course.id);
    l = await stateOf(cast.sessionA.id, cast.enrolmentA);
    expect(l.toolkit?.met).toBe(true);
  });

  it('meets the evaluation rule once the evaluation is submitted', async () => {
    const cast = await completionCast(ctx.db);
    await insertEvaluation(ctx.db, cast.enrolmentA);
    expect((await stateOf(cast.sessionA.id, cast.enrolmentA)).evaluation).toEqual({ met: true });
  });

  it('holds every rule when everything is done, and not when one part is missing', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast, ['toolkit']);
    expect((await stateOf(cast.sessionA.id, cast.enrolmentA)).rulesMet).toBe(false);
    await fillToolkit(ctx.db, cast.enrolmentA, cast.course.id);
    expect((await stateOf(cast.sessionA.id, cast.enrolmentA)).rulesMet).toBe(true);
  });

  it('follows the rules the course stores: switched-off rules are not asked for, numbers are respected', async () => {
    const cast = await completionCast(ctx.db);
    await ctx.db('courses').where({ id: cast.course.id }).update({
      completion_rules: JSON.stringify({ readingsDone: true, exerciseSubmitted: false, postsPerWeek: 0, repliesPerWeek: 1, toolkitEntriesPerSection: 0, evaluation: false, completionGraceDays: 30 }),
    });
    await markReadingsDone(ctx.db, cast.enrolmentA, cast.course.id);
    for (const week of [1, 2]) {
      const peers = await startThread(ctx.db, cast.sessionA.id, cast.course.id, week, cast.peerA.id);
      await replyTo(ctx.db, peers, cast.learnerA.id);
    }
    const l = await stateOf(cast.sessionA.id, cast.enrolmentA);
    expect(l.weeks.map((w) => w.rules.map((r) => r.key))).toEqual([['readings', 'replies'], ['readings', 'replies']]);
    expect(l.toolkit).toBeUndefined();
    expect(l.evaluation).toBeUndefined();
    expect(l.rulesMet).toBe(true);
  });

  it('asks for no reading once the readings rule is switched off, whatever the week holds', async () => {
    const cast = await completionCast(ctx.db);
    await ctx.db('courses').where({ id: cast.course.id }).update({
      completion_rules: JSON.stringify({ readingsDone: false, exerciseSubmitted: false, postsPerWeek: 0, repliesPerWeek: 1, toolkitEntriesPerSection: 0, evaluation: false, completionGraceDays: 30 }),
    });
    for (const week of [1, 2]) {
      const peers = await startThread(ctx.db, cast.sessionA.id, cast.course.id, week, cast.peerA.id);
      await replyTo(ctx.db, peers, cast.learnerA.id);
    }
    const l = await stateOf(cast.sessionA.id, cast.enrolmentA);
    expect(l.weeks.map((w) => w.rules.map((r) => r.key))).toEqual([['replies'], ['replies']]);
    expect(l.rulesMet).toBe(true);
  });

  it('falls back to the default for a stored rule that is not a whole number of at least 0, or not yes or no', () => {
    const d = completionRulesOf(undefined);
    expect(completionRulesOf({ postsPerWeek: -1, repliesPerWeek: 1.5, toolkitEntriesPerSection: '2', completionGraceDays: -30, readingsDone: 'no', evaluation: null })).toEqual(d);
    expect(completionRulesOf({ postsPerWeek: 0, repliesPerWeek: 4, readingsDone: false })).toEqual({ ...d, postsPerWeek: 0, repliesPerWeek: 4, readingsDone: false });
    expect(completionRulesOf('not rules')).toEqual(d);
  });
});

describe('completion of a whole session', () => {
  it('computes every learner with the same few queries, however many learners there are', async () => {
    const cast = await completionCast(ctx.db);
    const countQueries = async () => {
      let n = 0;
      const listener = () => {
        n += 1;
      };
      ctx.db.on('query', listener);
      const result = await completionForSession(ctx.db, cast.sessionA.id);
      ctx.db.off('query', listener);
      return { n, result };
    };
    const few = await countQueries();
    for (let i = 0; i < 8; i += 1) {
      const u = await createUser(ctx.db);
      const e = await enrol(ctx.db, cast.sessionA.id, u.id);
      await markReadingsDone(ctx.db, e, cast.course.id, 1);
    }
    const many = await countQueries();
    expect(many.result.learners).toHaveLength(few.result.learners.length + 8);
    expect(many.n).toBe(few.n);
    expect(many.n).toBeLessThanOrEqual(10);
  });

  it('keeps learners apart: one learner’s activity never counts for another', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    const completion = await completionForSession(ctx.db, cast.sessionA.id);
    const byName = new Map(completion.learners.map((l) => [l.enrolmentId, l]));
    expect(byName.get(cast.enrolmentA)?.rulesMet).toBe(true);
    const peer = byName.get(cast.peerEnrolmentA)!;
    expect(peer.rulesMet).toBe(false);
    expect(rule(peer, 1, 'posts').met).toBe(true);
    expect(rule(peer, 1, 'replies').met).toBe(false);
    expect(rule(peer, 1, 'readings').met).toBe(false);
  });
});
