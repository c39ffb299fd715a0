import type { Knex } from 'knex';

// The reminder a week before a session's completion closes, to learners with things left: once per
// session, claimed (insert, on conflict nothing) before anything is sent, so several app instances
// send it once. Learners can turn it off (deadline_email).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('completion_reminders', (t) => {
    t.integer('course_session_id').primary().references('course_sessions.id').onDelete('CASCADE');
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.alterTable('notification_preferences', (t) => {
    t.boolean('deadline_email').notNullable().defaultTo(true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notification_preferences', (t) => {
    t.dropColumn('deadline_email');
  });
  await knex.schema.dropTable('completion_reminders');
}
