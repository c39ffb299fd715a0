import type { Knex } from 'knex';

// The fee a learner was told when they took their seat (in the enrolment email), kept with the
// seat: an admin changing the session's price later changes it for new seats only. Seats taken
// before this column existed get the session's price as it stands.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('enrolments', (t) => {
    t.integer('fee_minor');
    t.string('fee_currency', 3);
  });
  await knex.raw(`
    update enrolments e set fee_minor = s.price_minor, fee_currency = s.currency
    from course_sessions s
    where s.id = e.course_session_id and e.enrolled_at is not null`);
  await knex.raw('alter table enrolments add constraint enrolments_fee_check check (fee_minor is null or fee_minor >= 0)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('enrolments', (t) => {
    t.dropChecks('enrolments_fee_check');
    t.dropColumn('fee_minor');
    t.dropColumn('fee_currency');
  });
}
