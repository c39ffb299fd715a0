import { createTestContext, type TestContext } from '../helpers/app';
import { signedInAs } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('the admin outbox', () => {
  it('shows when each email was written in words, in the list and on the email, not as a raw timestamp', async () => {
    const to = `dates-${Date.now()}@example.test`;
    const [email] = await ctx.db('outbox_emails')
      .insert({ to_address: to, subject: 'Your certificate', body_text: 'Hello', status: 'kept', created_at: new Date('2026-12-04T16:18:49.677Z') })
      .returning('id');
    const { agent } = await signedInAs(ctx.app, ctx.db, 'admin');
    const list = await agent.get(`/admin/outbox?to=${encodeURIComponent(to)}`);
    expect(list.text).toContain('<td>4 December 2026, 16:18 UTC</td>');
    const one = await agent.get(`/admin/outbox/${email.id}`);
    expect(one.text).toContain('<dt>Written</dt><dd>4 December 2026, 16:18 UTC</dd>');
    for (const page of [list, one]) expect(page.text).not.toContain('2026-12-04');
  });
});
