import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from '../helpers/app';
import { createCourse, createSession, createUser } from '../helpers/factories';
import { adminContext, decode, postForm, signIn, uploadFormOf, type Agent } from '../helpers/http';
import { validCourseForm } from '../helpers/authoring-factories';
import { XSS_PAYLOADS, scriptableParts } from '../security/support/xss';

// An admin starts the provider's next course from one that exists: a copy of its content,
// unpublished, under a new address, that never shares a row or a file with the original.
let ctx: TestContext;
let admin: Agent;
beforeAll(async () => {
  ({ ctx, admin } = await adminContext());
});
afterAll(() => ctx.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const post = (data: Record<string, string>) => postForm(admin, '/admin/courses', data, '/admin/courses');

type Row = Record<string, unknown>;
const without = (row: Row, keys: string[]): Row => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

/** A course whose first reading has a file, uploaded as an admin would, and its completion rules changed. */
async function courseWithFile() {
  const course = await createCourse(ctx.db);
  const mod = await ctx.db('course_modules').where({ course_id: course.id, week: 1 }).first();
  const reading = await ctx.db('readings').where({ course_module_id: mod.id }).orderBy('position').first();
  const readingUrl = `/admin/courses/${course.id}/modules/${mod.id}/readings/${reading.id}`;
  const form = await uploadFormOf(admin, readingUrl);
  const upload = await admin.post(form.action).field('_csrf', form.token).attach('files', PDF, { filename: 'Handout.pdf', contentType: 'application/pdf' });
  expect(upload.status).toBe(302);
  await ctx.db('courses').where({ id: course.id }).update({ completion_rules: JSON.stringify({ postsPerWeek: 3, repliesPerWeek: 1, evaluationRequired: true }) });
  return { course, readingUrl };
}

/** Everything a course holds, every column but ids, parents, storage keys and times: what a copy must reproduce. */
async function contentOf(courseId: number) {
  const modules = await ctx.db('course_modules').where({ course_id: courseId }).orderBy('week');
  const weekOf = new Map<number, number>(modules.map((m) => [m.id, m.week]));
  const ids = modules.map((m) => m.id);
  const byWeek = (rows: Row[]) => rows.map((r) => ({ week: weekOf.get(r.course_module_id as number), ...without(r, ['id', 'course_module_id']) }));
  const readings = await ctx.db('readings').whereIn('course_module_id', ids).orderBy('id');
  const readingOf = new Map<number, string>(readings.map((r) => [r.id, `${weekOf.get(r.course_module_id)}/${r.slug}`]));
  const byReading = async (table: string, drop: string[] = []) =>
    (await ctx.db(table).whereIn('reading_id', [...readingOf.keys()]).orderBy('id')).map((r: Row) => ({ reading: readingOf.get(r.reading_id as number), ...without(r, ['id', 'reading_id', ...drop]) }));
  return {
    modules: modules.map((m) => without(m, ['id', 'course_id'])),
    exercises: byWeek(await ctx.db('exercises').whereIn('course_module_id', ids).orderBy('id')),
    sections: byWeek(await ctx.db('toolkit_sections').whereIn('course_module_id', ids).orderBy('id')),
    readings: byWeek(readings),
    suggestions: await byReading('reading_suggestions'),
    files: await byReading('reading_files', ['storage_key', 'created_at']),
  };
}

const filesOf = async (courseId: number) =>
  ctx.db('reading_files as f').join('readings as r', 'r.id', 'f.reading_id').join('course_modules as m', 'm.id', 'r.course_module_id').where('m.course_id', courseId).select('f.*');
const storedFileCount = () => fs.readdirSync(ctx.config.uploadDir, { recursive: true }).filter((f) => fs.statSync(path.join(ctx.config.uploadDir, String(f))).isFile()).length;

describe('creating a course like another', () => {
  it('copies the weeks, readings with their ideas and files, exercises, toolkit sections and completion rules into an unpublished course', async () => {
    const { course } = await courseWithFile();
    await createSession(ctx.db, course.id);
    const before = await contentOf(course.id);
    expect(before.files).toHaveLength(1);
    for (const rows of Object.values(before)) expect(rows.length).toBeGreaterThan(0);

    const coursePage = await admin.get(`/admin/courses/${course.id}`);
    expect(coursePage.text).toContain(`href="/admin/courses/new?from=${course.id}"`);
    const form = await admin.get(`/admin/courses/new?from=${course.id}`);
    expect(form.status).toBe(200);
    const text = decode(form.text);
    expect(text).toContain(`Create a course like “${course.data.title}”`);
    expect(text).toMatch(/a copy of its \d+ weeks, \d+ readings \(1 file\), \d+ exercises?, \d+ toolkit sections?,? and its completion rules/);
    expect(text).toContain(`value="${course.data.title} (copy)"`);
    expect(text).toContain(`value="${course.slug}-copy"`);
    expect(form.text).toContain(`<input type="hidden" name="from" value="${course.id}">`);

    const res = await post(validCourseForm({ title: 'Caring for carers, second edition', slug: `${course.slug}-copy`, from: String(course.id) }));
    expect(res.status).toBe(302);
    const copy = await ctx.db('courses').where({ slug: `${course.slug}-copy` }).first();
    expect(res.headers.location).toBe(`/admin/courses/${copy.id}`);
    expect(copy).toMatchObject({ title: 'Caring for carers, second edition', published: false, price_minor: 25000 });
    expect(copy.completion_rules).toEqual({ postsPerWeek: 3, repliesPerWeek: 1, evaluationRequired: true });
    expect(await contentOf(copy.id)).toEqual(before);
    expect(await contentOf(course.id)).toEqual(before);
    expect(await ctx.db('course_sessions').where({ course_id: copy.id })).toEqual([]);

    const [original, copied] = [(await filesOf(course.id))[0], (await filesOf(copy.id))[0]];
    expect(copied.storage_key).not.toBe(original.storage_key);
    expect(Buffer.compare(await ctx.storage.get(copied.storage_key), PDF)).toBe(0);
    const flash = await admin.get(`/admin/courses/${copy.id}`);
    expect(decode(flash.text)).toContain(`is created as a copy of "${course.data.title}"`);
  });

  it('keeps the two apart: removing the copy’s file or editing its week leaves the original as it was', async () => {
    const { course, readingUrl } = await courseWithFile();
    const res = await post(validCourseForm({ from: String(course.id) }));
    const copyId = Number(/\/admin\/courses\/(\d+)$/.exec(res.headers.location)![1]);
    const copiedFile = (await filesOf(copyId))[0];
    const copiedReading = await ctx.db('readings').where({ id: copiedFile.reading_id }).first();
    const copiedUrl = `/admin/courses/${copyId}/modules/${copiedReading.course_module_id}/readings/${copiedReading.id}`;
    const removed = await postForm(admin, `${copiedUrl}/files/${copiedFile.id}/delete`, {}, copiedUrl);
    expect(removed.status).toBe(302);
    await ctx.db('course_modules').where({ course_id: copyId, week: 1 }).update({ title: 'A new first week' });

    const originalFile = (await filesOf(course.id))[0];
    const download = await admin.get(`${readingUrl}/files/${originalFile.id}`).buffer(true);
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
    expect((await ctx.db('course_modules').where({ course_id: course.id, week: 1 }).first()).title).not.toBe('A new first week');
  });

  it('refuses a web address in use with 422 at the field, keeping the copy and the words, creating nothing and leaving no copied file', async () => {
    const { course } = await courseWithFile();
    const [courses, files] = [await ctx.db('courses').count({ n: '*' }), storedFileCount()];
    const res = await post(validCourseForm({ title: 'Words I typed', slug: course.slug, from: String(course.id) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Another course already uses this web address.');
    expect(res.text).toContain('value="Words I typed"');
    expect(res.text).toContain(`<input type="hidden" name="from" value="${course.id}">`);
    expect(decode(res.text)).toContain(`Create a course like “${course.data.title}”`);
    expect(await ctx.db('courses').count({ n: '*' })).toEqual(courses);
    expect(storedFileCount()).toBe(files);

    const preview = await post(validCourseForm({ from: String(course.id), intent: 'preview' }));
    expect(preview.status).toBe(200);
    expect(preview.text).toContain(`<input type="hidden" name="from" value="${course.id}">`);
  });

  it('offers a web address for the copy that the form accepts, even when the original is cut at a hyphen', async () => {
    const stem = `c${Date.now()}${'a'.repeat(109)}`.slice(0, 109);
    const course = await createCourse(ctx.db, { slug: `${stem}-tail` });
    const form = await admin.get(`/admin/courses/new?from=${course.id}`);
    const offered = /name="slug" type="text" value="([^"]*)"/.exec(form.text)![1];
    expect(offered).toBe(`${stem}-copy`);
    const res = await post(validCourseForm({ slug: offered, from: String(course.id) }));
    expect(res.status).toBe(302);
  });

  it('refuses a copy with fewer outcomes than its copied weeks refer to, at the field, creating nothing', async () => {
    const course = await createCourse(ctx.db);
    const courses = await ctx.db('courses').count({ n: '*' });
    const res = await post(validCourseForm({ outcomes: 'Just one', from: String(course.id) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-outcomes-error"');
    expect(res.text).toContain('week 2 (outcome 2) refers to outcome 2');
    expect(await ctx.db('courses').count({ n: '*' })).toEqual(courses);
  });

  it('answers 404 for a course to copy that does not exist, on the page and in a posted form, creating nothing; only admins copy', async () => {
    for (const from of ['99999999', 'abc', '-1']) expect((await admin.get(`/admin/courses/new?from=${from}`)).status).toBe(404);
    const form = validCourseForm({ from: '99999999' });
    expect((await post(form)).status).toBe(404);
    expect(await ctx.db('courses').where({ slug: form.slug }).first()).toBeUndefined();
    const instructor = await signIn(ctx.app, await createUser(ctx.db, { role: 'instructor' }));
    const { course } = await courseWithFile();
    expect((await instructor.get(`/admin/courses/new?from=${course.id}`)).status).toBe(403);
  });

  it('keeps a course title written as markup inert on the copy form and the copy’s page', async () => {
    for (const payload of XSS_PAYLOADS.slice(0, 10)) {
      const course = await createCourse(ctx.db, { title: payload.slice(0, 200) });
      const form = await admin.get(`/admin/courses/new?from=${course.id}`);
      expect(scriptableParts(form.text)).toEqual([]);
      const res = await post(validCourseForm({ title: `${payload} (copy)`.slice(0, 200), from: String(course.id) }));
      expect(res.status).toBe(302);
      expect(scriptableParts((await admin.get(res.headers.location)).text)).toEqual([]);
    }
  });
});
