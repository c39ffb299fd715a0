import { backfillCompletionCounts } from '../../migrations/20261204_0700_create_completion_counters';
import * as countApprovedPostsOnly from '../../migrations/20261204_1100_count_approved_posts_only';
import { createTestContext, type TestContext } from '../helpers/app';
import { completionCast, fillToolkit, insertEvaluation, markReadingsDone, replyTo, setReflection, startThread } from '../helpers/completion-factories';
import { createUser, enrol } from '../helpers/factories';
import { recountedLines, storedCounts, storedLines } from './recount';

// Every way the evidence can change, written straight to the database (as any feature, seed or
// person in psql would): the counts kept on write must equal a count from scratch after each.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function expectExact() {
  expect(await storedLines(ctx.db)).toEqual(await recountedLines(ctx.db));
}

async function moduleOf(courseId: number, week: number): Promise<number> {
  const row = await ctx.db('course_modules').where({ course_id: courseId, week }).first('id');
  return row.id;
}

describe('counts kept on write', () => {
  it('follows readings marked done and undone, and readings moved or deleted by authors', async () => {
    const cast = await completionCast(ctx.db);
    const week1 = await moduleOf(cast.course.id, 1);
    const week2 = await moduleOf(cast.course.id, 2);
    await markReadingsDone(ctx.db, cast.enrolmentA, cast.course.id, 1);
    expect((await storedCounts(ctx.db, cast.enrolmentA, week1)).readings).toBeGreaterThan(0);
    await expectExact();
    await markReadingsDone(ctx.db, cast.enrolmentA, cast.course.id, 1); // again: nothing changes
    await expectExact();

    const [reading] = await ctx.db('readings').where({ course_module_id: week1 }).select('id');
    await ctx.db('reading_progress').where({ enrolment_id: cast.enrolmentA, reading_id: reading.id }).delete();
    await expectExact();
    await ctx.db('reading_progress').insert({ enrolment_id: cast.enrolmentA, reading_id: reading.id });
    await expectExact();

    await ctx.db('readings').where({ id: reading.id }).update({ course_module_id: week2, position: 99 });
    expect((await storedCounts(ctx.db, cast.enrolmentA, week2)).readings).toBeGreaterThan(0);
    await expectExact();
    await ctx.db('readings').where({ id: reading.id }).delete();
    await expectExact();
  });

  it('follows a reflection drafted, submitted, returned, resubmitted and accepted', async () => {
    const cast = await completionCast(ctx.db);
    const week1 = await moduleOf(cast.course.id, 1);
    for (const status of ['draft', 'submitted', 'returned', 'submitted', 'accepted'] as const) {
      await setReflection(ctx.db, cast.enrolmentA, cast.course.id, 1, status);
      expect((await storedCounts(ctx.db, cast.enrolmentA, week1)).reflection).toBe(status);
      await expectExact();
    }
    await ctx.db('reflections').where({ enrolment_id: cast.enrolmentA }).update({ draft_text: 'edited' });
    await expectExact();
    const exercise = await ctx.db('exercises').where({ course_module_id: week1 }).first('id');
    await ctx.db('exercises').where({ id: exercise.id }).delete();
    expect((await storedCounts(ctx.db, cast.enrolmentA, week1)).reflection).toBeNull();
    await expectExact();
  });

  it('counts threads started and replies to someone else, not to oneself, visible or hidden but not waiting for approval or deleted', async () => {
    const cast = await completionCast(ctx.db);
    const week1 = await moduleOf(cast.course.id, 1);
    const own = await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, cast.learnerA.id);
    const peers = await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, cast.peerA.id);
    const toPeer = await replyTo(ctx.db, peers, cast.learnerA.id);
    await replyTo(ctx.db, own, cast.learnerA.id);
    await replyTo(ctx.db, toPeer, cast.learnerA.id);
    const pending = await replyTo(ctx.db, peers, cast.learnerA.id, 'pending');
    expect(await storedCounts(ctx.db, cast.enrolmentA, week1)).toMatchObject({ threads: 1, replies: 1 });
    await expectExact();

    const repliesAs: Record<string, number> = {};
    for (const status of ['visible', 'hidden', 'pending', 'deleted', 'visible', 'deleted']) {
      await ctx.db('discussion_posts').where({ id: pending }).update({ status });
      repliesAs[status] = (await storedCounts(ctx.db, cast.enrolmentA, week1)).replies;
      await expectExact();
    }
    expect(repliesAs).toEqual({ visible: 2, hidden: 2, pending: 1, deleted: 1 });

    // Counts written before posts waiting for approval stopped counting are put right by the migration.
    const reply = await replyTo(ctx.db, peers, cast.learnerA.id, 'pending');
    await countApprovedPostsOnly.down(ctx.db);
    expect((await storedCounts(ctx.db, cast.enrolmentA, week1)).replies).toBe(2);
    await countApprovedPostsOnly.up(ctx.db);
    expect((await storedCounts(ctx.db, cast.enrolmentA, week1)).replies).toBe(1);
    await ctx.db('discussion_posts').where({ id: reply }).update({ status: 'visible' });
    expect((await storedCounts(ctx.db, cast.enrolmentA, week1)).replies).toBe(2);
    await expectExact();
    await ctx.db('discussion_posts').where({ id: own }).update({ status: 'deleted' });
    expect((await storedCounts(ctx.db, cast.enrolmentA, week1)).threads).toBe(0);
    await expectExact();
    await ctx.db('discussion_posts').where({ id: toPeer }).update({ body_md: 'edited', body_html: '<p>edited</p>', edited_at: new Date() });
    await expectExact();
  });

  it('follows posts and threads deleted for good, moved to another week or session, and authors who leave', async () => {
    const cast = await completionCast(ctx.db);
    const week2 = await moduleOf(cast.course.id, 2);
    const peers = await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, cast.peerA.id);
    const reply = await replyTo(ctx.db, peers, cast.learnerA.id);
    const answer = await replyTo(ctx.db, reply, cast.peerA.id);
    await replyTo(ctx.db, answer, cast.learnerA.id);
    await expectExact();

    // A reply whose parent is deleted for good loses its parent (and so counts as a thread).
    await ctx.db('discussion_posts').where({ id: answer }).delete();
    await expectExact();

    const { thread_id: threadId } = await ctx.db('discussion_posts').where({ id: peers }).first('thread_id');
    await ctx.db('discussion_threads').where({ id: threadId }).update({ course_module_id: week2 });
    expect((await storedCounts(ctx.db, cast.enrolmentA, week2)).replies).toBe(1);
    await expectExact();
    await ctx.db('discussion_threads').where({ id: threadId }).update({ course_session_id: cast.sessionB.id });
    await expectExact();
    await ctx.db('discussion_threads').where({ id: threadId }).update({ course_session_id: cast.sessionA.id });
    await expectExact();

    const other = await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, cast.learnerA.id);
    const { thread_id: otherThread } = await ctx.db('discussion_posts').where({ id: other }).first('thread_id');
    await ctx.db('discussion_posts').where({ id: reply }).update({ thread_id: otherThread });
    await expectExact();

    // The peer deletes their account: replies to their posts still count, as replies to someone else.
    const selfReply = await replyTo(ctx.db, other, cast.learnerA.id);
    await ctx.db('discussion_posts').where({ id: selfReply }).update({ author_id: cast.peerA.id });
    await expectExact();
    await ctx.db('users').where({ id: cast.peerA.id }).delete();
    await expectExact();

    await ctx.db('discussion_threads').where({ id: threadId }).delete();
    await ctx.db('discussion_threads').where({ id: otherThread }).delete();
    await expectExact();
  });

  it('counts posts written before the enrolment, once the learner enrols', async () => {
    const cast = await completionCast(ctx.db);
    const late = await createUser(ctx.db);
    const week1 = await moduleOf(cast.course.id, 1);
    await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, late.id);
    const enrolmentId = await enrol(ctx.db, cast.sessionA.id, late.id);
    expect((await storedCounts(ctx.db, enrolmentId, week1)).threads).toBe(1);
    await expectExact();
  });

  it('follows toolkit entries added, moved, removed, and sections deleted', async () => {
    const cast = await completionCast(ctx.db);
    await fillToolkit(ctx.db, cast.enrolmentA, cast.course.id);
    const sections = await ctx.db('toolkit_entries').where({ enrolment_id: cast.enrolmentA }).select('toolkit_section_id as id');
    const [first, second] = sections.map((s: { id: number }) => s.id);
    const [entry] = await ctx.db('toolkit_entries').insert({ enrolment_id: cast.enrolmentA, toolkit_section_id: first, position: 2, body: 'Another' }).returning('id');
    await expectExact();
    await ctx.db('toolkit_entries').where({ id: entry.id }).update({ body: 'Edited', position: 3 });
    await expectExact();
    await ctx.db('toolkit_entries').where({ id: entry.id }).update({ toolkit_section_id: second });
    await expectExact();
    await ctx.db('toolkit_entries').where({ id: entry.id }).delete();
    await expectExact();
    await ctx.db('toolkit_sections').where({ id: first }).delete();
    await expectExact();
  });

  it('drops an enrolment’s counts with the enrolment, and leaves the evaluation to be read as it is', async () => {
    const cast = await completionCast(ctx.db);
    await markReadingsDone(ctx.db, cast.peerEnrolmentA, cast.course.id);
    await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, cast.peerA.id);
    await insertEvaluation(ctx.db, cast.peerEnrolmentA);
    await ctx.db('enrolments').where({ id: cast.peerEnrolmentA }).delete();
    expect(await ctx.db('enrolment_module_progress').where({ enrolment_id: cast.peerEnrolmentA })).toHaveLength(0);
    await expectExact();
  });

  it('counts a statement that touches many learners at once (as a seed does)', async () => {
    const cast = await completionCast(ctx.db);
    const week1 = await moduleOf(cast.course.id, 1);
    const learners = [];
    for (let i = 0; i < 40; i++) {
      const user = await createUser(ctx.db);
      learners.push({ user, enrolmentId: await enrol(ctx.db, cast.sessionA.id, user.id) });
    }
    const readings = await ctx.db('readings').where({ course_module_id: week1 }).select('id');
    await ctx.db('reading_progress').insert(learners.flatMap((l) => readings.map((r: { id: number }) => ({ enrolment_id: l.enrolmentId, reading_id: r.id }))));
    const peers = await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, cast.peerA.id);
    const { thread_id: threadId } = await ctx.db('discussion_posts').where({ id: peers }).first('thread_id');
    await ctx.db('discussion_posts').insert(learners.map((l) => ({ thread_id: threadId, parent_id: peers, author_id: l.user.id, depth: 1, body_md: 'x', body_html: 'x' })));
    expect(await storedCounts(ctx.db, learners[39].enrolmentId, week1)).toMatchObject({ readings: readings.length, replies: 1 });
    await expectExact();
    await ctx.db('reading_progress').whereIn('enrolment_id', learners.map((l) => l.enrolmentId)).delete();
    await ctx.db('discussion_posts').where({ thread_id: threadId }).whereNotNull('parent_id').update({ status: 'deleted' });
    await expectExact();
  });

  it('stays exact when the same learner writes from many connections at once', async () => {
    const cast = await completionCast(ctx.db);
    const [section] = await ctx.db('toolkit_sections as t').join('course_modules as m', 'm.id', 't.course_module_id').where('m.course_id', cast.course.id).select('t.id');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => ctx.db('toolkit_entries').insert({ enrolment_id: cast.enrolmentA, toolkit_section_id: section.id, position: i + 1, body: `Entry ${i}` })),
    );
    const peers = await startThread(ctx.db, cast.sessionA.id, cast.course.id, 1, cast.peerA.id);
    await Promise.all(Array.from({ length: 20 }, () => replyTo(ctx.db, peers, cast.learnerA.id)));
    const row = await ctx.db('enrolment_toolkit_progress').where({ enrolment_id: cast.enrolmentA, toolkit_section_id: section.id }).first();
    expect(row.entries).toBe(20);
    await expectExact();
  });

  it('keeps learners and sessions apart: the same person in two sessions has two sets of counts', async () => {
    const cast = await completionCast(ctx.db);
    const week1 = await moduleOf(cast.course.id, 1);
    const enrolmentB = await enrol(ctx.db, cast.sessionB.id, cast.learnerA.id);
    await startThread(ctx.db, cast.sessionB.id, cast.course.id, 1, cast.learnerA.id);
    await markReadingsDone(ctx.db, enrolmentB, cast.course.id, 1);
    const peerB = await startThread(ctx.db, cast.sessionB.id, cast.course.id, 1, cast.learnerB.id);
    await replyTo(ctx.db, peerB, cast.learnerA.id);
    expect(await storedCounts(ctx.db, enrolmentB, week1)).toMatchObject({ threads: 1, replies: 1 });
    expect(await storedCounts(ctx.db, cast.enrolmentA, week1)).toEqual({ readings: 0, reflection: null, threads: 0, replies: 0 });
    expect(await storedCounts(ctx.db, cast.enrolmentB, week1)).toMatchObject({ threads: 1, replies: 0 });
    await expectExact();
  });

  it('is filled in from the evidence already there when the counts are first kept', async () => {
    const cast = await completionCast(ctx.db);
    await markReadingsDone(ctx.db, cast.enrolmentA, cast.course.id);
    await setReflection(ctx.db, cast.enrolmentA, cast.course.id, 2, 'submitted');
    const peers = await startThread(ctx.db, cast.sessionA.id, cast.course.id, 2, cast.peerA.id);
    await replyTo(ctx.db, peers, cast.learnerA.id);
    await fillToolkit(ctx.db, cast.enrolmentA, cast.course.id);
    const before = await storedLines(ctx.db);
    await ctx.db('enrolment_module_progress').delete();
    await ctx.db('enrolment_toolkit_progress').delete();
    await backfillCompletionCounts(ctx.db);
    expect(await storedLines(ctx.db)).toEqual(before);
    await expectExact();
  });
});
