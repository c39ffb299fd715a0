import type { Knex } from 'knex';

// Feedback an instructor is writing and has not sent: saved as they type (and by "Save draft"
// without JavaScript), one draft per instructor per reflection, so a closed tab or a lost
// connection loses nothing. Only its author sees it; sending the feedback deletes it. `version`
// is the learner's version it was written for, so a draft older than the learner's latest says so.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('feedback_drafts', (t) => {
    t.increments('id');
    t.integer('reflection_id').notNullable().references('reflections.id').onDelete('CASCADE');
    t.integer('author_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.integer('version').notNullable();
    t.text('text').notNullable();
    t.timestamp('saved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['reflection_id', 'author_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('feedback_drafts');
}
