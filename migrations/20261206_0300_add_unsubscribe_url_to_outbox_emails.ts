import type { Knex } from 'knex';

// Notification emails carry List-Unsubscribe headers (RFC 2369, one-click by RFC 8058); the
// sender reads the link from the queued email (src/notifications/delivery.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_emails', (t) => t.text('unsubscribe_url'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_emails', (t) => t.dropColumn('unsubscribe_url'));
}
