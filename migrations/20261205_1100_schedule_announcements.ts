import type { Knex } from 'knex';

// Announcements can wait: for a time (published_at in the future) or for a week's opening
// (with_week set, published_at empty until the week-opening email takes it along). emailed_at
// is the claim on its emails, taken once, so instances running the jobs together send it once.
// Announcements already posted were emailed when they were posted.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('announcements', (t) => {
    t.timestamp('published_at', { useTz: true }).defaultTo(knex.fn.now());
    t.smallint('with_week');
    t.timestamp('emailed_at', { useTz: true });
    t.timestamp('edited_at', { useTz: true });
  });
  await knex('announcements').update({ published_at: knex.ref('created_at'), emailed_at: knex.ref('created_at') });
  await knex.raw(`alter table announcements add constraint announcements_published_or_waiting check (published_at is not null or with_week is not null)`);
  await knex.raw(`drop index announcements_course_session_id_created_at_index`);
  await knex.raw(`create index announcements_session_published_idx on announcements (course_session_id, published_at desc, id desc) where published_at is not null`);
  await knex.raw(`create index announcements_unsent_idx on announcements (course_session_id) where emailed_at is null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop index announcements_unsent_idx`);
  await knex.raw(`drop index announcements_session_published_idx`);
  await knex('announcements').whereNull('emailed_at').delete();
  await knex.raw(`alter table announcements drop constraint announcements_published_or_waiting`);
  await knex.schema.alterTable('announcements', (t) => {
    t.dropColumn('edited_at');
    t.dropColumn('emailed_at');
    t.dropColumn('with_week');
    t.dropColumn('published_at');
    t.index(['course_session_id', 'created_at']);
  });
}
