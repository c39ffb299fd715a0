import fs from 'node:fs';
import type { Knex } from 'knex';
import type { Page } from 'playwright-core';
import { certifyDemoLearner, e2eSuite, expectVisible, logInAs } from '../helpers/e2e-suite';
import { exeBytes, pdfBytes } from '../helpers/reflections-factories';

// The admin pages no other journey opens, each checked with axe: course authoring down to a reading's
// files, a session's settings, a person, a certificate, marking a learner complete, and the review queue;
// and the files they hand out (a reading's file, a certificate's PDF, the roster) arrive.
const suite = e2eSuite();

/** The reference course, its first week with a reading and a toolkit section, and the running cohort's Lee and Sam. */
async function referenceCourse(db: Knex) {
  const course = await db('courses').where({ title: 'Overcoming Compassion Fatigue in Library Work' }).first('id');
  const week1 = await db('course_modules').where({ course_id: course.id, week: 1 }).first('id');
  const reading = await db('readings').where({ course_module_id: week1.id }).orderBy('id').first('id');
  const section = await db('toolkit_sections').where({ course_module_id: week1.id }).orderBy('id').first('id');
  const places = await db('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .whereIn('u.email', ['learner@kindred.test', 'sam@kindred.test'])
    .select('e.id', 'e.course_session_id', 'u.email', 'u.id as user_id');
  const lee = places.find((p) => p.email === 'learner@kindred.test');
  const sam = places.find((p) => p.email === 'sam@kindred.test');
  return { courseId: course.id as number, moduleId: week1.id as number, readingId: reading.id as number, sectionId: section.id as number, sessionId: lee.course_session_id as number, lee, sam };
}

/** Sam's certificate in the running cohort (written straight to the database the first time it is asked for). */
async function samCertified(db: Knex, r: Awaited<ReturnType<typeof referenceCourse>>): Promise<{ id: number }> {
  await certifyDemoLearner(db, 'sam@kindred.test', r.sessionId, 'ADMINPAGES000001');
  return db('certificates').where({ enrolment_id: r.sam.id }).first('id');
}

/** Presses a form's button with the browser's own checks off, so the page the server hands back is the one seen. */
async function pressUnchecked(page: Page, button: string): Promise<void> {
  await page.evaluate(() => document.querySelectorAll('form').forEach((f) => (f.noValidate = true)));
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: button, exact: true }).click()]);
}

