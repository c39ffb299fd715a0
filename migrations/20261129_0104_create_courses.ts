import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('courses', (t) => {
    t.increments('id');
    t.string('slug', 120).notNullable().unique();
    t.string('title', 200).notNullable();
    t.text('summary').notNullable();
    t.text('description_md').notNullable();
    t.text('description_html').notNullable();
    t.integer('contact_hours').notNullable();
    t.integer('price_minor').notNullable();
    t.string('currency', 3).notNullable().defaultTo('USD');
    t.jsonb('outcomes').notNullable().defaultTo('[]');
    t.text('audience_md').notNullable();
    t.text('audience_html').notNullable();
    t.string('provider_name', 200).notNullable();
    t.string('instructor_name', 200).notNullable();
    t.text('instructor_bio_md').notNullable();
    t.text('instructor_bio_html').notNullable();
    t.text('support_resources_md').notNullable().defaultTo('');
    t.text('support_resources_html').notNullable().defaultTo('');
    t.jsonb('completion_rules').notNullable().defaultTo('{}');
    t.boolean('published').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('alter table courses add constraint courses_price_check check (price_minor >= 0)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('courses');
}
