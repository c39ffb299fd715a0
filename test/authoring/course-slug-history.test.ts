import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { TestContext } from '../helpers/app';
import { createCourse } from '../helpers/factories';
import { adminContext, decode, postForm, signedInAs, type Agent } from '../helpers/http';
import { validCourseForm } from '../helpers/authoring-factories';

// A course's web address can change without breaking the links people already have: the old
// address leads to the new one, and no other course can take it over.
let ctx: TestContext;
let admin: Agent;
beforeAll(async () => {
  ({ ctx, admin } = await adminContext());
});
afterAll(() => ctx.close());

const post = (url: string, data: Record<string, string>) => postForm(admin, url, data, '/admin/courses');
const freshSlug = (stem: string) => `${stem}-${randomBytes(4).toString('hex')}`;
const historyOf = (courseId: number) => ctx.db('course_slug_history').where({ course_id: courseId }).orderBy('slug').pluck('slug');

/** Changes the course's web address through the edit form, as an admin would. */
async function moveCourse(courseId: number, slug: string) {
  const res = await post(`/admin/courses/${courseId}/edit`, validCourseForm({ slug }));
  expect(res.status).toBe(302);
}

describe('changing a course’s web address', () => {
  it('sends the old address, and an older one still, to the new one with 301, keeping the query', async () => {
    const course = await createCourse(ctx.db);
    const [middle, latest] = [freshSlug('middle'), freshSlug('latest')];
    await moveCourse(course.id, middle);
    await moveCourse(course.id, latest);
    expect(await historyOf(course.id)).toEqual([course.slug, middle].sort());

    for (const old of [course.slug, middle]) {
      const res = await request(ctx.app).get(`/courses/${old}?utm_source=email&ref=a%20b`);
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe(`/courses/${latest}?utm_source=email&ref=a%20b`);
    }
    expect((await request(ctx.app).get(`/courses/${course.slug}`)).headers.location).toBe(`/courses/${latest}`);
    expect((await request(ctx.app).get(`/courses/${latest}`)).status).toBe(200);
  });

  it('answers 404 for an address no course ever had', async () => {
    const res = await request(ctx.app).get(`/courses/${freshSlug('never-used')}?x=1`);
    expect(res.status).toBe(404);
  });

  it('leads only admins on from an unpublished course’s old address', async () => {
    const course = await createCourse(ctx.db, {}, false);
    const latest = freshSlug('hidden');
    await moveCourse(course.id, latest);
    expect((await request(ctx.app).get(`/courses/${course.slug}`)).status).toBe(404);
    expect((await admin.get(`/courses/${course.slug}`)).headers.location).toBe(`/courses/${latest}`);
  });

  it('says on the edit form that old links keep working', async () => {
    const course = await createCourse(ctx.db);
    const edit = await admin.get(`/admin/courses/${course.id}/edit`);
    expect(decode(edit.text)).toContain('If you change it, old links and bookmarks keep working: they lead to the new address.');
  });

  it('refuses another course’s old address on edit and on create, next to the field, keeping the input and changing nothing', async () => {
    const moved = await createCourse(ctx.db);
    await moveCourse(moved.id, freshSlug('moved'));
    const other = await createCourse(ctx.db);
    const before = await ctx.db('courses').where({ id: other.id }).first();
    const history = await ctx.db('course_slug_history').orderBy('id');

    const edited = await post(`/admin/courses/${other.id}/edit`, validCourseForm({ slug: moved.slug, title: 'Kept title' }));
    expect(edited.status).toBe(422);
    expect(edited.text).toContain('id="field-slug-error"');
    expect(edited.text).toContain('Another course used this web address before, so old links to it lead there. Please choose a different one, or release it from that course first.');
    expect(edited.text).toContain('value="Kept title"');
    expect(edited.text).toContain(`value="${moved.slug}"`);
    expect(await ctx.db('courses').where({ id: other.id }).first()).toEqual(before);

    const created = await post('/admin/courses', validCourseForm({ slug: moved.slug, title: 'A new course title' }));
    expect(created.status).toBe(422);
    expect(created.text).toContain('id="field-slug-error"');
    expect(created.text).toContain('Another course used this web address before');
    expect(created.text).toContain('value="A new course title"');
    expect(await ctx.db('courses').where({ title: 'A new course title' }).first()).toBeUndefined();

    expect(await ctx.db('course_slug_history').orderBy('id')).toEqual(history);
    expect((await request(ctx.app).get(`/courses/${moved.slug}`)).status).toBe(301);
  });

  it('lets a course take back its own old address, which then leaves its history', async () => {
    const course = await createCourse(ctx.db);
    const interim = freshSlug('interim');
    await moveCourse(course.id, interim);
    await moveCourse(course.id, course.slug);
    expect((await ctx.db('courses').where({ id: course.id }).first()).slug).toBe(course.slug);
    expect(await historyOf(course.id)).toEqual([interim]);
    expect((await request(ctx.app).get(`/courses/${course.slug}`)).status).toBe(200);
    expect((await request(ctx.app).get(`/courses/${interim}`)).headers.location).toBe(`/courses/${course.slug}`);
  });

  it('keeps the history as it is when other details change but the address does not', async () => {
    const course = await createCourse(ctx.db);
    const latest = freshSlug('steady');
    await moveCourse(course.id, latest);
    await post(`/admin/courses/${course.id}/edit`, validCourseForm({ slug: latest, title: 'Only the title changed' }));
    expect(await historyOf(course.id)).toEqual([course.slug]);
  });

  it('frees a course’s old addresses when the course is deleted', async () => {
    const course = await createCourse(ctx.db);
    await moveCourse(course.id, freshSlug('gone'));
    await ctx.db('course_modules').where({ course_id: course.id }).delete();
    await ctx.db('courses').where({ id: course.id }).delete();
    expect(await ctx.db('course_slug_history').where({ slug: course.slug })).toEqual([]);
  });
});

