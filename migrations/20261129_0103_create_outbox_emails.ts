import type { Knex } from 'knex';

// Every email is recorded; without SMTP the outbox is where admins read them.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox_emails', (t) => {
    t.increments('id');
    t.string('to_address', 254).notNullable().index();
    t.string('subject', 300).notNullable();
    t.text('body_text').notNullable();
    t.string('status', 20).notNullable();
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now()).index();
  });
  await knex.raw(`alter table outbox_emails add constraint outbox_emails_status_check check (status in ('kept', 'sent', 'failed'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outbox_emails');
}
