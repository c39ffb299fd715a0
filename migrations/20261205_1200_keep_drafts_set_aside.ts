import type { Knex } from 'knex';

// A reflection's draft counts its saves (draft_rev), and each page writes with the count it last
// saw. When a window that had not seen the latest draft writes over it (an old tab at work, a
// phone), the draft it replaces is kept here and shown on the reflection page: nothing a learner
// wrote is lost to another of their own windows.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reflections', (t) => {
    t.integer('draft_rev').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('reflection_drafts_set_aside', (t) => {
    t.increments('id');
    t.integer('reflection_id').notNullable().references('reflections.id').onDelete('CASCADE').index();
    t.text('text').notNullable();
    // When that draft was saved, and when another window wrote over it.
    t.timestamp('written_at', { useTz: true });
    t.timestamp('set_aside_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reflection_drafts_set_aside');
  await knex.schema.alterTable('reflections', (t) => {
    t.dropColumn('draft_rev');
  });
}
