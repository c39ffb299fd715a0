import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('readings', (t) => {
    t.increments('id');
    t.integer('course_module_id').notNullable().references('course_modules.id').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('slug', 120).notNullable();
    t.string('title', 200).notNullable();
    t.integer('minutes').notNullable().defaultTo(10);
    t.string('content_note', 500);
    t.text('body_md').notNullable();
    t.text('body_html').notNullable();
    t.unique(['course_module_id', 'position']);
    t.unique(['course_module_id', 'slug']);
  });
  await knex.schema.createTable('reading_suggestions', (t) => {
    t.increments('id');
    t.integer('reading_id').notNullable().references('readings.id').onDelete('CASCADE').index();
    t.string('section_key', 60).notNullable();
    t.text('text').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reading_suggestions');
  await knex.schema.dropTable('readings');
}
