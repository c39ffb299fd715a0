import type { Knex } from 'knex';

// The audit trail of moderation: who did what to which thread or post, when and why.
// Rows are never updated; targets may disappear (SET NULL) but the record stays.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('moderation_actions', (t) => {
    t.increments('id');
    t.integer('course_session_id').notNullable().references('course_sessions.id').onDelete('CASCADE');
    t.integer('actor_id').references('users.id').onDelete('SET NULL').index();
    t.string('action', 40).notNullable();
    t.integer('thread_id').references('discussion_threads.id').onDelete('SET NULL').index();
    t.integer('post_id').references('discussion_posts.id').onDelete('SET NULL').index();
    t.integer('report_id').references('discussion_reports.id').onDelete('SET NULL').index();
    t.text('reason');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['course_session_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('moderation_actions');
}
