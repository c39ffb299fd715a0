import type { Knex } from 'knex';

// Two more emails a user can turn off on /discussions/preferences: another session offered after
// one they registered for was cancelled (session_offer_email), and, for admins, work waiting for
// them such as a session below its minimum at its go/no-go date (staff_email). Both start on, so
// nobody stops getting an email they get today without choosing to.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notification_preferences', (t) => {
    t.boolean('session_offer_email').notNullable().defaultTo(true);
    t.boolean('staff_email').notNullable().defaultTo(true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notification_preferences', (t) => {
    t.dropColumn('staff_email');
    t.dropColumn('session_offer_email');
  });
}
