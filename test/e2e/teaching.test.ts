import type { Knex } from 'knex';
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { e2eSuite, expectRefusedField, expectVisible, logInAs, submitUnchecked, tabTo } from '../helpers/e2e-suite';

const suite = e2eSuite();

interface Running {
  sessionId: number;
  enrolments: Record<'lee' | 'sam', number>;
  userIds: Record<'lee' | 'sam', number>;
  week1: { moduleId: number; exerciseId: number };
}

/** The seeded running cohort that Lee and Sam are in. */
async function runningCohort(db: Knex): Promise<Running> {
  const rows = await db('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .whereIn('u.email', ['learner@kindred.test', 'sam@kindred.test'])
    .select('e.id', 'e.course_session_id', 'u.email', 'u.id as user_id');
  const lee = rows.find((r) => r.email === 'learner@kindred.test');
  const sam = rows.find((r) => r.email === 'sam@kindred.test');
  const session = await db('course_sessions').where({ id: lee.course_session_id }).first('course_id');
  const module1 = await db('course_modules').where({ course_id: session.course_id, week: 1 }).first('id');
  const exercise = await db('exercises').where({ course_module_id: module1.id }).first('id');
  return {
    sessionId: lee.course_session_id,
    enrolments: { lee: lee.id, sam: sam.id },
    userIds: { lee: lee.user_id, sam: sam.user_id },
    week1: { moduleId: module1.id, exerciseId: exercise.id },
  };
}

/** A submitted week 1 reflection, as the learner's submit would leave it (unless the demo seed has one). */
async function submittedReflection(db: Knex, enrolmentId: number, exerciseId: number, text: string): Promise<void> {
  if (await db('reflections').where({ enrolment_id: enrolmentId, exercise_id: exerciseId, status: 'submitted' }).first('id')) return;
  const [r] = await db('reflections')
    .insert({ enrolment_id: enrolmentId, exercise_id: exerciseId, status: 'submitted', draft_text: text, current_version: 1, submitted_at: new Date() })
    .returning(['id']);
  await db('reflection_versions').insert({ reflection_id: r.id, version: 1, text });
}

/** Puts more than the field's maxlength into it, as a script or an old page could send. */
async function overfill(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).evaluate((el, value) => {
    el.removeAttribute('maxlength');
    (el as HTMLInputElement).value = value;
  }, text);
}

const LONG_REASON = 'Names a patron who could be recognised. '.repeat(30).trim();
const TOO_LONG = 'Please keep the reason to at most 1,000 characters.';

/** What reached a thread's moderation log, in order. */
function actionsOn(db: Knex, threadId: number): Promise<{ action: string; reason: string | null }[]> {
  return db('moderation_actions').where({ thread_id: threadId }).orderBy('id').select('action', 'reason');
}

/** On a moderation reason page: Tab to the reason, type it, and send it with Enter; returns the status of the POST's answer. */
async function typeReasonAndSend(page: Page, reason: string): Promise<number> {
  await tabTo(page, /^Reason for /);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  if (reason) await page.keyboard.type(reason);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
    page.waitForEvent('load'),
    page.keyboard.press('Enter'),
  ]);
  return res.status();
}

