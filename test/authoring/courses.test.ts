import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createUser } from '../helpers/factories';
import { csrfFrom, postForm, signIn, type Agent } from '../helpers/http';
import { validCourseForm } from '../helpers/authoring-factories';

let ctx: TestContext;
let admin: Agent;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }));
});
afterAll(() => ctx.close());

const post = (url: string, data: Record<string, string>) => postForm(admin, url, data, '/admin/courses');

describe('creating and editing a course', () => {
  it('creates an unpublished course with Markdown stored as both source and HTML, price in minor units', async () => {
    const form = validCourseForm({ price: '199.5' });
    const res = await post('/admin/courses', form);
    expect(res.status).toBe(302);
    const row = await ctx.db('courses').where({ slug: form.slug }).first();
    expect(res.headers.location).toBe(`/admin/courses/${row.id}`);
    expect(row).toMatchObject({ title: form.title, published: false, price_minor: 19950, currency: 'USD', contact_hours: 15 });
    expect(row.outcomes).toEqual(['Name the signs', 'Plan a routine']);
    expect(row.description_md).toBe('A course about **care**.');
    expect(row.description_html).toContain('<strong>care</strong>');
    expect(row.instructor_bio_html).toContain('<em>taught</em>');
    expect(row.completion_rules).toMatchObject({ postsPerWeek: 1, repliesPerWeek: 2 });
    const list = await admin.get('/admin/courses');
    expect(list.text).toContain(form.title);
  });

  it('saves edited details and shows them on the edit page, with derived CEUs and the price as a decimal', async () => {
    const course = await createCourse(ctx.db);
    const form = validCourseForm({ title: 'A renamed course', contactHours: '12', price: '75.05', currency: 'EUR' });
    const res = await post(`/admin/courses/${course.id}/edit`, form);
    expect(res.status).toBe(302);
    const row = await ctx.db('courses').where({ id: course.id }).first();
    expect(row).toMatchObject({ title: 'A renamed course', slug: form.slug, contact_hours: 12, price_minor: 7505, currency: 'EUR' });
    const page = await admin.get(`/admin/courses/${course.id}`);
    expect(page.text).toContain('A renamed course');
    expect(page.text).toContain('12 (1.2 CEUs)');
    expect(page.text).toContain('75.05 EUR');
    const edit = await admin.get(`/admin/courses/${course.id}/edit`);
    expect(edit.text).toContain('value="75.05"');
    expect(edit.text).toContain('12 hours = 1.2 CEUs');
  });

  it.each([
    ['an empty title', { title: '  ' }, 'title', 'Please enter the course title'],
    ['a slug with spaces', { slug: 'my course' }, 'slug', 'lowercase letters'],
    ['zero contact hours', { contactHours: '0' }, 'contactHours', 'whole number from 1'],
    ['fractional contact hours', { contactHours: '1.5' }, 'contactHours', 'whole number from 1'],
    ['a price with three decimals', { price: '10.005' }, 'price', 'like 250.00'],
    ['a negative price', { price: '-5' }, 'price', 'like 250.00'],
    ['a price with a comma', { price: '1,000.00' }, 'price', 'like 250.00'],
    ['a two-letter currency', { currency: 'US' }, 'currency', 'Please choose a currency.'],
    ['three letters that are no currency offered', { currency: 'ABC' }, 'currency', 'Please choose a currency.'],
    ['no outcomes', { outcomes: '\n \n' }, 'outcomes', 'from 1 to 20 outcomes'],
    ['an empty description', { description: '' }, 'description', 'Please write the description'],
  ])('refuses %s with 422, a message at the field, the input kept and nothing saved', async (_label, override, field, message) => {
    const course = await createCourse(ctx.db);
    const before = await ctx.db('courses').where({ id: course.id }).first();
    const form = validCourseForm({ ...override, summary: 'Kept summary <b>text</b>' });
    const res = await post(`/admin/courses/${course.id}/edit`, form);
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="field-${field}-error"`);
    expect(res.text).toContain(message);
    expect(res.text).toContain('value="Kept summary &lt;b&gt;text&lt;/b&gt;"');
    expect(await ctx.db('courses').where({ id: course.id }).first()).toEqual(before);
  });

  it('refuses fewer outcomes than a week refers to, at the field, keeping the input, so that week can still be saved', async () => {
    const course = await createCourse(ctx.db);
    const before = await ctx.db('courses').where({ id: course.id }).first();
    const res = await post(`/admin/courses/${course.id}/edit`, validCourseForm({ outcomes: 'Only the first one', title: 'Kept title' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-outcomes-error"');
    expect(res.text).toContain('This leaves 1 outcome, but week 2 (outcome 2) refers to outcome 2.');
    expect(res.text).toContain('value="Kept title"');
    expect(await ctx.db('courses').where({ id: course.id }).first()).toEqual(before);
    const week2 = await ctx.db('course_modules').where({ course_id: course.id, week: 2 }).first();
    const weekSaved = await post(`/admin/courses/${course.id}/modules/${week2.id}`, { week: '2', title: 'Retitled', summary: '', outcomeNumbers: '2', estimatedMinutes: '', discussionPrompt: '' });
    expect(weekSaved.status).toBe(302);
    // Once no week points past the end, the outcome can go.
    await post(`/admin/courses/${course.id}/modules/${week2.id}`, { week: '2', title: 'Retitled', summary: '', outcomeNumbers: '1', estimatedMinutes: '', discussionPrompt: '' });
    expect((await post(`/admin/courses/${course.id}/edit`, validCourseForm({ outcomes: 'Only the first one' }))).status).toBe(302);
  });

  it('refuses a web address another course uses, next to the field, on create and on edit', async () => {
    const taken = await createCourse(ctx.db);
    const other = await createCourse(ctx.db);
    const created = await post('/admin/courses', validCourseForm({ slug: taken.slug, title: 'Clash' }));
    expect(created.status).toBe(422);
    expect(created.text).toContain('id="field-slug-error"');
    expect(created.text).toContain('Another course already uses this web address');
    expect(await ctx.db('courses').where({ title: 'Clash' }).first()).toBeUndefined();
    const edited = await post(`/admin/courses/${other.id}/edit`, validCourseForm({ slug: taken.slug }));
    expect(edited.status).toBe(422);
    expect((await ctx.db('courses').where({ id: other.id }).first()).slug).toBe(other.slug);
  });

  it('answers 404 for a course id that does not exist or is malformed', async () => {
    expect((await admin.get('/admin/courses/999999/edit')).status).toBe(404);
    expect((await admin.get('/admin/courses/abc')).status).toBe(404);
    expect((await post('/admin/courses/999999/edit', validCourseForm())).status).toBe(404);
  });
});

describe('Markdown preview and sanitising', () => {
  it('re-renders the form with the rendered preview and saves nothing when Preview is pressed', async () => {
    const course = await createCourse(ctx.db);
    const before = await ctx.db('courses').where({ id: course.id }).first();
    const res = await post(`/admin/courses/${course.id}/edit`, validCourseForm({ title: 'Not saved', description: 'Hello **preview**', intent: 'preview' }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('<strong>preview</strong>');
    expect(res.text).toContain('Hello **preview**</textarea>');
    expect(res.text).toContain('value="Not saved"');
    expect(await ctx.db('courses').where({ id: course.id }).first()).toEqual(before);
  });

  it('stores and previews script tags, event handlers and javascript: links only as harmless text', async () => {
    const course = await createCourse(ctx.db);
    const evil = '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[click](javascript:alert(3)) and [ok](https://example.org)';
    const preview = await post(`/admin/courses/${course.id}/edit`, validCourseForm({ description: evil, intent: 'preview' }));
    const saved = await post(`/admin/courses/${course.id}/edit`, validCourseForm({ description: evil }));
    expect(saved.status).toBe(302);
    const row = await ctx.db('courses').where({ id: course.id }).first();
    expect(row.description_md).toBe(evil);
    for (const html of [row.description_html, preview.text.split('id="field-description-preview"')[1].split('</section>')[0]]) {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/href="javascript:/i);
      expect(html).toContain('href="https://example.org"');
    }
    const json = await admin.post('/admin/markdown-preview').set('x-csrf-token', await csrfFrom(admin, '/admin/courses')).set('Accept', 'application/json').send({ markdown: evil });
    expect(json.status).toBe(200);
    expect(json.body.html).not.toMatch(/<script|<img|href="javascript:/i);
    expect(json.body.html).toContain('&lt;script&gt;');
  });

  it('refuses the JSON preview without a CSRF token', async () => {
    const res = await admin.post('/admin/markdown-preview').set('Accept', 'application/json').send({ markdown: '*hi*' });
    expect(res.status).toBe(403);
    expect(res.body.html).toBeUndefined();
  });
});

describe('publishing', () => {
  it('publishes and unpublishes a course from the list', async () => {
    const course = await createCourse(ctx.db, {}, false);
    const published = await post(`/admin/courses/${course.id}/publish`, {});
    expect(published.status).toBe(302);
    expect((await ctx.db('courses').where({ id: course.id }).first()).published).toBe(true);
    expect((await admin.get('/admin/courses')).text).toContain(`/admin/courses/${course.id}/unpublish`);
    await post(`/admin/courses/${course.id}/unpublish`, {});
    expect((await ctx.db('courses').where({ id: course.id }).first()).published).toBe(false);
  });

  it('refuses to publish a course with no weeks and says why', async () => {
    await post('/admin/courses', validCourseForm({ slug: 'empty-course-x' }));
    const { id } = await ctx.db('courses').where({ slug: 'empty-course-x' }).first();
    const res = await post(`/admin/courses/${id}/publish`, { back: 'course' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/admin/courses/${id}`);
    expect((await ctx.db('courses').where({ id }).first()).published).toBe(false);
    expect((await admin.get(res.headers.location)).text).toContain('needs at least one week');
  });
});

