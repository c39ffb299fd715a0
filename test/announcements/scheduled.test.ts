import { DateTime } from 'luxon';
import { latestAnnouncements, sendDueAnnouncements } from '../../src/announcements';
import { announcementsOf } from '../../src/announcements/announcements.service';
import { findSessionAccess } from '../../src/enrolment';
import { loadSessionOverview, sendWeekOpeningEmails } from '../../src/modules';
import { createTestContext, type TestContext } from '../helpers/app';
import { assignInstructor, createCohorts, createUser, enrol, futureSessionWithLearner } from '../helpers/factories';
import { postForm, readable, signIn } from '../helpers/http';
import { messageBeside, summaryLinks } from '../helpers/error-summary';

// Announcements that wait: for a day and time, or for a week's opening (and then go in its email).
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const deps = () => ({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl });
const page = (sessionId: number) => `/sessions/${sessionId}/announcements`;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000);
const hoursAfter = (date: Date, hours: number) => new Date(date.getTime() + hours * 3_600_000);
const formTime = (date: Date, zone = 'UTC') => DateTime.fromJSDate(date, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
const emailsTo = (address: string) => ctx.db('outbox_emails').where({ to_address: address }).orderBy('id').select('subject', 'body_text', 'reply_to');
const row = (title: string) => ctx.db('announcements').where({ title }).first();
const user = (u: { id: number; email: string; name: string }) => ({ id: u.id, email: u.email, name: u.name, role: 'learner' as const });

async function optOut(learner: { email: string; password: string }, keep: { announcement_email?: 'on'; week_email?: 'on' }) {
  const agent = await signIn(ctx.app, learner);
  await postForm(agent, '/discussions/preferences', { discussion_email: 'daily', deadline_email: 'on', ...keep }, '/discussions/preferences');
}

describe('an announcement for a day and time', () => {
  it('stays with the staff until its time, then is up for the learners and emailed once, to that session only', async () => {
    const c = await createCohorts(ctx.db);
    const staff = await signIn(ctx.app, c.instructorA);
    const at = hoursFromNow(2);
    const res = await postForm(staff, page(c.sessionA.id), { title: 'Tuesday’s live chat', body: 'Join us at **noon**.', when: 'later', at: formTime(at) }, page(c.sessionA.id));
    expect(res.status).toBe(303);
    const listed = await staff.get(page(c.sessionA.id));
    expect(listed.text).toMatch(/Announcement saved\. Goes up \w+day \d{1,2} \w+ \d{4}, \d\d:\d\d \(UTC time\) and is emailed then\./);
    expect(listed.text).toContain('Still to come');
    expect(readable(listed.text)).toContain('Tuesday’s live chat');

    const learner = await signIn(ctx.app, c.learnerA);
    for (const url of [page(c.sessionA.id), `/sessions/${c.sessionA.id}`, '/dashboard']) expect((await learner.get(url)).text).not.toContain('live chat');
    expect(await sendDueAnnouncements(deps(), new Date())).toBe(0);
    expect(await emailsTo(c.learnerA.email)).toHaveLength(0);

    // Its time comes: the pages the learner reads show it, and the job emails it.
    const later = hoursAfter(at, 0.1);
    const access = (await findSessionAccess(ctx.db, user(c.learnerA), c.sessionA.id))!;
    expect((await announcementsOf(ctx.db, user(c.learnerA), c.sessionA.id, later)).announcements.map((a) => a.title)).toEqual(['Tuesday’s live chat']);
    expect((await loadSessionOverview(ctx.db, access, later)).announcements.map((a) => a.title)).toEqual(['Tuesday’s live chat']);
    expect((await latestAnnouncements(ctx.db, [c.sessionA.id], later)).get(c.sessionA.id)?.title).toBe('Tuesday’s live chat');
    expect((await announcementsOf(ctx.db, user(c.learnerA), c.sessionA.id, new Date())).announcements).toEqual([]);

    await sendDueAnnouncements(deps(), later);
    const [email] = await emailsTo(c.learnerA.email);
    expect(email.subject).toBe(`${c.course.data.title}: Tuesday’s live chat`);
    expect(email.body_text).toContain('Join us at noon.');
    expect(email.body_text).toContain(`— ${c.instructorA.name}`);
    expect(email.reply_to).toBe(c.instructorA.email);
    expect(await emailsTo(c.learnerB.email)).toHaveLength(0);
    await sendDueAnnouncements(deps(), hoursAfter(later, 1));
    expect(await emailsTo(c.learnerA.email)).toHaveLength(1);
  });

  it('refuses a time gone by, one after the session ends and one it cannot read, keeping what was written and storing nothing', async () => {
    const c = await createCohorts(ctx.db);
    const staff = await signIn(ctx.app, c.instructorA);
    const cases: [string, RegExp][] = [
      [formTime(hoursFromNow(-1)), /That time has passed\. Choose a time still to come, or “Now”\./],
      [formTime(hoursFromNow(24 * 40)), /The session’s last day is \w+day \d{1,2} \w+ \d{4}\. Please choose a time before it ends\./],
      ['next tuesday', /Please enter the day and time it goes up, like 2026-12-07T09:00\./],
      ['', /Please enter the day and time it goes up/],
      ['2026-12-07T09:00'.repeat(3), /Please enter the day and time it goes up, like 2026-12-07T09:00\./],
    ];
    for (const [at, message] of cases) {
      const res = await postForm(staff, page(c.sessionA.id), { title: 'Kept title', body: 'Kept words', when: 'later', at }, page(c.sessionA.id));
      expect(res.status).toBe(422);
      expect(readable(res.text)).toMatch(message);
      expect(res.text).toContain('id="field-at-error"');
      expect(res.text).toContain('value="Kept title"');
      expect(res.text).toContain('Kept words</textarea>');
      expect(res.text).toMatch(/<input type="radio" name="when" value="later" checked>/);
    }
    expect(await ctx.db('announcements').where({ course_session_id: c.sessionA.id })).toHaveLength(0);
  });
});

describe('an announcement that waits for a week', () => {
  it('offers only the weeks still to open, and refuses one that has opened', async () => {
    const c = await createCohorts(ctx.db); // started yesterday: week 1 is open, week 2 opens in 6 days
    const staff = await signIn(ctx.app, c.instructorA);
    const form = (await staff.get(page(c.sessionA.id))).text;
    expect(form).toContain('value="week-2"');
    expect(form).not.toContain('value="week-1"');
    const res = await postForm(staff, page(c.sessionA.id), { title: 'Week one', body: 'Hello', when: 'week-1' }, page(c.sessionA.id));
    expect(res.status).toBe(422);
    expect(readable(res.text)).toContain('Week 1 is already open. Choose “Now” to post it straight away.');
    expect(res.text).toContain('id="field-when-error"');
    const unknown = await postForm(staff, page(c.sessionA.id), { title: 'Week one', body: 'Hello', when: 'week-99' }, page(c.sessionA.id));
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('The course has no week 99. Please choose one of the weeks listed.');
    expect(await ctx.db('announcements').where({ course_session_id: c.sessionA.id })).toHaveLength(0);
  });

  it('links the refused week in the error summary to the choice of when, with the message beside it and the words kept', async () => {
    const c = await createCohorts(ctx.db);
    const staff = await signIn(ctx.app, c.instructorA);
    const res = await postForm(staff, page(c.sessionA.id), { title: 'Kept title', body: 'Kept words', when: 'week-1' }, page(c.sessionA.id));
    expect(res.status).toBe(422);
    const message = 'Week 1 is already open. Choose “Now” to post it straight away.';
    expect(summaryLinks(res.text)).toEqual([{ id: 'field-when', message, targets: 1, inError: true }]);
    expect(messageBeside(res.text, 'field-when')).toBe(message);
    expect(res.text).toContain('value="Kept title"');
    expect(res.text).toContain('Kept words</textarea>');
    expect(await ctx.db('announcements').where({ course_session_id: c.sessionA.id })).toHaveLength(0);
  });

  it('goes up when the week opens, inside its email; alone to those who turned week emails off; not at all to those who turned announcements off', async () => {
    const { session, learner, startsAt } = await futureSessionWithLearner(ctx.db, '2099-02-02');
    const noWeekEmails = await createUser(ctx.db);
    const noAnnouncements = await createUser(ctx.db);
    for (const u of [noWeekEmails, noAnnouncements]) await enrol(ctx.db, session.id, u.id);
    await optOut(noWeekEmails, { announcement_email: 'on' });
    await optOut(noAnnouncements, { week_email: 'on' });
    const instructor = await createUser(ctx.db, { role: 'instructor', name: 'Helen Rimmer' });
    await assignInstructor(ctx.db, session.id, instructor.id);
    const staff = await signIn(ctx.app, instructor);
    const res = await postForm(staff, page(session.id), { title: 'Before you start week 2', body: 'Be *kind* to yourself.', when: 'week-2' }, page(session.id));
    expect(res.status).toBe(303);
    expect(readable((await staff.get(page(session.id))).text)).toMatch(/Goes up when week 2 opens \(Monday 9 February 2099\), in that week’s email/);
    expect((await row('Before you start week 2')).published_at).toBeNull();

    // Week 1 opens: nothing of it yet.
    await sendWeekOpeningEmails(deps(), hoursAfter(startsAt, 1));
    await sendDueAnnouncements(deps(), hoursAfter(startsAt, 1));
    expect((await emailsTo(learner.email)).map((e) => e.subject)).toEqual([expect.stringMatching(/^Week 1 is open: /)]);
    expect(await emailsTo(noWeekEmails.email)).toHaveLength(0);

    const weekTwo = hoursAfter(startsAt, 7 * 24 + 1);
    await sendWeekOpeningEmails(deps(), weekTwo);
    expect(await sendDueAnnouncements(deps(), weekTwo)).toBe(0);
    const both = (await emailsTo(learner.email)).slice(1);
    expect(both).toHaveLength(1);
    expect(both[0].subject).toMatch(/^Week 2 is open: /);
    expect(both[0].body_text).toMatch(/Open week 2: \S+\n\n\* \* \*\n\nBefore you start week 2\n\nBe kind to yourself\.\n\n— Helen Rimmer\n/);
    expect((await emailsTo(noWeekEmails.email)).map((e) => e.subject)).toEqual(['Gentle Course: Before you start week 2']);
    const weekOnly = await emailsTo(noAnnouncements.email);
    expect(weekOnly.map((e) => e.subject)).toEqual([expect.stringMatching(/^Week 1 is open/), expect.stringMatching(/^Week 2 is open/)]);
    expect(weekOnly[1].body_text).not.toContain('Be kind');
    const stored = await row('Before you start week 2');
    expect(stored.published_at).toEqual(weekTwo);
    expect((await announcementsOf(ctx.db, user(learner), session.id, hoursAfter(weekTwo, 1))).announcements.map((a) => a.title)).toEqual(['Before you start week 2']);
  });

  it('goes with the week when an instructor opens it early', async () => {
    const { session, learner } = await futureSessionWithLearner(ctx.db, '2099-04-06');
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, session.id, instructor.id);
    const staff = await signIn(ctx.app, instructor);
    await postForm(staff, page(session.id), { title: 'Early start', body: 'We begin now.', when: 'week-1' }, page(session.id));
    await postForm(staff, `/sessions/${session.id}/weeks/1/unlock`, {}, `/sessions/${session.id}`);
    await sendWeekOpeningEmails(deps(), new Date());
    const [email] = await emailsTo(learner.email);
    expect(email.subject).toMatch(/^Week 1 is open: /);
    expect(email.body_text).toContain('Early start\n\nWe begin now.');
    expect((await staff.get(page(session.id))).text).not.toContain('Still to come');
  });

  it('still goes out, on its own, when its week opened too long ago for the week’s email; once, whichever instance runs the job', async () => {
    const { session, learner, startsAt } = await futureSessionWithLearner(ctx.db, '2099-06-01');
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, session.id, instructor.id);
    await postForm(await signIn(ctx.app, instructor), page(session.id), { title: 'Catching up', body: 'Sorry for the quiet.', when: 'week-1' }, page(session.id));
    const dayLater = hoursAfter(startsAt, 30);
    await sendWeekOpeningEmails(deps(), dayLater);
    await Promise.all([sendDueAnnouncements(deps(), dayLater), sendDueAnnouncements(deps(), dayLater)]);
    expect((await emailsTo(learner.email)).map((e) => e.subject)).toEqual(['Gentle Course: Catching up']);
  });
});

