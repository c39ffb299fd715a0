import type { Knex } from 'knex';

// More time for one learner: their completion stays open until this instant (local midnight in the
// session's zone, like the session's own deadline) when it is later than the session's.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('enrolments', (t) => {
    t.timestamp('completion_extended_to', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('enrolments', (t) => {
    t.dropColumn('completion_extended_to');
  });
}
