import type { Knex } from 'knex';

// A learner's own toolkit: entries per enrolment per course toolkit section.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('toolkit_entries', (t) => {
    t.increments('id');
    t.integer('enrolment_id').notNullable().references('enrolments.id').onDelete('CASCADE');
    t.integer('toolkit_section_id').notNullable().references('toolkit_sections.id').onDelete('CASCADE').index();
    t.integer('position').notNullable();
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['enrolment_id', 'toolkit_section_id', 'position']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('toolkit_entries');
}
