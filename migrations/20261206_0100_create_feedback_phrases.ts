import type { Knex } from 'knex';

// An instructor's saved phrases: words they find themselves writing in feedback again and again,
// kept to add to feedback with one click. Theirs alone; deleted with their account.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('feedback_phrases', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('text').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id', 'id']);
  });
  await knex.raw('alter table feedback_phrases add constraint feedback_phrases_text_check check (char_length(text) between 1 and 1000)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('feedback_phrases');
}
