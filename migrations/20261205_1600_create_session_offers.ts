import type { Knex } from 'knex';

// A cancelled session's learners told of another session of the course, so they can take a place
// there themselves. One offer per pair of sessions: offering the same session twice would email
// the same people the same news.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('session_offers', (t) => {
    t.increments('id');
    t.integer('from_session_id').notNullable().references('course_sessions.id').onDelete('CASCADE');
    t.integer('to_session_id').notNullable().references('course_sessions.id').onDelete('CASCADE').index();
    t.integer('sent_by').references('users.id').onDelete('SET NULL').index();
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('recipients').notNullable();
    t.text('note').notNullable().defaultTo('');
    t.unique(['from_session_id', 'to_session_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('session_offers');
}
