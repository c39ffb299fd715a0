import { DateTime } from 'luxon';
import { certificateChecksSettled, checkAndIssue } from '../../src/completion';
import { createTestContext, type TestContext } from '../helpers/app';
import { completeLearnerA, completionCast, markReadingsDone } from '../helpers/completion-factories';
import { readingOf } from '../helpers/reflections-factories';
import { eventsOf, follow, lastEmailTo, updateSession } from '../helpers/enrolment-factories';
import { createUser } from '../helpers/factories';
import { decode, postForm, signIn } from '../helpers/http';

// Staff keep one learner's completion open past the session's deadline ("more time").
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const moreTimeUrl = (sessionId: number, enrolmentId: number) => `/sessions/${sessionId}/learners/${enrolmentId}/more-time`;
const deadlineOf = async (sessionId: number): Promise<Date> => (await ctx.db('course_sessions').where({ id: sessionId }).first('completion_deadline_at')).completion_deadline_at;
/** The calendar day `days` after the session's deadline (the cast's sessions are in UTC). */
const dayAfterDeadline = (deadline: Date, days: number) => DateTime.fromJSDate(deadline, { zone: 'UTC' }).plus({ days }).toISODate()!;
const extensionOf = async (enrolmentId: number) => (await ctx.db('enrolments').where({ id: enrolmentId }).first('completion_extended_to')).completion_extended_to as Date | null;

