import type { Knex } from 'knex';

// When a session's evaluation summary was released, kept on the session itself. The answers carry
// it too (evaluations.released_at, which answers are in the summary), but they can all go: learners
// who delete their account take their answer with them. The session must still read as released,
// so that answers sent later (after more time was given) never make a second summary.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('course_sessions', (t) => {
    t.timestamp('evaluation_summary_released_at', { useTz: true });
  });
  await knex.raw(`
    update course_sessions s
       set evaluation_summary_released_at = released.at
      from (select e.course_session_id, min(ev.released_at) as at
              from evaluations ev
              join enrolments e on e.id = ev.enrolment_id
             where ev.released_at is not null
             group by e.course_session_id) released
     where released.course_session_id = s.id`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('course_sessions', (t) => {
    t.dropColumn('evaluation_summary_released_at');
  });
}
