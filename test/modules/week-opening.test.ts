import request from 'supertest';
import { sendWeekOpeningEmails } from '../../src/modules';
import { createTestContext, type TestContext } from '../helpers/app';
import { expectUnsubscribeLink } from '../helpers/emails';
import { assignInstructor, createCourse, createSession, createUser, enrol, futureSessionWithLearner } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';

// "Week 2 is open": emailed to a session's learners when a week opens, by date or early.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const deps = () => ({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl });
const weekEmailsTo = (address: string) => ctx.db('outbox_emails').where({ to_address: address }).where('subject', 'like', 'Week % is open:%').orderBy('id').select('subject', 'body_text', 'unsubscribe_url');
const hoursAfter = (date: Date, hours: number) => new Date(date.getTime() + hours * 3_600_000);
const startOf = async (sessionId: number): Promise<Date> => (await ctx.db('course_sessions').where({ id: sessionId }).first('starts_at')).starts_at;

const sessionWithLearner = (startDate: string) => futureSessionWithLearner(ctx.db, startDate);

describe('the email that says a week has opened', () => {
  it('goes once to each enrolled learner who wants it, with the week, what it holds, the way in and the deadline', async () => {
    const { session, learner, startsAt } = await sessionWithLearner('2099-03-02');
    const waitlisted = await createUser(ctx.db);
    await enrol(ctx.db, session.id, waitlisted.id, 'waitlisted');
    const deactivated = await createUser(ctx.db, { active: false });
    await enrol(ctx.db, session.id, deactivated.id);
    const optedOut = await createUser(ctx.db);
    await enrol(ctx.db, session.id, optedOut.id);
    const agent = await signIn(ctx.app, optedOut);
    const prefs = await agent.get('/discussions/preferences');
    expect(prefs.text).toMatch(/<input type="checkbox" id="week-email" name="week_email" checked> <label for="week-email">Email me when a new week of my course opens<\/label>/);
    await postForm(agent, '/discussions/preferences', { discussion_email: 'daily', announcement_email: 'on' }, '/discussions/preferences');
    expect((await agent.get('/discussions/preferences')).text).toContain('<input type="checkbox" id="week-email" name="week_email"> ');

    expect(await sendWeekOpeningEmails(deps(), hoursAfter(startsAt, 1))).toBe(1);
    const [email] = await weekEmailsTo(learner.email);
    const week1 = await ctx.db('course_modules').where({ course_id: session.courseId, week: 1 }).first('title');
    expect(email.subject).toBe(`Week 1 is open: ${week1.title}`);
    expect(email.body_text).toContain(`Hello Ada Reader,\n\nWeek 1 of Gentle Course is open: ${week1.title}.`);
    expect(email.body_text).toMatch(/This week: (\d+ readings?, )?a reflection and your cohort’s discussion\. Take it at your own pace: completion stays open until the end of \d{1,2} \w+ 2099\./);
    expect(email.body_text).toContain(`Open week 1: ${ctx.config.baseUrl}/sessions/${session.id}/weeks/1`);
    expectUnsubscribeLink(email, ctx.config.baseUrl);
    for (const user of [waitlisted, deactivated, optedOut]) expect(await weekEmailsTo(user.email)).toHaveLength(0);

    // Later runs, the same day or the next, send nothing more for that week.
    expect(await sendWeekOpeningEmails(deps(), hoursAfter(startsAt, 2))).toBe(0);
    expect(await sendWeekOpeningEmails(deps(), hoursAfter(startsAt, 20))).toBe(0);
    // A week later, week 2.
    expect(await sendWeekOpeningEmails(deps(), hoursAfter(startsAt, 7 * 24 + 1))).toBe(1);
    expect((await weekEmailsTo(learner.email)).map((e) => e.subject)).toEqual([`Week 1 is open: ${week1.title}`, expect.stringMatching(/^Week 2 is open: /)]);
  });

  it('tells a learner given more time their own last day, and the others the session’s: the day before the midnight that closes it', async () => {
    const { session, learner, startsAt } = await sessionWithLearner('2099-03-02');
    const later = await createUser(ctx.db);
    await enrol(ctx.db, session.id, later.id);
    const { completion_deadline_at: sessionDeadline } = await ctx.db('course_sessions').where({ id: session.id }).first('completion_deadline_at');
    await ctx.db('enrolments').where({ course_session_id: session.id, user_id: later.id }).update({ completion_extended_to: new Date('2099-06-16T00:00:00Z') });
    expect(await sendWeekOpeningEmails(deps(), hoursAfter(startsAt, 1))).toBe(2);
    const [theirs] = await weekEmailsTo(later.email);
    expect(theirs.body_text).toContain('completion stays open until the end of 15 June 2099.');
    const [usual] = await weekEmailsTo(learner.email);
    expect(usual.body_text).not.toContain('15 June 2099');
    const lastDay = new Date(sessionDeadline.getTime() - 86_400_000);
    expect(usual.body_text).toContain(`completion stays open until the end of ${lastDay.getUTCDate()} `);
  });

  it('never announces a week late (more than a day after it opened), nor any week of a cancelled session', async () => {
    const { learner, startsAt } = await sessionWithLearner('2099-05-04');
    expect(await sendWeekOpeningEmails(deps(), hoursAfter(startsAt, 25))).toBe(0);
    const course = await createCourse(ctx.db);
    const cancelled = await createSession(ctx.db, course.id, { startDate: '2099-06-01', status: 'cancelled' });
    const other = await createUser(ctx.db);
    await enrol(ctx.db, cancelled.id, other.id);
    expect(await sendWeekOpeningEmails(deps(), hoursAfter(await startOf(cancelled.id), 1))).toBe(0);
    expect(await weekEmailsTo(learner.email)).toHaveLength(0);
    expect(await weekEmailsTo(other.email)).toHaveLength(0);
  });

  it('announces a week an instructor opened early at once, and not again on its date; only that session’s learners hear of it', async () => {
    const { session, learner, startsAt } = await sessionWithLearner('2099-07-06');
    const { learner: elsewhere } = await sessionWithLearner('2099-07-06');
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, session.id, instructor.id);
    const staff = await signIn(ctx.app, instructor);
    expect((await postForm(staff, `/sessions/${session.id}/weeks/2/unlock`, {}, `/sessions/${session.id}`)).status).toBe(302);
    expect((await staff.get(`/sessions/${session.id}`)).text).toContain(
      'Week 2 is now open to the learners of this session. Those who get week emails will hear within 15 minutes. Earlier weeks are still locked: week 1 opens Monday 6 July 2099. Open it too if learners should work through the weeks in order.',
    );
    expect(await sendWeekOpeningEmails(deps(), new Date())).toBe(1);
    expect((await weekEmailsTo(learner.email)).map((e) => e.subject)).toEqual([expect.stringMatching(/^Week 2 is open: /)]);
    expect(await sendWeekOpeningEmails(deps(), hoursAfter(startsAt, 7 * 24 + 1))).toBe(1); // the other session's week 2
    expect(await weekEmailsTo(learner.email)).toHaveLength(1);
    expect((await weekEmailsTo(elsewhere.email)).map((e) => e.subject)).toEqual([expect.stringMatching(/^Week 2 is open: /)]);
  });

  it('says nothing of earlier weeks when they are all open already', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: 1 });
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, session.id, instructor.id);
    const staff = await signIn(ctx.app, instructor);
    expect((await postForm(staff, `/sessions/${session.id}/weeks/2/unlock`, {}, `/sessions/${session.id}`)).status).toBe(302);
    const page = (await staff.get(`/sessions/${session.id}`)).text;
    expect(page).toContain('Week 2 is now open to the learners of this session.');
    expect(page).not.toContain('Earlier weeks are still locked');
  });

  it('is sent once when two app instances run the job at the same moment', async () => {
    const { learner, startsAt } = await sessionWithLearner('2099-09-07');
    const at = hoursAfter(startsAt, 1);
    const [a, b] = await Promise.all([sendWeekOpeningEmails(deps(), at), sendWeekOpeningEmails(deps(), at)]);
    expect(a + b).toBe(1);
    expect(await weekEmailsTo(learner.email)).toHaveLength(1);
  });

  it('stops with the one-click unsubscribe link', async () => {
    const { learner, startsAt } = await sessionWithLearner('2099-11-02');
    await sendWeekOpeningEmails(deps(), hoursAfter(startsAt, 1));
    const [email] = await weekEmailsTo(learner.email);
    const link = /\/unsubscribe\/[A-Za-z0-9_-]+/.exec(email.body_text)![0];
    expect((await request(ctx.app).post(link).type('form').send({})).status).toBe(200);
    expect(await sendWeekOpeningEmails(deps(), hoursAfter(startsAt, 7 * 24 + 1))).toBe(0);
    expect(await weekEmailsTo(learner.email)).toHaveLength(1);
  });
});
