import type { Knex } from 'knex';

// A reflective exercise's prompt can be reworded after learners answered it. Each submitted
// version keeps the prompt as it stood when it was sent, so the learner, their instructor and
// the keepsake read the question that was answered. Versions sent before this change take the
// prompt as it reads now: the closest record there is.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reflection_versions', (t) => {
    t.text('prompt_md');
    t.text('prompt_html');
  });
  await knex.raw(`
    update reflection_versions v
       set prompt_md = x.prompt_md, prompt_html = x.prompt_html
      from reflections r
      join exercises x on x.id = r.exercise_id
     where r.id = v.reflection_id`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reflection_versions', (t) => {
    t.dropColumn('prompt_html');
    t.dropColumn('prompt_md');
  });
}
