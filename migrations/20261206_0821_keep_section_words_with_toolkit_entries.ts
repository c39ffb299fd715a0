import type { Knex } from 'knex';

// A toolkit section's title and prompt can be reworded after learners wrote in it. Each entry keeps
// them as they read when it was written, so the learner's keepsake can say what an entry answered.
// A section's words are plain text, shown as typed: there is no HTML to keep. Entries written
// before this change take the words as they read now: the closest record there is.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('toolkit_entries', (t) => {
    t.text('section_title');
    t.text('section_prompt');
  });
  await knex.raw(`
    update toolkit_entries te
       set section_title = ts.title, section_prompt = ts.prompt
      from toolkit_sections ts
     where ts.id = te.toolkit_section_id`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('toolkit_entries', (t) => {
    t.dropColumn('section_prompt');
    t.dropColumn('section_title');
  });
}
