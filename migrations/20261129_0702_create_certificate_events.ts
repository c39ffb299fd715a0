import type { Knex } from 'knex';

// The history of a certificate: issued, marked complete by hand, revoked, re-issued with a
// corrected name. Rows are only inserted; they outlive the person who acted.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('certificate_events', (t) => {
    t.increments('id');
    t.integer('certificate_id').notNullable().references('certificates.id').onDelete('CASCADE').index();
    t.string('kind', 20).notNullable();
    t.integer('actor_id').references('users.id').onDelete('SET NULL').index();
    t.text('reason');
    t.string('old_name', 200);
    t.string('new_name', 200);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table certificate_events add constraint certificate_events_kind_check check (kind in ('issued', 'marked_complete', 'revoked', 'reissued'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('certificate_events');
}
