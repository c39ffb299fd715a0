import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createSession, createUser, enrol, testCourseData } from '../helpers/factories';
import { postForm, signIn, type Agent } from '../helpers/http';
import { courseWithWeek } from '../helpers/authoring-factories';
import { fillToolkit, markReadingsDone, replyTo, setReflection, startThread } from '../helpers/completion-factories';
import { sessionDates } from '../../src/enrolment/session-dates';

let ctx: TestContext;
let admin: Agent;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }));
});
afterAll(() => ctx.close());

const post = (url: string, data: Record<string, string> = {}) => postForm(admin, url, data, '/admin/courses');


const weekForm = (overrides: Record<string, string> = {}) => ({
  week: '1', title: 'Week 1 title', summary: 'Summary.', outcomeNumbers: '1', estimatedMinutes: '60', discussionPrompt: 'Discuss.', ...overrides,
});

/** A learner of a session that has ended, who wrote a reflection, a thread with a reply, a toolkit entry and read week 1. */
async function learnerWorkInWeekOne(courseId: number) {
  const session = await createSession(ctx.db, courseId, { startedDaysAgo: 100 });
  const learner = await createUser(ctx.db);
  const peer = await createUser(ctx.db);
  const enrolmentId = await enrol(ctx.db, session.id, learner.id);
  await setReflection(ctx.db, enrolmentId, courseId, 1, 'submitted');
  const opening = await startThread(ctx.db, session.id, courseId, 1, learner.id);
  await replyTo(ctx.db, opening, peer.id);
  await fillToolkit(ctx.db, enrolmentId, courseId, { skipWeek: 2 });
  await markReadingsDone(ctx.db, enrolmentId, courseId, 1);
  return { session, enrolmentId };
}

