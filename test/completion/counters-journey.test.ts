import { createTestContext, type TestContext } from '../helpers/app';
import { completionCast } from '../helpers/completion-factories';
import { createUser, enrol } from '../helpers/factories';
import { postForm, signIn, type Agent } from '../helpers/http';
import { postReflection, reflectionUrl } from '../helpers/reflections-factories';
import { recountedLines, storedCounts, storedLines } from './recount';

// The same, through the features' own forms: each learner or moderator action leaves the counts
// equal to a count from scratch, and the progress table shows them.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function expectExact() {
  expect(await storedLines(ctx.db)).toEqual(await recountedLines(ctx.db));
}

async function ok(res: Promise<{ status: number }>) {
  expect((await res).status).toBeLessThan(400);
  await expectExact();
}

const newestPost = (authorId: number) => ctx.db('discussion_posts').where({ author_id: authorId }).orderBy('id', 'desc').first('id', 'thread_id');

it('stays exact through readings, reflections, discussions, moderation, toolkit and evaluation', async () => {
  const cast = await completionCast(ctx.db);
  const s = cast.sessionA.id;
  const week1 = await ctx.db('course_modules').where({ course_id: cast.course.id, week: 1 }).first('id');
  const learner = await signIn(ctx.app, cast.learnerA);
  const peer = await signIn(ctx.app, cast.peerA);
  const staff = await signIn(ctx.app, cast.instructorA);
  const weekPage = `/sessions/${s}/weeks/1`;

  const reading = await ctx.db('readings').where({ course_module_id: week1.id }).first('id');
  await ok(postForm(learner, `/sessions/${s}/readings/${reading.id}/done`, {}, weekPage));
  expect((await storedCounts(ctx.db, cast.enrolmentA, week1.id)).readings).toBe(1);
  await ok(postForm(learner, `/sessions/${s}/readings/${reading.id}/undone`, {}, weekPage));
  await ok(postForm(learner, `/sessions/${s}/readings/${reading.id}/done`, {}, weekPage));

  await ok(postForm(learner, `${reflectionUrl(s, 1)}/draft`, { text: 'A first draft' }, reflectionUrl(s, 1)));
  expect((await storedCounts(ctx.db, cast.enrolmentA, week1.id)).reflection).toBe('draft');
  await ok(postReflection(learner, s, 1, 'My reflection'));
  expect((await storedCounts(ctx.db, cast.enrolmentA, week1.id)).reflection).toBe('submitted');
  const reflection = await ctx.db('reflections').where({ enrolment_id: cast.enrolmentA }).first('id');
  await ok(postForm(staff, `/sessions/${s}/reflections/${reflection.id}/feedback`, { feedback: 'Say more', outcome: 'return' }, `/sessions/${s}/reflections/${reflection.id}`));
  expect((await storedCounts(ctx.db, cast.enrolmentA, week1.id)).reflection).toBe('returned');
  await ok(postReflection(learner, s, 1, 'My reflection, said more'));

  const board = `/sessions/${s}/weeks/1/discussion`;
  await ok(postForm(learner, `${board}/threads`, { title: 'My thread', body: 'Opening words' }, board));
  const own = await newestPost(cast.learnerA.id);
  await ok(postForm(peer, `${board}/threads`, { title: 'Peer thread', body: 'Peer words' }, board));
  const peers = await newestPost(cast.peerA.id);
  const peerThread = `/threads/${peers.thread_id}`;
  await ok(postForm(learner, `${peerThread}/replies`, { body: 'To my peer', parent_id: String(peers.id) }, peerThread));
  await ok(postForm(learner, `/threads/${own.thread_id}/replies`, { body: 'To myself', parent_id: String(own.id) }, `/threads/${own.thread_id}`));
  await ok(postForm(learner, `${peerThread}/replies`, { body: 'Again to my peer', parent_id: String(peers.id) }, peerThread));
  expect(await storedCounts(ctx.db, cast.enrolmentA, week1.id)).toMatchObject({ threads: 1, replies: 2 });

  const reply = await newestPost(cast.learnerA.id);
  await ok(postForm(staff, `/posts/${reply.id}/hide`, { reason: 'private' }, peerThread));
  await ok(postForm(staff, `/posts/${reply.id}/restore`, { reason: 'on reflection' }, peerThread));
  await ok(postForm(staff, `/posts/${reply.id}/remove`, { reason: 'off topic' }, peerThread));
  await ok(postForm(learner, `/posts/${own.id}/delete`, {}, `/threads/${own.thread_id}`));
  expect(await storedCounts(ctx.db, cast.enrolmentA, week1.id)).toMatchObject({ threads: 0, replies: 1 });

  // A newcomer's first post, held for approval, counts once an instructor approves it.
  await postForm(staff, `/sessions/${s}/moderation/settings`, { hold_first_posts: 'on' }, `/sessions/${s}/moderation`);
  const newcomer = await createUser(ctx.db);
  const newcomerEnrolment = await enrol(ctx.db, s, newcomer.id);
  await ok(postForm(await signIn(ctx.app, newcomer), `${board}/threads`, { title: 'Held', body: 'My first words' }, board));
  const held = await newestPost(newcomer.id);
  expect(await ctx.db('discussion_posts').where({ id: held.id }).first('status')).toEqual({ status: 'pending' });
  expect((await storedCounts(ctx.db, newcomerEnrolment, week1.id)).threads).toBe(0);
  await ok(postForm(staff, `/posts/${held.id}/approve`, {}, `/threads/${held.thread_id}`));
  expect((await storedCounts(ctx.db, newcomerEnrolment, week1.id)).threads).toBe(1);

  const toolkit = `/sessions/${s}/toolkit`;
  const section = await ctx.db('toolkit_sections').where({ course_module_id: week1.id }).first('id');
  await ok(postForm(learner, `${toolkit}/sections/${section.id}/entries`, { body: 'Breathe first' }, toolkit));
  await ok(postForm(learner, `${toolkit}/sections/${section.id}/entries`, { body: 'Then listen' }, toolkit));
  const entry = await ctx.db('toolkit_entries').where({ enrolment_id: cast.enrolmentA }).orderBy('id').first('id');
  await ok(postForm(learner, `${toolkit}/entries/${entry.id}/delete`, {}, toolkit));
  const kept = await ctx.db('enrolment_toolkit_progress').where({ enrolment_id: cast.enrolmentA, toolkit_section_id: section.id }).first();
  expect(kept.entries).toBe(1);

  const evaluation = `/sessions/${s}/evaluation`;
  await ok(postForm(staff, `/sessions/${s}/weeks/2/unlock`, {}, `/sessions/${s}`)); // the evaluation opens with the last week
  await ok(postForm(learner, evaluation, { outcome_1: '4', outcome_2: '5', helped: 'Peers', toChange: '' }, evaluation));

  const progress = await staff.get(`/sessions/${s}/progress`);
  const row = progress.text.split('<th scope="row">').find((r) => r.startsWith(cast.learnerA.name))!;
  // Week 1: readings, reflection, threads, replies; week 2 (4 cells); toolkit sections; evaluation.
  const cells = [...row.matchAll(/<td class="cell-(done|open)">([^<]*)<\/td>/g)].map((m) => m[2]);
  expect(cells.slice(0, 4)).toEqual(['Done (1/1)', 'Done (1/1)', '0/1', '1/2']);
  expect(cells.slice(-2)).toEqual(['1/2', 'Sent']);
});

it('keeps another learner’s and another session’s activity out of a learner’s counts', async () => {
  const cast = await completionCast(ctx.db);
  const learnerB: Agent = await signIn(ctx.app, cast.learnerB);
  const boardB = `/sessions/${cast.sessionB.id}/weeks/1/discussion`;
  await ok(postForm(learnerB, `${boardB}/threads`, { title: 'In session B', body: 'Words' }, boardB));
  const week1 = await ctx.db('course_modules').where({ course_id: cast.course.id, week: 1 }).first('id');
  expect(await storedCounts(ctx.db, cast.enrolmentA, week1.id)).toEqual({ readings: 0, reflection: null, threads: 0, replies: 0 });
  expect((await storedCounts(ctx.db, cast.enrolmentB, week1.id)).threads).toBe(1);
  const staffA = await signIn(ctx.app, cast.instructorA);
  const progress = await staffA.get(`/sessions/${cast.sessionA.id}/progress`);
  expect(progress.text).not.toContain(cast.learnerB.name);
  expect(progress.text).toContain('Week 1: 0 of 2 did everything, 0 took part in the discussion');
});
