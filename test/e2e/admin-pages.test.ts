import fs from 'node:fs';
import type { Knex } from 'knex';
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { certifyDemoLearner, e2eSuite, expectRefusedField, expectVisible, logInAs, submitUnchecked } from '../helpers/e2e-suite';
import { createUser } from '../helpers/factories';
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

/** Presses a form's button with the browser's own checks off, so the page the server hands back is the one seen; returns its status. */
function pressUnchecked(page: Page, button: string): Promise<number> {
  return submitUnchecked(page, page.getByRole('button', { name: button, exact: true }));
}

/** Makes a form field take more than its maxlength, as a script or an old page could send. */
async function overfill(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).evaluate((el, value) => {
    el.removeAttribute('maxlength');
    (el as HTMLTextAreaElement).value = value;
  }, text);
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
        expect(await pressUnchecked(admin, button)).toBe(422);
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
      expect(await pressUnchecked(admin, 'Attach')).toBe(422);
      await expectVisible(admin.locator('#field-files[aria-invalid="true"]'));
      await j.check(admin, 'file refused');

      await refused(`/admin/sessions/${r.sessionId}/edit`, 'Save session', 'session settings', 'Capacity (seats)');
      await refused(`/admin/enrolments/${r.lee.id}/mark-complete`, 'Mark complete and issue the certificate', 'mark complete');
      await refused(`/admin/certificates/${certificate.id}`, 'Revoke the certificate', 'certificate revoke');
    });
  });

  it('hands back a refused session, roster, role and certificate change with the message at the field and what was typed, accessibly', async () => {
    const { db } = suite.server;
    const r = await referenceCourse(db);
    const certificate = await samCertified(db, r);
    // The course's next session is full (one seat, taken), so moving Lee there is refused unless the admin says so.
    const upcoming = await db('course_sessions').where({ course_id: r.courseId }).whereNot({ id: r.sessionId }).where('starts_at', '>', new Date()).orderBy('starts_at').first('id', 'capacity');
    const occupant = await createUser(db, { name: 'Olu Occupant' });
    await db('enrolments').insert({ course_session_id: upcoming.id, user_id: occupant.id, status: 'enrolled', enrolled_at: new Date() });
    await db('course_sessions').where({ id: upcoming.id }).update({ capacity: 1 });

    await suite.journey('admin changes refused', async (j) => {
      const admin = await j.newPage();
      await logInAs(j, admin, 'admin@kindred.test');
      await j.check(admin, 'admin home');

      // Scheduling: a go/no-go date after the first day, then a first day long past.
      const start = DateTime.utc().plus({ weeks: 8 }).startOf('week').toISODate()!;
      const late = DateTime.fromISO(start).plus({ days: 3 }).toISODate()!;
      await j.visit(admin, `/admin/sessions/new?courseId=${r.courseId}`, 'new session');
      await admin.getByLabel('First day of the session').fill(start);
      await admin.getByLabel('Go/no-go date (optional)').fill(late);
      expect(await pressUnchecked(admin, 'Schedule session')).toBe(422);
      await expectRefusedField(admin, 'goNoGoDate', 'The go/no-go date must be on or before the first day of the session.', late);
      expect(await admin.getByLabel('First day of the session').inputValue()).toBe(start);
      await j.check(admin, 'new session refused: go/no-go after the start');
      const longAgo = DateTime.utc().minus({ weeks: 5 }).startOf('week').toISODate()!;
      await admin.getByLabel('First day of the session').fill(longAgo);
      await admin.getByLabel('Go/no-go date (optional)').fill('');
      expect(await pressUnchecked(admin, 'Schedule session')).toBe(422);
      await expectRefusedField(admin, 'startDate', 'That first day is more than a week ago.', longAgo);
      await j.check(admin, 'new session refused: a first day long past');
      expect(await db('course_sessions').where({ start_date: longAgo }).first('id')).toBeUndefined();

      // Adding learners: one malformed address among good ones.
      const session = `/admin/sessions/${r.sessionId}`;
      await j.visit(admin, session, 'session');
      const typed = 'pat@library.test\nnia@branch-library';
      await admin.getByLabel('Learners’ email addresses').fill(typed);
      expect(await pressUnchecked(admin, 'Add learners')).toBe(422);
      await expectRefusedField(admin, 'email', 'These are not email addresses: nia@branch-library. Please correct them; nobody was added.', typed);
      await j.check(admin, 'learners refused');

      // Withdrawing Lee with a note longer than the form takes.
      await j.visit(admin, `${session}/enrolments/${r.lee.id}/withdraw`, 'withdraw a learner');
      const long = 'We are sorry to see you go. '.repeat(40).trim();
      await overfill(admin, 'Note to the learner (optional)', long);
      expect(await pressUnchecked(admin, 'Withdraw Lee Learner')).toBe(422);
      await expectRefusedField(admin, 'note', 'Please keep the note to 1000 characters.', long);
      await j.check(admin, 'withdrawal refused');
      expect(await db('enrolments').where({ id: r.lee.id }).first('status')).toEqual({ status: 'enrolled' });

      // Moving Lee to the full session without ticking "over capacity".
      await j.visit(admin, `${session}/enrolments/${r.lee.id}/move`, 'move a learner');
      await admin.locator(`input[name="targetSessionId"][value="${upcoming.id}"]`).check();
      await admin.getByLabel('Note to the learner (optional)').fill('See you in the next group.');
      expect(await pressUnchecked(admin, 'Move Lee Learner')).toBe(422);
      await expectRefusedField(admin, 'overCapacity', 'That session is full (1 of 1 seat taken). Tick “Move over capacity” to move Lee Learner anyway.');
      expect(await admin.getByLabel('Note to the learner (optional)').inputValue()).toBe('See you in the next group.');
      expect(await admin.locator(`input[name="targetSessionId"][value="${upcoming.id}"]`).isChecked()).toBe(true);
      await j.check(admin, 'move refused: the session is full');
      expect(await db('enrolments').where({ id: r.lee.id }).first('status')).toEqual({ status: 'enrolled' });

      // A role the form does not offer (a page changed by a script) is refused with a page saying which roles there are.
      await j.visit(admin, `/admin/people/${r.sam.user_id}`, 'a person');
      await admin.locator('#field-role option[value="admin"]').evaluate((o) => ((o as HTMLOptionElement).value = 'owner'));
      await admin.getByLabel('Role', { exact: true }).selectOption('owner');
      expect(await pressUnchecked(admin, 'Change role')).toBe(422);
      await expectVisible(admin.getByText('Please choose learner, instructor or admin.'));
      await j.check(admin, 'role refused');
      expect(await db('users').where({ id: r.sam.user_id }).first('role')).toEqual({ role: 'learner' });

      // The certificate: a re-issue with no name, a restore with too short a reason, and each made stale by another tab.
      const cert = `/admin/certificates/${certificate.id}`;
      await j.visit(admin, cert, 'a certificate');
      await admin.getByLabel('Name to print').fill('');
      await admin.getByLabel('Reason for the correction').fill('Her surname was misspelt.');
      expect(await pressUnchecked(admin, 'Re-issue the certificate')).toBe(422);
      await expectRefusedField(admin, 'name', 'Please enter the name to print.', '');
      expect(await admin.getByLabel('Reason for the correction').inputValue()).toBe('Her surname was misspelt.');
      await j.check(admin, 're-issue refused: no name');

      const other = await j.newTab(admin.context());
      await j.visit(other, cert, 'the certificate in another tab');
      await admin.getByLabel('Reason for revoking').fill('Marked complete in error.');
      expect(await pressUnchecked(admin, 'Revoke the certificate')).toBe(302);
      await expectVisible(admin.getByText('The certificate is revoked.', { exact: false }));
      await j.check(admin, 'certificate revoked');
      await other.getByLabel('Name to print').fill('Sam Shelver-Smith');
      await other.getByLabel('Reason for the correction').fill('Her surname was misspelt.');
      expect(await pressUnchecked(other, 'Re-issue the certificate')).toBe(409);
      await expectVisible(other.getByText('This certificate is revoked, so it cannot be re-issued. If the revocation was a mistake, restore the certificate first.'));
      await j.check(other, 're-issue refused: revoked meanwhile');

      await admin.getByLabel('Reason for restoring').fill('no');
      expect(await pressUnchecked(admin, 'Restore the certificate')).toBe(422);
      await expectRefusedField(admin, 'restoreReason', 'Please give a reason; it is kept in the certificate’s history.', 'no');
      await j.check(admin, 'restore refused: too short a reason');
      await other.getByLabel('Reason for restoring').fill('The completion was real after all.');
      expect(await pressUnchecked(other, 'Restore the certificate')).toBe(302);
      await j.check(other, 'certificate restored');
      await admin.getByLabel('Reason for restoring').fill('The completion was real after all.');
      expect(await pressUnchecked(admin, 'Restore the certificate')).toBe(409);
      await expectVisible(admin.getByText('This certificate is not revoked, so there is nothing to restore.'));
      await j.check(admin, 'restore refused: restored meanwhile');
      expect(await db('certificates').where({ id: certificate.id }).first('revoked_at', 'learner_name')).toEqual({ revoked_at: null, learner_name: 'Sam Shelver' });
    });
    await db('enrolments').where({ course_session_id: upcoming.id, user_id: occupant.id }).delete();
    await db('course_sessions').where({ id: upcoming.id }).update({ capacity: upcoming.capacity });
  });
});