describe('completion rules', () => {
  it('saves the numbers and switches, keeping other stored rules', async () => {
    const course = await createCourse(ctx.db);
    await ctx.db('courses').where({ id: course.id }).update({ completion_rules: JSON.stringify({ postsPerWeek: 1, customRule: 'kept' }) });
    const res = await post(`/admin/courses/${course.id}/completion-rules`, {
      postsPerWeek: '2', repliesPerWeek: '3', toolkitEntriesPerSection: '1', completionGraceDays: '45', readingsDone: 'on', evaluation: 'on',
    });
    expect(res.status).toBe(302);
    const { completion_rules: rules } = await ctx.db('courses').where({ id: course.id }).first();
    expect(rules).toEqual({ postsPerWeek: 2, repliesPerWeek: 3, toolkitEntriesPerSection: 1, completionGraceDays: 45, readingsDone: true, exerciseSubmitted: false, evaluation: true, customRule: 'kept' });
    const page = await admin.get(`/admin/courses/${course.id}/completion-rules`);
    expect(page.text).toContain('value="45"');
  });

  it('refuses numbers out of range with 422 and changes nothing', async () => {
    const course = await createCourse(ctx.db);
    const before = (await ctx.db('courses').where({ id: course.id }).first()).completion_rules;
    const res = await post(`/admin/courses/${course.id}/completion-rules`, { postsPerWeek: '-1', repliesPerWeek: '99', toolkitEntriesPerSection: 'x', completionGraceDays: '400' });
    expect(res.status).toBe(422);
    for (const field of ['postsPerWeek', 'repliesPerWeek', 'toolkitEntriesPerSection', 'completionGraceDays']) expect(res.text).toContain(`id="field-${field}-error"`);
    expect(res.text).toContain('value="99"');
    expect((await ctx.db('courses').where({ id: course.id }).first()).completion_rules).toEqual(before);
  });
});