describe('the admin pages no other journey opens', () => {
  it('opens every course authoring page, a session’s settings, a person, a certificate, marking complete and the review queue, each accessible', async () => {
    const { db } = suite.server;
    const r = await referenceCourse(db);
    // Sam has completed the course and left a review waiting for approval.
    const certificate = await samCertified(db, r);
    await db('course_reviews').insert({ course_id: r.courseId, user_id: r.sam.user_id, rating: 5, body: 'Kind and practical.', status: 'pending' });

    await suite.journey('admin pages', async (j) => {
      const admin = await j.newPage();
      await logInAs(j, admin, 'admin@kindred.test');
      await j.check(admin, 'admin home');

      const course = `/admin/courses/${r.courseId}`;
      const week = `${course}/modules/${r.moduleId}`;
      const reading = `${week}/readings/${r.readingId}`;
      for (const [path, name] of [
        ['/admin/courses/new', 'new course'],
        [`${course}/edit`, 'course details'],
        [`${course}/completion-rules`, 'completion rules'],
        [`${course}/modules/new`, 'new week'],
        [week, 'week'],
        [`${week}/exercise`, 'week’s exercise'],
        [`${week}/delete`, 'delete the week?'],
        [`${week}/readings/new`, 'new reading'],
        [reading, 'reading'],
        [`${reading}/delete`, 'delete the reading?'],
        [`${week}/toolkit-sections/new`, 'new toolkit section'],
        [`${week}/toolkit-sections/${r.sectionId}`, 'toolkit section'],
        [`${week}/toolkit-sections/${r.sectionId}/delete`, 'delete the toolkit section?'],
      ] as const) {
        await j.visit(admin, path, name);
      }

      // A handout attached to the reading, then the question before removing it.
      await j.visit(admin, reading, 'reading before attaching');
      await admin.getByLabel('Attach files').setInputFiles({ name: 'handout.pdf', mimeType: 'application/pdf', buffer: pdfBytes('a handout') });
      await Promise.all([admin.waitForURL(`**${reading}*`), admin.getByRole('button', { name: 'Attach', exact: true }).click()]);
      await expectVisible(admin.getByText('"handout.pdf" is attached.'));
      await j.check(admin, 'reading with a file');
      const [handout] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'handout.pdf', exact: true }).click()]);
      expect(handout.suggestedFilename()).toBe('handout.pdf');
      expect(fs.readFileSync(await handout.path()).subarray(0, 5).toString()).toBe('%PDF-');
      await Promise.all([admin.waitForURL(/\/files\/\d+\/delete$/), admin.getByRole('link', { name: 'Remove handout.pdf' }).click()]);
      await j.check(admin, 'remove the file?');

      await j.visit(admin, `/admin/sessions/${r.sessionId}/edit`, 'session settings');
      await j.visit(admin, `/admin/sessions/${r.sessionId}`, 'session');
      const [roster] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'Download the roster as CSV' }).click()]);
      expect(fs.readFileSync(await roster.path(), 'utf8')).toContain('Lee Learner');
      await j.visit(admin, `/admin/people/${r.lee.user_id}`, 'a person');
      await j.visit(admin, `/admin/certificates/${certificate.id}`, 'a certificate');
      const [pdf] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'Download the PDF' }).click()]);
      expect(fs.readFileSync(await pdf.path()).subarray(0, 5).toString()).toBe('%PDF-');
      await j.visit(admin, `/admin/enrolments/${r.lee.id}/mark-complete`, 'mark a learner complete');
      await j.visit(admin, '/admin/reviews', 'review queue');
      await expectVisible(admin.getByText('Kind and practical.'));
    });
  });

  it('hands back each refused authoring, session and certificate form, and shows each preview, accessibly', async () => {
    const { db } = suite.server;
    const r = await referenceCourse(db);
    const certificate = await samCertified(db, r);

    await suite.journey('admin forms refused and previewed', async (j) => {
      const admin = await j.newPage();
      await logInAs(j, admin, 'admin@kindred.test');
      await j.check(admin, 'admin home');
      const course = `/admin/courses/${r.courseId}`;
      const week = `${course}/modules/${r.moduleId}`;
      const reading = `${week}/readings/${r.readingId}`;
      const refused = async (path: string, button: string, name: string, clear?: string) => {
        await j.visit(admin, path, name);
        if (clear) await admin.getByLabel(clear, { exact: true }).fill('');
        await pressUnchecked(admin, button);
        await expectVisible(admin.locator('[aria-invalid="true"]'));
        await j.check(admin, `${name} refused`);
      };
      const previewed = async (path: string, name: string) => {
        await j.visit(admin, path, name);
        await pressUnchecked(admin, 'Preview');
        await j.check(admin, `${name} previewed`);
      };

      await refused('/admin/courses/new', 'Create course', 'new course');
      await refused(`${course}/edit`, 'Save details', 'course details', 'Title');
      await previewed(`${course}/edit`, 'course details');
      await refused(`${course}/completion-rules`, 'Save rules', 'completion rules', 'Discussion posts per week');
      await refused(`${course}/modules/new`, 'Add week', 'new week');
      await previewed(week, 'week');
      await refused(`${week}/exercise`, 'Save exercise', 'exercise', 'Title');
      await previewed(`${week}/exercise`, 'exercise');
      await refused(`${week}/readings/new`, 'Add reading', 'new reading');
      await previewed(reading, 'reading');
      await refused(`${week}/toolkit-sections/new`, 'Add section', 'new toolkit section');

      await j.visit(admin, reading, 'reading before a refused file');
      await admin.getByLabel('Attach files').setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: exeBytes() });
      await pressUnchecked(admin, 'Attach');
      await expectVisible(admin.locator('#field-files[aria-invalid="true"]'));
      await j.check(admin, 'file refused');

      await refused(`/admin/sessions/${r.sessionId}/edit`, 'Save session', 'session settings', 'Capacity (seats)');
      await refused(`/admin/enrolments/${r.lee.id}/mark-complete`, 'Mark complete and issue the certificate', 'mark complete');
      await refused(`/admin/certificates/${certificate.id}`, 'Revoke the certificate', 'certificate revoke');
    });
  });
});
