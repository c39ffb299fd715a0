import { prepareDatabase } from '../../src/db/prepare';
import { createTestDatabase } from '../helpers/db';
import type { Database } from '../../src/db';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

it('seeds exactly once when two instances prepare the same database at the same moment', async () => {
  const results = await Promise.all([prepareDatabase(database.knex, { demo: true }), prepareDatabase(database.knex, { demo: true })]);
  expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
  const courses = await database.knex('courses').where({ slug: 'overcoming-compassion-fatigue' });
  expect(courses).toHaveLength(1);
  expect(await database.knex('users').where({ email: 'admin@kindred.test' })).toHaveLength(1);
  expect((await prepareDatabase(database.knex, { demo: true })).seeded).toBe(false);
});
