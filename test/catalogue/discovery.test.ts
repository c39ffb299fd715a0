import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { decode, signIn } from '../helpers/http';
import { XSS_PAYLOADS, scriptableParts } from '../security/support/xss';
import { courseStructuredData } from '../../src/catalogue/course-metadata';

// What search engines and link previews read of the public pages: the course described in
// schema.org terms, a description and address for a shared link, robots.txt and the sitemap.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const BASE = 'http://localhost:3000';
const metaContent = (html: string, attr: string, name: string) => new RegExp(`<meta ${attr}="${name}" content="([^"]*)">`).exec(html)?.[1];
const jsonLdOf = (html: string) => {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  return m ? JSON.parse(m[1]) : undefined;
};

describe('the course page for search engines and link previews', () => {
  it('describes the course, its provider, credits, price and each session still taking registrations', async () => {
    const course = await createCourse(ctx.db, { title: 'Quiet Strength at the Desk', summary: 'Four weeks on looking after yourself.', providerName: 'Calm Library Training' });
    const open = await createSession(ctx.db, course.id, { startDate: '2099-03-02', timeZone: 'Pacific/Auckland', weeks: 4 });
    const full = await createSession(ctx.db, course.id, { startDate: '2099-04-06', capacity: 1, weeks: 4 });
    await enrol(ctx.db, full.id, (await createUser(ctx.db)).id);
    const later = await createSession(ctx.db, course.id, { startDate: '2099-06-01', weeks: 4, registrationOpensAt: new Date('2099-05-01T00:00:00Z') });
    await ctx.db('course_sessions').where({ id: later.id }).update({ price_minor: 19900 });
    await createSession(ctx.db, course.id, { startDate: '2099-05-04', status: 'cancelled' });
    const closed = await createSession(ctx.db, course.id, { startedDaysAgo: 10 }); // registration closed after its first week

    const html = decode((await request(ctx.app).get(`/courses/${course.slug}`)).text);
    const url = `${BASE}/courses/${course.slug}`;
    expect(metaContent(html, 'name', 'description')).toBe('Four weeks on looking after yourself.');
    expect(html).toContain(`<link rel="canonical" href="${url}">`);
    expect(metaContent(html, 'property', 'og:title')).toBe('Quiet Strength at the Desk');
    expect(metaContent(html, 'property', 'og:url')).toBe(url);
    const data = jsonLdOf(html);
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Course',
      name: 'Quiet Strength at the Desk',
      description: 'Four weeks on looking after yourself.',
      url,
      provider: { '@type': 'Organization', name: 'Calm Library Training' },
      educationalCredentialAwarded: '1.5 CEUs or 15 PDHs',
      offers: { price: '250.00', priceCurrency: 'USD', category: 'Paid' },
    });
    const instances = data.hasCourseInstance.map((i: { startDate: string; endDate: string; courseMode: string; offers: { price: string; availability: string } }) => [i.startDate, i.endDate, i.courseMode, i.offers.price, i.offers.availability]);
    expect(instances).toEqual([
      ['2099-03-02', '2099-03-29', 'Online', '250.00', 'https://schema.org/InStock'],
      ['2099-04-06', '2099-05-03', 'Online', '250.00', 'https://schema.org/SoldOut'],
      ['2099-06-01', '2099-06-28', 'Online', '199.00', 'https://schema.org/PreOrder'],
    ]);
    // Days and times as the session keeps them: Auckland is 13 hours ahead of UTC in March.
    expect(data.hasCourseInstance[0].offers.validThrough).toBe('2099-03-08T11:00:00.000Z');
    // A session whose registration has closed is left out, even when the page was asked for it.
    const rows = await ctx.db('course_sessions').whereIn('id', [open.id, closed.id]).orderBy('starts_at');
    const listed = courseStructuredData(await ctx.db('courses').where({ id: course.id }).first(), rows, new Map(), url, new Date()) as { hasCourseInstance: { startDate: string }[] };
    expect(listed.hasCourseInstance.map((i) => i.startDate)).toEqual(['2099-03-02']);
    expect(data.hasCourseInstance[0].instructor).toEqual({ '@type': 'Person', name: 'Ina Instructor' });
  });

  it('keeps a title, summary or provider that holds markup inert: in the data block, which it cannot end, and in the tags', async () => {
    const title = 'Care </script><script>alert(1)</script> & "rest"';
    const course = await createCourse(ctx.db, { title, summary: 'A <b>bold</b> summary' });
    const html = (await request(ctx.app).get(`/courses/${course.slug}`)).text;
    expect(html).not.toContain('<script>alert(1)');
    expect(jsonLdOf(html).name).toBe(title);
    expect(decode(metaContent(html, 'property', 'og:title')!)).toBe(title);
    expect(metaContent(html, 'name', 'description')).toBe('A &lt;b&gt;bold&lt;/b&gt; summary');
    for (const payload of XSS_PAYLOADS) {
      const c = await createCourse(ctx.db, { title: payload.slice(0, 200), summary: payload, providerName: payload.slice(0, 200) });
      const page = (await request(ctx.app).get(`/courses/${c.slug}`)).text;
      expect({ payload, problems: scriptableParts(page) }).toEqual({ payload, problems: [] });
      expect(jsonLdOf(page)).toMatchObject({ name: payload.slice(0, 200), description: payload, provider: { name: payload.slice(0, 200) } });
    }
  });

  it('says nothing to search engines about a course not yet published', async () => {
    const course = await createCourse(ctx.db, { title: 'Draft course' }, false);
    const admin = await signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }));
    const html = (await admin.get(`/courses/${course.slug}`)).text;
    expect(html).toContain('This course is not published');
    expect(html).not.toContain('application/ld+json');
    expect(html).not.toContain('og:title');
  });

  it('describes the catalogue by the courses it lists', async () => {
    const html = (await request(ctx.app).get('/courses')).text;
    expect(decode(metaContent(html, 'name', 'description')!)).toMatch(/^Online courses: .*Quiet Strength at the Desk/);
    expect(html).toContain(`<link rel="canonical" href="${BASE}/courses">`);
  });
});

describe('robots.txt and the sitemap', () => {
  it('keeps search engines out of pages behind a login and points them to the sitemap', async () => {
    const res = await request(ctx.app).get('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    for (const path of ['/admin', '/teach', '/sessions', '/threads', '/account']) expect(res.text).toContain(`\nDisallow: ${path}\n`);
    expect(res.text).not.toMatch(/Disallow: \/(courses|verify|privacy)?\n/);
    expect(res.text).toContain(`Sitemap: ${BASE}/sitemap.xml`);
  });

  it('lists the home page, the catalogue and each published course with when it last changed, never a draft', async () => {
    const published = await createCourse(ctx.db, { title: 'Listed course' });
    const draft = await createCourse(ctx.db, { title: 'Unlisted draft' }, false);
    await ctx.db('courses').where({ id: published.id }).update({ updated_at: new Date('2099-01-02T03:04:05Z') });
    const res = await request(ctx.app).get('/sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')).toBe(true);
    const locs = [...res.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs.slice(0, 2)).toEqual([`${BASE}/`, `${BASE}/courses`]);
    expect(locs).toContain(`${BASE}/courses/${published.slug}`);
    expect(locs).not.toContain(`${BASE}/courses/${draft.slug}`);
    expect(res.text).toContain(`<url><loc>${BASE}/courses/${published.slug}</loc><lastmod>2099-01-02T03:04:05.000Z</lastmod></url>`);
    expect(res.text.trimEnd().endsWith('</urlset>')).toBe(true);
  });
});