describe('who may author', () => {
  it.each(['learner', 'instructor'] as const)('refuses a %s with 403 on every authoring page and action', async (role) => {
    const course = await createCourse(ctx.db, {}, false);
    const agent = await signIn(ctx.app, await createUser(ctx.db, { role }));
    for (const path of ['/admin/courses', '/admin/courses/new', `/admin/courses/${course.id}`, `/admin/courses/${course.id}/edit`]) {
      expect((await agent.get(path)).status).toBe(403);
    }
    const token = await csrfFrom(agent, '/dashboard');
    expect((await agent.post(`/admin/courses/${course.id}/publish`).type('form').send({ _csrf: token })).status).toBe(403);
    expect((await agent.post(`/admin/courses/${course.id}/edit`).type('form').send({ _csrf: token, ...validCourseForm() })).status).toBe(403);
    expect((await agent.post('/admin/markdown-preview').set('x-csrf-token', token).send({ markdown: 'x' })).status).toBe(403);
    const row = await ctx.db('courses').where({ id: course.id }).first();
    expect(row.published).toBe(false);
    expect(row.slug).toBe(course.slug);
  });

  it('sends a visitor to the login page', async () => {
    const { default: request } = await import('supertest');
    const res = await request(ctx.app).get('/admin/courses');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
  });
});