describe('more time for one learner', () => {
  it('is offered on the progress table for learners not complete, and changes nothing until sent', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    await checkAndIssue({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl }, cast.enrolmentA);
    const staff = await signIn(ctx.app, cast.instructorA);
    const table = (await staff.get(`/sessions/${cast.sessionA.id}/progress`)).text;
    expect(table).toContain(`href="${moreTimeUrl(cast.sessionA.id, cast.peerEnrolmentA)}"`);
    expect(table).not.toContain(`href="${moreTimeUrl(cast.sessionA.id, cast.enrolmentA)}"`);
    const page = decode((await staff.get(moreTimeUrl(cast.sessionA.id, cast.peerEnrolmentA))).text);
    expect(page).toContain(`More time for ${cast.peerA.name}`);
    // The session's deadline is the midnight that ends its last day, which is the day shown.
    expect(page).toContain(`At the end of ${DateTime.fromJSDate(await deadlineOf(cast.sessionA.id), { zone: 'UTC' }).minus({ days: 1 }).toFormat('d LLLL yyyy')}`);
    expect(await extensionOf(cast.peerEnrolmentA)).toBeNull();
  });

  it('ends the day chosen at midnight in the session’s zone, also a day that starts at 01:00 (Cairo moves its clocks at 00:00)', async () => {
    const cast = await completionCast(ctx.db);
    const zone = 'Africa/Cairo';
    await ctx.db('course_sessions').where({ id: cast.sessionA.id }).update({ time_zone: zone, completion_deadline_at: DateTime.fromISO('2027-04-01', { zone }).toJSDate() });
    const staff = await signIn(ctx.app, cast.instructorA);
    const url = moreTimeUrl(cast.sessionA.id, cast.enrolmentA);
    // 30 April 2027 starts at 01:00 in Cairo; 1 May starts at midnight.
    const res = await postForm(staff, url, { until: '2027-04-30', note: '' }, url);
    expect(decode((await follow(staff, res)).text)).toContain(`${cast.learnerA.name} has until the end of 30 April 2027 to complete, and has been emailed.`);
    expect(await extensionOf(cast.enrolmentA)).toEqual(DateTime.fromISO('2027-05-01T00:00', { zone }).toJSDate());
  });

  it('keeps completion open for them until the end of the day chosen: recorded, emailed, shown on the table, their What’s left page and their calendar', async () => {
    const cast = await completionCast(ctx.db);
    const deadline = await deadlineOf(cast.sessionA.id);
    const until = dayAfterDeadline(deadline, 14);
    const untilText = DateTime.fromISO(until).toFormat('d LLLL yyyy');
    const staff = await signIn(ctx.app, cast.instructorA);
    const url = moreTimeUrl(cast.sessionA.id, cast.enrolmentA);
    const res = await postForm(staff, url, { until, note: 'Take the time you need after your leave.' }, url);
    expect(res.status).toBe(303);
    expect(decode((await follow(staff, res)).text)).toContain(`${cast.learnerA.name} has until the end of ${untilText} to complete, and has been emailed.`);

    expect(await extensionOf(cast.enrolmentA)).toEqual(DateTime.fromISO(until, { zone: 'UTC' }).plus({ days: 1 }).toJSDate());
    const [event] = await eventsOf(ctx.db, cast.enrolmentA);
    expect(event).toMatchObject({ actor_id: cast.instructorA.id, from_status: 'enrolled', to_status: 'enrolled', note: `More time given by ${cast.instructorA.name}, until ${untilText}: Take the time you need after your leave.` });
    const email = await lastEmailTo(ctx.db, cast.learnerA.email);
    expect(email?.subject).toBe(`More time to complete ${(await ctx.db('courses').where({ id: cast.course.id }).first('title')).title}: until the end of ${untilText}`);
    expect(email?.body_text).toContain('Take the time you need after your leave.');

    const table = decode((await staff.get(`/sessions/${cast.sessionA.id}/progress`)).text);
    expect(table).toContain(`In progress; open until the end of ${untilText}`);
    const csv = (await staff.get(`/sessions/${cast.sessionA.id}/progress.csv`)).text.split('\r\n');
    expect(csv.find((line) => line.startsWith(`${cast.learnerA.name},`))).toMatch(new RegExp(`,${untilText},Yes$`));
    expect(csv.find((line) => line.startsWith(`${cast.peerA.name},`))).toMatch(new RegExp(`,${DateTime.fromJSDate(deadline, { zone: 'UTC' }).minus({ days: 1 }).toFormat('d LLLL yyyy')},$`));
    const learner = await signIn(ctx.app, cast.learnerA);
    expect(decode((await learner.get(`/sessions/${cast.sessionA.id}/whats-left`)).text)).toContain(`You have been given more time: completion stays open for you until the end of ${untilText}.`);
    const calendar = (await learner.get(`/sessions/${cast.sessionA.id}/calendar.ics`)).text;
    expect(calendar).toMatch(new RegExp(`SUMMARY:Last day for completion[^]*?DTSTART;VALUE=DATE:${until.replace(/-/g, '')}`));
    // The other learner's dates are the session's.
    const peerCalendar = (await (await signIn(ctx.app, cast.peerA)).get(`/sessions/${cast.sessionA.id}/calendar.ics`)).text;
    expect(peerCalendar).not.toContain(`DTSTART;VALUE=DATE:${until.replace(/-/g, '')}`);
  });

  it('emails no learner whose account is deactivated, and says so instead of saying they were emailed', async () => {
    const cast = await completionCast(ctx.db);
    await ctx.db('users').where({ id: cast.learnerA.id }).update({ active: false });
    const until = dayAfterDeadline(await deadlineOf(cast.sessionA.id), 14);
    const staff = await signIn(ctx.app, cast.instructorA);
    const url = moreTimeUrl(cast.sessionA.id, cast.enrolmentA);
    expect(decode((await staff.get(url)).text)).toContain('Their account is deactivated, so they are not emailed; your note is kept in their enrolment history.');
    const before = await lastEmailTo(ctx.db, cast.learnerA.email);
    const res = await postForm(staff, url, { until }, url);
    expect(decode((await follow(staff, res)).text)).toContain(`${cast.learnerA.name} has until the end of ${DateTime.fromISO(until).toFormat('d LLLL yyyy')} to complete; their account is deactivated, so they were not emailed.`);
    expect(await extensionOf(cast.enrolmentA)).not.toBeNull();
    expect(await lastEmailTo(ctx.db, cast.learnerA.email)).toEqual(before);
    await postForm(staff, url, { remove: 'yes' }, url);
    expect(await lastEmailTo(ctx.db, cast.learnerA.email)).toEqual(before);
  });

  it('lets a learner who finished after the session closed earn the certificate: issued as soon as the time is given', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 50 });
    await completeLearnerA(ctx.db, cast);
    const deps = { db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl };
    expect(await checkAndIssue(deps, cast.enrolmentA)).toEqual({ issued: false, reason: 'closed' });
    const learner = await signIn(ctx.app, cast.learnerA);
    expect(decode((await learner.get(`/sessions/${cast.sessionA.id}/whats-left`)).text)).toContain('Completion for this session closed at the end of');

    const until = DateTime.utc().plus({ days: 10 }).toISODate()!;
    const staff = await signIn(ctx.app, cast.instructorA);
    await postForm(staff, moreTimeUrl(cast.sessionA.id, cast.enrolmentA), { until }, moreTimeUrl(cast.sessionA.id, cast.enrolmentA));
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA }).first('completion_kind')).toEqual({ completion_kind: 'rules' });
    expect(await ctx.db('certificates').where({ enrolment_id: cast.peerEnrolmentA })).toHaveLength(0);
  });

  it('after the session has closed, a learner with more time who sends the last step gets the certificate from that step', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 50 });
    await completeLearnerA(ctx.db, cast, ['readings']);
    await markReadingsDone(ctx.db, cast.enrolmentA, cast.course.id, 1);
    const staff = await signIn(ctx.app, cast.instructorA);
    await postForm(staff, moreTimeUrl(cast.sessionA.id, cast.enrolmentA), { until: DateTime.utc().plus({ days: 10 }).toISODate()! }, moreTimeUrl(cast.sessionA.id, cast.enrolmentA));
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA })).toHaveLength(0);
    const learner = await signIn(ctx.app, cast.learnerA);
    const lastReading = await readingOf(ctx.db, cast.course.id, 2);
    expect((await postForm(learner, `/sessions/${cast.sessionA.id}/readings/${lastReading.id}/done`, {})).status).toBe(302);
    await certificateChecksSettled();
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA })).toHaveLength(1);
  });

  it('can be removed again: the session’s date applies, recorded and emailed', async () => {
    const cast = await completionCast(ctx.db);
    const deadline = await deadlineOf(cast.sessionA.id);
    const staff = await signIn(ctx.app, cast.instructorA);
    const url = moreTimeUrl(cast.sessionA.id, cast.enrolmentA);
    await postForm(staff, url, { until: dayAfterDeadline(deadline, 7) }, url);
    expect(decode((await staff.get(url)).text)).toContain('Remove the extra time');
    const res = await postForm(staff, url, { remove: 'yes' }, url);
    expect(decode((await follow(staff, res)).text)).toContain(`${cast.learnerA.name}’s extra time is removed, and they have been emailed.`);
    expect(await extensionOf(cast.enrolmentA)).toBeNull();
    expect((await eventsOf(ctx.db, cast.enrolmentA)).map((e) => e.note)).toEqual([expect.stringMatching(/^More time given by/), `More time removed by ${cast.instructorA.name}`]);
    expect((await lastEmailTo(ctx.db, cast.learnerA.email))?.subject).toBe('Your completion date is the session’s again');
  });
});

