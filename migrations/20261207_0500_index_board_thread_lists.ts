import type { Knex } from 'knex';

// A board lists its threads with each one's opening post and, per thread, the posts new to the
// reader. The first looked the opening post up through every opening post of the database (the
// parent_id index); the second read each counted post from the table. The opening post now has
// an index of its own, and the (thread_id, id) index carries status and author, so the count is
// read from the index alone wherever the table's pages are all-visible (as autovacuum keeps them).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index discussion_posts_opening_post on discussion_posts (thread_id) where parent_id is null`);
  await knex.raw(`create index discussion_posts_thread_id_id_counted on discussion_posts (thread_id, id) include (status, author_id)`);
  await knex.raw(`drop index discussion_posts_thread_id_id_index`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`create index discussion_posts_thread_id_id_index on discussion_posts (thread_id, id)`);
  await knex.raw(`drop index discussion_posts_thread_id_id_counted`);
  await knex.raw(`drop index discussion_posts_opening_post`);
}
