import type { Knex } from 'knex';

// The certificates register lists those completed between two days (src/certificates/register.repository.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('certificates', (t) => t.index(['completed_at'], 'certificates_completed_at_index'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('certificates', (t) => t.dropIndex(['completed_at'], 'certificates_completed_at_index'));
}
