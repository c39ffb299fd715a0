import type { Knex } from 'knex';

// One end-of-course evaluation per enrolment. Staff only ever see it aggregated; it goes with
// the enrolment (and so with the account) when a learner deletes their data.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('evaluations', (t) => {
    t.increments('id');
    t.integer('enrolment_id').notNullable().unique().references('enrolments.id').onDelete('CASCADE');
    t.jsonb('outcome_ratings').notNullable().defaultTo('[]');
    t.text('helped').notNullable().defaultTo('');
    t.text('to_change').notNullable().defaultTo('');
    t.timestamp('submitted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('evaluations');
}