describe('deleting or renumbering a week', () => {
  it('refuses to delete a week while sessions not yet over use the course, naming them, and changes nothing', async () => {
    const { course, mod, base } = await courseWithWeek(ctx.db);
    await createSession(ctx.db, course.id, { startDate: '2027-11-23' });
    await createSession(ctx.db, course.id, { startDate: '2028-01-04' });

    const confirm = await admin.get(`${base}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Sessions starting 23 Nov 2027 and 4 Jan 2028 use this course');
    expect(confirm.text).not.toContain('Yes, delete it');

    const res = await post(`${base}/delete`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(base);
    expect(await ctx.db('course_modules').where({ id: mod.id }).first()).toBeDefined();
    expect(await ctx.db('readings').where({ course_module_id: mod.id }).first()).toBeDefined();
    expect((await admin.get(base)).text).toContain('cannot be deleted or renumbered until they have ended or been cancelled');
  });

  it('refuses to delete a week that learners have worked in, saying how much, and keeps their work', async () => {
    const { course, mod, base } = await courseWithWeek(ctx.db);
    await learnerWorkInWeekOne(course.id);

    const confirm = await admin.get(`${base}/delete`);
    expect(confirm.text).toContain('Learners have already done work in this week (1 reflection, 2 discussion posts, 1 toolkit entry and 1 reading marked as read)');
    expect(confirm.text).not.toContain('Yes, delete it');

    await post(`${base}/delete`);
    expect(await ctx.db('course_modules').where({ id: mod.id }).first()).toBeDefined();
    expect(await ctx.db('discussion_threads').where({ course_module_id: mod.id }).count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 1 }]);
    expect(await ctx.db('reflections as r').join('exercises as e', 'e.id', 'r.exercise_id').where('e.course_module_id', mod.id).first()).toBeDefined();
  });

  it('refuses a new number for a week with learner work or a running session, keeping what was typed, but still saves its content', async () => {
    const worked = await courseWithWeek(ctx.db);
    await learnerWorkInWeekOne(worked.course.id);
    const renumbered = await post(worked.base, weekForm({ week: '5', title: 'Renamed' }));
    expect(renumbered.status).toBe(422);
    expect(renumbered.text).toContain('id="field-week-error"');
    expect(renumbered.text).toContain('value="Renamed"');
    expect(await ctx.db('course_modules').where({ id: worked.mod.id }).first()).toMatchObject({ week: 1, title: 'Week 1 title' });

    const running = await courseWithWeek(ctx.db);
    await createSession(ctx.db, running.course.id, { startedDaysAgo: 3 });
    const moved = await post(running.base, weekForm({ week: '4' }));
    expect(moved.status).toBe(422);
    expect(moved.text).toContain('The session starting');
    expect((await ctx.db('course_modules').where({ id: running.mod.id }).first()).week).toBe(1);

    const content = await post(running.base, weekForm({ title: 'Noticing the signs' }));
    expect(content.status).toBe(302);
    expect((await ctx.db('course_modules').where({ id: running.mod.id }).first()).title).toBe('Noticing the signs');
  });

  it('deletes a week when its only sessions were cancelled or have ended and no learner worked in it', async () => {
    const course = await createCourse(ctx.db);
    // The last week: deleting an earlier one would leave a gap in this published course.
    const mod = await ctx.db('course_modules').where({ course_id: course.id }).orderBy('week', 'desc').first();
    const base = `/admin/courses/${course.id}/modules/${mod.id}`;
    await createSession(ctx.db, course.id, { startDate: '2027-11-23', status: 'cancelled' });
    await createSession(ctx.db, course.id, { startedDaysAgo: 100 });
    expect((await admin.get(`${base}/delete`)).text).toContain('Yes, delete it');
    const res = await post(`${base}/delete`);
    expect(res.headers.location).toBe(`/admin/courses/${course.id}`);
    expect(await ctx.db('course_modules').where({ id: mod.id }).first()).toBeUndefined();
  });
});

describe('week numbers of a published course', () => {
  it('refuses deleting or renumbering a week when it would leave a gap, and says how to go on', async () => {
    const { course, mod, base } = await courseWithWeek(ctx.db);
    const page = await admin.get(`${base}/delete`);
    expect(page.text).toContain('This course is published, and deleting week 1 would leave no week 1');
    expect(page.text).not.toContain('Yes, delete it');
    await post(`${base}/delete`);
    expect(await ctx.db('course_modules').where({ id: mod.id }).first()).toBeDefined();
    const week2 = await ctx.db('course_modules').where({ course_id: course.id, week: 2 }).first();
    const renumber = await post(`/admin/courses/${course.id}/modules/${week2.id}`, weekForm({ week: '4', title: 'Moved on' }));
    expect(renumber.status).toBe(422);
    expect(renumber.text).toContain('moving week 2 to week 4 would leave no week 2 or 3');
    expect(renumber.text).toContain('value="Moved on"');
    expect((await ctx.db('course_modules').where({ id: week2.id }).first()).week).toBe(2);
  });

  it('refuses adding a week that skips a number, keeping the form, and adds the next one', async () => {
    const course = await createCourse(ctx.db);
    const skipped = await post(`/admin/courses/${course.id}/modules`, weekForm({ week: '4', title: 'Too far' }));
    expect(skipped.status).toBe(422);
    expect(skipped.text).toContain('adding week 4 would leave no week 3');
    expect(skipped.text).toContain('value="Too far"');
    expect(await ctx.db('course_modules').where({ course_id: course.id, week: 4 })).toHaveLength(0);
    expect((await post(`/admin/courses/${course.id}/modules`, weekForm({ week: '3', title: 'Next' }))).status).toBe(302);
  });

  it('lets an unpublished course lose an early week (publishing checks the numbers later)', async () => {
    const course = await createCourse(ctx.db, {}, false);
    const mod = await ctx.db('course_modules').where({ course_id: course.id, week: 1 }).first();
    const res = await post(`/admin/courses/${course.id}/modules/${mod.id}/delete`);
    expect(res.headers.location).toBe(`/admin/courses/${course.id}`);
    expect(await ctx.db('course_modules').where({ id: mod.id }).first()).toBeUndefined();
  });
});

describe('adding a week', () => {
  it('refuses a new week while a session not yet over uses the course, and adds one once it is cancelled', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2027-11-23' });
    expect((await admin.get(`/admin/courses/${course.id}/modules/new`)).text).toContain('A week can be added once it has ended or been cancelled');

    const refused = await post(`/admin/courses/${course.id}/modules`, weekForm({ week: '3', title: 'Week three' }));
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('The session starting 23 Nov 2027 uses this course');
    expect(refused.text).toContain('value="Week three"');
    expect(await ctx.db('course_modules').where({ course_id: course.id, week: 3 }).first()).toBeUndefined();

    await ctx.db('course_sessions').where({ id: session.id }).update({ status: 'cancelled' });
    const added = await post(`/admin/courses/${course.id}/modules`, weekForm({ week: '3', title: 'Week three' }));
    expect(added.status).toBe(302);
    expect(await ctx.db('course_modules').where({ course_id: course.id, week: 3 }).first()).toBeDefined();
  });

  it('calls a clashing number a week, not a module', async () => {
    const course = await createCourse(ctx.db);
    const clash = await post(`/admin/courses/${course.id}/modules`, weekForm({ week: '2' }));
    expect(clash.status).toBe(422);
    expect(clash.text).toContain('This course already has a week with that number.');
    expect(clash.text).not.toContain('a module for that week');
  });
});

describe('deleting a toolkit section', () => {
  it('refuses while learners have entries in it, saying how many, and keeps the entries', async () => {
    const { course, mod, base } = await courseWithWeek(ctx.db);
    await learnerWorkInWeekOne(course.id);
    const section = await ctx.db('toolkit_sections').where({ course_module_id: mod.id }).first();
    const url = `${base}/toolkit-sections/${section.id}/delete`;

    const confirm = await admin.get(url);
    expect(confirm.text).toContain('Learners have written 1 entry in this section');
    expect(confirm.text).toContain('change the section&#39;s title or prompt instead');
    expect(confirm.text).not.toContain('Yes, delete it');

    const res = await post(url);
    expect(res.headers.location).toBe(`${base}#toolkit`);
    expect(await ctx.db('toolkit_sections').where({ id: section.id }).first()).toBeDefined();
    expect(await ctx.db('toolkit_entries').where({ toolkit_section_id: section.id }).count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 1 }]);
    expect((await admin.get(base)).text).toContain('Learners have written 1 entry in this section');
  });

  it('counts a text a learner’s other window wrote over (kept aside in the section), and keeps it', async () => {
    const { course, mod, base } = await courseWithWeek(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: 100 });
    const enrolmentId = await enrol(ctx.db, session.id, (await createUser(ctx.db)).id);
    const section = await ctx.db('toolkit_sections').where({ course_module_id: mod.id }).first();
    await ctx.db('toolkit_texts_set_aside').insert({ enrolment_id: enrolmentId, toolkit_section_id: section.id, text: 'Kept from another window' });
    const url = `${base}/toolkit-sections/${section.id}/delete`;
    expect((await admin.get(url)).text).toContain('Learners have written 1 entry in this section');
    await post(url);
    expect(await ctx.db('toolkit_texts_set_aside').where({ toolkit_section_id: section.id })).toHaveLength(1);
  });
});

