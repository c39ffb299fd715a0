import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reading_progress', (t) => {
    t.integer('enrolment_id').notNullable().references('enrolments.id').onDelete('CASCADE');
    t.integer('reading_id').notNullable().references('readings.id').onDelete('CASCADE').index();
    t.timestamp('done_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['enrolment_id', 'reading_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reading_progress');
}
