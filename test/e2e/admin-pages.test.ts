import fs from 'node:fs';
import type { Knex } from 'knex';
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { certifyDemoLearner, e2eSuite, expectRefusedField, expectVisible, logInAs, submitUnchecked, tabTo } from '../helpers/e2e-suite';
import { createCourse, createSession, createUser, enrol } from '../helpers/factories';
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

/** A course of its own: a running session with these learners enrolled, and two sessions ahead (in two and four weeks) to move them to. */
async function courseWithSessionsAhead(db: Knex, title: string, learners: string[]) {
  const course = await createCourse(db, { title });
  const from = await createSession(db, course.id, { startedDaysAgo: 1 });
  const soon = await createSession(db, course.id, { startedDaysAgo: -14 });
  const later = await createSession(db, course.id, { startedDaysAgo: -28 });
  const places: number[] = [];
  for (const name of learners) places.push(await enrol(db, from.id, (await createUser(db, { name })).id));
  return {
    session: `/admin/sessions/${from.id}`,
    soon: soon.id,
    later: later.id,
    places,
    place: (id: number) => db('enrolments').where({ id }).first('status', 'moved_to_session_id'),
    eventsOf: async (id: number) => (await db('enrolment_events').where({ enrolment_id: id }).select('id')).length,
  };
}

