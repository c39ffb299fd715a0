import type { Knex } from 'knex';

// When admins were told that a session is below its minimum at the go/no-go date, so they are told once.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('course_sessions', (t) => {
    t.timestamp('go_no_go_flagged_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('course_sessions', (t) => {
    t.dropColumn('go_no_go_flagged_at');
  });
}
