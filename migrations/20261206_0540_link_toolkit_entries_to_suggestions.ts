import type { Knex } from 'knex';

// The reading suggestion a toolkit entry was added from, so the suggestion still counts as added
// after an admin rewords it. The learner's entry outlives the suggestion. Entries that hold a
// suggestion's exact text (until now the only sign it was added) are linked to it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('toolkit_entries', (t) => {
    t.integer('reading_suggestion_id').references('reading_suggestions.id').onDelete('SET NULL').index();
  });
  await knex.raw(`
    update toolkit_entries te set reading_suggestion_id = (
      select s.id from reading_suggestions s
        join readings r on r.id = s.reading_id
        join course_modules rm on rm.id = r.course_module_id
        join toolkit_sections ts on ts.id = te.toolkit_section_id
        join course_modules tm on tm.id = ts.course_module_id
       where s.text = te.body and s.section_key = ts.key and rm.course_id = tm.course_id
       order by s.id limit 1)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('toolkit_entries', (t) => t.dropColumn('reading_suggestion_id'));
}
