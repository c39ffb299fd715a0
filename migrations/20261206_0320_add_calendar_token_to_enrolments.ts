import type { Knex } from 'knex';

// A learner's calendar subscription link for a session (src/modules/calendar-feed.routes.ts): the
// token is the link's only key, so it is unique, and made only when the learner asks for a link.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('enrolments', (t) => t.string('calendar_token', 64).unique('enrolments_calendar_token_unique'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('enrolments', (t) => t.dropColumn('calendar_token'));
}
