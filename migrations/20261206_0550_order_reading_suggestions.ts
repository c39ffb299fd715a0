import type { Knex } from 'knex';

// A reading's suggestions keep their rows when the reading is edited, so their order can no longer
// follow their ids: it is the order of the admin's lines. Rows written in one go may share 0 and
// then follow their ids.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reading_suggestions', (t) => t.integer('position').notNullable().defaultTo(0));
  await knex.raw(`
    update reading_suggestions s set position = n.position
      from (select id, row_number() over (partition by reading_id order by id) as position from reading_suggestions) n
     where n.id = s.id`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reading_suggestions', (t) => t.dropColumn('position'));
}
