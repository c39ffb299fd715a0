import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  // The app's server opens its database before it listens; here the first query opens it (on
  // PGlite, loading a copy takes seconds when the machine is busy, longer than the check waits).
  await ctx.database.knex.raw('select 1');
});
afterAll(() => ctx.close());

it('answers 200 while the database answers', async () => {
  const res = await request(ctx.app).get('/healthz');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: 'ok', database: 'up' });
});

it('answers 503 when the database is gone', async () => {
  await ctx.database.knex.destroy();
  const res = await request(ctx.app).get('/healthz');
  expect(res.status).toBe(503);
  expect(res.body.database).toBe('down');
});
