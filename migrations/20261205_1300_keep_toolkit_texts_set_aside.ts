import type { Knex } from 'knex';

// A toolkit draft and a toolkit entry carry the number of their latest save (rev), like a
// reflection's draft. When a window that had not seen the latest text writes over it, the text it
// replaces is kept here, in its section, until the learner adds it as an entry or removes it.
// The numbers come from one sequence, so a draft deleted and written again never repeats a number
// an old window still holds.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create sequence toolkit_text_revs as integer');
  await knex.schema.alterTable('toolkit_drafts', (t) => {
    t.integer('rev').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('toolkit_entries', (t) => {
    t.integer('rev').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('toolkit_texts_set_aside', (t) => {
    t.increments('id');
    t.integer('enrolment_id').notNullable().references('enrolments.id').onDelete('CASCADE');
    t.integer('toolkit_section_id').notNullable().references('toolkit_sections.id').onDelete('CASCADE').index();
    t.text('text').notNullable();
    // When that text was saved, and when another window wrote over it.
    t.timestamp('written_at', { useTz: true });
    t.timestamp('set_aside_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['enrolment_id', 'toolkit_section_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('toolkit_texts_set_aside');
  await knex.schema.alterTable('toolkit_entries', (t) => {
    t.dropColumn('rev');
  });
  await knex.schema.alterTable('toolkit_drafts', (t) => {
    t.dropColumn('rev');
  });
  await knex.raw('drop sequence toolkit_text_revs');
}
