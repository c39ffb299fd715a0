import type { Knex } from 'knex';

// The web addresses a course had before: old links to /courses/<old> lead to its current address.
// A slug belongs to one course for good, so no other course can take it and catch those links;
// the rows go with the course.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('course_slug_history', (t) => {
    t.increments('id');
    t.string('slug', 120).notNullable().unique();
    t.integer('course_id').notNullable().references('courses.id').onDelete('CASCADE').index();
    t.timestamp('retired_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('course_slug_history');
}
