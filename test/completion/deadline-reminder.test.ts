import { DateTime } from 'luxon';
import request from 'supertest';
import { issueCertificate } from '../../src/certificates';
import { sendDeadlineReminders } from '../../src/completion';
import { createTestContext, type TestContext } from '../helpers/app';
import { expectUnsubscribeLink } from '../helpers/emails';
import { assignInstructor, createCourse, createSession, createUser, enrol, futureSessionWithLearner } from '../helpers/factories';
import { createThread } from '../helpers/discussions-factories';
import { postForm, signIn } from '../helpers/http';

// A week before completion closes, learners with things left are reminded of them, once.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const DAY = 24 * 3_600_000;
const deps = (contactEmail?: string) => ({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl, contactEmail });
const remindersTo = (address: string) => ctx.db('outbox_emails').where({ to_address: address }).where('subject', 'like', 'What is left before %').orderBy('id').select('subject', 'body_text', 'unsubscribe_url', 'reply_to');
const sessionRow = (id: number) => ctx.db('course_sessions').where({ id }).first('starts_at', 'completion_deadline_at');
const daysBefore = (date: Date, days: number) => new Date(date.getTime() - days * DAY);

const sessionWithLearner = (startDate: string, learnerId?: number) => futureSessionWithLearner(ctx.db, startDate, learnerId);

