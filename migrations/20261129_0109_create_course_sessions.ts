import type { Knex } from 'knex';

// A course session is one cohort run of a course. Instants are stored in UTC; the time zone
// is kept so dates are shown, and weeks unlock, in the session's own zone.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('course_sessions', (t) => {
    t.increments('id');
    t.integer('course_id').notNullable().references('courses.id').onDelete('CASCADE').index();
    t.string('title', 200).notNullable();
    t.date('start_date').notNullable();
    t.string('time_zone', 64).notNullable();
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.timestamp('ends_at', { useTz: true }).notNullable();
    t.timestamp('registration_opens_at', { useTz: true }).notNullable();
    t.timestamp('registration_closes_at', { useTz: true }).notNullable();
    t.timestamp('go_no_go_at', { useTz: true }).notNullable();
    t.timestamp('completion_deadline_at', { useTz: true }).notNullable();
    t.integer('capacity').notNullable();
    t.integer('min_enrolment').notNullable().defaultTo(0);
    t.integer('price_minor').notNullable();
    t.string('currency', 3).notNullable();
    t.string('status', 20).notNullable().defaultTo('scheduled');
    t.timestamp('cancelled_at', { useTz: true });
    t.text('cancellation_message');
    t.timestamp('confirmed_at', { useTz: true });
    t.boolean('hold_first_posts').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['starts_at']);
  });
  await knex.raw(`alter table course_sessions add constraint course_sessions_status_check check (status in ('scheduled', 'cancelled'))`);
  await knex.raw('alter table course_sessions add constraint course_sessions_capacity_check check (capacity >= 1 and min_enrolment >= 0 and price_minor >= 0)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('course_sessions');
}