describe('the form sent twice', () => {
  it('gives the time once: one record, one email, and the second answer says nothing changed', async () => {
    const cast = await completionCast(ctx.db);
    const until = dayAfterDeadline(await deadlineOf(cast.sessionA.id), 10);
    const untilText = DateTime.fromISO(until).toFormat('d LLLL yyyy');
    const staff = await signIn(ctx.app, cast.instructorA);
    const url = moreTimeUrl(cast.sessionA.id, cast.enrolmentA);
    const emails = () => ctx.db('outbox_emails').where({ to_address: cast.learnerA.email }).where('subject', 'like', 'More time%');
    expect((await postForm(staff, url, { until, note: 'Take your time.' }, url)).status).toBe(303);
    const again = await postForm(staff, url, { until, note: 'Take your time.' }, url);
    expect(again.status).toBe(303);
    expect(decode((await follow(staff, again)).text)).toContain(`${cast.learnerA.name} already had until the end of ${untilText}: nothing was changed or emailed.`);
    expect(await eventsOf(ctx.db, cast.enrolmentA)).toHaveLength(1);
    expect(await emails()).toHaveLength(1);

    // Removing twice is the same: one record, one email.
    await postForm(staff, url, { remove: 'yes' }, url);
    const removedAgain = await postForm(staff, url, { remove: 'yes' }, url);
    expect(decode((await follow(staff, removedAgain)).text)).toContain(`${cast.learnerA.name} has no extra time: nothing was changed or emailed.`);
    expect(await eventsOf(ctx.db, cast.enrolmentA)).toHaveLength(2);
    expect(await ctx.db('outbox_emails').where({ to_address: cast.learnerA.email, subject: 'Your completion date is the session’s again' })).toHaveLength(1);
  });
});

