import { createTestContext, type TestContext } from '../helpers/app';
import { createUser } from '../helpers/factories';
import { decode, postForm, signIn } from '../helpers/http';

// The email preferences page belongs with the account pages: reached from /account, it says what
// it covers and leads back there, as /account/name, /account/email and /account/password do.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('the email preferences page', () => {
  it('is linked from the account page under its own name', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const html = decode((await agent.get('/account')).text);
    expect(html).toContain('<a href="/discussions/preferences">Email preferences</a>: which emails we send you about discussions, announcements, new weeks and completion.');
  });

  it('leads back to the account page as the other account pages do, and says which emails it covers', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const back = '<p><a href="/account">Back to your account</a></p>';
    expect((await agent.get('/account/name')).text).toContain(`${back}\n<h1>`);
    const html = decode((await agent.get('/discussions/preferences')).text);
    expect(html).toContain('<a href="/account" aria-current="page">Account</a>');
    expect(html).toContain(`${back}\n<h1>Email preferences</h1>\n<p class="lead">Choose which emails we send you about your courses: replies in discussions you follow, your instructors’ announcements, each new week as it opens, and a reminder before completion closes.</p>`);
  });

  it('keeps the way back and the introduction when a choice is refused', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const res = await postForm(agent, '/discussions/preferences', { discussion_email: 'hourly' }, '/discussions/preferences');
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="/account">Back to your account</a>');
    expect(res.text).toContain('<p class="lead">Choose which emails we send you');
  });
});
