import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { csrfFrom, postForm, signIn } from '../helpers/http';
import { createThread } from '../helpers/discussions-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const board = (sessionId: number) => `/sessions/${sessionId}/weeks/1/discussion`;
const countThreads = async (authorId: number) => Number((await ctx.db('discussion_threads').where({ author_id: authorId }).count('* as n').first())!.n);
const countReplies = async (threadId: number) => Number((await ctx.db('discussion_posts').where({ thread_id: threadId }).whereNotNull('parent_id').count('* as n').first())!.n);

describe('a thread sent twice', () => {
  it('starts one thread when the same thread is posted twice in a row, and takes the second request to it with the usual message', async () => {
    const c = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, c.learnerA);
    const form = { title: 'Sleep this week', body: 'I slept badly.' };
    const first = await postForm(agent, `${board(c.sessionA.id)}/threads`, form, board(c.sessionA.id));
    const second = await postForm(agent, `${board(c.sessionA.id)}/threads`, form, board(c.sessionA.id));
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await countThreads(c.learnerA.id)).toBe(1);
    const page = await agent.get(second.headers.location);
    expect(page.text).toContain('Your thread is posted.');
  });

  it('starts one thread when two identical posts arrive at the same moment', async () => {
    const c = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, c.learnerA);
    const token = await csrfFrom(agent, board(c.sessionA.id));
    const send = () => agent.post(`${board(c.sessionA.id)}/threads`).type('form').send({ _csrf: token, title: 'Same moment', body: 'Clicked twice.' });
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(a.headers.location).toBe(b.headers.location);
    expect(await countThreads(c.learnerA.id)).toBe(1);
    expect(await ctx.db('discussion_posts').where({ author_id: c.learnerA.id }).count('* as n').first()).toMatchObject({ n: 1 });
  });

  it('still starts a second thread with different words, or the same words after two minutes', async () => {
    const c = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, c.learnerA);
    await postForm(agent, `${board(c.sessionA.id)}/threads`, { title: 'Week one', body: 'First thought.' }, board(c.sessionA.id));
    await postForm(agent, `${board(c.sessionA.id)}/threads`, { title: 'Week one', body: 'Second thought.' }, board(c.sessionA.id));
    expect(await countThreads(c.learnerA.id)).toBe(2);
    await ctx.db('discussion_threads').where({ author_id: c.learnerA.id }).update({ created_at: new Date(Date.now() - 3 * 60_000) });
    await postForm(agent, `${board(c.sessionA.id)}/threads`, { title: 'Week one', body: 'First thought.' }, board(c.sessionA.id));
    expect(await countThreads(c.learnerA.id)).toBe(3);
  });
});

describe('a reply sent twice', () => {
  it('keeps one reply when the same reply is posted twice in a row, and takes the second request to it', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id });
    const agent = await signIn(ctx.app, c.learnerA);
    const tp = `/threads/${threadId}`;
    const first = await postForm(agent, `${tp}/replies`, { body: 'Thank you.' }, tp);
    const second = await postForm(agent, `${tp}/replies`, { body: 'Thank you.' }, tp);
    expect(second.status).toBe(302);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await countReplies(threadId)).toBe(1);
    expect((await ctx.db('discussion_threads').where({ id: threadId }).first()).reply_count).toBe(1);
    const page = await agent.get((await agent.get(second.headers.location)).headers.location);
    expect(page.text).toContain('Your reply is posted.');
  });

  it('keeps one reply when two identical replies arrive at the same moment', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId, openingPostId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id });
    const agent = await signIn(ctx.app, c.learnerA);
    const token = await csrfFrom(agent, `/threads/${threadId}`);
    const send = () => agent.post(`/threads/${threadId}/replies`).type('form').send({ _csrf: token, body: 'At once.', parent_id: String(openingPostId) });
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(a.headers.location).toBe(b.headers.location);
    expect(await countReplies(threadId)).toBe(1);
  });

  it('still posts a reply with different words, and the same words under another post', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId, openingPostId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id });
    const agent = await signIn(ctx.app, c.learnerA);
    const tp = `/threads/${threadId}`;
    await postForm(agent, `${tp}/replies`, { body: 'Yes.' }, tp);
    await postForm(agent, `${tp}/replies`, { body: 'And also this.' }, tp);
    const mine = await ctx.db('discussion_posts').where({ thread_id: threadId, body_md: 'Yes.' }).first();
    await postForm(agent, `${tp}/replies`, { body: 'Yes.', parent_id: String(mine.id) }, tp);
    expect(await countReplies(threadId)).toBe(3);
    expect(mine.parent_id).toBe(openingPostId);
  });
});