describe('week numbers without gaps', () => {
  async function courseWithWeeksOneAndThree() {
    const data = testCourseData();
    const modules = data.modules.map((m) => (m.week === 2 ? { ...m, week: 3, outcomeNumbers: [1] } : m));
    return createCourse(ctx.db, { modules }, false);
  }

  it('refuses to publish a course whose weeks skip a number, saying which', async () => {
    const course = await courseWithWeeksOneAndThree();
    const res = await post(`/admin/courses/${course.id}/publish`, { back: 'course' });
    expect(res.headers.location).toBe(`/admin/courses/${course.id}`);
    expect((await ctx.db('courses').where({ id: course.id }).first()).published).toBe(false);
    expect((await admin.get(res.headers.location)).text).toContain('The weeks are numbered 1, 3, so there is no week 2. Please number the weeks 1 to 2 without gaps');
  });

  it('makes a session last until the highest week number, not the count of weeks', async () => {
    const course = await courseWithWeeksOneAndThree();
    const res = await postForm(admin, '/admin/sessions', {
      courseId: String(course.id), startDate: '2027-03-01', timeZone: 'UTC', capacity: '20', minEnrolment: '0', price: '250.00', currency: 'USD',
      goNoGoDate: '', registrationOpensAt: '2027-01-04T09:00', registrationClosesAt: '',
    }, '/admin/sessions/new');
    expect(res.status).toBe(302);
    const row = await ctx.db('course_sessions').where({ course_id: course.id }).first();
    expect(row.ends_at.toISOString()).toBe(sessionDates('2027-03-01', 'UTC', 3).endsAt.toISOString());
  });
});