describe('refusals keep what was typed and change nothing', () => {
  it('a day not after the session’s last day, more than 180 days after it, or not a day', async () => {
    const cast = await completionCast(ctx.db);
    const deadline = await deadlineOf(cast.sessionA.id);
    const staff = await signIn(ctx.app, cast.instructorA);
    const url = moreTimeUrl(cast.sessionA.id, cast.enrolmentA);
    const cases: [string, string][] = [
      // The deadline is the midnight that ends the session's last day: that day itself gives nothing more.
      [dayAfterDeadline(deadline, -1), 'Please choose a day after'],
      [dayAfterDeadline(deadline, -3), 'Please choose a day after'],
      [dayAfterDeadline(deadline, 181), 'Please choose a day no later than'],
      ['soon', 'Please choose the day, like 2027-02-14.'],
      ['', 'Please choose the day, like 2027-02-14.'],
    ];
    for (const [until, message] of cases) {
      const res = await postForm(staff, url, { until, note: 'Kept <note>' }, url);
      expect(res.status).toBe(422);
      expect(res.text).toContain('id="field-until-error"');
      expect(decode(res.text)).toContain(message);
      expect(res.text).toContain('Kept &lt;note&gt;');
    }
    expect(await extensionOf(cast.enrolmentA)).toBeNull();
    expect(await eventsOf(ctx.db, cast.enrolmentA)).toHaveLength(0);
    expect(await lastEmailTo(ctx.db, cast.learnerA.email)).toBeUndefined();
  });

  it('a learner who is complete, or a cancelled session', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    await checkAndIssue({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl }, cast.enrolmentA);
    const until = dayAfterDeadline(await deadlineOf(cast.sessionA.id), 5);
    const staff = await signIn(ctx.app, cast.instructorA);
    const done = await postForm(staff, moreTimeUrl(cast.sessionA.id, cast.enrolmentA), { until }, moreTimeUrl(cast.sessionA.id, cast.enrolmentA));
    expect(done.status).toBe(422);
    expect(decode(done.text)).toContain(`${cast.learnerA.name} has completed the course, so there is nothing to keep open.`);
    expect(await extensionOf(cast.enrolmentA)).toBeNull();

    await updateSession(ctx.db, cast.sessionA.id, { status: 'cancelled', cancelled_at: new Date(), cancellation_message: 'Too few learners.' });
    const cancelled = await postForm(staff, moreTimeUrl(cast.sessionA.id, cast.peerEnrolmentA), { until }, moreTimeUrl(cast.sessionA.id, cast.peerEnrolmentA));
    expect(cancelled.status).toBe(422);
    expect(decode(cancelled.text)).toContain('This session was cancelled, so there is no completion to keep open.');
    expect(await extensionOf(cast.peerEnrolmentA)).toBeNull();
  });

  it('404 for learners, the other session’s instructor, and another session’s enrolment', async () => {
    const cast = await completionCast(ctx.db);
    const until = dayAfterDeadline(await deadlineOf(cast.sessionA.id), 5);
    for (const user of [cast.learnerA, cast.peerA, cast.instructorB]) {
      const agent = await signIn(ctx.app, user);
      expect((await agent.get(moreTimeUrl(cast.sessionA.id, cast.enrolmentA))).status).toBe(404);
      expect((await postForm(agent, moreTimeUrl(cast.sessionA.id, cast.enrolmentA), { until })).status).toBe(404);
    }
    const staff = await signIn(ctx.app, cast.instructorA);
    expect((await staff.get(moreTimeUrl(cast.sessionA.id, cast.enrolmentB))).status).toBe(404);
    expect((await postForm(staff, moreTimeUrl(cast.sessionA.id, cast.enrolmentB), { until }, `/sessions/${cast.sessionA.id}/progress`)).status).toBe(404);
    const stranger = await createUser(ctx.db, { role: 'instructor' });
    expect((await (await signIn(ctx.app, stranger)).get(moreTimeUrl(cast.sessionA.id, cast.enrolmentA))).status).toBe(404);
    expect(await extensionOf(cast.enrolmentA)).toBeNull();
    expect(await extensionOf(cast.enrolmentB)).toBeNull();
  });
});