describe('releasing an earlier address', () => {
  const releaseUrl = (courseId: number, addressId: number) => `/admin/courses/${courseId}/earlier-addresses/${addressId}/release`;
  const addressId = async (slug: string) => (await ctx.db('course_slug_history').where({ slug }).first('id')).id as number;

  it('lists a course’s earlier addresses on its edit page, saying what releasing one means', async () => {
    const course = await createCourse(ctx.db);
    const middle = freshSlug('middle');
    await moveCourse(course.id, middle);
    await moveCourse(course.id, freshSlug('latest'));
    const page = decode((await admin.get(`/admin/courses/${course.id}/edit`)).text);
    expect(page).toContain('Its earlier addresses are listed below the form.');
    expect(page).toContain('<h2 id="earlier-addresses">Earlier web addresses</h2>');
    expect(page).toContain('Releasing one means its old links stop leading here and show “page not found” instead, and another course may then take the address.');
    expect(page).toContain(`action="${releaseUrl(course.id, await addressId(middle))}"`);
    expect(page).toContain(`Release /courses/${course.slug}</button>`);
    // The newest move first.
    expect(page.indexOf(`/courses/${middle}</span>`)).toBeLessThan(page.indexOf(`/courses/${course.slug}</span>`));

    const unmoved = await createCourse(ctx.db);
    const plain = decode((await admin.get(`/admin/courses/${unmoved.id}/edit`)).text);
    expect(plain).not.toContain('Earlier web addresses');
    expect(plain).not.toContain('Its earlier addresses');
  });

  it('points a refused address to the course that can release it', async () => {
    const moved = await createCourse(ctx.db);
    await moveCourse(moved.id, freshSlug('pointed'));
    const other = await createCourse(ctx.db);
    const { title } = await ctx.db('courses').where({ id: moved.id }).first('title');
    const refused = decode((await post(`/admin/courses/${other.id}/edit`, validCourseForm({ slug: moved.slug }))).text);
    expect(refused).toContain(`you can release this address on <a href="/admin/courses/${moved.id}/edit#earlier-addresses">the edit page of “${title}”</a>, then use it here.`);
    // A course taking back its own address, or any other refusal, is not pointed anywhere.
    expect(decode((await post(`/admin/courses/${other.id}/edit`, validCourseForm({ slug: 'Not A Slug' }))).text)).not.toContain('you can release this address');
  });

  it('releases an old address: its old links answer 404 and another course may take it; sent again, nothing changes', async () => {
    const course = await createCourse(ctx.db);
    const latest = freshSlug('kept');
    await moveCourse(course.id, latest);
    const url = releaseUrl(course.id, await addressId(course.slug));
    const released = await post(url, {});
    expect(released.status).toBe(302);
    expect(released.headers.location).toBe(`/admin/courses/${course.id}/edit`);
    expect(decode((await admin.get(released.headers.location)).text)).toContain(`/courses/${course.slug} is released: its old links no longer lead to this course, and another course may now take it.`);
    expect(await historyOf(course.id)).toEqual([]);
    expect((await request(ctx.app).get(`/courses/${course.slug}`)).status).toBe(404);

    const again = await post(url, {});
    expect(again.status).toBe(302);
    expect(decode((await admin.get(again.headers.location)).text)).toContain('That earlier address was already released, so nothing changed.');

    const other = await createCourse(ctx.db);
    await moveCourse(other.id, course.slug);
    expect((await request(ctx.app).get(`/courses/${course.slug}`)).status).toBe(200);
    expect((await ctx.db('courses').where({ id: course.id }).first()).slug).toBe(latest);
  });

  it('refuses another course’s earlier address with 404, and anyone but an admin, changing nothing', async () => {
    const moved = await createCourse(ctx.db);
    await moveCourse(moved.id, freshSlug('theirs'));
    const other = await createCourse(ctx.db);
    const id = await addressId(moved.slug);
    expect((await post(releaseUrl(other.id, id), {})).status).toBe(404);
    expect((await post(releaseUrl(999999, id), {})).status).toBe(404);
    const { agent: instructor } = await signedInAs(ctx.app, ctx.db, 'instructor');
    expect((await postForm(instructor, releaseUrl(moved.id, id), {})).status).toBe(403);
    expect((await request(ctx.app).post(releaseUrl(moved.id, id))).status).toBe(403);
    expect(await historyOf(moved.id)).toEqual([moved.slug]);
    expect((await request(ctx.app).get(`/courses/${moved.slug}`)).status).toBe(301);
  });
});

describe('copying a course with an old address', () => {
  it('gives the copy none of the original’s history, and offers it no address another course had', async () => {
    const course = await createCourse(ctx.db);
    const blocker = await createCourse(ctx.db);
    const latest = freshSlug('original');
    await moveCourse(course.id, latest);
    // Another course once had the address a copy would be offered first.
    await moveCourse(blocker.id, `${latest}-copy`);

    const form = await admin.get(`/admin/courses/new?from=${course.id}`);
    expect(form.text).toContain(`value="${latest}-copy-2"`);
    const res = await post('/admin/courses', validCourseForm({ from: String(course.id) }));
    expect(res.status).toBe(302);
    const copyId = Number(/\/admin\/courses\/(\d+)$/.exec(res.headers.location)![1]);
    expect(await historyOf(copyId)).toEqual([]);
    expect(await historyOf(course.id)).toEqual([course.slug]);
    expect((await request(ctx.app).get(`/courses/${course.slug}`)).headers.location).toBe(`/courses/${latest}`);
  });
});
