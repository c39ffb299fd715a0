import type { Knex } from 'knex';

// A learner moved to another session of the course: the place they left says where they went
// (kept while that place stays ended), and it records the payment as moved, since the money they
// paid now pays for the new seat and must be neither owed back nor counted twice.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table enrolments drop constraint enrolments_payment_check');
  await knex.raw(`alter table enrolments add constraint enrolments_payment_check check (payment_status in ('unpaid', 'paid', 'waived', 'refund_due', 'refunded', 'moved'))`);
  await knex.schema.alterTable('enrolments', (t) => {
    t.integer('moved_to_session_id').references('course_sessions.id').onDelete('SET NULL').index();
  });
}

// Moved payments would break the narrower rule, so they go back to paid on the seat they left.
export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('enrolments', (t) => {
    t.dropColumn('moved_to_session_id');
  });
  await knex('enrolments').where({ payment_status: 'moved' }).update({ payment_status: 'paid' });
  await knex.raw('alter table enrolments drop constraint enrolments_payment_check');
  await knex.raw(`alter table enrolments add constraint enrolments_payment_check check (payment_status in ('unpaid', 'paid', 'waived', 'refund_due', 'refunded'))`);
}
