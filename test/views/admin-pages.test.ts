import { createTestContext, type TestContext } from '../helpers/app';
import { createUser } from '../helpers/factories';
import { signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('the admin’s pages', () => {
  it('each lead back to Administration, above their heading', async () => {
    const admin = await signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }));
    for (const path of ['/admin/sessions', '/admin/people', '/admin/courses', '/admin/outbox', '/admin/reviews', '/admin/certificates', '/admin/backups', '/admin/jobs']) {
      const html = (await admin.get(path)).text;
      const back = html.search(/<a href="\/admin">(Administration|Admin)<\/a>/);
      expect({ path, back: back > 0 }).toEqual({ path, back: true });
      expect(back).toBeLessThan(html.indexOf('<h1>'));
    }
  });
});
