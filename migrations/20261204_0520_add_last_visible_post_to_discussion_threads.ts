import type { Knex } from 'knex';

// Each thread remembers its newest visible post and that post's author, and the newest visible
// post by anyone else, kept by the database on every insert, status change or removal of a post.
// "Is there something new for you here" is then a comparison per thread instead of a search
// through its posts on every dashboard and week page: past your read mark there is a post by
// someone else exactly when the newest visible post is someone else's and past the mark, or it is
// yours and the newest post by anyone else is past the mark.
// Statement-level triggers with transition tables: a bulk insert of posts updates each thread once.

const REFRESH = (threadIds: string) => `
  update discussion_threads t
     set last_visible_post_id = lv.id, last_visible_author_id = lv.author_id, last_other_visible_post_id = lo.id
    from (${threadIds}) c
    left join lateral (
      select p.id, p.author_id from discussion_posts p
       where p.thread_id = c.thread_id and p.status = 'visible'
       order by p.id desc limit 1
    ) lv on true
    left join lateral (
      select p.id from discussion_posts p
       where p.thread_id = c.thread_id and p.status = 'visible' and p.author_id is distinct from lv.author_id
       order by p.id desc limit 1
    ) lo on true
   where t.id = c.thread_id
     and (t.last_visible_post_id, t.last_visible_author_id, t.last_other_visible_post_id) is distinct from (lv.id, lv.author_id, lo.id);`;

const FUNCTIONS: Record<string, string> = {
  discussion_threads_after_post_insert: REFRESH('select distinct thread_id from new_posts'),
  discussion_threads_after_post_update: REFRESH('select thread_id from new_posts union select thread_id from old_posts'),
  discussion_threads_after_post_delete: REFRESH('select distinct thread_id from old_posts'),
};

const TRIGGERS = [
  ['discussion_posts_refresh_thread_on_insert', 'insert', 'new table as new_posts', 'discussion_threads_after_post_insert'],
  ['discussion_posts_refresh_thread_on_update', 'update', 'old table as old_posts new table as new_posts', 'discussion_threads_after_post_update'],
  ['discussion_posts_refresh_thread_on_delete', 'delete', 'old table as old_posts', 'discussion_threads_after_post_delete'],
] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('discussion_threads', (t) => {
    t.integer('last_visible_post_id');
    t.integer('last_visible_author_id');
    t.integer('last_other_visible_post_id');
  });
  for (const [name, body] of Object.entries(FUNCTIONS)) {
    await knex.raw(`create function ${name}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`);
  }
  for (const [trigger, event, referencing, fn] of TRIGGERS) {
    await knex.raw(`create trigger ${trigger} after ${event} on discussion_posts referencing ${referencing} for each statement execute function ${fn}()`);
  }
  await knex.raw(REFRESH('select id as thread_id from discussion_threads'));
}

export async function down(knex: Knex): Promise<void> {
  for (const [trigger] of TRIGGERS) await knex.raw(`drop trigger if exists ${trigger} on discussion_posts`);
  for (const name of Object.keys(FUNCTIONS)) await knex.raw(`drop function if exists ${name}()`);
  await knex.schema.alterTable('discussion_threads', (t) => {
    t.dropColumn('last_visible_post_id');
    t.dropColumn('last_visible_author_id');
    t.dropColumn('last_other_visible_post_id');
  });
}
