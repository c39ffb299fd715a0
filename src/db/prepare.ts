import type { Knex } from 'knex';
import { seedDatabase } from '../../seeds';
import { migrateLatest } from './migrate';

/** Brings a database to the latest schema and seeds it the first time; safe to run every start. */
export async function prepareDatabase(db: Knex, opts: { demo: boolean }): Promise<{ seeded: boolean }> {
  await migrateLatest(db);
  const seeded = await seedDatabase(db, { demo: opts.demo });
  return { seeded };
}