/** Tabs to a form's button and presses Enter, as a keyboard user sends it; returns the status of the POST's answer. */
async function sendWithKeyboard(page: Page, button: RegExp): Promise<number> {
  await tabTo(page, button);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
    page.waitForEvent('load'),
    page.keyboard.press('Enter'),
  ]);
  return res.status();
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

  it('says on the session page when another tab withdrew or moved the learner first, changing nothing', async () => {
    const { db } = suite.server;
    const c = await courseWithSessionsAhead(db, 'Boundaries at the Desk', ['Ana Archer', 'Ben Baker', 'Cy Cole']);
    const [ana, ben, cy] = c.places;

    await suite.journey('admin refusals from another tab', async (j) => {
      const admin = await j.newPage();
      await logInAs(j, admin, 'admin@kindred.test');
      await j.check(admin, 'admin home');
      const other = await j.newTab(admin.context());

      // Ana: both tabs are on her withdrawal; the other tab withdraws her first.
      await j.visit(admin, `${c.session}/enrolments/${ana}/withdraw`, 'withdraw Ana');
      await j.visit(other, `${c.session}/enrolments/${ana}/withdraw`, 'withdraw Ana in another tab');
      expect(await sendWithKeyboard(other, /^Withdraw Ana Archer$/)).toBe(302);
      await expectVisible(other.getByText('Ana Archer is withdrawn and has been emailed.'));
      await j.check(other, 'Ana withdrawn in the other tab');
      await admin.getByLabel('Note to the learner (optional)').fill('Sorry to see you go.');
      expect(await sendWithKeyboard(admin, /^Withdraw Ana Archer$/)).toBe(302);
      expect(new URL(admin.url()).pathname).toBe(c.session);
      await expectVisible(admin.getByRole('alert').getByText('Ana Archer was withdrawn a moment ago, so there is nothing more to do.', { exact: true }));
      await j.check(admin, 'withdrawal refused: withdrawn meanwhile');
      expect(await c.place(ana)).toEqual({ status: 'withdrawn', moved_to_session_id: null });
      expect(await c.eventsOf(ana)).toBe(1);

      // Ben: the move page is open when the other tab withdraws him.
      await j.visit(admin, `${c.session}/enrolments/${ben}/move`, 'move Ben');
      await j.visit(other, `${c.session}/enrolments/${ben}/withdraw`, 'withdraw Ben in another tab');
      expect(await sendWithKeyboard(other, /^Withdraw Ben Baker$/)).toBe(302);
      await j.check(other, 'Ben withdrawn in the other tab');
      await admin.locator(`input[name="targetSessionId"][value="${c.soon}"]`).check();
      expect(await sendWithKeyboard(admin, /^Move Ben Baker$/)).toBe(302);
      expect(new URL(admin.url()).pathname).toBe(c.session);
      await expectVisible(admin.getByRole('alert').getByText('Ben Baker has no place in this session any more, so there is nothing to move.', { exact: true }));
      await j.check(admin, 'move refused: withdrawn meanwhile');
      expect(await c.place(ben)).toEqual({ status: 'withdrawn', moved_to_session_id: null });
      expect(await db('enrolments').where({ course_session_id: c.soon }).first('id')).toBeUndefined();

      // Cy: the withdrawal page is open when the other tab moves him to the next session; he has moved, not been withdrawn.
      await j.visit(admin, `${c.session}/enrolments/${cy}/withdraw`, 'withdraw Cy');
      await j.visit(other, `${c.session}/enrolments/${cy}/move`, 'move Cy in another tab');
      await other.locator(`input[name="targetSessionId"][value="${c.soon}"]`).check();
      expect(await sendWithKeyboard(other, /^Move Cy Cole$/)).toBe(302);
      await expectVisible(other.getByText('Cy Cole has moved to the other session and has been emailed.'));
      await j.check(other, 'Cy moved in the other tab');
      expect(await sendWithKeyboard(admin, /^Withdraw Cy Cole$/)).toBe(302);
      await expectVisible(admin.getByRole('alert').getByText('Cy Cole has moved to another session, so nothing was changed.', { exact: true }));
      await j.check(admin, 'withdrawal refused: moved meanwhile');
      expect(await c.place(cy)).toEqual({ status: 'withdrawn', moved_to_session_id: c.soon });
      expect(await c.eventsOf(cy)).toBe(1);
    });
  });

  it('hands a move back at the sessions when the one chosen was cancelled in another tab, and says so when none is left, keeping the note', async () => {
    const { db } = suite.server;
    const c = await courseWithSessionsAhead(db, 'Saying No Kindly', ['Dee Dunn']);
    const [dee] = c.places;

    await suite.journey('admin move refused: session cancelled meanwhile', async (j) => {
      const admin = await j.newPage();
      await logInAs(j, admin, 'admin@kindred.test');
      await j.check(admin, 'admin home');
      const other = await j.newTab(admin.context());
      const cancel = async (id: number, name: string) => {
        await j.visit(other, `/admin/sessions/${id}`, `${name} in the other tab`);
        await other.getByLabel(/^Cancel for low enrolment/).fill('Too few people signed up; we are sorry.');
        await other.getByLabel(/I understand: /).check();
        expect(await sendWithKeyboard(other, /^Cancel this session$/)).toBe(302);
        await expectVisible(other.getByText('This session was cancelled'));
        await j.check(other, `${name} cancelled in the other tab`);
      };

      // The move page offers both sessions ahead; the other tab cancels the one chosen before it is sent.
      await j.visit(admin, `${c.session}/enrolments/${dee}/move`, 'move Dee');
      await cancel(c.soon, 'the next session');
      await admin.locator(`input[name="targetSessionId"][value="${c.soon}"]`).check();
      await admin.getByLabel('Note to the learner (optional)').fill('See you in the next group, Dee.');
      expect(await sendWithKeyboard(admin, /^Move Dee Dunn$/)).toBe(422);
      await expectVisible(admin.locator('#form-errors').getByRole('link', { name: 'That session has been cancelled. Please choose another.' }));
      expect(await admin.locator('#targetSessionId-error').innerText()).toContain('That session has been cancelled. Please choose another.');
      expect(await admin.getByRole('group', { name: 'Move to' }).getAttribute('aria-describedby')).toBe('targetSessionId-error');
      expect(await admin.locator(`input[name="targetSessionId"][value="${c.soon}"]`).count()).toBe(0);
      expect(await admin.locator(`input[name="targetSessionId"][value="${c.later}"]`).getAttribute('aria-invalid')).toBe('true');
      expect(await admin.getByLabel('Note to the learner (optional)').inputValue()).toBe('See you in the next group, Dee.');
      await j.check(admin, 'move refused: the session chosen was cancelled meanwhile');

      // Then the last session ahead is cancelled too: the page says so, and hands the note back to copy.
      await cancel(c.later, 'the last session ahead');
      expect(await sendWithKeyboard(admin, /^Move Dee Dunn$/)).toBe(422);
      await expectVisible(admin.locator('#form-errors').getByText('That session has been cancelled. Please choose another.', { exact: true }));
      await expectVisible(admin.getByText('This course has no other session, still running or ahead and not cancelled, that Dee Dunn is not already in.', { exact: false }));
      expect(await admin.getByLabel('Your note').inputValue()).toBe('See you in the next group, Dee.');
      expect(await admin.getByRole('button', { name: 'Move Dee Dunn' }).count()).toBe(0);
      await j.check(admin, 'move refused: no session left to move to');
      expect(await c.place(dee)).toEqual({ status: 'enrolled', moved_to_session_id: null });
      expect(await c.eventsOf(dee)).toBe(0);
    });
  });
});
