import type { Knex } from 'knex';

// Like its prompt (0600), an exercise's title can be reworded after learners answered it. Each
// submitted version keeps the title as it read when it was sent. Versions sent before this change
// take the title as it reads now: the closest record there is.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reflection_versions', (t) => {
    t.text('exercise_title');
  });
  await knex.raw(`
    update reflection_versions v
       set exercise_title = x.title
      from reflections r
      join exercises x on x.id = r.exercise_id
     where r.id = v.reflection_id`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reflection_versions', (t) => {
    t.dropColumn('exercise_title');
  });
}
