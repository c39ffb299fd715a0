import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createSession, createUser } from '../helpers/factories';
import { type Agent, decode, postForm, readable, signIn } from '../helpers/http';
import { validReadingForm } from '../helpers/authoring-factories';

let ctx: TestContext;
let admin: Agent;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }));
});
afterAll(() => ctx.close());

const NOTICE = 'class="notice notice-info open-week-notice"';
const PROMPT_EFFECT = 'Reflections already sent keep the wording their learners answered';
const NEW_READING_EFFECT = 'Learners who have already finished the week will see a new step there.';

/** A course, the admin pages of its weeks 1 and 2, and the titles of the sessions made for it. */
async function courseWeeks() {
  const course = await createCourse(ctx.db);
  const mods = await ctx.db('course_modules').where({ course_id: course.id }).orderBy('week').select('id', 'week');
  const page = (week: number) => `/admin/courses/${course.id}/modules/${mods[week - 1].id}`;
  const reading = async (week: number) => (await ctx.db('readings').where({ course_module_id: mods[week - 1].id }).orderBy('position').first('id')).id as number;
  const titleOf = async (sessionId: number) => (await ctx.db('course_sessions').where({ id: sessionId }).first('title')).title as string;
  return { course, page, reading, titleOf };
}

/** The exercise form and both reading forms of a week, as the admin sees them. */
async function weekForms(page: string, readingId: number) {
  return Promise.all([`${page}/exercise`, `${page}/readings/new`, `${page}/readings/${readingId}`].map(async (url) => {
    const res = await admin.get(url);
    expect(res.status).toBe(200);
    return res.text;
  }));
}

describe('the notice on a week’s content forms when sessions have the week open', () => {
  it('says nothing while no running session has the week open', async () => {
    const { course, page, reading } = await courseWeeks();
    await createSession(ctx.db, course.id, { startedDaysAgo: -10 }); // not started yet
    const cancelled = await createSession(ctx.db, course.id, { startedDaysAgo: 2, status: 'cancelled' });
    await createSession(ctx.db, course.id, { startedDaysAgo: 200 }); // over long ago
    for (const html of await weekForms(page(1), await reading(1))) expect(html).not.toContain(NOTICE);
    // The same session, running after all, has week 1 open.
    await ctx.db('course_sessions').where({ id: cancelled.id }).update({ status: 'scheduled' });
    for (const html of await weekForms(page(1), await reading(1))) expect(html).toContain(NOTICE);
  });

  it('names the running sessions with the week open, and what a change does, above each form', async () => {
    const { course, page, reading, titleOf } = await courseWeeks();
    const running = await createSession(ctx.db, course.id, { startedDaysAgo: 1 });
    const [exercise, newReading, editReading] = (await weekForms(page(1), await reading(1))).map(decode);
    const title = await titleOf(running.id);
    for (const html of [exercise, newReading, editReading]) {
      expect(html).toContain(NOTICE);
      expect(readable(html)).toContain(`Week 1 is already open to the learners of the running session “${title}”`);
      expect(html.indexOf(NOTICE)).toBeLessThan(html.indexOf('class="stack authoring-form"'));
    }
    expect(exercise).toContain(PROMPT_EFFECT);
    expect(newReading).toContain(NEW_READING_EFFECT);
    expect(editReading).toContain('Readings they have marked as read stay marked.');
    // A week given its first exercise: a new step for everyone in it.
    await ctx.db('exercises').where({ course_module_id: (await ctx.db('course_modules').where({ course_id: course.id, week: 1 }).first('id')).id }).delete();
    expect(decode((await admin.get(`${page(1)}/exercise`)).text)).toContain('as a new step, also for learners who have already finished the week');
    // Week 2 opens a week after the start: not yet.
    for (const html of await weekForms(page(2), await reading(2))) expect(html).not.toContain(NOTICE);
  });

  it('counts a week an instructor opened early, and names every session that has it open', async () => {
    const { course, page, reading, titleOf } = await courseWeeks();
    const first = await createSession(ctx.db, course.id, { startedDaysAgo: 1 });
    const second = await createSession(ctx.db, course.id, { startedDaysAgo: 3 });
    await ctx.db('week_unlocks').insert([{ course_session_id: first.id, week: 2 }, { course_session_id: second.id, week: 2 }]);
    const [exercise] = (await weekForms(page(2), await reading(2))).map(decode);
    expect(readable(exercise)).toContain(`Week 2 is already open to the learners of 2 running sessions: “${await titleOf(second.id)}”`);
    expect(readable(exercise)).toContain(`and “${await titleOf(first.id)}”`);
  });

  it('keeps the notice on a form handed back, and still saves the change', async () => {
    const { course, page } = await courseWeeks();
    await createSession(ctx.db, course.id, { startedDaysAgo: 1 });
    const exerciseUrl = `${page(1)}/exercise`;
    const refused = await postForm(admin, exerciseUrl, { title: 'Notice it', prompt: '  ' }, exerciseUrl);
    expect(refused.status).toBe(422);
    expect(decode(refused.text)).toContain(PROMPT_EFFECT);
    expect(refused.text).toContain('id="field-prompt-error"');
    expect((await postForm(admin, exerciseUrl, { title: 'Notice it', prompt: 'Write about *one* moment.' }, exerciseUrl)).status).toBe(302);
    const added = await postForm(admin, `${page(1)}/readings`, validReadingForm({ title: 'A new reading' }), `${page(1)}/readings/new`);
    expect(added.status).toBe(302);
  });
});
