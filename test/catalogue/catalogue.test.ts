import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { decode, signIn } from '../helpers/http';
import { seedDatabase } from '../../seeds';
import { referenceCourse } from '../../seeds/data/reference-course';
import { updateSession } from '../helpers/enrolment-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());


describe('catalogue', () => {
  it('lists every published course, with credits and price, and leaves unpublished ones out', async () => {
    const first = await createCourse(ctx.db, { title: 'Alpha course for catalogue' });
    const second = await createCourse(ctx.db, { title: 'Beta course for catalogue', contactHours: 10, priceMinor: 18000 });
    const hidden = await createCourse(ctx.db, { title: 'Hidden draft course' }, false);
    const res = await request(ctx.app).get('/courses');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`href="/courses/${first.slug}"`);
    expect(res.text).toContain(`href="/courses/${second.slug}"`);
    expect(res.text).not.toContain(hidden.slug);
    expect(res.text).toContain('1.5 CEUs or 15 PDHs');
    expect(res.text).toContain('1 CEU or 10 PDHs');
    expect(res.text).toContain('$180.00');
  });

  it('gives the price of the session a visitor would take, in the list and on the course page, and says so when sessions differ', async () => {
    const course = await createCourse(ctx.db, { title: 'Gamma course for prices', priceMinor: 25000 });
    const firstListed = () => request(ctx.app).get('/courses').then((r) => decode(r.text).split(`href="/courses/${course.slug}"`)[1].split('</li>')[0]);
    const coursePage = () => request(ctx.app).get(`/courses/${course.slug}`).then((r) => decode(r.text));
    // No session yet: the course's own price.
    expect(await firstListed()).toContain('<dt>Price</dt><dd>$250.00</dd>');
    expect(await coursePage()).toContain('<dt>Price</dt><dd>$250.00</dd>');
    const next = await createSession(ctx.db, course.id, { startDate: '2099-03-02' });
    await ctx.db('course_sessions').where({ id: next.id }).update({ price_minor: 9550, currency: 'GBP' });
    expect(await firstListed()).toContain('<dt>Price</dt><dd>£95.50</dd>');
    expect(await coursePage()).toContain('<dt>Price</dt><dd>£95.50</dd>');
    await createSession(ctx.db, course.id, { startDate: '2099-05-04' });
    expect(await firstListed()).toContain('<dt>Price</dt><dd>£95.50</dd>'); // the next one's
    expect(await coursePage()).toContain('<dt>Price</dt><dd>Depends on the session: each one below shows its price</dd>');
  });

  it('holds more than one course once seeded', async () => {
    await seedDatabase(ctx.db, { demo: false });
    const res = await request(ctx.app).get('/courses');
    expect(res.text).toContain('/courses/leading-with-kindness');
    expect((res.text.match(/class="card"/g) ?? []).length).toBeGreaterThan(1);
  });
});

