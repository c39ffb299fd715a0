import type { Knex } from 'knex';

// A learner's private weekly check-in: three answers from 1 to 5 and an optional note.
// Only the learner ever reads these rows; one per enrolment per week of the session.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('wellbeing_checkins', (t) => {
    t.increments('id');
    t.integer('enrolment_id').notNullable().references('enrolments.id').onDelete('CASCADE');
    t.integer('week').notNullable();
    t.smallint('energy').notNullable();
    t.smallint('emotional_load').notNullable();
    t.smallint('boundaries').notNullable();
    t.text('note').notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['enrolment_id', 'week']);
  });
  await knex.raw(
    `alter table wellbeing_checkins add constraint wellbeing_checkins_values_check check (
      week >= 1 and energy between 1 and 5 and emotional_load between 1 and 5 and boundaries between 1 and 5)`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('wellbeing_checkins');
}
