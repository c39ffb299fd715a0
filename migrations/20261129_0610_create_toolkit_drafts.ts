import type { Knex } from 'knex';

// The entry a learner is still writing in a toolkit section (autosaved), kept apart from
// toolkit_entries so that every row there stays a finished entry that counts for completion.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('toolkit_drafts', (t) => {
    t.integer('enrolment_id').notNullable().references('enrolments.id').onDelete('CASCADE');
    t.integer('toolkit_section_id').notNullable().references('toolkit_sections.id').onDelete('CASCADE').index();
    t.text('body').notNullable();
    t.timestamp('saved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['enrolment_id', 'toolkit_section_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('toolkit_drafts');
}
