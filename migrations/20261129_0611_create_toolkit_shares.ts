import type { Knex } from 'knex';

// A learner's choice to let the session's instructors read one section of their toolkit.
// No row means private; withdrawing the choice deletes the row.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('toolkit_shares', (t) => {
    t.integer('enrolment_id').notNullable().references('enrolments.id').onDelete('CASCADE');
    t.integer('toolkit_section_id').notNullable().references('toolkit_sections.id').onDelete('CASCADE').index();
    t.timestamp('shared_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['enrolment_id', 'toolkit_section_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('toolkit_shares');
}
