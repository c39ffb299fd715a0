import { DateTime } from 'luxon';
import { sendDeadlineReminders } from '../../src/completion';
import { createTestContext, type TestContext } from '../helpers/app';
import { completionCast } from '../helpers/completion-factories';
import { createSession, createUser, enrol } from '../helpers/factories';
import { decode, postForm, signIn } from '../helpers/http';

// An admin changing a course's grace days moves the completion deadline of its sessions whose
// completion is still open; sessions already closed keep theirs.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type Cast = Awaited<ReturnType<typeof completionCast>>;

const sessionOf = (sessionId: number): Promise<{ ends_at: Date; completion_deadline_at: Date }> =>
  ctx.db('course_sessions').where({ id: sessionId }).first('ends_at', 'completion_deadline_at');
/** The cast's sessions are in UTC: the deadline is the midnight `days` after the end, and its last day the one before. */
const endPlus = (endsAt: Date, days: number) => DateTime.fromJSDate(endsAt, { zone: 'UTC' }).plus({ days });
const lastDayText = (deadline: DateTime) => deadline.minus({ days: 1 }).toFormat('d LLLL yyyy');

async function saveGraceDays(cast: Cast, days: number) {
  const admin = await signIn(ctx.app, cast.admin);
  const url = `/admin/courses/${cast.course.id}/completion-rules`;
  const res = await postForm(admin, url, {
    postsPerWeek: '1', repliesPerWeek: '2', toolkitEntriesPerSection: '1', completionGraceDays: String(days), readingsDone: 'on', exerciseSubmitted: 'on', evaluation: 'on',
  }, url);
  expect(res.status).toBe(302);
}

/** What learner A reads on their What's left page and on the session's overview. */
async function learnerPages(cast: Cast): Promise<string[]> {
  const agent = await signIn(ctx.app, cast.learnerA);
  return Promise.all([`/sessions/${cast.sessionA.id}/whats-left`, `/sessions/${cast.sessionA.id}`].map(async (url) => decode((await agent.get(url)).text)));
}

describe('changing the grace days', () => {
  it('moves the deadline of a session in its grace days later, and its learners see the new last day', async () => {
    // Two weeks that ended six days ago: completion is open for another 24 days.
    const cast = await completionCast(ctx.db, { startedDaysAgo: 20 });
    const { ends_at: endsAt } = await sessionOf(cast.sessionA.id);
    await saveGraceDays(cast, 45);
    expect((await sessionOf(cast.sessionA.id)).completion_deadline_at).toEqual(endPlus(endsAt, 45).toJSDate());
    for (const page of await learnerPages(cast)) expect(page).toContain(`completion stays open until the end of ${lastDayText(endPlus(endsAt, 45))}`);
  });

  it('moves it earlier with fewer grace days, and moves sessions not yet started too', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 20 });
    const coming = await createSession(ctx.db, cast.course.id, { startedDaysAgo: -30 });
    const [{ ends_at: endsAt }, { ends_at: comingEnds }] = await Promise.all([sessionOf(cast.sessionA.id), sessionOf(coming.id)]);
    await saveGraceDays(cast, 10);
    expect((await sessionOf(cast.sessionA.id)).completion_deadline_at).toEqual(endPlus(endsAt, 10).toJSDate());
    expect((await sessionOf(coming.id)).completion_deadline_at).toEqual(endPlus(comingEnds, 10).toJSDate());
    for (const page of await learnerPages(cast)) expect(page).toContain(`completion stays open until the end of ${lastDayText(endPlus(endsAt, 10))}`);
  });

  it('never moves a deadline into the past: fewer grace days than have gone by close completion when saved', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 20 });
    const before = new Date();
    await saveGraceDays(cast, 3);
    const { completion_deadline_at: deadline } = await sessionOf(cast.sessionA.id);
    expect(deadline.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(deadline.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('leaves a session whose completion has already closed as it was, even when more grace days would reopen it', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 20 });
    // Ended 46 days ago: its 30 grace days ran out 16 days ago.
    const old = await createSession(ctx.db, cast.course.id, { startedDaysAgo: 60 });
    const learner = await createUser(ctx.db, { name: 'Olga Oldcohort' });
    await enrol(ctx.db, old.id, learner.id);
    const { completion_deadline_at: closedAt } = await sessionOf(old.id);
    await saveGraceDays(cast, 60);
    expect((await sessionOf(old.id)).completion_deadline_at).toEqual(closedAt);
    const agent = await signIn(ctx.app, learner);
    expect(decode((await agent.get(`/sessions/${old.id}/whats-left`)).text)).toContain(`Completion for this session closed at the end of ${lastDayText(DateTime.fromJSDate(closedAt, { zone: 'UTC' }))}`);
  });

  it('keeps a learner’s own later date when the session’s deadline moves earlier, and the session’s when it moves past theirs', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 20 });
    const { ends_at: endsAt } = await sessionOf(cast.sessionA.id);
    await ctx.db('enrolments').where({ id: cast.enrolmentA }).update({ completion_extended_to: endPlus(endsAt, 35).toJSDate() });

    await saveGraceDays(cast, 10);
    for (const page of await learnerPages(cast)) expect(page).toContain(`You have been given more time: completion stays open for you until the end of ${lastDayText(endPlus(endsAt, 35))}`);

    await saveGraceDays(cast, 40);
    for (const page of await learnerPages(cast)) {
      expect(page).toContain(`completion stays open until the end of ${lastDayText(endPlus(endsAt, 40))}`);
      expect(page).not.toContain('You have been given more time');
    }
  });

  it('reminds learners again a week before the new deadline, naming the new day', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 20 });
    const { ends_at: endsAt } = await sessionOf(cast.sessionA.id);
    const deps = { db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl };
    const remindersTo = () => ctx.db('outbox_emails').where({ to_address: cast.learnerA.email }).whereILike('subject', 'What is left before%').orderBy('id').pluck('subject');

    await saveGraceDays(cast, 10);
    await sendDeadlineReminders(deps);
    expect(await remindersTo()).toEqual([expect.stringContaining(`closes at the end of ${endPlus(endsAt, 9).toFormat('d LLLL')}`)]);

    await saveGraceDays(cast, 12);
    await sendDeadlineReminders(deps);
    const reminders = await remindersTo();
    expect(reminders).toHaveLength(2);
    expect(reminders[1]).toContain(`closes at the end of ${endPlus(endsAt, 11).toFormat('d LLLL')}`);
  });

  it('says on the admin form which sessions a change moves', async () => {
    const cast = await completionCast(ctx.db);
    const admin = await signIn(ctx.app, cast.admin);
    const form = decode((await admin.get(`/admin/courses/${cast.course.id}/completion-rules`)).text);
    expect(form).toContain('A change moves the deadline of every session whose completion is still open, coming ones included; sessions already closed keep theirs.');
    expect(form).toContain('Learners given more time keep their own date when it is later.');
  });

  it('leaves the deadlines alone when the grace days stay as they were', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 20 });
    const moved = new Date(Date.now() + 3 * 86_400_000);
    await ctx.db('course_sessions').where({ id: cast.sessionA.id }).update({ completion_deadline_at: moved });
    await saveGraceDays(cast, 30);
    expect((await sessionOf(cast.sessionA.id)).completion_deadline_at).toEqual(moved);
  });
});
