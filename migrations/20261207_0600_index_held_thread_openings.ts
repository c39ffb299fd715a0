import type { Knex } from 'knex';

// A learner's unread counts leave out others' threads whose opening post waits for approval
// (src/discussions/learner-reading.ts). Those are few, so a partial index of them lets each count
// read a session's held threads once, instead of looking up every thread's opening post.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index discussion_posts_held_openings on discussion_posts (board_session_id, thread_id) where parent_id is null and status = 'pending'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index discussion_posts_held_openings');
}
