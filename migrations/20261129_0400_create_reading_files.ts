import type { Knex } from 'knex';

// Files an author attached to a reading. The bytes live in the storage driver under a generated
// key; the original name is kept (cleaned) only for display and downloads.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reading_files', (t) => {
    t.increments('id');
    t.integer('reading_id').notNullable().references('readings.id').onDelete('CASCADE').index();
    t.string('storage_key', 100).notNullable().unique();
    t.string('original_name', 200).notNullable();
    t.string('content_type', 120).notNullable();
    t.integer('size_bytes').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('alter table reading_files add constraint reading_files_size_check check (size_bytes > 0)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reading_files');
}