describe('teaching and running courses in the browser', () => {
  it('lets an instructor give feedback, return a reflection, hide a reported post and read the progress table', async () => {
    const { db } = suite.server;
    const c = await runningCohort(db);
    await submittedReflection(db, c.enrolments.lee, c.week1.exerciseId, 'Lee wrote about noticing tiredness early.');
    await submittedReflection(db, c.enrolments.sam, c.week1.exerciseId, 'Sam wrote one line.');
    const [thread] = await db('discussion_threads')
      .insert({ course_session_id: c.sessionId, course_module_id: c.week1.moduleId, author_id: c.userIds.sam, title: 'A heated thread' })
      .returning(['id']);
    const [post] = await db('discussion_posts')
      .insert({ thread_id: thread.id, author_id: c.userIds.sam, body_md: 'Something unkind about a patron.', body_html: '<p>Something unkind about a patron.</p>' })
      .returning(['id']);

    await suite.journey('instructor feedback and moderation', async (j) => {
      const lee = await j.newPage();
      await logInAs(j, lee, 'learner@kindred.test');
      await j.check(lee, 'learner dashboard');
      await j.visit(lee, `/threads/${thread.id}`, 'thread');
      await lee.locator(`#post-${post.id}`).getByRole('link', { name: 'Report' }).click();
      await lee.waitForURL(`**/posts/${post.id}/report`);
      await j.check(lee, 'report a post');
      await lee.getByLabel('What is the problem?').fill('This is unkind about a patron.');
      await Promise.all([lee.waitForURL((u) => !u.pathname.endsWith('/report')), lee.getByRole('button', { name: 'Send report' }).click()]);
      await j.check(lee, 'after reporting');

      const helen = await j.newPage();
      await logInAs(j, helen, 'helen@kindred.test');
      await j.check(helen, 'teaching');
      await j.visit(helen, '/dashboard', 'instructor dashboard');
      await expectVisible(helen.getByRole('heading', { name: 'Your teaching' }));
      // What waits for her is on the dashboard: the reflections and the report Lee just sent.
      await expectVisible(helen.getByRole('link', { name: /^\d+ reflections? waiting for feedback$/ }).first());
      await expectVisible(helen.getByRole('link', { name: '1 report on posts to review' }));
      await j.visit(helen, `/sessions/${c.sessionId}`, 'session overview');
      await helen.getByRole('main').getByRole('link', { name: /^\d+ reflections? waiting for feedback$/ }).click();
      await helen.waitForURL(`**/sessions/${c.sessionId}/feedback`);
      await j.check(helen, 'feedback queue');

      await helen.getByRole('link', { name: /^Lee Learner/ }).first().click();
      await helen.waitForURL(/\/reflections\/\d+$/);
      await j.check(helen, 'lee reflection');
      // A phrase she writes every week, saved once and added with a click.
      await helen.getByText('Your saved phrases (0)').click();
      await helen.getByRole('button', { name: 'Add or remove saved phrases' }).click();
      await helen.waitForURL(/\/teach\/phrases\?back=/);
      await j.check(helen, 'saved phrases');
      await helen.getByLabel('A phrase to save').fill('Be gentle with yourself this week.');
      await Promise.all([helen.waitForURL(/\/teach\/phrases\?back=/), helen.getByRole('button', { name: 'Save the phrase' }).click()]);
      await expectVisible(helen.getByText('The phrase is saved.', { exact: false }));
      await j.check(helen, 'phrase saved');
      await Promise.all([helen.waitForURL(/\/reflections\/\d+$/), helen.getByRole('link', { name: 'Back to the reflection' }).click()]);
      await j.check(helen, 'lee reflection with a phrase');
      const feedbackBox = helen.getByLabel('Feedback for the learner (Markdown)');
      await feedbackBox.fill('Thank you, Lee.');
      await helen.getByRole('button', { name: 'Add to feedback (phrase 1)' }).click();
      expect(await feedbackBox.inputValue()).toBe('Thank you, Lee.\n\nBe gentle with yourself this week.');
      await feedbackBox.fill('Thank you, Lee. *Noticing early* is the skill.');
      // Sent, she goes straight on to the next reflection waiting (the box is ticked).
      expect(await helen.getByLabel(/Once it is sent, open the next reflection waiting/).isChecked()).toBe(true);
      const leeReview = helen.url();
      await Promise.all([helen.waitForURL((u) => /\/reflections\/\d+$/.test(u.pathname) && u.href !== leeReview), helen.getByRole('button', { name: 'Accept' }).click()]);
      await expectVisible(helen.getByText(/^Feedback sent to Lee Learner: accepted\. Next: /));
      await j.check(helen, 'next reflection after accepting');
      await Promise.all([helen.waitForURL(`**/sessions/${c.sessionId}/feedback`), helen.getByRole('link', { name: 'Back to the feedback queue' }).click()]);

      // A slip in the feedback just sent: Helen changes it, and Lee sees the new words marked as changed.
      await helen.getByLabel('Show', { exact: true }).selectOption('accepted');
      await Promise.all([helen.waitForURL('**/feedback?show=accepted*'), helen.getByRole('button', { name: 'Filter' }).click()]);
      await j.check(helen, 'accepted reflections');
      await Promise.all([helen.waitForURL(/\/reflections\/\d+$/), helen.getByRole('link', { name: /^Lee Learner/ }).click()]);
      await j.check(helen, 'lee reflection, accepted');
      await Promise.all([helen.waitForURL(/\/feedback\/edit$/), helen.getByRole('link', { name: 'Change your feedback on version 1' }).click()]);
      await j.check(helen, 'change feedback');
      await helen.getByLabel('Feedback for the learner (Markdown)').fill('Thank you, Lee. *Noticing early* is the skill, and you have it.');
      await Promise.all([helen.waitForURL(/\/reflections\/\d+$/), helen.getByRole('button', { name: 'Save the change' }).click()]);
      await expectVisible(helen.getByText('Your feedback to Lee Learner is changed.', { exact: false }));
      await j.check(helen, 'feedback changed');
      await j.visit(lee, `/sessions/${c.sessionId}/weeks/1/reflection`, 'lee reads changed feedback');
      await expectVisible(lee.getByText('and you have it.', { exact: false }));
      await expectVisible(lee.getByText(/· Changed \d/));
      // Lee keeps the reflection with its feedback: the page from the session's navigation.
      await Promise.all([lee.waitForURL('**/my-reflections'), lee.getByRole('link', { name: 'My reflections' }).click()]);
      await expectVisible(lee.getByText('Lee wrote about noticing tiredness early.'));
      await expectVisible(lee.getByText('and you have it.', { exact: false }));
      await j.check(lee, 'lee keeps the reflections');
      await Promise.all([helen.waitForURL(`**/sessions/${c.sessionId}/feedback`), helen.getByRole('link', { name: 'Back to the feedback queue' }).click()]);

      await helen.getByRole('link', { name: /^Sam Shelver/ }).first().click();
      await helen.waitForURL(/\/reflections\/\d+$/);
      await j.check(helen, 'sam reflection');
      // Her feedback is kept as she writes: a reload (a closed tab) loses nothing.
      await helen.getByLabel('Feedback for the learner (Markdown)').fill('Could you say a little more');
      await expectVisible(helen.getByText(/^Saved at /));
      await helen.reload();
      await j.check(helen, 'sam reflection with a feedback draft');
      expect(await helen.getByLabel('Feedback for the learner (Markdown)').inputValue()).toBe('Could you say a little more');
      await expectVisible(helen.getByText(/^Draft saved /));
      // A phrase added before she has clicked into the box goes after her draft, not before it…
      const samBox = helen.getByLabel('Feedback for the learner (Markdown)');
      const addPhrase = helen.getByRole('button', { name: 'Add to feedback (phrase 1)' });
      await addPhrase.click();
      expect(await samBox.inputValue()).toBe('Could you say a little more\n\nBe gentle with yourself this week.');
      // …and once she has put the caret somewhere, it goes there.
      await samBox.fill('First.\n\nLast.');
      await samBox.evaluate((el) => (el as HTMLTextAreaElement).setSelectionRange(8, 8));
      await addPhrase.click();
      expect(await samBox.inputValue()).toBe('First.\n\nBe gentle with yourself this week.\n\nLast.');
      await helen.getByLabel('Feedback for the learner (Markdown)').fill('Could you say a little more about what happened?');
      // The last one waiting: no box, and back to the queue.
      expect(await helen.getByLabel(/Once it is sent, open the next reflection waiting/).count()).toBe(0);
      await Promise.all([helen.waitForURL(`**/sessions/${c.sessionId}/feedback`), helen.getByRole('button', { name: 'Return for revision' }).click()]);
      await expectVisible(helen.getByText('Feedback sent to Sam Shelver: returned for revision.'));
      await j.check(helen, 'queue after returning');

      await j.visit(helen, `/sessions/${c.sessionId}/moderation`, 'moderation');
      await expectVisible(helen.getByText('This is unkind about a patron.'));
      await j.visit(helen, `/threads/${thread.id}`, 'reported thread');
      const reported = helen.locator(`#post-${post.id}`);
      await reported.getByText('Moderate').click();
      await reported.getByLabel('Reason for hiding (the author sees it)').fill('Please keep patrons’ dignity in mind.');
      await Promise.all([helen.waitForURL(`**/threads/${thread.id}*`), reported.getByRole('button', { name: 'Hide' }).click()]);
      await j.check(helen, 'post hidden');
      expect(await db('discussion_posts').where({ id: post.id }).first('status')).toEqual({ status: 'hidden' });

      await j.visit(lee, `/threads/${thread.id}`, 'thread after hiding');
      expect(await lee.getByText('Something unkind about a patron.').count()).toBe(0);

      await j.visit(helen, `/sessions/${c.sessionId}/progress`, 'progress');
      const table = helen.getByRole('table').first();
      await expectVisible(table.getByText('Lee Learner'));
      await expectVisible(table.getByText('Sam Shelver'));
      // Sixteen weekly columns scroll sideways; each learner's name stays in view beside their cells.
      const region = helen.getByRole('region', { name: 'Progress of each learner' });
      expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      await region.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
      const [shown, name] = [await region.boundingBox(), await table.getByRole('rowheader', { name: 'Lee Learner' }).boundingBox()];
      expect(Math.abs(name!.x - shown!.x)).toBeLessThan(2);

      // A gentle nudge to whoever is not complete yet, filtered on the table first.
      await helen.getByLabel('Show').selectOption({ label: 'Not complete yet' });
      await Promise.all([helen.waitForURL('**/progress?status=not-complete*'), helen.getByRole('button', { name: 'Filter' }).click()]);
      await j.check(helen, 'progress, not complete yet');
      await Promise.all([helen.waitForURL('**/progress/message?status=not-complete'), helen.getByRole('link', { name: /^Email these \d+ learners$/ }).click()]);
      await j.check(helen, 'email learners');
      await helen.getByRole('button', { name: /^Send to/ }).click();
      await expectVisible(helen.getByText('Please write a subject.').first());
      await j.check(helen, 'email learners with errors');
      await helen.getByLabel('Subject').fill('Week 1 is still open for you');
      await helen.getByLabel('Message').fill('No rush: week 1 is still there whenever you are ready.');
      await Promise.all([helen.waitForURL('**/progress?status=not-complete'), helen.getByRole('button', { name: /^Send to/ }).click()]);
      await expectVisible(helen.getByText(/^Your message was emailed to \d+ learners?\.$/));
      await j.check(helen, 'progress after emailing');
      expect(await db('outbox_emails').where({ to_address: 'sam@kindred.test' }).where('subject', 'like', '%Week 1 is still open for you').select(db.raw('count(*)::int as n'))).toEqual([{ n: 1 }]);

      // Sam is given two more weeks than the session to complete.
      await Promise.all([helen.waitForURL('**/more-time'), helen.getByRole('link', { name: /^More time\s+for Sam Shelver/ }).click()]);
      await j.check(helen, 'more time');
      const { completion_deadline_at: closes } = await db('course_sessions').where({ id: c.sessionId }).first('completion_deadline_at');
      const until = DateTime.fromJSDate(closes, { zone: 'Europe/London' }).plus({ days: 14 }).toISODate()!;
      await helen.getByLabel('Keep completion open for them until').fill(until);
      await Promise.all([helen.waitForURL('**/progress'), helen.getByRole('button', { name: 'Give more time' }).click()]);
      await expectVisible(helen.getByText(/^Sam Shelver has until .+ to complete, and has been emailed\.$/));
      await j.check(helen, 'progress after more time');

      // An announcement that waits for the next week to open, then goes out at once after all.
      await j.visit(helen, `/sessions/${c.sessionId}/announcements`, 'announcements');
      await helen.getByLabel('Title').fill('Before the next week');
      await helen.getByLabel('Message').fill('The next week asks a lot of us; go gently.');
      await helen.getByLabel(/When week \d opens/).first().check();
      await Promise.all([helen.waitForURL('**/announcements'), helen.getByRole('button', { name: 'Post' }).click()]);
      await expectVisible(helen.getByText(/Announcement saved\. Goes up when week \d opens/));
      await expectVisible(helen.getByRole('heading', { name: 'Still to come' }));
      await j.check(helen, 'announcement waiting for its week');
      await Promise.all([helen.waitForURL('**/edit'), helen.getByRole('link', { name: /Change\s+“Before the next week”/ }).click()]);
      await j.check(helen, 'change an announcement');
      await helen.getByLabel(/Now, instead of waiting/).check();
      await Promise.all([helen.waitForURL('**/announcements'), helen.getByRole('button', { name: 'Save' }).click()]);
      await expectVisible(helen.getByText(/Announcement posted and emailed to \d+ learners?\./));
      await j.visit(lee, `/sessions/${c.sessionId}`, 'overview with the announcement');
      await expectVisible(lee.getByText('The next week asks a lot of us; go gently.'));
      await Promise.all([helen.waitForURL('**/delete'), helen.getByRole('link', { name: /Delete\s+“Before the next week”/ }).click()]);
      await expectVisible(helen.getByText(/deleting it does not take it out of their inboxes/));
      await j.check(helen, 'delete an announcement?');
      await Promise.all([helen.waitForURL('**/announcements'), helen.getByRole('link', { name: 'Keep it' }).click()]);

      const sam = await j.newPage();
      await logInAs(j, sam, 'sam@kindred.test');
      await j.check(sam, 'sam dashboard');
      await j.visit(sam, `/sessions/${c.sessionId}/weeks/1/reflection`, 'returned reflection');
      await expectVisible(sam.getByText('Could you say a little more about what happened?'));
      await expectVisible(sam.getByRole('heading', { name: 'Revise and submit again' }));
    });
  });

  it('lets an admin schedule a session and cancel another for low enrolment, telling its learners', async () => {
    await suite.journey('admin sessions', async (j) => {
      const admin = await j.newPage();
      await logInAs(j, admin, 'admin@kindred.test');
      await j.check(admin, 'admin home');
      await j.visit(admin, '/admin/sessions', 'sessions');
      await admin.getByRole('link', { name: 'Schedule a session' }).click();
      await admin.waitForURL('**/admin/sessions/new');
      await j.check(admin, 'new session');
      const start = DateTime.utc().plus({ weeks: 8 }).startOf('week').toISODate()!;
      await admin.getByLabel('Course').selectOption({ label: 'Overcoming Compassion Fatigue in Library Work' });
      await admin.getByLabel('First day of the session').fill(start);
      await admin.getByLabel('Time zone').fill('America/Chicago');
      await admin.getByLabel('Capacity (seats)').fill('12');
      await admin.getByLabel('Minimum enrolment').fill('4');
      await admin.getByLabel('Price').fill('250.00');
      await Promise.all([admin.waitForURL(/\/admin\/sessions\/\d+$/), admin.getByRole('button', { name: 'Schedule session' }).click()]);
      await j.check(admin, 'session scheduled');
      await expectVisible(admin.getByText('America/Chicago'));
      const scheduledId = Number(/\/admin\/sessions\/(\d+)$/.exec(admin.url())![1]);

      // Someone from a branch library with no account yet: one is made, and they are enrolled.
      await admin.getByLabel('Learners’ email addresses').fill('Nia Newcomer <nia@branch-library.test>');
      await admin.getByLabel(/Make accounts for addresses that have none/).check();
      await Promise.all([admin.waitForURL(`**/admin/sessions/${scheduledId}*`), admin.getByRole('button', { name: 'Add learners' }).click()]);
      await expectVisible(admin.getByText('Nia Newcomer is enrolled and has been emailed. An account was made for them, with a link to choose a password.'));
      await j.check(admin, 'learner added with a new account');

      // Cancel the seeded next cohort, with one learner enrolled, for low enrolment.
      const { db } = suite.server;
      const next = await db('course_sessions as s')
        .join('courses as c', 'c.id', 's.course_id')
        .where('c.slug', (await db('courses').orderBy('id').first('slug')).slug)
        .where('s.starts_at', '>', new Date())
        .where('s.status', 'scheduled')
        .orderBy('s.starts_at')
        .first('s.id');
      const learner = await db('users').where({ email: 'learner@kindred.test' }).first('id', 'name');
      await db('enrolments').insert({ course_session_id: next.id, user_id: learner.id, status: 'enrolled', enrolled_at: new Date() }).onConflict(['course_session_id', 'user_id']).ignore();
      const sam = await db('users').where({ email: 'sam@kindred.test' }).first('id', 'name');
      await db('enrolments').insert({ course_session_id: next.id, user_id: sam.id, status: 'enrolled', enrolled_at: new Date() }).onConflict(['course_session_id', 'user_id']).ignore();

      // One learner is withdrawn by hand first, through the confirmation page.
      await j.visit(admin, `/admin/sessions/${next.id}`, 'session roster');
      await Promise.all([admin.waitForURL('**/withdraw'), admin.getByRole('link', { name: new RegExp(`^Withdraw ${sam.name}`) }).click()]);
      await j.check(admin, 'withdraw a learner');
      await admin.getByLabel('Note to the learner (optional)').fill('As you asked, we have moved you to a later cohort.');
      await Promise.all([admin.waitForURL(`**/admin/sessions/${next.id}*`), admin.getByRole('button', { name: `Withdraw ${sam.name}` }).click()]);
      await expectVisible(admin.getByText(`${sam.name} is withdrawn and has been emailed.`));
      await j.check(admin, 'learner withdrawn');
      expect(await db('enrolments').where({ course_session_id: next.id, user_id: sam.id }).first('status')).toEqual({ status: 'withdrawn' });

      await j.visit(admin, `/admin/sessions/${next.id}`, 'session to cancel');
      await admin.getByLabel(/^Cancel for low enrolment/).fill('We are sorry: too few people signed up. Your place moves to the next session if you wish.');
      await admin.getByLabel(/I understand: /).check();
      await Promise.all([admin.waitForURL(`**/admin/sessions/${next.id}*`), admin.getByRole('button', { name: 'Cancel this session' }).click()]);
      await expectVisible(admin.getByText('This session was cancelled'));
      await j.check(admin, 'session cancelled');

      await j.visit(admin, '/admin/outbox?to=learner@kindred.test', 'outbox');
      await expectVisible(admin.getByRole('table').getByRole('link').first());
      expect(await db('outbox_emails').where({ to_address: 'learner@kindred.test' }).where('body_text', 'like', '%too few people signed up%').select(db.raw('count(*)::int as n'))).toEqual([{ n: 1 }]);

      // The cancelled session's learner takes up the offer: the admin moves them to the session scheduled above.
      await j.visit(admin, `/admin/sessions/${next.id}`, 'cancelled session roster');
      await Promise.all([admin.waitForURL('**/move'), admin.getByRole('link', { name: `Move ${learner.name} to another session…` }).click()]);
      await j.check(admin, 'move a learner');
      await admin.locator(`input[name="targetSessionId"][value="${scheduledId}"]`).check();
      await admin.getByLabel('Note to the learner (optional)').fill('As you asked: see you in the next group.');
      await Promise.all([admin.waitForURL(`**/admin/sessions/${next.id}*`), admin.getByRole('button', { name: `Move ${learner.name}` }).click()]);
      await expectVisible(admin.getByText(`${learner.name} has moved to the other session and has been emailed.`));
      await j.check(admin, 'learner moved');
      expect(await db('enrolments').where({ course_session_id: scheduledId, user_id: learner.id }).first('status')).toEqual({ status: 'enrolled' });

      const lee = await j.newPage();
      await logInAs(j, lee, 'learner@kindred.test');
      await expectVisible(lee.getByText('Moved to another session').first());
      await j.check(lee, 'dashboard after the move');

      // The cancelled cohort is offered again later, like the first: same seats and price, same instructor.
      await j.visit(admin, `/admin/sessions/${next.id}`, 'cancelled session to schedule again');
      await Promise.all([admin.waitForURL('**/admin/sessions/new?from=*'), admin.getByRole('link', { name: 'Schedule a new session like this one' }).click()]);
      await j.check(admin, 'new session like another');
      await expectVisible(admin.getByLabel('Taught by the same instructors: Helen Rimmer'));
      expect(await admin.getByLabel('Taught by the same instructors: Helen Rimmer').isChecked()).toBe(true);
      await Promise.all([admin.waitForURL(/\/admin\/sessions\/\d+$/), admin.getByRole('button', { name: 'Schedule session' }).click()]);
      await expectVisible(admin.getByText('The session is scheduled, taught by Helen Rimmer.'));
      await j.check(admin, 'session scheduled like another');
      const againId = Number(/\/admin\/sessions\/(\d+)$/.exec(admin.url())![1]);

      // Offering it to the cancelled session's learners: Lee was moved and Sam had withdrawn, so nobody is left to tell.
      // The page says so before anything is sent, and offers no session to choose.
      await j.visit(admin, `/admin/sessions/${next.id}`, 'cancelled session with nobody left to tell');
      await expectVisible(admin.getByText('there is nobody left to tell', { exact: false }));
      expect(await admin.locator(`input[name="targetSessionId"][value="${againId}"]`).count()).toBe(0);
      expect(await admin.getByRole('button', { name: 'Email the learners' }).count()).toBe(0);
    });
  });

  it('lets an admin start the next course as a copy of the reference course', async () => {
    await suite.journey('admin copies a course', async (j) => {
      const admin = await j.newPage();
      await logInAs(j, admin, 'admin@kindred.test');
      await j.check(admin, 'admin home');
      await j.visit(admin, '/admin/courses', 'courses');
      await admin.getByRole('link', { name: 'Overcoming Compassion Fatigue in Library Work' }).click();
      await j.check(admin, 'reference course');
      await admin.getByRole('link', { name: 'Create a course like this one' }).click();
      await j.check(admin, 'course copy form');
      await expectVisible(admin.getByText('and its completion rules', { exact: false }));
      await admin.getByLabel('Title').fill('Compassion Fatigue for School Library Staff');
      await Promise.all([admin.waitForURL(/\/admin\/courses\/\d+$/), admin.getByRole('button', { name: 'Create the copy' }).click()]);
      await expectVisible(admin.getByText('is created as a copy of', { exact: false }));
      await expectVisible(admin.getByRole('heading', { name: 'Compassion Fatigue for School Library Staff', level: 1 }));
      await expectVisible(admin.getByText('Not published'));
      await j.check(admin, 'copied course');
    });
  });

  it('hands a moderator’s refused reason back on a page of its own, with the message at the reason and what was typed kept', async () => {
    const { db } = suite.server;
    const c = await runningCohort(db);
    const [thread] = await db('discussion_threads')
      .insert({ course_session_id: c.sessionId, course_module_id: c.week1.moduleId, author_id: c.userIds.sam, title: 'A thread going round in circles' })
      .returning(['id']);
    const [post] = await db('discussion_posts')
      .insert({ thread_id: thread.id, author_id: c.userIds.sam, body_md: 'The same point, a fourth time.', body_html: '<p>The same point, a fourth time.</p>' })
      .returning(['id']);

    await suite.journey('moderation reasons refused', async (j) => {
      const helen = await j.newPage();
      await logInAs(j, helen, 'helen@kindred.test');
      await j.check(helen, 'teaching');
      await j.visit(helen, `/threads/${thread.id}`, 'thread');

      // A hidden post restored with no reason: the page asks why, and nothing changes.
      const theirs = helen.locator(`#post-${post.id}`);
      await theirs.getByText('Moderate').click();
      await theirs.getByLabel('Reason for hiding (the author sees it)').fill('Please let others answer first.');
      expect(await submitUnchecked(helen, theirs.getByRole('button', { name: 'Hide', exact: true }))).toBe(302);
      await j.check(helen, 'post hidden');
      await helen.locator(`#post-${post.id}`).getByText('Moderate').click();
      expect(await submitUnchecked(helen, helen.locator(`#post-${post.id}`).getByRole('button', { name: 'Restore', exact: true }))).toBe(422);
      await expectVisible(helen.getByRole('heading', { name: 'Restore this post', level: 1 }));
      await expectVisible(helen.getByText('Please say why, so other moderators understand. Nothing was changed.'));
      await expectRefusedField(helen, 'reason', 'Please say why.', '');
      await j.check(helen, 'restore refused: no reason');
      expect(await db('discussion_posts').where({ id: post.id }).first('status')).toEqual({ status: 'hidden' });

      // Locking the thread with no reason, then with one too long: the second page keeps what was typed.
      await j.visit(helen, `/threads/${thread.id}`, 'thread with a hidden post');
      await helen.getByText('Moderate this thread').click();
      expect(await submitUnchecked(helen, helen.getByRole('button', { name: 'Lock', exact: true }))).toBe(422);
      await expectVisible(helen.getByRole('heading', { name: 'Lock this thread', level: 1 }));
      await expectRefusedField(helen, 'reason', 'Please say why.', '');
      await j.check(helen, 'lock refused: no reason');
      const long = 'Going round in circles. '.repeat(45).trim();
      await helen.getByLabel('Reason for locking (shown in the moderation log)').evaluate((el, value) => {
        el.removeAttribute('maxlength');
        (el as HTMLInputElement).value = value;
      }, long);
      expect(await submitUnchecked(helen, helen.getByRole('button', { name: 'Lock', exact: true }))).toBe(422);
      await expectRefusedField(helen, 'reason', 'Please keep the reason to at most 1,000 characters.', long);
      await j.check(helen, 'lock refused: too long a reason');
      expect(await db('discussion_threads').where({ id: thread.id }).first('locked')).toEqual({ locked: false });

      await helen.getByLabel('Reason for locking (shown in the moderation log)').fill('Going round in circles.');
      expect(await submitUnchecked(helen, helen.getByRole('button', { name: 'Lock', exact: true }))).toBe(302);
      await expectVisible(helen.getByText('Thread locked: no new replies.'));
      await j.check(helen, 'thread locked');
    });
  });

  it('hands back a refused reason for hiding or removing a post on its own page, keeping what was typed, then takes a good one', async () => {
    const { db } = suite.server;
    const c = await runningCohort(db);
    const [thread] = await db('discussion_threads')
      .insert({ course_session_id: c.sessionId, course_module_id: c.week1.moduleId, author_id: c.userIds.sam, title: 'Naming names' })
      .returning(['id']);
    const [toHide, toRemove] = await db('discussion_posts')
      .insert([
        { thread_id: thread.id, author_id: c.userIds.sam, body_md: 'The patron in the blue coat again.', body_html: '<p>The patron in the blue coat again.</p>' },
        { thread_id: thread.id, author_id: c.userIds.sam, body_md: 'Their full name and address.', body_html: '<p>Their full name and address.</p>' },
      ])
      .returning(['id']);
    const threadPath = `/threads/${thread.id}`;

    await suite.journey('moderation reasons refused: hide and remove', async (j) => {
      const helen = await j.newPage();
      await logInAs(j, helen, 'helen@kindred.test');
      await j.check(helen, 'teaching');
      await j.visit(helen, threadPath, 'thread');

      // Hiding, then removing: with no reason, then with one too long, then with a good one typed on the page.
      const refuseThenTake = async (postId: number, action: { button: string; heading: string; label: string; name: string }, reason: string, done: string) => {
        const post = helen.locator(`#post-${postId}`);
        await post.getByText('Moderate').click();
        expect(await submitUnchecked(helen, post.getByRole('button', { name: action.button, exact: true }))).toBe(422);
        await expectVisible(helen.getByRole('heading', { name: action.heading, level: 1 }));
        await expectVisible(helen.getByText('Please say why, so the author and other moderators understand. Nothing was changed.', { exact: true }));
        await expectRefusedField(helen, 'reason', 'Please say why.', '');
        await j.check(helen, `${action.name} refused: no reason`);
        await overfill(helen, action.label, LONG_REASON);
        expect(await submitUnchecked(helen, helen.getByRole('button', { name: action.button, exact: true }))).toBe(422);
        await expectRefusedField(helen, 'reason', TOO_LONG, LONG_REASON);
        await j.check(helen, `${action.name} refused: too long a reason`);
        expect(await db('discussion_posts').where({ id: postId }).first('status')).toEqual({ status: 'visible' });
        expect(await typeReasonAndSend(helen, reason)).toBe(302);
        await expectVisible(helen.getByText(done));
        await j.check(helen, `${action.name} done`);
      };
      await refuseThenTake(toHide.id, { button: 'Hide', heading: 'Hide this post', label: 'Reason for hiding (the author sees it)', name: 'hide' }, 'Please leave out details that identify a patron.', 'Post hidden. Its author sees that it was hidden and why.');
      expect(await db('discussion_posts').where({ id: toHide.id }).first('status', 'hidden_reason')).toEqual({ status: 'hidden', hidden_reason: 'Please leave out details that identify a patron.' });
      await refuseThenTake(toRemove.id, { button: 'Remove', heading: 'Remove this post', label: 'Reason for removing', name: 'remove' }, 'A patron’s name and address.', 'Post removed. Replies to it stay in the thread.');
      expect(await db('discussion_posts').where({ id: toRemove.id }).first('status')).toEqual({ status: 'deleted' });
      expect(await actionsOn(db, thread.id)).toEqual([
        { action: 'hide', reason: 'Please leave out details that identify a patron.' },
        { action: 'delete', reason: 'A patron’s name and address.' },
      ]);
    });
  });

  it('hands back a reason too long for pinning or unpinning a thread on its own page, keeping it, then pins with none and unpins with a short one', async () => {
    const { db } = suite.server;
    const c = await runningCohort(db);
    const [thread] = await db('discussion_threads')
      .insert({ course_session_id: c.sessionId, course_module_id: c.week1.moduleId, author_id: c.userIds.sam, title: 'Rota swaps for the holidays' })
      .returning(['id']);
    await db('discussion_posts').insert({ thread_id: thread.id, author_id: c.userIds.sam, body_md: 'Who can swap on the 24th?', body_html: '<p>Who can swap on the 24th?</p>' });

    await suite.journey('moderation reasons refused: pin and unpin', async (j) => {
      const helen = await j.newPage();
      await logInAs(j, helen, 'helen@kindred.test');
      await j.check(helen, 'teaching');
      await j.visit(helen, `/threads/${thread.id}`, 'thread');

      // Pinning takes no reason, but not one too long: the page keeps it, and pins once it is cleared.
      await helen.getByText('Moderate this thread').click();
      await overfill(helen, 'Reason for pinning (optional)', LONG_REASON);
      expect(await submitUnchecked(helen, helen.getByRole('button', { name: 'Pin', exact: true }))).toBe(422);
      await expectVisible(helen.getByRole('heading', { name: 'Pin this thread', level: 1 }));
      await expectVisible(helen.getByText('Please check the reason. Nothing was changed.', { exact: true }));
      await expectRefusedField(helen, 'reason', TOO_LONG, LONG_REASON);
      await j.check(helen, 'pin refused: too long a reason');
      expect(await db('discussion_threads').where({ id: thread.id }).first('pinned')).toEqual({ pinned: false });
      expect(await typeReasonAndSend(helen, '')).toBe(302);
      await expectVisible(helen.getByText('Thread pinned.', { exact: true }));
      await j.check(helen, 'thread pinned');

      // Unpinning: the same, sent again with a short reason.
      await helen.getByText('Moderate this thread').click();
      await overfill(helen, 'Reason for unpinning (optional)', LONG_REASON);
      expect(await submitUnchecked(helen, helen.getByRole('button', { name: 'Unpin', exact: true }))).toBe(422);
      await expectVisible(helen.getByRole('heading', { name: 'Unpin this thread', level: 1 }));
      await expectRefusedField(helen, 'reason', TOO_LONG, LONG_REASON);
      await j.check(helen, 'unpin refused: too long a reason');
      expect(await db('discussion_threads').where({ id: thread.id }).first('pinned')).toEqual({ pinned: true });
      expect(await typeReasonAndSend(helen, 'The names are gone now.')).toBe(302);
      await expectVisible(helen.getByText('Thread unpinned.', { exact: true }));
      await j.check(helen, 'thread unpinned');

      expect(await actionsOn(db, thread.id)).toEqual([
        { action: 'pin', reason: null },
        { action: 'unpin', reason: 'The names are gone now.' },
      ]);
    });
  });
});
