import type { Knex } from 'knex';

// The reminder a week before completion closes, for a learner given more time: their own date is
// not the session's, so it is claimed per enrolment and per date reminded about (a date moved later
// earns a reminder of its own), before anything is sent.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('extension_reminders', (t) => {
    t.integer('enrolment_id').notNullable().references('enrolments.id').onDelete('CASCADE');
    t.timestamp('reminded_for', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['enrolment_id', 'reminded_for']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('extension_reminders');
}
