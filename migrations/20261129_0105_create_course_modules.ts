import type { Knex } from 'knex';

// The weekly unit is a "course module", never just "module".
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('course_modules', (t) => {
    t.increments('id');
    t.integer('course_id').notNullable().references('courses.id').onDelete('CASCADE');
    t.integer('week').notNullable();
    t.string('title', 200).notNullable();
    t.text('summary_md').notNullable().defaultTo('');
    t.text('summary_html').notNullable().defaultTo('');
    t.jsonb('outcome_numbers').notNullable().defaultTo('[]');
    t.integer('estimated_minutes').notNullable().defaultTo(0);
    t.text('discussion_prompt_md').notNullable().defaultTo('');
    t.text('discussion_prompt_html').notNullable().defaultTo('');
    t.unique(['course_id', 'week']);
  });
  await knex.raw('alter table course_modules add constraint course_modules_week_check check (week >= 1)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('course_modules');
}
