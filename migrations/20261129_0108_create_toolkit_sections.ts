import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('toolkit_sections', (t) => {
    t.increments('id');
    t.integer('course_module_id').notNullable().references('course_modules.id').onDelete('CASCADE').index();
    t.integer('position').notNullable();
    t.string('key', 60).notNullable();
    t.string('title', 200).notNullable();
    t.text('prompt').notNullable();
    t.jsonb('examples').notNullable().defaultTo('[]');
    t.unique(['course_module_id', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('toolkit_sections');
}
