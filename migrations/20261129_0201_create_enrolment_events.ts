import type { Knex } from 'knex';

// Every change to an enrolment: who made it, when, and its status and payment before and after.
// Rows are only ever inserted; they go with their enrolment, and outlive the person who acted.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('enrolment_events', (t) => {
    t.increments('id');
    t.integer('enrolment_id').notNullable().references('enrolments.id').onDelete('CASCADE').index();
    t.integer('actor_id').references('users.id').onDelete('SET NULL').index();
    t.string('from_status', 20);
    t.string('to_status', 20).notNullable();
    t.string('from_payment', 20);
    t.string('to_payment', 20).notNullable();
    t.text('note');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('enrolment_events');
}
