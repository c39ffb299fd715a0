import type { Knex } from 'knex';

// An email a person wrote to learners (a message, an announcement, feedback) is answered to that
// person, and a reminder to whom it names for help (one address, or a session's instructors): the
// sender reads the addresses from the queued email (src/notifications/delivery.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_emails', (t) => t.text('reply_to'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_emails', (t) => t.dropColumn('reply_to'));
}
