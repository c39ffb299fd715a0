import type { Knex } from 'knex';

// A refund owed to someone who deleted their account: their seat goes with the account, so this
// keeps what an admin needs to pay the money back (who, their address, which session, how much,
// since when), and nothing else. The admin deletes it once the refund is paid.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('deleted_account_refunds', (t) => {
    t.increments('id');
    t.integer('course_session_id').notNullable().references('course_sessions.id').onDelete('CASCADE').index();
    t.string('name', 120).notNullable();
    t.string('email', 254).notNullable();
    t.integer('fee_minor');
    t.string('fee_currency', 3);
    t.timestamp('seat_taken_at', { useTz: true });
    t.timestamp('account_deleted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('deleted_account_refunds');
}
