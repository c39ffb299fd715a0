import type { Knex } from 'knex';

// Every submitted version is kept, with the instructor's feedback on it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reflection_versions', (t) => {
    t.increments('id');
    t.integer('reflection_id').notNullable().references('reflections.id').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.text('text').notNullable();
    t.timestamp('submitted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('feedback_md');
    t.text('feedback_html');
    t.integer('feedback_by').references('users.id').onDelete('SET NULL').index();
    t.timestamp('feedback_at', { useTz: true });
    t.string('outcome', 20);
    t.unique(['reflection_id', 'version']);
  });
  await knex.raw(`alter table reflection_versions add constraint reflection_versions_outcome_check check (outcome is null or outcome in ('accepted', 'returned'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reflection_versions');
}