describe('the reminder before completion closes', () => {
  it('goes once, a week before, to each enrolled learner with things left, saying what they are and where', async () => {
    const { session, learner, deadline } = await sessionWithLearner('2098-03-02');
    const instructor = await createUser(ctx.db, { name: 'Helen Guide', email: `helen-${session.id}@example.test` });
    await assignInstructor(ctx.db, session.id, instructor.id);
    const done = await createUser(ctx.db);
    await issueCertificate(ctx.db, await enrol(ctx.db, session.id, done.id), { kind: 'manual', now: daysBefore(deadline, 10) });
    const waitlisted = await createUser(ctx.db);
    await enrol(ctx.db, session.id, waitlisted.id, 'waitlisted');
    const deactivated = await createUser(ctx.db, { active: false });
    await enrol(ctx.db, session.id, deactivated.id);
    const optedOut = await createUser(ctx.db);
    await enrol(ctx.db, session.id, optedOut.id);
    const agent = await signIn(ctx.app, optedOut);
    expect((await agent.get('/discussions/preferences')).text).toMatch(
      /<input type="checkbox" id="deadline-email" name="deadline_email" checked> <label for="deadline-email">Remind me a week before completion closes, if I still have things to do<\/label>/,
    );
    await postForm(agent, '/discussions/preferences', { discussion_email: 'daily', announcement_email: 'on', week_email: 'on' }, '/discussions/preferences');
    expect((await agent.get('/discussions/preferences')).text).toContain('<input type="checkbox" id="deadline-email" name="deadline_email"> ');
    const elsewhere = await sessionWithLearner('2098-03-02');

    // Eight days before: not yet.
    expect(await sendDeadlineReminders(deps(), daysBefore(deadline, 8))).toBe(0);
    const sent = await sendDeadlineReminders(deps(), daysBefore(deadline, 7));
    expect(sent).toBe(2); // Ada, and the learner of the other session with the same dates
    const [email] = await remindersTo(learner.email);
    expect(email.subject).toMatch(/^What is left before Gentle Course closes at the end of \d{1,2} \w+$/);
    expect(email.body_text).toMatch(/^Hello Ada Reader,\n\nCompletion of Gentle Course closes at the end of \w+ \d{1,2} \w+ 2098, 7 days from now\. To earn your certificate, these are what is left:\n\n- Week 1: /);
    expect(email.body_text).toContain('- Week 1: write and submit your reflection\n');
    expect(email.body_text).toContain('- Week 2: mark the readings done (0 of 1 done so far)\n');
    expect(email.body_text).toContain(`See what is left, with a link to each: ${ctx.config.baseUrl}/sessions/${session.id}/whats-left`);
    expect(email.body_text).toContain(`A little at a time is fine. Please write to your instructor, Helen Guide (helen-${session.id}@example.test), who can help.`);
    expectUnsubscribeLink(email, ctx.config.baseUrl);
    expect(email.reply_to).toBe(`helen-${session.id}@example.test`); // answering reaches whom it names
    for (const user of [done, waitlisted, deactivated, optedOut]) expect(await remindersTo(user.email)).toHaveLength(0);
    expect((await remindersTo(elsewhere.learner.email))[0].body_text).toContain(`/sessions/${elsewhere.session.id}/whats-left`);

    // Later runs send nothing more.
    expect(await sendDeadlineReminders(deps(), daysBefore(deadline, 6))).toBe(0);
    expect(await sendDeadlineReminders(deps(), daysBefore(deadline, 2))).toBe(0);
    expect(await remindersTo(learner.email)).toHaveLength(1);
  });

  it('lists only what is left, and names the site’s contact address when there is one', async () => {
    const { session, learner, enrolmentId, deadline } = await sessionWithLearner('2098-05-04');
    const modules = await ctx.db('course_modules').where({ course_id: session.courseId }).orderBy('week');
    await ctx.db('enrolment_module_progress').insert({ enrolment_id: enrolmentId, course_module_id: modules[0].id, readings_done: 1, reflection_status: 'submitted', threads_started: 0, replies_to_others: 0 });
    // A thread of theirs waits for approval: the reminder says it will count once approved.
    const { threadId } = await createThread(ctx.db, { sessionId: session.id, courseId: session.courseId, week: 2, authorId: learner.id, title: 'Mine' });
    await ctx.db('discussion_posts').where({ thread_id: threadId }).update({ status: 'pending' });
    expect(await sendDeadlineReminders(deps('help@provider.example'), daysBefore(deadline, 5))).toBe(1);
    const [email] = await remindersTo(learner.email);
    expect(email.reply_to).toBe('help@provider.example');
    expect(email.body_text).not.toContain('Week 1: mark the readings done');
    expect(email.body_text).not.toContain('Week 1: write and submit your reflection');
    expect(email.body_text).toContain('- Week 2: write and submit your reflection\n');
    expect(email.body_text).toContain('- Week 2: start a discussion thread (0 of 1 so far. 1 thread is waiting for your instructor’s approval and will count once approved)\n');
    expect(email.body_text).toContain('Please write to help@provider.example and we will help.');
  });

  it('sends answers to every instructor it names, when the session has more than one', async () => {
    const { session, learner, deadline } = await sessionWithLearner('2098-04-06');
    for (const name of ['Helen Guide', 'Omar Guide']) {
      const instructor = await createUser(ctx.db, { name, email: `${name.split(' ')[0].toLowerCase()}-${session.id}@example.test` });
      await assignInstructor(ctx.db, session.id, instructor.id);
    }
    expect(await sendDeadlineReminders(deps(), daysBefore(deadline, 7))).toBe(1);
    const [email] = await remindersTo(learner.email);
    expect(email.body_text).toContain(`Please write to your instructors, Helen Guide (helen-${session.id}@example.test) or Omar Guide (omar-${session.id}@example.test), who can help.`);
    expect(email.reply_to).toBe(`helen-${session.id}@example.test, omar-${session.id}@example.test`);
  });

  it('is not sent with less than a day left, for a cancelled session, nor before every week is open', async () => {
    const late = await sessionWithLearner('2098-07-06');
    expect(await sendDeadlineReminders(deps(), new Date(late.deadline.getTime() - 20 * 3_600_000))).toBe(0);

    const course = await createCourse(ctx.db);
    const cancelled = await createSession(ctx.db, course.id, { startDate: '2098-09-07', status: 'cancelled' });
    const other = await createUser(ctx.db);
    await enrol(ctx.db, cancelled.id, other.id);
    expect(await sendDeadlineReminders(deps(), daysBefore((await sessionRow(cancelled.id)).completion_deadline_at, 7))).toBe(0);

    // A short completion window: a week before it closes, week 2 has not opened yet.
    const short = await sessionWithLearner('2098-11-02');
    const closes = new Date(short.startsAt.getTime() + 10 * DAY);
    await ctx.db('course_sessions').where({ id: short.session.id }).update({ completion_deadline_at: closes });
    expect(await sendDeadlineReminders(deps(), new Date(short.startsAt.getTime() + 4 * DAY))).toBe(0);
    expect(await sendDeadlineReminders(deps(), new Date(short.startsAt.getTime() + 7 * DAY + 3_600_000))).toBe(1);
    expect(await remindersTo(short.learner.email)).toHaveLength(1);
    for (const user of [late.learner, other]) expect(await remindersTo(user.email)).toHaveLength(0);
  });

  it('is sent once when two app instances run it at the same moment', async () => {
    const { learner, deadline } = await sessionWithLearner('2099-01-05');
    const at = daysBefore(deadline, 7);
    const [a, b] = await Promise.all([sendDeadlineReminders(deps(), at), sendDeadlineReminders(deps(), at)]);
    expect(a + b).toBe(1);
    expect(await remindersTo(learner.email)).toHaveLength(1);
  });

  it('skips a learner given more time: the session’s date is not theirs', async () => {
    const { session, learner, deadline } = await sessionWithLearner('2099-07-06');
    const later = await createUser(ctx.db);
    const laterEnrolment = await enrol(ctx.db, session.id, later.id);
    await ctx.db('enrolments').where({ id: laterEnrolment }).update({ completion_extended_to: new Date(deadline.getTime() + 20 * DAY) });
    // Time that ends before the session's own deadline gives nothing more, so it is no reason to skip.
    const sooner = await createUser(ctx.db);
    const soonerEnrolment = await enrol(ctx.db, session.id, sooner.id);
    await ctx.db('enrolments').where({ id: soonerEnrolment }).update({ completion_extended_to: daysBefore(deadline, 3) });
    expect(await sendDeadlineReminders(deps(), daysBefore(deadline, 7))).toBe(2);
    expect(await remindersTo(learner.email)).toHaveLength(1);
    expect(await remindersTo(sooner.email)).toHaveLength(1);
    expect(await remindersTo(later.email)).toHaveLength(0);
  });

  it('reminds a learner given more time a week before their own date, once, and again if the date moves', async () => {
    const { session, learner, deadline } = await sessionWithLearner('2099-09-07');
    const enrolment = await ctx.db('enrolments').where({ course_session_id: session.id, user_id: learner.id }).first('id');
    const extendedTo = new Date(deadline.getTime() + 20 * DAY);
    await ctx.db('enrolments').where({ id: enrolment.id }).update({ completion_extended_to: extendedTo });
    expect(await sendDeadlineReminders(deps(), daysBefore(deadline, 7))).toBe(0);
    expect(await sendDeadlineReminders(deps(), daysBefore(extendedTo, 8))).toBe(0);
    expect(await sendDeadlineReminders(deps(), daysBefore(extendedTo, 7))).toBe(1);
    const [email] = await remindersTo(learner.email);
    const lastDay = DateTime.fromJSDate(extendedTo, { zone: 'UTC' }).minus({ days: 1 });
    expect(email.subject).toBe(`What is left before Gentle Course closes at the end of ${lastDay.toFormat('d LLLL')}`);
    expect(email.body_text).toContain(`Completion of Gentle Course closes at the end of ${lastDay.toFormat('cccc d LLLL yyyy')}, 7 days from now.`);
    expect(await sendDeadlineReminders(deps(), daysBefore(extendedTo, 6))).toBe(0);

    const movedTo = new Date(extendedTo.getTime() + 14 * DAY);
    await ctx.db('enrolments').where({ id: enrolment.id }).update({ completion_extended_to: movedTo });
    expect(await sendDeadlineReminders(deps(), daysBefore(movedTo, 7))).toBe(1);
    expect(await remindersTo(learner.email)).toHaveLength(2);
  });

  it('stops when the learner uses the one-click unsubscribe link in one', async () => {
    const first = await sessionWithLearner('2099-03-02');
    const second = await sessionWithLearner('2099-05-04', first.learner.id);
    await sendDeadlineReminders(deps(), daysBefore(first.deadline, 7));
    const [email] = await remindersTo(first.learner.email);
    const link = /\/unsubscribe\/[A-Za-z0-9_-]+/.exec(email.body_text)![0];
    expect((await request(ctx.app).post(link).type('form').send({})).status).toBe(200);
    expect(await sendDeadlineReminders(deps(), daysBefore(second.deadline, 7))).toBe(0);
    expect(await remindersTo(first.learner.email)).toHaveLength(1);
  });
});
