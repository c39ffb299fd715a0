import type { Knex } from 'knex';

// Per-board settings (a board is a session's week). A missing row means the defaults.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('discussion_board_settings', (t) => {
    t.integer('course_session_id').notNullable().references('course_sessions.id').onDelete('CASCADE');
    t.integer('course_module_id').notNullable().references('course_modules.id').onDelete('CASCADE').index();
    t.boolean('post_before_viewing').notNullable().defaultTo(false);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['course_session_id', 'course_module_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('discussion_board_settings');
}
