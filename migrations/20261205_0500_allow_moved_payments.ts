import type { Knex } from 'knex';

// A learner moved to another session of the course takes their payment along: the seat they
// left records it as moved, so the same money is neither owed back nor counted twice.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table enrolments drop constraint enrolments_payment_check');
  await knex.raw(`alter table enrolments add constraint enrolments_payment_check check (payment_status in ('unpaid', 'paid', 'waived', 'refund_due', 'refunded', 'moved'))`);
}

// Moved payments would break the narrower rule, so they go back to paid on the seat they left.
export async function down(knex: Knex): Promise<void> {
  await knex('enrolments').where({ payment_status: 'moved' }).update({ payment_status: 'paid' });
  await knex.raw('alter table enrolments drop constraint enrolments_payment_check');
  await knex.raw(`alter table enrolments add constraint enrolments_payment_check check (payment_status in ('unpaid', 'paid', 'waived', 'refund_due', 'refunded'))`);
}
