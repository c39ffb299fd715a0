import type { Knex } from 'knex';

// A learner's report of a post; stays open until a moderator resolves it. The session id is
// kept on the row so the moderation queue is one indexed lookup.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('discussion_reports', (t) => {
    t.increments('id');
    t.integer('course_session_id').notNullable().references('course_sessions.id').onDelete('CASCADE');
    t.integer('post_id').notNullable().references('discussion_posts.id').onDelete('CASCADE').index();
    t.integer('reporter_id').references('users.id').onDelete('SET NULL').index();
    t.text('reason').notNullable();
    t.string('status', 20).notNullable().defaultTo('open');
    t.integer('resolved_by').references('users.id').onDelete('SET NULL').index();
    t.timestamp('resolved_at', { useTz: true });
    t.text('resolution_note');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['course_session_id', 'status', 'created_at']);
  });
  await knex.raw(`alter table discussion_reports add constraint discussion_reports_status_check check (status in ('open', 'resolved'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('discussion_reports');
}
