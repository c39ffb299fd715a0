import type { Knex } from 'knex';
import { seedDatabase } from '../../seeds';
import { migrateLatest } from './migrate';

const LOCK_RETRY_MS = 500;
const LOCK_WAIT_MS = 60_000;

/**
 * Brings a database to the latest schema and seeds it the first time; safe to run at every
 * start, and from several instances starting together: knex's migration lock makes the others
 * wait for the first, and the seed takes a transaction-scoped advisory lock.
 */
export async function prepareDatabase(db: Knex, opts: { demo: boolean }): Promise<{ seeded: boolean }> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await migrateLatest(db);
      break;
    } catch (err) {
      if ((err as Error).name !== 'MigrationLocked' || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
  const seeded = await seedDatabase(db, { demo: opts.demo });
  return { seeded };
}
