import type { Knex } from 'knex';

// The form that schedules a session carries a key of its own. Sent twice (a double click, a page
// sent again), the second finds the session the first made instead of scheduling a twin; two
// sessions scheduled on purpose alike come from two forms, so both are kept.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('course_sessions', (t) => {
    t.string('form_key', 64).unique();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('course_sessions', (t) => {
    t.dropColumn('form_key');
  });
}