describe('changing and deleting announcements', () => {
  it('changes the wording of one that is up without emailing it again, and says it was edited', async () => {
    const c = await createCohorts(ctx.db);
    const staff = await signIn(ctx.app, c.instructorA);
    await postForm(staff, page(c.sessionA.id), { title: 'Typo here', body: 'Hte readings', when: 'now' }, page(c.sessionA.id));
    const { id } = await row('Typo here');
    const edit = `${page(c.sessionA.id)}/${id}/edit`;
    const form = await staff.get(edit);
    expect(form.status).toBe(200);
    expect(form.text).toContain('a change shows in the course but is not emailed again');
    expect(form.text).not.toContain('name="when"');
    const res = await postForm(staff, edit, { title: 'No typo', body: 'The readings' }, edit);
    expect(res.status).toBe(303);
    const learnerView = (await (await signIn(ctx.app, c.learnerA)).get(page(c.sessionA.id))).text;
    expect(learnerView).toContain('No typo');
    expect(learnerView).toMatch(/· edited \d{1,2} \w{3} \d{4}/);
    expect(learnerView).not.toContain('Typo here');
    expect(learnerView).not.toContain('/edit');
    expect(await emailsTo(c.learnerA.email)).toHaveLength(1);
  });

  it('moves one that waits to another time, or sends it now instead', async () => {
    const c = await createCohorts(ctx.db);
    const staff = await signIn(ctx.app, c.instructorA);
    await postForm(staff, page(c.sessionA.id), { title: 'Waiting', body: 'Soon.', when: 'week-2' }, page(c.sessionA.id));
    const { id } = await row('Waiting');
    const edit = `${page(c.sessionA.id)}/${id}/edit`;
    expect((await staff.get(edit)).text).toMatch(/<input type="radio" name="when" value="week-2" checked>/);
    const at = hoursFromNow(5);
    await postForm(staff, edit, { title: 'Waiting', body: 'Soon.', when: 'later', at: formTime(at) }, edit);
    const moved = await row('Waiting');
    expect(moved.with_week).toBeNull();
    expect(moved.published_at.getTime()).toBe(DateTime.fromISO(formTime(at), { zone: 'UTC' }).toMillis());
    expect(moved.edited_at).toBeNull();
    expect(await emailsTo(c.learnerA.email)).toHaveLength(0);

    const res = await postForm(staff, edit, { title: 'Waiting no more', body: 'Now.', when: 'now' }, edit);
    expect(res.status).toBe(303);
    expect((await staff.get(page(c.sessionA.id))).text).toContain('Announcement posted and emailed to 1 learner.');
    expect((await emailsTo(c.learnerA.email)).map((e) => e.subject)).toEqual([`${c.course.data.title}: Waiting no more`]);
    expect((await (await signIn(ctx.app, c.learnerA)).get(page(c.sessionA.id))).text).toContain('Waiting no more');
    await sendDueAnnouncements(deps(), hoursAfter(at, 1));
    expect(await emailsTo(c.learnerA.email)).toHaveLength(1);
  });

  it('puts a change made between its time and its email into the email, without marking it edited', async () => {
    const c = await createCohorts(ctx.db);
    const staff = await signIn(ctx.app, c.instructorA);
    // Its time came a minute ago; the scheduled job has not run yet.
    const [{ id }] = await ctx.db('announcements')
      .insert({ course_session_id: c.sessionA.id, author_id: c.instructorA.id, title: 'Just up', body_md: 'Frist', body_html: '<p>Frist</p>', published_at: hoursFromNow(-1 / 60) })
      .returning(['id']);
    const edit = `${page(c.sessionA.id)}/${id}/edit`;
    expect((await staff.get(edit)).text).toContain('Its email goes out within 15 minutes, with any change you make now.');
    await postForm(staff, edit, { title: 'Just up', body: 'First' }, edit);
    expect((await row('Just up')).edited_at).toBeNull();
    await sendDueAnnouncements(deps(), new Date());
    const [email] = await emailsTo(c.learnerA.email);
    expect(email.body_text).toContain('First');
    expect(email.body_text).not.toContain('Frist');
  });

  it('refuses an empty title on change, keeping the text, and changes nothing', async () => {
    const c = await createCohorts(ctx.db);
    const staff = await signIn(ctx.app, c.instructorA);
    await postForm(staff, page(c.sessionA.id), { title: 'Stays', body: 'As it was.', when: 'now' }, page(c.sessionA.id));
    const { id } = await row('Stays');
    const edit = `${page(c.sessionA.id)}/${id}/edit`;
    const res = await postForm(staff, edit, { title: ' ', body: 'New words kept' }, edit);
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-title-error"');
    expect(res.text).toContain('New words kept</textarea>');
    expect((await row('Stays')).body_md).toBe('As it was.');
  });

  it('deletes after asking, saying whether it was emailed; a waiting one never goes out', async () => {
    const c = await createCohorts(ctx.db);
    const staff = await signIn(ctx.app, c.instructorA);
    await postForm(staff, page(c.sessionA.id), { title: 'Sent one', body: 'x', when: 'now' }, page(c.sessionA.id));
    await postForm(staff, page(c.sessionA.id), { title: 'Waiting one', body: 'y', when: 'later', at: formTime(hoursFromNow(1)) }, page(c.sessionA.id));
    const sent = await row('Sent one');
    const waiting = await row('Waiting one');
    const confirmSent = await staff.get(`${page(c.sessionA.id)}/${sent.id}/delete`);
    expect(confirmSent.text).toContain('deleting it does not take it out of their inboxes');
    expect((await staff.get(`${page(c.sessionA.id)}/${waiting.id}/delete`)).text).toContain('It has not gone out yet');
    for (const a of [sent, waiting]) {
      const del = `${page(c.sessionA.id)}/${a.id}/delete`;
      expect((await postForm(staff, del, {}, del)).status).toBe(303);
    }
    expect(await ctx.db('announcements').where({ course_session_id: c.sessionA.id })).toHaveLength(0);
    await sendDueAnnouncements(deps(), hoursFromNow(2));
    expect(await emailsTo(c.learnerA.email)).toHaveLength(1);
  });

  it('answers 404 to a learner and to another session’s instructor, and to an announcement of another session; changes nothing', async () => {
    const c = await createCohorts(ctx.db);
    await postForm(await signIn(ctx.app, c.instructorA), page(c.sessionA.id), { title: 'Mine', body: 'x', when: 'now' }, page(c.sessionA.id));
    const { id } = await row('Mine');
    const learner = await signIn(ctx.app, c.learnerA);
    const other = await signIn(ctx.app, c.instructorB);
    for (const [agent, sessionId] of [[learner, c.sessionA.id], [other, c.sessionA.id], [other, c.sessionB.id]] as const) {
      for (const action of ['edit', 'delete']) {
        const url = `${page(sessionId)}/${id}/${action}`;
        expect((await agent.get(url)).status).toBe(404);
        expect((await postForm(agent, url, { title: 'Changed', body: 'z' })).status).toBe(404);
      }
    }
    expect((await row('Mine')).body_md).toBe('x');
  });

  it('in a cancelled session, lets staff delete but not change one', async () => {
    const c = await createCohorts(ctx.db);
    const staff = await signIn(ctx.app, c.instructorA);
    await postForm(staff, page(c.sessionA.id), { title: 'Before the end', body: 'x', when: 'now' }, page(c.sessionA.id));
    const { id } = await row('Before the end');
    await postForm(staff, page(c.sessionA.id), { title: 'Never sent', body: 'z', when: 'week-2' }, page(c.sessionA.id));
    await ctx.db('course_sessions').where({ id: c.sessionA.id }).update({ status: 'cancelled', cancelled_at: new Date() });
    expect((await staff.get(page(c.sessionA.id))).text).toContain('Will not go out: the session was cancelled');
    await sendDueAnnouncements(deps(), hoursFromNow(24 * 7));
    expect(await emailsTo(c.learnerA.email)).toHaveLength(1);
    const edit = `${page(c.sessionA.id)}/${id}/edit`;
    expect((await staff.get(edit)).text).toContain('This session was cancelled');
    expect((await postForm(staff, edit, { title: 'Changed', body: 'y' }, page(c.sessionA.id))).status).toBe(409);
    expect((await row('Before the end')).title).toBe('Before the end');
    const del = `${page(c.sessionA.id)}/${id}/delete`;
    expect((await postForm(staff, del, {}, page(c.sessionA.id))).status).toBe(303);
    expect(await row('Before the end')).toBeUndefined();
  });
});
