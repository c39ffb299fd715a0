import type { Knex } from 'knex';

// Every 15 minutes the background jobs look for sessions whose evaluation summary is due
// (src/evaluations/evaluations.repository.ts, releaseDueSummaries). They start from the answers
// not yet released: a few per session at most once its summary is out, so this index stays small
// while the evaluations of every past session grow.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index evaluations_unreleased on evaluations (enrolment_id) where released_at is null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop index evaluations_unreleased`);
}
