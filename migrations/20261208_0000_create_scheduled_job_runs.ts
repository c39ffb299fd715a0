import type { Knex } from 'knex';

// The outcome of each background job's latest run (src/jobs/job-runs.repository.ts), so an admin
// can see a job that keeps failing, or passes that have stopped, without reading the server's log.
// One row per job, overwritten at every pass: it never grows.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('scheduled_job_runs', (t) => {
    t.text('job').primary();
    t.timestamp('last_run_at', { useTz: true }).notNullable();
    t.timestamp('last_succeeded_at', { useTz: true });
    t.timestamp('last_failed_at', { useTz: true });
    t.text('last_error');
    t.integer('failures_in_a_row').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('scheduled_job_runs');
}
