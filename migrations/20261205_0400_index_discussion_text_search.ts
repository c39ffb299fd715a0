import type { Knex } from 'knex';

// Searching a session's discussions (src/discussions/search.repository.ts): each post's words are
// kept, stemmed, beside its text (PostgreSQL computes the column on every write), so a search
// neither re-reads nor re-stems thousands of posts; thread titles are few and indexed as they are.
// Without fastupdate, each write updates the index at once (a post is one row), so no search has to
// read through a list of entries waiting to be merged.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table discussion_posts add column search_vector tsvector generated always as (to_tsvector('english', body_md)) stored`);
  await knex.raw('create index discussion_posts_search on discussion_posts using gin (search_vector) with (fastupdate = off)');
  await knex.raw(`create index discussion_threads_title_search on discussion_threads using gin (to_tsvector('english', title)) with (fastupdate = off)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index discussion_threads_title_search');
  await knex.raw('alter table discussion_posts drop column search_vector');
}
