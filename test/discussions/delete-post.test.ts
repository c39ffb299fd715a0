import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser, enrol } from '../helpers/factories';
import { csrfFrom, signIn } from '../helpers/http';
import { createThread } from '../helpers/discussions-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function setup() {
  const c = await createCohorts(ctx.db);
  const t = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id, body: 'Words I may regret.' });
  return { ...c, ...t };
}

describe('deleting my own post', () => {
  it('links "Delete my post" to a page that shows the post and asks first, removing nothing until confirmed', async () => {
    const s = await setup();
    const agent = await signIn(ctx.app, s.learnerA);
    const thread = await agent.get(`/threads/${s.threadId}`);
    expect(thread.text).toMatch(new RegExp(`<a href="/posts/${s.openingPostId}/delete">Delete my post<span class="visually-hidden"> from [^<]+</span></a>`));
    expect(thread.text).not.toContain(`action="/posts/${s.openingPostId}/delete"`);

    const confirm = await agent.get(`/posts/${s.openingPostId}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Delete your post?');
    expect(confirm.text).toContain('Words I may regret.');
    expect(confirm.text).toContain(s.learnerA.name);
    expect(confirm.text).toContain(`href="/posts/${s.openingPostId}"`);
    expect((await ctx.db('discussion_posts').where({ id: s.openingPostId }).first()).status).toBe('visible');

    const token = await csrfFrom(agent, `/posts/${s.openingPostId}/delete`);
    const done = await agent.post(`/posts/${s.openingPostId}/delete`).type('form').send({ _csrf: token });
    expect(done.status).toBe(302);
    expect((await ctx.db('discussion_posts').where({ id: s.openingPostId }).first()).status).toBe('deleted');
    expect((await agent.get(`/posts/${s.openingPostId}/delete`)).status).toBe(409);
  });

  it('answers 404 to the confirmation page for someone else’s post', async () => {
    const s = await setup();
    const peer = await createUser(ctx.db);
    await enrol(ctx.db, s.sessionA.id, peer.id);
    const res = await (await signIn(ctx.app, peer)).get(`/posts/${s.openingPostId}/delete`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('Words I may regret.');
    expect((await (await signIn(ctx.app, s.learnerB)).get(`/posts/${s.openingPostId}/delete`)).status).toBe(404);
  });
});
