import type { Knex } from 'knex';

// The opening post of a thread has parent_id null; every reply names the post it answers.
// Removed posts keep their row (status 'deleted') so replies stay in place.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('discussion_posts', (t) => {
    t.increments('id');
    t.integer('thread_id').notNullable().references('discussion_threads.id').onDelete('CASCADE');
    t.integer('parent_id').references('discussion_posts.id').onDelete('SET NULL').index();
    t.integer('author_id').references('users.id').onDelete('SET NULL').index();
    t.integer('depth').notNullable().defaultTo(0);
    t.text('body_md').notNullable();
    t.text('body_html').notNullable();
    t.string('content_note', 300);
    t.string('status', 20).notNullable().defaultTo('visible');
    t.text('hidden_reason');
    t.timestamp('edited_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['thread_id', 'id']);
  });
  await knex.raw(`alter table discussion_posts add constraint discussion_posts_status_check check (status in ('visible', 'pending', 'hidden', 'deleted'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('discussion_posts');
}
