import type { Knex } from 'knex';

// An email a person wrote to learners (a message, an announcement, feedback) is answered to that
// person: the sender reads the address from the queued email (src/notifications/delivery.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_emails', (t) => t.string('reply_to', 254));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_emails', (t) => t.dropColumn('reply_to'));
}
