import { DateTime } from 'luxon';
import fs from 'node:fs';
import type { Knex } from 'knex';
import { e2eSuite, expectVisible, logInAs } from '../helpers/e2e-suite';

const suite = e2eSuite();

/**
 * Everything the completion rules ask of Sam in the running cohort except the evaluation:
 * every reading done, every reflection submitted, a thread and two replies to Lee each week,
 * an entry in every toolkit section; and the last week opened, so the evaluation is open. (The browser journeys for each of these steps are in
 * learner.test.ts; here they are arranged so the last step can be taken in the browser.)
 */
async function allButTheEvaluation(db: Knex): Promise<number> {
  const people = await db('users').whereIn('email', ['learner@kindred.test', 'sam@kindred.test']).select('id', 'email');
  const lee = people.find((p) => p.email === 'learner@kindred.test')!.id as number;
  const sam = people.find((p) => p.email === 'sam@kindred.test')!.id as number;
  const enrolment = await db('enrolments').where({ user_id: sam, status: 'enrolled' }).first('id', 'course_session_id');
  const session = await db('course_sessions').where({ id: enrolment.course_session_id }).first('id', 'course_id');
  const modules = await db('course_modules').where({ course_id: session.course_id }).select('id');
  const moduleIds = modules.map((m) => m.id as number);

  const readings = await db('readings').whereIn('course_module_id', moduleIds).select('id');
  await db('reading_progress').insert(readings.map((r) => ({ enrolment_id: enrolment.id, reading_id: r.id }))).onConflict(['enrolment_id', 'reading_id']).ignore();
  const exercises = await db('exercises').whereIn('course_module_id', moduleIds).select('id');
  for (const ex of exercises) {
    // The demo seed may already hold a submitted reflection for week 1.
    if (await db('reflections').where({ enrolment_id: enrolment.id, exercise_id: ex.id }).first('id')) continue;
    const [r] = await db('reflections')
      .insert({ enrolment_id: enrolment.id, exercise_id: ex.id, status: 'submitted', draft_text: 'My reflection.', current_version: 1, submitted_at: new Date() })
      .returning(['id']);
    await db('reflection_versions').insert({ reflection_id: r.id, version: 1, text: 'My reflection.' });
  }
  for (const moduleId of moduleIds) {
    for (const author of [lee, sam]) {
      const [t] = await db('discussion_threads').insert({ course_session_id: session.id, course_module_id: moduleId, author_id: author, title: `Week thread by ${author}` }).returning(['id']);
      const [p] = await db('discussion_posts').insert({ thread_id: t.id, author_id: author, body_md: 'Opening.', body_html: '<p>Opening.</p>' }).returning(['id']);
      if (author === lee) {
        for (const n of [1, 2]) {
          await db('discussion_posts').insert({ thread_id: t.id, parent_id: p.id, top_post_id: p.id, author_id: sam, depth: 1, body_md: `Reply ${n}.`, body_html: `<p>Reply ${n}.</p>` });
        }
      }
    }
  }
  // The evaluation opens with the last week: the instructor has opened it early.
  const instructor = await db('session_instructors').where({ course_session_id: session.id }).first('user_id');
  const last = await db('course_modules').where({ course_id: session.course_id }).max({ week: 'week' }).first();
  await db('week_unlocks').insert({ course_session_id: session.id, week: last!.week, unlocked_by: instructor.user_id }).onConflict(['course_session_id', 'week']).ignore();
  const sections = await db('toolkit_sections').whereIn('course_module_id', moduleIds).select('id');
  await db('toolkit_entries')
    .insert(sections.map((s) => ({ enrolment_id: enrolment.id, toolkit_section_id: s.id, position: 1, body: 'Something that helps.' })))
    .onConflict(['enrolment_id', 'toolkit_section_id', 'position'])
    .ignore();
  return session.id;
}

describe('completion in the browser', () => {
  it('issues the certificate when a learner meets the last rule, and a visitor verifies its code', async () => {
    const sessionId = await allButTheEvaluation(suite.server.db);

    await suite.journey('certificate', async (j) => {
      const sam = await j.newPage();
      await logInAs(j, sam, 'sam@kindred.test');
      await j.check(sam, 'dashboard');
      await j.visit(sam, `/sessions/${sessionId}/whats-left`, 'whats left');
      await sam.getByRole('link', { name: /evaluation/i }).first().click();
      await sam.waitForURL(`**/sessions/${sessionId}/evaluation`);
      await j.check(sam, 'evaluation');
      for (const group of await sam.getByRole('group').all()) {
        await group.getByRole('radio', { name: /^\s*5/ }).check();
      }
      await sam.getByLabel('What helped you most?').fill('Hearing how others cope.');
      await Promise.all([sam.waitForURL(`**/sessions/${sessionId}/whats-left`), sam.getByRole('button', { name: 'Send my evaluation' }).click()]);
      await expectVisible(sam.getByText('That was the last step: your certificate is ready.'));
      await j.check(sam, 'certificate ready');

      const [download] = await Promise.all([sam.waitForEvent('download'), sam.getByRole('link', { name: 'Download your certificate (PDF)' }).click()]);
      expect(fs.readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');

      const code = (await suite.server.db('certificates as c').join('users as u', 'u.id', 'c.user_id').where('u.email', 'sam@kindred.test').first('c.code')).code as string;
      const visitor = await j.newPage();
      await j.visit(visitor, '/verify', 'verify');
      await visitor.getByLabel('Verification code').fill(code);
      await Promise.all([visitor.waitForURL((u) => u.pathname !== '/verify' || u.search !== ''), visitor.getByRole('button', { name: 'Check the certificate' }).click()]);
      await expectVisible(visitor.getByRole('heading', { name: 'This certificate is valid' }));
      await expectVisible(visitor.getByText('Sam Shelver'));
      await j.check(visitor, 'certificate valid');

      await j.visit(visitor, '/verify/ABCD-EFGH-JKMN-PQRS', 'unknown code', 404);
      await expectVisible(visitor.getByRole('heading', { name: 'No such certificate' }));

      // The admin finds it in the register among those completed today, and can download them.
      const admin = await j.newPage();
      await logInAs(j, admin, 'admin@kindred.test');
      await j.check(admin, 'admin home');
      await j.visit(admin, '/admin/certificates', 'certificates register');
      const today = DateTime.now().setZone('Europe/London').toISODate()!;
      await admin.getByLabel('Completed on or after').fill(today);
      await admin.getByLabel('Completed on or before').fill(today);
      await Promise.all([admin.waitForURL(/\/admin\/certificates\?.*from=/), admin.getByRole('button', { name: 'Find certificates' }).click()]);
      await expectVisible(admin.getByRole('cell', { name: 'Sam Shelver' }));
      await expectVisible(admin.getByText('1 certificate: 1 valid, worth 1.5 CEUs', { exact: false }));
      await j.check(admin, 'certificates completed today');
      const [sheet] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'Download them as a spreadsheet (CSV)' }).click()]);
      expect(fs.readFileSync(await sheet.path(), 'utf8')).toContain(`${code},Sam Shelver,`);
    });
  });
});
