import type { Knex } from 'knex';

// A learner's change of email address: asked for with their password, done once the new address
// confirms through a single-use link. Confirmed rows are kept while the account lives, so that the
// emails sent to an address the account used to have can still be exported and deleted with it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('email_changes', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.string('old_email', 254).notNullable();
    t.string('new_email', 254).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    // Set when the link is used, or when a newer request or a password reset makes it void.
    t.timestamp('ended_at', { useTz: true });
    t.boolean('confirmed').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('email_changes');
}
