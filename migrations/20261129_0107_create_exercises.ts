import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('exercises', (t) => {
    t.increments('id');
    t.integer('course_module_id').notNullable().unique().references('course_modules.id').onDelete('CASCADE');
    t.string('title', 200).notNullable();
    t.text('prompt_md').notNullable();
    t.text('prompt_html').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('exercises');
}
