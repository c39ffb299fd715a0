import type { Knex } from 'knex';

// A certificate keeps its own copy of everything it states (name, course, dates, credits), so
// the CE record survives 7 years even when the account, enrolment or course is deleted.
// The unique enrolment_id is what makes issuance exactly-once under concurrent completions.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('certificates', (t) => {
    t.increments('id');
    t.string('code', 32).notNullable().unique();
    t.integer('enrolment_id').unique().references('enrolments.id').onDelete('SET NULL');
    t.integer('user_id').references('users.id').onDelete('SET NULL').index();
    t.integer('course_id').references('courses.id').onDelete('SET NULL').index();
    t.integer('course_session_id').references('course_sessions.id').onDelete('SET NULL').index();
    t.string('learner_name', 200).notNullable();
    t.string('course_title', 200).notNullable();
    t.timestamp('session_starts_at', { useTz: true }).notNullable();
    t.timestamp('session_ends_at', { useTz: true }).notNullable();
    t.string('time_zone', 64).notNullable();
    t.integer('contact_hours').notNullable();
    t.string('provider_name', 200).notNullable();
    t.string('instructor_name', 200).notNullable();
    t.string('completion_kind', 20).notNullable().defaultTo('rules');
    t.timestamp('completed_at', { useTz: true }).notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('reissued_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.text('revoked_reason');
    t.timestamp('retain_until', { useTz: true }).notNullable().index();
  });
  await knex.raw(`alter table certificates add constraint certificates_completion_kind_check check (completion_kind in ('rules', 'manual'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('certificates');
}
