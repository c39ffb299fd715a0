import type { Knex } from 'knex';

// Emails a session's staff sent to some of its learners from the progress table (a nudge to those
// behind on a week, say). They are kept, with whom each went to, so every instructor of the
// session sees what was already said before writing again.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('staff_messages', (t) => {
    t.increments('id');
    t.integer('course_session_id').notNullable().references('course_sessions.id').onDelete('CASCADE');
    t.integer('author_id').references('users.id').onDelete('SET NULL').index();
    t.string('subject', 200).notNullable();
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['course_session_id', 'created_at']);
  });
  await knex.schema.createTable('staff_message_recipients', (t) => {
    t.integer('message_id').notNullable().references('staff_messages.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.primary(['message_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('staff_message_recipients');
  await knex.schema.dropTable('staff_messages');
}
