import type { Knex } from 'knex';

// The hourly go/no-go check looks sessions up by their go/no-go instant.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('course_sessions', (t) => {
    t.index(['go_no_go_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('course_sessions', (t) => {
    t.dropIndex(['go_no_go_at']);
  });
}
