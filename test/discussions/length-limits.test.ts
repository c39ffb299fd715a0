import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('the thread title limit', () => {
  it('accepts a title of exactly 200 characters and refuses 201 with a message that names the limit', async () => {
    const c = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, c.learnerA);
    const board = `/sessions/${c.sessionA.id}/weeks/1/discussion`;
    const tooLong = await postForm(agent, `${board}/threads`, { title: 'b'.repeat(201), body: 'Over the limit.' }, board);
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('Please keep the title to at most 200 characters.');
    const atLimit = await postForm(agent, `${board}/threads`, { title: 'a'.repeat(200), body: 'Right at the limit.' }, board);
    expect(atLimit.status).toBe(302);
    expect(await ctx.db('discussion_threads').where({ author_id: c.learnerA.id }).pluck('title')).toEqual(['a'.repeat(200)]);
  });
});
