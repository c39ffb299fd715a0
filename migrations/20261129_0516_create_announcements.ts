import type { Knex } from 'knex';

// Messages from a session's staff to all of its learners.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('announcements', (t) => {
    t.increments('id');
    t.integer('course_session_id').notNullable().references('course_sessions.id').onDelete('CASCADE');
    t.integer('author_id').references('users.id').onDelete('SET NULL').index();
    t.string('title', 200).notNullable();
    t.text('body_md').notNullable();
    t.text('body_html').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['course_session_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('announcements');
}
