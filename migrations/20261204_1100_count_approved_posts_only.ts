import type { Knex } from 'knex';
import { discussionCountingFunctions } from './20261204_0700_create_completion_counters';

// A post waiting for an instructor's approval no longer counts towards completion: a certificate
// could otherwise be issued on the strength of a first post the instructor then removes. It
// counts from the moment it is approved (the status update recounts). Hidden posts still count:
// hiding protects the other readers, the learner did take part. Deleted posts never counted.
// The two counting functions of 20261204_0700 are written again with `status <> 'deleted'`
// narrowed to `status in ('visible', 'hidden')`. A learner's "What's left" says what is waiting for
// approval, found through a partial index of pending posts by author.

/** Recounts the enrolments whose authors have a post waiting for approval (the only counts that change). */
async function recountAuthorsOfPendingPosts(knex: Knex): Promise<void> {
  await knex.raw(`
    select completion_recount_discussions(array(
      select distinct e.id from discussion_posts p
      join discussion_threads t on t.id = p.thread_id
      join enrolments e on e.user_id = p.author_id and e.course_session_id = t.course_session_id
      where p.status = 'pending'
    ))`);
}

export async function up(knex: Knex): Promise<void> {
  for (const sql of discussionCountingFunctions((p) => `${p}.status in ('visible', 'hidden')`)) await knex.raw(sql);
  await recountAuthorsOfPendingPosts(knex);
  await knex.raw(`create index discussion_posts_pending_by_author on discussion_posts (author_id) where status = 'pending'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists discussion_posts_pending_by_author');
  for (const sql of discussionCountingFunctions((p) => `${p}.status <> 'deleted'`)) await knex.raw(sql);
  await recountAuthorsOfPendingPosts(knex);
}
