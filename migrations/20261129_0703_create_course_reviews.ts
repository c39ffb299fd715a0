import type { Knex } from 'knex';

// One review per learner per course, shown on the course page once an admin approves it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('course_reviews', (t) => {
    t.increments('id');
    t.integer('course_id').notNullable().references('courses.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.integer('rating').notNullable();
    t.text('body').notNullable();
    t.string('status', 20).notNullable().defaultTo('pending');
    t.integer('moderated_by').references('users.id').onDelete('SET NULL').index();
    t.timestamp('moderated_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['course_id', 'user_id']);
    t.index(['status', 'created_at']);
  });
  await knex.raw('alter table course_reviews add constraint course_reviews_rating_check check (rating between 1 and 5)');
  await knex.raw(`alter table course_reviews add constraint course_reviews_status_check check (status in ('pending', 'approved', 'rejected'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('course_reviews');
}