describe('course page', () => {
  it('shows the facts, outcomes, audience, instructor, the empty reviews state and upcoming sessions', async () => {
    const course = await createCourse(ctx.db, {
      title: 'Compassion page test',
      summary: 'A summary for the page.',
      descriptionMd: 'A **description** here.',
      outcomes: ['Recognise the signs', 'Apply boundaries'],
      audienceMd: 'Library staff at any level.',
      instructor: { name: 'Helen Example', bioMd: 'Helen owns a training company.' },
    });
    await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'Europe/London', capacity: 20 });
    const res = await request(ctx.app).get(`/courses/${course.slug}`);
    expect(res.status).toBe(200);
    const html = decode(res.text);
    for (const text of [
      'Compassion page test', 'A summary for the page.', '<strong>description</strong>', '1.5 CEUs or 15 PDHs', '$250.00',
      'Recognise the signs', 'Apply boundaries', 'Library staff at any level.', 'Helen Example', 'Helen owns a training company.',
      'There are no reviews yet.', '4 May – 17 May 2099', 'Europe/London', 'British Summer Time', '20 of 20 seats left', 'Registration open',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('outlines the course week by week: each week’s title, the time to set aside, and the numbered outcomes it serves', async () => {
    const course = await createCourse(ctx.db, { ...referenceCourse, slug: 'outline-test', title: 'Outline test' });
    const html = decode((await request(ctx.app).get(`/courses/${course.slug}`)).text);
    const outcomes = html.split('<h2>Learning outcomes</h2>')[1].split('</ol>')[0];
    expect(outcomes).toContain('<ol>');
    expect(outcomes.match(/<li>/g)).toHaveLength(5);
    const outline = html.split('<h2>Week by week</h2>')[1].split('</ol>')[0];
    const weeks = [...outline.matchAll(/<li><strong>(.*?)<\/strong><br><span class="hint">(.*?)<\/span><\/li>/g)].map((m) => [m[1], m[2]]);
    expect(weeks).toEqual([
      ['Week 1: Recognising compassion fatigue in library work', 'About 3 hours and 45 minutes · Learning outcome 1'],
      ['Week 2: Burnout, vicarious (secondary) trauma and compassion fatigue', 'About 3 hours and 45 minutes · Learning outcome 2'],
      ['Week 3: Self-kindness and boundaries that protect your energy', 'About 3 hours and 45 minutes · Learning outcome 3'],
      ['Week 4: Recovery and sustaining empathy: reflective practice, peer support and team culture', 'About 3 hours and 45 minutes · Learning outcomes 4 and 5'],
    ]);
  });

  it('shows each session as open, full, closed, cancelled or not yet open, with seats left', async () => {
    const course = await createCourse(ctx.db);
    const open = await createSession(ctx.db, course.id, { startedDaysAgo: -20, capacity: 3 });
    const full = await createSession(ctx.db, course.id, { startedDaysAgo: -21, capacity: 1 });
    const closed = await createSession(ctx.db, course.id, { startedDaysAgo: -22 });
    const cancelled = await createSession(ctx.db, course.id, { startedDaysAgo: -23, status: 'cancelled' });
    const notOpen = await createSession(ctx.db, course.id, { startedDaysAgo: -24, registrationOpensAt: new Date(Date.now() + 5 * 86_400_000) });
    await updateSession(ctx.db, closed.id, { registration_closes_at: new Date(Date.now() - 1000) });
    const learner = await createUser(ctx.db);
    await enrol(ctx.db, open.id, learner.id);
    await enrol(ctx.db, full.id, learner.id);

    const html = decode((await request(ctx.app).get(`/courses/${course.slug}`)).text);
    const card = (id: number) => html.slice(html.indexOf(`id="session-${id}"`), html.indexOf('</li>', html.indexOf(`id="session-${id}"`)));
    expect(card(open.id)).toContain('Registration open');
    expect(card(open.id)).toContain('2 of 3 seats left');
    expect(card(full.id)).toContain('Full: waitlist open');
    expect(card(full.id)).toContain('No seats left (of 1)');
    expect(card(closed.id)).toContain('Registration closed');
    expect(card(cancelled.id)).toContain('Cancelled');
    expect(card(notOpen.id)).toContain('Registration not yet open');
    expect(card(notOpen.id)).toContain('Registration opens on');
  });

  it('lists a session in its first week under "Running now", saying it started and that late registration is open until the end of week one', async () => {
    const course = await createCourse(ctx.db);
    const running = await createSession(ctx.db, course.id, { startDate: '2026-11-30' });
    await updateSession(ctx.db, running.id, { starts_at: new Date(Date.now() - 2 * 86_400_000), registration_closes_at: new Date('2099-12-07T00:00:00Z') });
    const upcoming = await createSession(ctx.db, course.id, { startDate: '2099-05-04' });
    const html = decode((await request(ctx.app).get(`/courses/${course.slug}`)).text);
    const runningPart = html.slice(html.indexOf('<h2 id="running">Running now</h2>'));
    const upcomingPart = html.slice(html.indexOf('<h2 id="sessions">'), html.indexOf('<h2 id="running">'));
    expect(html).toContain('<h2 id="running">Running now</h2>');
    expect(upcomingPart).toContain(`id="session-${upcoming.id}"`);
    expect(upcomingPart).not.toContain(`id="session-${running.id}"`);
    expect(runningPart).toContain(`id="session-${running.id}"`);
    expect(runningPart).toContain('<dt>Started</dt>');
    expect(runningPart).toContain('Late registration is open until the end of week one: it closes at the end of 6 Dec 2099');
    expect(runningPart).not.toContain('<dt>Starts</dt>');
  });

  it('says when only a running session is left that no new sessions are scheduled', async () => {
    const course = await createCourse(ctx.db);
    await createSession(ctx.db, course.id, { startedDaysAgo: 2 });
    const html = decode((await request(ctx.app).get(`/courses/${course.slug}`)).text);
    expect(html).toContain('No new sessions are scheduled right now.');
    expect(html).toContain('Running now');
  });

  it('shows a cancelled session only as cancelled, suggesting another session only when one is open', async () => {
    const course = await createCourse(ctx.db);
    const cancelled = await createSession(ctx.db, course.id, { startedDaysAgo: -23, status: 'cancelled' });
    const card = (html: string) => html.slice(html.indexOf(`id="session-${cancelled.id}"`), html.indexOf('</li>', html.indexOf(`id="session-${cancelled.id}"`)));
    const alonePage = decode((await request(ctx.app).get(`/courses/${course.slug}`)).text);
    const alone = card(alonePage);
    expect(alone).toContain('This session was cancelled and will not run.');
    expect(alone).not.toMatch(/Registration opens|Opens on|closes|choose another/i);
    expect(alonePage).toContain('No session is open for registration right now.');
    await createSession(ctx.db, course.id, { startedDaysAgo: -30 });
    const withAnotherPage = decode((await request(ctx.app).get(`/courses/${course.slug}`)).text);
    expect(card(withAnotherPage)).toContain('Please choose another session of this course.');
    expect(withAnotherPage).not.toContain('No session is open for registration right now.');
  });

  it('leaves out sessions that have started and no longer take registrations', async () => {
    const course = await createCourse(ctx.db);
    const past = await createSession(ctx.db, course.id, { startedDaysAgo: 10 });
    const res = await request(ctx.app).get(`/courses/${course.slug}`);
    expect(res.text).not.toContain(`id="session-${past.id}"`);
    expect(res.text).toContain('No sessions are scheduled right now');
  });

  it('shows a session in its own time zone: the same date in Chicago and London', async () => {
    const course = await createCourse(ctx.db);
    await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'America/Chicago' });
    const html = decode((await request(ctx.app).get(`/courses/${course.slug}`)).text);
    expect(html).toContain('America/Chicago (Central Daylight Time)');
    expect(html).toContain('Monday 4 May 2099');
    expect(html).toContain('at the end of 10 May 2099 (America/Chicago time)');
  });

  it('answers 404 for an unpublished course, but shows it to an admin', async () => {
    const draft = await createCourse(ctx.db, {}, false);
    expect((await request(ctx.app).get(`/courses/${draft.slug}`)).status).toBe(404);
    expect((await request(ctx.app).get('/courses/no-such-course')).status).toBe(404);
    expect((await request(ctx.app).get('/courses/BAD%20SLUG')).status).toBe(404);
    const admin = await signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }));
    const res = await admin.get(`/courses/${draft.slug}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('This course is not published');
  });

  it('offers a visitor a log-in link that brings them back to the course page', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const page = await request(ctx.app).get(`/courses/${course.slug}`);
    expect(page.text).toContain(`href="/sessions/${session.id}/enrol"`);
    expect(page.text).not.toContain(`action="/sessions/${session.id}/enrol"`);

    const user = await createUser(ctx.db);
    const agent = request.agent(ctx.app);
    expect((await agent.get(`/sessions/${session.id}/enrol`)).headers.location).toBe('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/login')).text)![1];
    const login = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: user.password });
    expect(login.headers.location).toBe(`/sessions/${session.id}/enrol`);
    const back = await agent.get(`/sessions/${session.id}/enrol`);
    expect(back.headers.location).toBe(`/courses/${course.slug}#session-${session.id}`);
    const coursePage = await agent.get(`/courses/${course.slug}`);
    expect(coursePage.text).toContain(`action="/sessions/${session.id}/enrol"`);
  });
});
