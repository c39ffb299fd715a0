import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';

// A refused send is shown at the form's own address; opened again to read, that address leads to
// the form's page (src/lib/form-addresses.ts), whose own guard then decides.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

it('leads a refused reply’s address, opened again, to the thread, and another session’s learner to a 404 there', async () => {
  const c = await createCohorts(ctx.db);
  const learner = await signIn(ctx.app, c.learnerA);
  const board = `/sessions/${c.sessionA.id}/weeks/1/discussion`;
  await postForm(learner, `${board}/threads`, { title: 'A thread', body: 'hello' }, board);
  const thread = await ctx.db('discussion_threads').where({ author_id: c.learnerA.id }).first();
  const address = `/threads/${thread.id}/replies`;
  // An empty reply is refused, shown at the form's own address.
  expect((await postForm(learner, address, { body: '' }, `/threads/${thread.id}`)).status).toBe(422);
  const again = await learner.get(address);
  expect(again.status).toBe(302);
  expect(again.headers.location).toBe(`/threads/${thread.id}`);
  expect((await learner.get(again.headers.location)).status).toBe(200);
  const outsider = await signIn(ctx.app, c.learnerB);
  const led = await outsider.get(address);
  expect(led.headers.location).toBe(`/threads/${thread.id}`);
  expect((await outsider.get(led.headers.location)).status).toBe(404);
});

it('leads each form’s address to its page', async () => {
  const learner = await signIn(ctx.app, (await createCohorts(ctx.db)).learnerA);
  const cases: [string, string][] = [
    ['/sessions/7/weeks/2/reflection/submit', '/sessions/7/weeks/2/reflection'],
    ['/sessions/7/weeks/2/discussion/threads', '/sessions/7/weeks/2/discussion'],
    ['/threads/9/replies', '/threads/9'],
    ['/sessions/7/toolkit/sections/3/entries', '/sessions/7/toolkit'],
    ['/sessions/7/reflections/5/feedback', '/sessions/7/reflections/5'],
  ];
  for (const [address, page] of cases) {
    const res = await learner.get(address);
    expect({ address, status: res.status, location: res.headers.location }).toEqual({ address, status: 302, location: page });
  }
});

it('answers 404 for an address whose ids are not ids', async () => {
  const learner = await signIn(ctx.app, (await createCohorts(ctx.db)).learnerA);
  for (const address of ['/threads/abc/replies', '/sessions/7/weeks/0/reflection/submit', '/sessions/x/toolkit/sections/3/entries']) {
    expect({ address, status: (await learner.get(address)).status }).toEqual({ address, status: 404 });
  }
});
