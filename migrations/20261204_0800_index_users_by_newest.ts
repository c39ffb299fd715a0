import type { Knex } from 'knex';

// The admins' people list shows the newest accounts first, a page at a time (keyset on
// created_at, id); this index serves both the order and the page boundary.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index users_newest_index on users (created_at desc, id desc)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index users_newest_index');
}
