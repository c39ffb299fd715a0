import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { postForm, signIn, type Agent } from '../helpers/http';
import { courseWithWeek, validReadingForm } from '../helpers/authoring-factories';

let ctx: TestContext;
let admin: Agent;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }));
});
afterAll(() => ctx.close());

const post = (url: string, data: Record<string, string> = {}) => postForm(admin, url, data, '/admin/courses');


async function positions(moduleId: number, table = 'readings') {
  const rows: { id: number; position: number }[] = await ctx.db(table).where({ course_module_id: moduleId }).orderBy('position').select('id', 'position');
  return rows;
}

const moduleForm = (overrides: Record<string, string> = {}) => ({
  week: '3', title: 'Week three', summary: 'A *summary*.', outcomeNumbers: '1, 2', estimatedMinutes: '90', discussionPrompt: 'What **helps**?', ...overrides,
});

describe('weeks (course modules)', () => {
  it('adds a week with its summary and discussion prompt stored as Markdown and HTML', async () => {
    const course = await createCourse(ctx.db);
    const res = await post(`/admin/courses/${course.id}/modules`, moduleForm());
    expect(res.status).toBe(302);
    const row = await ctx.db('course_modules').where({ course_id: course.id, week: 3 }).first();
    expect(res.headers.location).toBe(`/admin/courses/${course.id}/modules/${row.id}`);
    expect(row).toMatchObject({ title: 'Week three', estimated_minutes: 90, outcome_numbers: [1, 2], discussion_prompt_md: 'What **helps**?' });
    expect(row.discussion_prompt_html).toContain('<strong>helps</strong>');
    expect(row.summary_html).toContain('<em>summary</em>');
    expect((await admin.get(`/admin/courses/${course.id}`)).text).toContain('Week three');
  });

  it('refuses a week number the course already has, and an outcome the course does not have', async () => {
    const { course, base } = await courseWithWeek(ctx.db);
    const clash = await post(`/admin/courses/${course.id}/modules`, moduleForm({ week: '2', title: 'Clash' }));
    expect(clash.status).toBe(422);
    expect(clash.text).toContain('id="field-week-error"');
    const badOutcome = await post(base, moduleForm({ week: '1', outcomeNumbers: '1, 7' }));
    expect(badOutcome.status).toBe(422);
    expect(badOutcome.text).toContain('there is no outcome 7');
    expect(await ctx.db('course_modules').where({ course_id: course.id, title: 'Clash' }).first()).toBeUndefined();
    expect((await ctx.db('course_modules').where({ course_id: course.id, week: 1 }).first()).title).toBe('Week 1 title');
  });

  it('edits a week, and refuses moving it onto another week’s number, keeping what was typed', async () => {
    const { course, mod, base } = await courseWithWeek(ctx.db);
    const saved = await post(base, moduleForm({ week: '1', title: 'Noticing the signs', summary: 'Start *gently*.' }));
    expect(saved.status).toBe(302);
    expect(saved.headers.location).toBe(base);
    const row = await ctx.db('course_modules').where({ id: mod.id }).first();
    expect(row).toMatchObject({ week: 1, title: 'Noticing the signs', estimated_minutes: 90 });
    expect(row.summary_html).toContain('<em>gently</em>');
    expect((await admin.get(base)).text).toContain('value="Noticing the signs"');

    const clash = await post(base, moduleForm({ week: '2', title: 'Moved onto week two' }));
    expect(clash.status).toBe(422);
    expect(clash.text).toContain('id="field-week-error"');
    expect(clash.text).toContain('value="Moved onto week two"');
    expect(await ctx.db('course_modules').where({ id: mod.id }).first()).toMatchObject({ week: 1, title: 'Noticing the signs' });
    expect(await ctx.db('course_modules').where({ course_id: course.id, week: 2 }).count<{ n: number }[]>({ n: '*' }).first()).toMatchObject({ n: 1 });
  });

  it('takes an empty estimate as no estimate, shown empty again, and still refuses one that is not a number', async () => {
    const { mod, base } = await courseWithWeek(ctx.db);
    const saved = await post(base, moduleForm({ week: '1', estimatedMinutes: '  ' }));
    expect(saved.status).toBe(302);
    expect((await ctx.db('course_modules').where({ id: mod.id }).first()).estimated_minutes).toBe(0);
    expect((await admin.get(base)).text).toMatch(/name="estimatedMinutes" type="text" value=""/);
    const bad = await post(base, moduleForm({ week: '1', estimatedMinutes: 'ninety' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="field-estimatedMinutes-error"');
    expect((await ctx.db('course_modules').where({ id: mod.id }).first()).estimated_minutes).toBe(0);
  });

  it('previews the discussion prompt without saving the week', async () => {
    const { mod, base } = await courseWithWeek(ctx.db);
    const res = await post(base, moduleForm({ week: '1', discussionPrompt: 'Be **kind**', intent: 'preview' }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('<strong>kind</strong>');
    expect((await ctx.db('course_modules').where({ id: mod.id }).first()).discussion_prompt_md).toBe(mod.discussion_prompt_md);
  });

  it('deletes a week after confirmation, with its readings', async () => {
    const course = await createCourse(ctx.db, {}, false);
    const mod = await ctx.db('course_modules').where({ course_id: course.id, week: 1 }).first();
    const base = `/admin/courses/${course.id}/modules/${mod.id}`;
    expect((await admin.get(`${base}/delete`)).text).toContain('Yes, delete it');
    const res = await post(`${base}/delete`);
    expect(res.headers.location).toBe(`/admin/courses/${course.id}`);
    expect(await ctx.db('course_modules').where({ id: mod.id }).first()).toBeUndefined();
    expect(await ctx.db('readings').where({ course_module_id: mod.id }).first()).toBeUndefined();
  });

  it('writes and rewrites the exercise of a week', async () => {
    const { mod, base } = await courseWithWeek(ctx.db);
    await post(`${base}/exercise`, { title: 'Notice it', prompt: 'Write about *one* moment.' });
    expect(await ctx.db('exercises').where({ course_module_id: mod.id }).first()).toMatchObject({ title: 'Notice it', prompt_html: '<p>Write about <em>one</em> moment.</p>\n' });
    const empty = await post(`${base}/exercise`, { title: 'Notice it', prompt: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('id="field-prompt-error"');
    expect(await ctx.db('exercises').where({ course_module_id: mod.id }).count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 1 }]);
  });
});

describe('readings', () => {
  it('adds a reading at the end with its suggestions, and edits it', async () => {
    const { mod, base } = await courseWithWeek(ctx.db);
    const form = validReadingForm({ contentNote: 'Mentions loss.', suggestions: 'section-1: Notice tight shoulders\nsection-1:Take a walk' });
    const res = await post(`${base}/readings`, form);
    expect(res.status).toBe(302);
    const row = await ctx.db('readings').where({ course_module_id: mod.id, slug: form.slug }).first();
    expect(row).toMatchObject({ position: 2, title: form.title, minutes: 12, content_note: 'Mentions loss.', body_html: '<p>Some <em>text</em>.</p>\n' });
    const suggestions = await ctx.db('reading_suggestions').where({ reading_id: row.id }).orderBy('id');
    expect(suggestions.map((s) => [s.section_key, s.text])).toEqual([['section-1', 'Notice tight shoulders'], ['section-1', 'Take a walk']]);
    const edit = await admin.get(`${base}/readings/${row.id}`);
    expect(edit.text).toContain('section-1: Take a walk');
    await post(`${base}/readings/${row.id}`, { ...form, title: 'Renamed reading', contentNote: '', suggestions: '' });
    expect(await ctx.db('readings').where({ id: row.id }).first()).toMatchObject({ title: 'Renamed reading', content_note: null });
    expect(await ctx.db('reading_suggestions').where({ reading_id: row.id })).toEqual([]);
  });

  it('refuses a duplicate slug in the week, a suggestion for an unknown section and bad minutes, saving nothing', async () => {
    const { mod, base } = await courseWithWeek(ctx.db);
    const before = await positions(mod.id);
    const dup = await post(`${base}/readings`, validReadingForm({ slug: 'reading-1' }));
    expect(dup.status).toBe(422);
    expect(dup.text).toContain('id="field-slug-error"');
    const unknown = await post(`${base}/readings`, validReadingForm({ suggestions: 'no-such-section: text' }));
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('There is no toolkit section');
    const malformed = await post(`${base}/readings`, validReadingForm({ suggestions: 'just text without a key' }));
    expect(malformed.status).toBe(422);
    expect(malformed.text).toContain('section-key: text');
    const minutes = await post(`${base}/readings`, validReadingForm({ minutes: '0', title: 'Kept title' }));
    expect(minutes.status).toBe(422);
    expect(minutes.text).toContain('id="field-minutes-error"');
    expect(minutes.text).toContain('value="Kept title"');
    expect(await positions(mod.id)).toEqual(before);
  });

  it('previews a reading body without adding it', async () => {
    const { mod, base } = await courseWithWeek(ctx.db);
    const res = await post(`${base}/readings`, validReadingForm({ body: '# Heading\n\n<script>x()</script>', intent: 'preview' }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h2>Heading</h2>');
    expect(res.text).not.toContain('<script>x()');
    expect(await positions(mod.id)).toHaveLength(1);
  });

  it('moves readings up and down, keeping positions unique and in order, even on double clicks', async () => {
    const { mod, base } = await courseWithWeek(ctx.db);
    for (let i = 0; i < 3; i++) await post(`${base}/readings`, validReadingForm());
    const [a, b, c, d] = (await positions(mod.id)).map((r) => r.id);
    await post(`${base}/readings/${c}/move`, { direction: 'up' });
    expect((await positions(mod.id)).map((r) => r.id)).toEqual([a, c, b, d]);
    // A double click: two moves sent at once both apply, one after the other.
    await Promise.all([post(`${base}/readings/${d}/move`, { direction: 'up' }), post(`${base}/readings/${d}/move`, { direction: 'up' })]);
    const after = await positions(mod.id);
    expect(after.map((r) => r.id)).toEqual([a, d, c, b]);
    expect(after.map((r) => r.position)).toEqual([1, 2, 3, 4]);
    const top = await post(`${base}/readings/${a}/move`, { direction: 'up' });
    expect(top.status).toBe(302);
    expect((await positions(mod.id)).map((r) => r.id)).toEqual([a, d, c, b]);
    expect((await post(`${base}/readings/${a}/move`, { direction: 'sideways' })).status).toBe(404);
  });

  it('deletes a reading and closes the gap in positions', async () => {
    const { mod, base } = await courseWithWeek(ctx.db);
    for (let i = 0; i < 2; i++) await post(`${base}/readings`, validReadingForm());
    const [first, second, third] = (await positions(mod.id)).map((r) => r.id);
    await post(`${base}/readings/${first}/delete`);
    expect(await positions(mod.id)).toEqual([{ id: second, position: 1 }, { id: third, position: 2 }]);
  });

  it('refuses to delete a reading learners have marked as read, keeping it and their progress', async () => {
    const { course, mod, base } = await courseWithWeek(ctx.db);
    const [reading] = (await positions(mod.id)).map((r) => r.id);
    const session = await createSession(ctx.db, course.id, { status: 'cancelled' });
    const enrolment = await enrol(ctx.db, session.id, (await createUser(ctx.db)).id);
    await ctx.db('reading_progress').insert({ enrolment_id: enrolment, reading_id: reading });
    // The confirmation page says so at once, rather than offering a delete that will be refused.
    const confirm = await admin.get(`${base}/readings/${reading}/delete`);
    expect(confirm.text).toContain('cannot be deleted</h1>');
    expect(confirm.text).toContain('1 learner has already marked this reading as read');
    expect(confirm.text).not.toContain('Yes, delete it');
    const res = await post(`${base}/readings/${reading}/delete`);
    expect(res.status).toBe(302);
    const page = await admin.get(res.headers.location);
    expect(page.text).toContain('1 learner has already marked this reading as read');
    expect((await positions(mod.id)).map((r) => r.id)).toContain(reading);
    expect(await ctx.db('reading_progress').where({ reading_id: reading })).toHaveLength(1);
  });

  it('answers 404 for a reading or week of another course, and changes nothing', async () => {
    const one = await courseWithWeek(ctx.db);
    const two = await courseWithWeek(ctx.db);
    const foreignReading = (await positions(two.mod.id))[0].id;
    expect((await admin.get(`${one.base}/readings/${foreignReading}`)).status).toBe(404);
    expect((await post(`${one.base}/readings/${foreignReading}/move`, { direction: 'down' })).status).toBe(404);
    expect((await post(`${one.base}/readings/${foreignReading}/delete`)).status).toBe(404);
    expect((await post(`${one.base}/readings/${foreignReading}`, validReadingForm())).status).toBe(404);
    expect((await admin.get(`/admin/courses/${one.course.id}/modules/${two.mod.id}`)).status).toBe(404);
    expect((await post(`/admin/courses/${one.course.id}/modules/${two.mod.id}/readings`, validReadingForm())).status).toBe(404);
    expect(await positions(two.mod.id)).toHaveLength(1);
  });
});

describe('toolkit sections', () => {
  const sectionForm = (overrides: Record<string, string> = {}) => ({ key: 'warning-signs', title: 'Warning signs', prompt: 'What do you notice?', examples: 'Tight shoulders\n\nShort answers', ...overrides });

  it('adds, edits (renaming the key carries suggestions along), reorders and deletes sections', async () => {
    const { mod, base } = await courseWithWeek(ctx.db);
    await post(`${base}/toolkit-sections`, sectionForm());
    const added = await ctx.db('toolkit_sections').where({ course_module_id: mod.id, key: 'warning-signs' }).first();
    expect(added).toMatchObject({ position: 2, examples: ['Tight shoulders', 'Short answers'] });
    const [original] = await positions(mod.id, 'toolkit_sections');
    await post(`${base}/toolkit-sections/${original.id}`, sectionForm({ key: 'signs-renamed', title: 'Renamed' }));
    const reading = await ctx.db('readings').where({ course_module_id: mod.id }).first();
    expect((await ctx.db('reading_suggestions').where({ reading_id: reading.id }).first()).section_key).toBe('signs-renamed');
    await post(`${base}/toolkit-sections/${added.id}/move`, { direction: 'up' });
    expect((await positions(mod.id, 'toolkit_sections')).map((s) => s.id)).toEqual([added.id, original.id]);
    await post(`${base}/toolkit-sections/${added.id}/delete`);
    expect(await positions(mod.id, 'toolkit_sections')).toEqual([{ id: original.id, position: 1 }]);
  });

  it('deletes the week’s reading suggestions with their section, saying so first, and leaves other weeks’ alone', async () => {
    const { course, mod, base } = await courseWithWeek(ctx.db);
    const section = await ctx.db('toolkit_sections').where({ course_module_id: mod.id, key: 'section-1' }).first();
    const reading = await ctx.db('readings').where({ course_module_id: mod.id }).first();
    const suggestionsOf = (moduleId: number) =>
      ctx.db('reading_suggestions as s').join('readings as r', 'r.id', 's.reading_id').where('r.course_module_id', moduleId).select('s.section_key');
    const weekTwo = await ctx.db('course_modules').where({ course_id: course.id, week: 2 }).first();

    const confirm = await admin.get(`${base}/toolkit-sections/${section.id}/delete`);
    expect(confirm.text).toContain('with the 1 toolkit suggestion this week&#39;s readings make for it');
    expect(await suggestionsOf(mod.id)).toHaveLength(1);

    expect((await post(`${base}/toolkit-sections/${section.id}/delete`)).status).toBe(302);
    expect(await suggestionsOf(mod.id)).toEqual([]);
    expect(await suggestionsOf(weekTwo.id)).toEqual([{ section_key: 'section-2' }]);
    // The reading saves again as it was, with no suggestion for a section that is gone.
    const saved = await post(`${base}/readings/${reading.id}`, validReadingForm({ title: reading.title, slug: reading.slug }));
    expect(saved.status).toBe(302);
  });

  it('refuses a key another week of the course uses, on add and on edit, as learners’ suggestions find their section by key', async () => {
    const { course, mod, base } = await courseWithWeek(ctx.db);
    const weekTwo = await ctx.db('course_modules').where({ course_id: course.id, week: 2 }).first();
    const weekTwoSection = await ctx.db('toolkit_sections').where({ course_module_id: weekTwo.id }).first();
    const weekTwoBase = `/admin/courses/${course.id}/modules/${weekTwo.id}`;
    const added = await post(`${base}/toolkit-sections`, sectionForm({ key: 'section-2', title: 'Copycat' }));
    expect(added.status).toBe(422);
    expect(added.text).toContain('id="field-key-error"');
    expect(added.text).toContain('value="Copycat"');
    const renamed = await post(`${weekTwoBase}/toolkit-sections/${weekTwoSection.id}`, sectionForm({ key: 'section-1' }));
    expect(renamed.status).toBe(422);
    expect(renamed.text).toContain('Another toolkit section of this course already uses this key.');
    expect(await positions(mod.id, 'toolkit_sections')).toHaveLength(1);
    expect(await ctx.db('toolkit_sections').where({ id: weekTwoSection.id }).first()).toMatchObject({ key: 'section-2' });
    // Another course may use the same key.
    const other = await courseWithWeek(ctx.db);
    expect((await post(`${base}/toolkit-sections`, sectionForm({ key: 'shared-key' }))).status).toBe(302);
    expect((await post(`${other.base}/toolkit-sections`, sectionForm({ key: 'shared-key' }))).status).toBe(302);
  });

  it('refuses a key already used in the week and an empty prompt', async () => {
    const { mod, base } = await courseWithWeek(ctx.db);
    const res = await post(`${base}/toolkit-sections`, sectionForm({ key: 'section-1', prompt: '' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-prompt-error"');
    const dup = await post(`${base}/toolkit-sections`, sectionForm({ key: 'section-1' }));
    expect(dup.status).toBe(422);
    expect(dup.text).toContain('id="field-key-error"');
    expect(await positions(mod.id, 'toolkit_sections')).toHaveLength(1);
  });
});

describe('authoring pages', () => {
  it('renders every authoring page for an admin, with the CSRF token and the preview script', async () => {
    const { course, mod, base } = await courseWithWeek(ctx.db);
    const [reading] = await positions(mod.id);
    const [section] = await positions(mod.id, 'toolkit_sections');
    const pages = [
      '/admin/courses', '/admin/courses/new', `/admin/courses/${course.id}`, `/admin/courses/${course.id}/edit`,
      `/admin/courses/${course.id}/completion-rules`, `/admin/courses/${course.id}/modules/new`, base, `${base}/delete`, `${base}/exercise`,
      `${base}/readings/new`, `${base}/readings/${reading.id}`, `${base}/readings/${reading.id}/delete`,
      `${base}/toolkit-sections/new`, `${base}/toolkit-sections/${section.id}`, `${base}/toolkit-sections/${section.id}/delete`,
    ];
    for (const page of pages) {
      const res = await admin.get(page);
      expect([page, res.status]).toEqual([page, 200]);
      expect(res.text).toContain('name="_csrf"');
    }
    const edit = await admin.get(`${base}/readings/${reading.id}`);
    expect(edit.text).toContain('<script src="/static/js/markdown-preview.js" defer></script>');
    expect(edit.text).toContain('data-markdown-preview="field-body-preview"');
    expect(edit.text).not.toMatch(/<script>/);
  });

  it('keeps reading positions a gapless 1..n under many simultaneous moves', async () => {
    const { mod, base } = await courseWithWeek(ctx.db);
    for (let i = 0; i < 4; i++) await post(`${base}/readings`, validReadingForm());
    const ids = (await positions(mod.id)).map((r) => r.id);
    const moves = ids.flatMap((id, i) => [post(`${base}/readings/${id}/move`, { direction: i % 2 ? 'up' : 'down' }), post(`${base}/readings/${id}/move`, { direction: 'down' })]);
    const results = await Promise.all(moves);
    expect(results.map((r) => r.status)).toEqual(moves.map(() => 302));
    const after = await positions(mod.id);
    expect(after.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(after.map((r) => r.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });
});

describe('who may author course content', () => {
  it('refuses learners and instructors with 403 on week, reading and section pages', async () => {
    const { base } = await courseWithWeek(ctx.db);
    const readingId = (await ctx.db('readings').whereIn('course_module_id', ctx.db('course_modules').select('id')).first()).id;
    for (const role of ['learner', 'instructor'] as const) {
      const agent = await signIn(ctx.app, await createUser(ctx.db, { role }));
      for (const path of [base, `${base}/exercise`, `${base}/readings/new`, `${base}/toolkit-sections/new`]) expect((await agent.get(path)).status).toBe(403);
      const res = await postForm(agent, `${base}/readings/${readingId}/move`, { direction: 'down' });
      expect(res.status).toBe(403);
    }
  });
});
