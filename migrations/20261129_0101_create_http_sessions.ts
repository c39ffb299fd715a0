import type { Knex } from 'knex';

// Login sessions (express-session), named so they are never confused with course sessions.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('http_sessions', (t) => {
    t.string('sid', 255).primary();
    t.json('sess').notNullable();
    t.timestamp('expired', { useTz: true }).notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('http_sessions');
}
