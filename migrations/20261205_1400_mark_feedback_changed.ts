import type { Knex } from 'knex';

// An instructor may correct the feedback on a reflection's latest version after sending it (a
// typo, a wrong name). The learner then sees it marked as changed, when and by whom; the first
// sender and time stay as they were.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reflection_versions', (t) => {
    t.timestamp('feedback_changed_at', { useTz: true });
    t.integer('feedback_changed_by').references('users.id').onDelete('SET NULL').index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reflection_versions', (t) => {
    t.dropColumn('feedback_changed_by');
    t.dropColumn('feedback_changed_at');
  });
}
