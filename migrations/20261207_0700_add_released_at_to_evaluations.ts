import type { Knex } from 'knex';

// Marks the answers that went into a session's released evaluation summary. The summary is made
// once, when no more answers can arrive, and shows only these answers from then on: an answer
// sent later (after more time was given) is never added, so it cannot be picked out by comparing
// one summary with the next (src/evaluations/evaluations.service.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('evaluations', (t) => {
    t.timestamp('released_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('evaluations', (t) => {
    t.dropColumn('released_at');
  });
}
