import { DateTime } from 'luxon';
import { createTestContext, type TestContext } from '../helpers/app';
import { completionCast } from '../helpers/completion-factories';
import { editFormOf } from '../helpers/enrolment-factories';
import { createSession, createUser, enrol } from '../helpers/factories';
import { decode, postForm, signIn, type Agent } from '../helpers/http';

// Saving a session moves its completion deadline only with its end; a session whose completion
// has closed keeps it (and its dates), whatever the course's grace days are now.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type Cast = Awaited<ReturnType<typeof completionCast>>;

const sessionOf = (id: number): Promise<{ starts_at: Date; ends_at: Date; capacity: number; completion_deadline_at: Date }> =>
  ctx.db('course_sessions').where({ id }).first('starts_at', 'ends_at', 'capacity', 'completion_deadline_at');
/** The cast's sessions are in UTC: the deadline is the midnight `days` after the end. */
const endPlus = (endsAt: Date, days: number) => DateTime.fromJSDate(endsAt, { zone: 'UTC' }).plus({ days }).toJSDate();

const save = (agent: Agent, id: number, form: Record<string, string>) => postForm(agent, `/admin/sessions/${id}`, form, `/admin/sessions/${id}/edit`);

async function saveGraceDays(admin: Agent, cast: Cast, days: number) {
  const url = `/admin/courses/${cast.course.id}/completion-rules`;
  const res = await postForm(admin, url, {
    postsPerWeek: '1', repliesPerWeek: '2', toolkitEntriesPerSection: '1', completionGraceDays: String(days), readingsDone: 'on', exerciseSubmitted: 'on', evaluation: 'on',
  }, url);
  expect(res.status).toBe(302);
}

/** A course whose grace days went from 30 to 60 after one of its sessions (ended 46 days ago) had closed. */
async function closedSessionAfterMoreGraceDays() {
  const cast = await completionCast(ctx.db, { startedDaysAgo: 20 });
  const admin = await signIn(ctx.app, cast.admin);
  const closed = await createSession(ctx.db, cast.course.id, { startedDaysAgo: 60 });
  const learner = await createUser(ctx.db, { name: 'Cora Closedcohort' });
  await enrol(ctx.db, closed.id, learner.id);
  await saveGraceDays(admin, cast, 60);
  return { cast, admin, closed, learner, before: await sessionOf(closed.id) };
}

describe('saving a session and its completion deadline', () => {
  it('keeps a closed session’s deadline when an admin saves its seats, though the course now has more grace days', async () => {
    const { admin, closed, learner, before } = await closedSessionAfterMoreGraceDays();
    expect(before.completion_deadline_at.getTime()).toBeLessThan(Date.now());

    expect((await save(admin, closed.id, { ...(await editFormOf(admin, closed.id)), capacity: '25' })).status).toBe(302);
    expect(await sessionOf(closed.id)).toEqual({ ...before, capacity: 25 });
    const page = decode((await (await signIn(ctx.app, learner)).get(`/sessions/${closed.id}/whats-left`)).text);
    expect(page).toContain('Completion for this session closed at the end of');
  });

  it('keeps a running session’s deadline when its dates stay, even if it no longer follows from the grace days', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 5 });
    const admin = await signIn(ctx.app, cast.admin);
    const chosen = new Date(Date.now() + 90 * 86_400_000);
    await ctx.db('course_sessions').where({ id: cast.sessionA.id }).update({ completion_deadline_at: chosen });
    expect((await save(admin, cast.sessionA.id, { ...(await editFormOf(admin, cast.sessionA.id)), capacity: '31' })).status).toBe(302);
    expect((await sessionOf(cast.sessionA.id)).completion_deadline_at).toEqual(chosen);
  });

  it('moves a running session’s deadline with its end when its first day moves, by the course’s grace days now, and reminds its learners again', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 5 });
    const admin = await signIn(ctx.app, cast.admin);
    await saveGraceDays(admin, cast, 45);
    await ctx.db('completion_reminders').insert({ course_session_id: cast.sessionA.id });
    const form = await editFormOf(admin, cast.sessionA.id);
    const later = DateTime.fromISO(form.startDate).plus({ days: 7 }).toISODate()!;

    expect((await save(admin, cast.sessionA.id, { ...form, startDate: later })).status).toBe(302);
    const after = await sessionOf(cast.sessionA.id);
    expect(after.ends_at).toEqual(DateTime.fromISO(later, { zone: 'UTC' }).plus({ weeks: 2 }).toJSDate());
    expect(after.completion_deadline_at).toEqual(endPlus(after.ends_at, 45));
    expect(await ctx.db('completion_reminders').where({ course_session_id: cast.sessionA.id })).toHaveLength(0);
  });

  it('refuses a new first day for a session whose completion has closed, at the field, pointing to more time, and changes nothing', async () => {
    const { admin, closed, before } = await closedSessionAfterMoreGraceDays();
    const form = await editFormOf(admin, closed.id);
    const later = DateTime.fromISO(form.startDate).plus({ days: 40 }).toISODate()!;

    const res = await save(admin, closed.id, { ...form, startDate: later, capacity: '26' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-startDate-error"');
    const page = decode(res.text);
    const lastDay = DateTime.fromJSDate(before.completion_deadline_at, { zone: 'UTC' }).minus({ days: 1 }).toFormat('d LLLL yyyy');
    expect(page).toContain(`Completion for this session closed at the end of ${lastDay}, so its first day can no longer move: that would reopen completion for everyone after the fact.`);
    expect(page).toContain('To let a learner finish, give them more time from the session’s progress page.');
    expect(res.text).toContain(`value="${later}"`);
    expect(res.text).toContain('value="26"');
    expect(await sessionOf(closed.id)).toEqual(before);
  });

  it('refuses another time zone for a session whose completion has closed, at that field, and changes nothing', async () => {
    const { admin, closed, before } = await closedSessionAfterMoreGraceDays();
    const res = await save(admin, closed.id, { ...(await editFormOf(admin, closed.id)), timeZone: 'America/Chicago' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-timeZone-error"');
    expect(decode(res.text)).toContain('so its time zone can no longer change: that would reopen completion for everyone after the fact.');
    expect(await sessionOf(closed.id)).toEqual(before);
  });

  it('keeps a closed session’s end and deadline when the course gained a week since and an admin saves its seats', async () => {
    const { cast, admin, closed, before } = await closedSessionAfterMoreGraceDays();
    await ctx.db('course_modules').insert({
      course_id: cast.course.id, week: 3, title: 'Week three', summary_md: '', summary_html: '', outcome_numbers: JSON.stringify([]), estimated_minutes: 60, discussion_prompt_md: '', discussion_prompt_html: '',
    });
    expect((await save(admin, closed.id, { ...(await editFormOf(admin, closed.id)), capacity: '27' })).status).toBe(302);
    expect(await sessionOf(closed.id)).toEqual({ ...before, capacity: 27 });
  });

  it('says on the edit form that a closed session’s first day stays', async () => {
    const { admin, closed } = await closedSessionAfterMoreGraceDays();
    const page = decode((await admin.get(`/admin/sessions/${closed.id}/edit`)).text);
    expect(page).toContain('Once completion has closed, the first day can no longer move: give a learner who needs to finish more time instead.');
  });
});
