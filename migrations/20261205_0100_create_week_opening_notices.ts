import type { Knex } from 'knex';

// The email that tells a session's learners a week has opened goes out once per session and
// week: the row is claimed (insert, on conflict nothing) before anything is sent, so several app
// instances running the job send it once. Learners can turn these emails off (week_email).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('week_opening_notices', (t) => {
    t.integer('course_session_id').notNullable().references('course_sessions.id').onDelete('CASCADE');
    t.integer('week').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['course_session_id', 'week']);
  });
  await knex.schema.alterTable('notification_preferences', (t) => {
    t.boolean('week_email').notNullable().defaultTo(true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notification_preferences', (t) => {
    t.dropColumn('week_email');
  });
  await knex.schema.dropTable('week_opening_notices');
}
