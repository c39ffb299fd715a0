import type { Knex } from 'knex';

// How a user wants discussion news (a daily digest unless they choose otherwise), whether they
// get announcement emails, and the secret token behind the one-click unsubscribe link.
// A missing row means the defaults.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notification_preferences', (t) => {
    t.integer('user_id').primary().references('users.id').onDelete('CASCADE');
    t.string('discussion_email', 20).notNullable().defaultTo('daily');
    t.boolean('announcement_email').notNullable().defaultTo(true);
    t.string('unsubscribe_token', 64).notNullable().unique();
    t.timestamp('last_digest_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table notification_preferences add constraint notification_preferences_email_check check (discussion_email in ('daily', 'immediate', 'none'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notification_preferences');
}
