import type { Knex } from 'knex';

// With an SMTP server, emails wait in the outbox as 'queued' and a sender in the app delivers them,
// trying again later when the server fails (so a request never waits on mail, and a mail server's
// bad hour loses nothing). `next_attempt_at` also holds a sender's claim while it sends.
// `body_after_sending` is the text with its private links (password reset, email confirmation)
// taken out: it replaces the body once the email is sent, so the outbox keeps no live link.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_emails', (t) => {
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true });
    t.timestamp('sent_at', { useTz: true });
    t.text('body_after_sending');
  });
  await knex.raw(`alter table outbox_emails drop constraint outbox_emails_status_check`);
  await knex.raw(`alter table outbox_emails add constraint outbox_emails_status_check check (status in ('kept', 'queued', 'sent', 'failed'))`);
  await knex.raw(`create index outbox_emails_due_idx on outbox_emails (next_attempt_at, id) where status = 'queued'`);
  await knex.raw(`create index outbox_emails_status_idx on outbox_emails (status, id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop index outbox_emails_status_idx`);
  await knex.raw(`drop index outbox_emails_due_idx`);
  await knex('outbox_emails').where({ status: 'queued' }).update({ status: 'failed', error: 'Still waiting when the outbox queue was removed' });
  await knex.raw(`alter table outbox_emails drop constraint outbox_emails_status_check`);
  await knex.raw(`alter table outbox_emails add constraint outbox_emails_status_check check (status in ('kept', 'sent', 'failed'))`);
  await knex.schema.alterTable('outbox_emails', (t) => {
    t.dropColumn('body_after_sending');
    t.dropColumn('sent_at');
    t.dropColumn('next_attempt_at');
    t.dropColumn('attempts');
  });
}
