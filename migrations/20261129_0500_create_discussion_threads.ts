import type { Knex } from 'knex';

// A board is (course session, course module): discussions belong to a cohort, not a course.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('discussion_threads', (t) => {
    t.increments('id');
    t.integer('course_session_id').notNullable().references('course_sessions.id').onDelete('CASCADE');
    t.integer('course_module_id').notNullable().references('course_modules.id').onDelete('CASCADE').index();
    t.integer('author_id').references('users.id').onDelete('SET NULL').index();
    t.string('title', 200).notNullable();
    t.boolean('pinned').notNullable().defaultTo(false);
    t.boolean('locked').notNullable().defaultTo(false);
    t.integer('reply_count').notNullable().defaultTo(0);
    t.timestamp('last_post_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['course_session_id', 'course_module_id', 'pinned', 'last_post_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('discussion_threads');
}
