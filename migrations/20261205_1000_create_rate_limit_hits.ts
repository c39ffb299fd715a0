import type { Knex } from 'knex';

// Attempts per address for logins, registrations and password checks, counted in the database so
// that every instance behind the load balancer counts against one limit (see src/lib/rate-limit-store.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limit_hits', (t) => {
    t.string('key', 300).primary();
    t.integer('hits').notNullable();
    t.timestamp('resets_at', { useTz: true }).notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limit_hits');
}
