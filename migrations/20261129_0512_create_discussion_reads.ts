import type { Knex } from 'knex';

// How far each reader has seen each thread: posts with a larger id are "new" to them.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('discussion_reads', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('thread_id').notNullable().references('discussion_threads.id').onDelete('CASCADE').index();
    t.integer('last_seen_post_id').notNullable().defaultTo(0);
    t.timestamp('seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'thread_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('discussion_reads');
}
