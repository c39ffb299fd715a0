import type { Knex } from 'knex';

// One row per learner per session; cancelled and withdrawn rows are kept, never deleted.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('enrolments', (t) => {
    t.increments('id');
    t.integer('course_session_id').notNullable().references('course_sessions.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.string('status', 20).notNullable();
    t.integer('waitlist_position');
    t.string('payment_status', 20).notNullable().defaultTo('unpaid');
    t.timestamp('enrolled_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['course_session_id', 'user_id']);
    t.index(['course_session_id', 'status']);
  });
  await knex.raw(`alter table enrolments add constraint enrolments_status_check check (status in ('enrolled', 'waitlisted', 'withdrawn', 'cancelled'))`);
  await knex.raw(`alter table enrolments add constraint enrolments_payment_check check (payment_status in ('unpaid', 'paid', 'waived', 'refund_due', 'refunded'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('enrolments');
}
