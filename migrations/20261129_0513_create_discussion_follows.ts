import type { Knex } from 'knex';

// Threads a user follows (their own automatically); replies reach them by digest or email.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('discussion_follows', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('thread_id').notNullable().references('discussion_threads.id').onDelete('CASCADE').index();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'thread_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('discussion_follows');
}
