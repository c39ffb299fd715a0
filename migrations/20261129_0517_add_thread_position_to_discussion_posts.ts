import type { Knex } from 'knex';

// Where a post sits in its thread's reading order, set once when it is written:
// top_post_id is its depth-1 ancestor (itself at depth 1), branch_post_id its depth-2 ancestor
// (itself at depth 2). Ordering by (top, branch, id) gives nesting two levels deep with deeper
// replies flattened under their branch, and lets a 500-post thread be read page by page.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('discussion_posts', (t) => {
    t.integer('top_post_id').references('discussion_posts.id').onDelete('SET NULL');
    t.integer('branch_post_id').references('discussion_posts.id').onDelete('SET NULL');
  });
  await knex.raw('create index discussion_posts_thread_order_index on discussion_posts (thread_id, (coalesce(top_post_id, 0)), (coalesce(branch_post_id, 0)), id)');
  await knex.raw('create index discussion_posts_top_post_id_index on discussion_posts (top_post_id)');
  await knex.raw('create index discussion_posts_branch_post_id_index on discussion_posts (branch_post_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('discussion_posts', (t) => {
    t.dropColumn('branch_post_id');
    t.dropColumn('top_post_id');
  });
}
