import type { Knex } from 'knex';

// Socket.io's PostgreSQL adapter (@socket.io/postgres-adapter) passes broadcasts between app
// instances with NOTIFY; a payload over NOTIFY's 8000-byte limit is stored here and only its id is
// sent. Rows are short-lived: each instance deletes those older than its cleanup interval.
// The column names and types are the ones the adapter's queries expect.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('socket_io_attachments', (t) => {
    t.bigIncrements('id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now()).index();
    t.binary('payload').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('socket_io_attachments');
}
