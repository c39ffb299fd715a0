import type { Knex } from 'knex';

// One reflection per learner (enrolment) per exercise: the draft lives here, each submission
// is a numbered version in reflection_versions, and `status` is the latest state.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reflections', (t) => {
    t.increments('id');
    t.integer('enrolment_id').notNullable().references('enrolments.id').onDelete('CASCADE');
    t.integer('exercise_id').notNullable().references('exercises.id').onDelete('CASCADE').index();
    t.string('status', 20).notNullable().defaultTo('draft');
    t.text('draft_text').notNullable().defaultTo('');
    t.timestamp('draft_saved_at', { useTz: true });
    t.integer('current_version').notNullable().defaultTo(0);
    t.timestamp('submitted_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['enrolment_id', 'exercise_id']);
    t.index(['status', 'submitted_at']);
  });
  await knex.raw(`alter table reflections add constraint reflections_status_check check (status in ('draft', 'submitted', 'returned', 'accepted'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reflections');
}
