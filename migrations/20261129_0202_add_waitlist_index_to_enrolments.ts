import type { Knex } from 'knex';

// Waitlist promotion takes the lowest position of a session first.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('enrolments', (t) => {
    t.index(['course_session_id', 'waitlist_position']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('enrolments', (t) => {
    t.dropIndex(['course_session_id', 'waitlist_position']);
  });
}
