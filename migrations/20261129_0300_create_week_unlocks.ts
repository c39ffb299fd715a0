import type { Knex } from 'knex';

// An instructor opening a week early for one session; absent rows mean "opens by date".
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('week_unlocks', (t) => {
    t.integer('course_session_id').notNullable().references('course_sessions.id').onDelete('CASCADE');
    t.integer('week').notNullable();
    t.integer('unlocked_by').references('users.id').onDelete('SET NULL').index();
    t.timestamp('unlocked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['course_session_id', 'week']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('week_unlocks');
}
