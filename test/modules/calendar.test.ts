import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createCourse, createSession, createUser, enrol, assignInstructor } from '../helpers/factories';
import { decode, postForm, readable, signIn } from '../helpers/http';
import { follow } from '../helpers/enrolment-factories';

// A session's dates as an iCalendar file, for the learner's own calendar.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  url: string;
  /** The all-day date, YYYY-MM-DD. */
  day: string;
  endDay: string;
  isDate: boolean;
  status: string;
}

/** The file read by a real iCalendar parser (Mozilla's ical.js), not by string matching. */
function parseCalendar(text: string): { name: string; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((v): ParsedEvent => {
    const event = new ICAL.Event(v);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      url: String(v.getFirstPropertyValue('url')),
      day: event.startDate.toString(),
      endDay: event.endDate.toString(),
      isDate: event.startDate.isDate,
      status: String(v.getFirstPropertyValue('status')),
    };
  });
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname')), events };
}

/** Downloads a calendar as text (supertest leaves a text/calendar body unread). */
async function calendarText(agent: ReturnType<typeof request.agent>, url: string): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse((r, done) => {
      let text = '';
      r.on('data', (chunk: Buffer) => (text += chunk.toString()));
      r.on('end', () => done(null, text));
    });
  return { status: res.status, headers: res.headers, text: res.body as string };
}

describe('the session calendar', () => {
  it('gives a learner each week’s opening day, the last day and when completion closes, on the session’s own calendar days', async () => {
    // Auckland is 13 hours ahead in November: its midnight is the previous day in UTC.
    const course = await createCourse(ctx.db, { title: 'Care, rest; repeat' });
    const session = await createSession(ctx.db, course.id, { startDate: '2099-11-23', timeZone: 'Pacific/Auckland', weeks: 2 });
    const learner = await createUser(ctx.db);
    await enrol(ctx.db, session.id, learner.id);
    const agent = await signIn(ctx.app, learner);

    const overview = await agent.get(`/sessions/${session.id}`);
    expect(readable(overview.text)).toContain(`<a href="/sessions/${session.id}/calendar">Add the session’s dates to your calendar</a>`);
    expect((await agent.get(`/sessions/${session.id}/calendar`)).text).toContain(`<a href="/sessions/${session.id}/calendar.ics" download>Download the calendar file</a>`);

    const res = await calendarText(agent, `/sessions/${session.id}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=care-rest-repeat-2099-11-23.ics');
    expect(res.headers['cache-control']).toBe('private, no-store');

    const { name, events } = parseCalendar(res.text);
    expect(name).toBe('Care, rest; repeat');
    const weeks = await ctx.db('course_modules').where({ course_id: course.id }).orderBy('week').select('week', 'title');
    const { completion_deadline_at: deadline } = await ctx.db('course_sessions').where({ id: session.id }).first('completion_deadline_at');
    const deadlineDay = DateTime.fromJSDate(deadline, { zone: 'Pacific/Auckland' });
    expect(weeks).toHaveLength(2);
    expect(events.map((e) => [e.summary, e.day, e.endDay])).toEqual([
      [`Week 1 opens: ${weeks[0].title}`, '2099-11-23', '2099-11-24'],
      [`Week 2 opens: ${weeks[1].title}`, '2099-11-30', '2099-12-01'],
      ['Last day of Care, rest; repeat', '2099-12-06', '2099-12-07'],
      ['Last day for completion: Care, rest; repeat', deadlineDay.minus({ days: 1 }).toISODate(), deadlineDay.toISODate()],
    ]);
    for (const e of events) {
      expect(e.isDate).toBe(true);
      expect(e.status).toBe('CONFIRMED');
      expect(e.description.startsWith('Care, rest; repeat\n\n')).toBe(true);
      expect(e.uid).toMatch(new RegExp(`^kindred-session-${session.id}-[a-z0-9-]+@`));
    }
    expect(events[1].url).toBe(`${ctx.config.baseUrl}/sessions/${session.id}/weeks/2`);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    // The same file again keeps every event's UID, so a calendar updates rather than duplicates.
    const again = parseCalendar((await calendarText(agent, `/sessions/${session.id}/calendar.ics`)).text);
    expect(again.events.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
  });

  it('says when the instructor has already opened a week', async () => {
    const c = await createCohorts(ctx.db, { startedDaysAgo: 1 });
    const instructor = await signIn(ctx.app, c.instructorA);
    expect((await postForm(instructor, `/sessions/${c.sessionA.id}/weeks/2/unlock`, {}, `/sessions/${c.sessionA.id}`)).status).toBe(302);
    const { text } = await calendarText(await signIn(ctx.app, c.learnerA), `/sessions/${c.sessionA.id}/calendar.ics`);
    const [week1, week2] = parseCalendar(text).events;
    expect(week1.description).toContain('open today');
    expect(week2.description).toContain('Your instructor has already opened this week');
  });

  it('is for the session’s learners and staff only: another session’s people get 404, visitors are asked to log in', async () => {
    const c = await createCohorts(ctx.db);
    const url = `/sessions/${c.sessionA.id}/calendar.ics`;
    for (const user of [c.learnerA, c.instructorA, c.admin]) expect((await (await signIn(ctx.app, user)).get(url)).status).toBe(200);
    for (const user of [c.learnerB, c.instructorB]) {
      const res = await (await signIn(ctx.app, user)).get(url);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
    const visitor = await request(ctx.app).get(url);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.location).toMatch(/^\/login/);
  });

  it('marks every event cancelled for the staff of a cancelled session, and offers no link there', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -20, status: 'cancelled' });
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, session.id, instructor.id);
    const agent = await signIn(ctx.app, instructor);
    expect((await agent.get(`/sessions/${session.id}`)).text).not.toContain('/calendar');
    const { events } = parseCalendar((await calendarText(agent, `/sessions/${session.id}/calendar.ics`)).text);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.status === 'CANCELLED')).toBe(true);
  });
});

describe('the calendar subscription', () => {
  const feedLinkOn = (html: string) => /<input id="calendar-link" type="text" readonly value="([^"]+)">/.exec(html)?.[1];
  /** Makes (or remakes) the learner's link from the calendar page, and reads it there. */
  async function makeLink(agent: ReturnType<typeof request.agent>, sessionId: number): Promise<string> {
    const res = await postForm(agent, `/sessions/${sessionId}/calendar/link`, {}, `/sessions/${sessionId}/calendar`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/sessions/${sessionId}/calendar#subscribe`);
    return feedLinkOn(decode((await follow(agent, res)).text))!;
  }
  const feedPath = (link: string) => new URL(link).pathname;

  it('gives a learner a link of their own that their calendar reads without a login, and that keeps up with a week opened early and more time', async () => {
    const c = await createCohorts(ctx.db, { startedDaysAgo: 1 });
    const learner = await signIn(ctx.app, c.learnerA);
    const page = decode((await learner.get(`/sessions/${c.sessionA.id}/calendar`)).text);
    expect(page).toContain('Make a subscription link</button>');
    expect(feedLinkOn(page)).toBeUndefined();

    const link = await makeLink(learner, c.sessionA.id);
    expect(link).toMatch(new RegExp(`^${ctx.config.baseUrl}/calendar/[A-Za-z0-9_-]{32}\\.ics$`));
    const page2 = decode((await learner.get(`/sessions/${c.sessionA.id}/calendar`)).text);
    expect(page2).toContain(`<a class="button" href="${link.replace(/^http:/, 'webcal:')}">Subscribe in your calendar app</a>`);

    const feed = await calendarText(request.agent(ctx.app), feedPath(link));
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    // Calendar apps are told to read it again every hour, in both the older and the standard way.
    const calendarLines = feed.text.split('\r\n');
    expect(calendarLines).toEqual(expect.arrayContaining(['X-PUBLISHED-TTL:PT1H', 'REFRESH-INTERVAL;VALUE=DURATION:PT1H']));
    expect(calendarLines.indexOf('REFRESH-INTERVAL;VALUE=DURATION:PT1H')).toBeLessThan(calendarLines.indexOf('BEGIN:VEVENT'));
    const download = await calendarText(learner, `/sessions/${c.sessionA.id}/calendar.ics`);
    expect(parseCalendar(feed.text).events).toEqual(parseCalendar(download.text).events);

    // The instructor opens week 2 early, and gives this learner ten more days: the same link says both.
    const instructor = await signIn(ctx.app, c.instructorA);
    await postForm(instructor, `/sessions/${c.sessionA.id}/weeks/2/unlock`, {}, `/sessions/${c.sessionA.id}`);
    const { completion_deadline_at: deadline } = await ctx.db('course_sessions').where({ id: c.sessionA.id }).first('completion_deadline_at');
    const extended = new Date(deadline.getTime() + 10 * 86_400_000);
    await ctx.db('enrolments').where({ course_session_id: c.sessionA.id, user_id: c.learnerA.id }).update({ completion_extended_to: extended });
    const later = parseCalendar((await calendarText(request.agent(ctx.app), feedPath(link))).text).events;
    expect(later.find((e) => e.summary.startsWith('Week 2 opens'))!.description).toContain('Your instructor has already opened this week');
    expect(later.find((e) => e.summary.startsWith('Last day for completion'))!.day).toBe(DateTime.fromJSDate(extended, { zone: 'UTC' }).minus({ days: 1 }).toISODate());
  });

  it('stops an old link once a new one is made, and answers 404 to a learner who left, a closed account, or a made-up link', async () => {
    const c = await createCohorts(ctx.db, { startedDaysAgo: 1 });
    const learner = await signIn(ctx.app, c.learnerA);
    const first = await makeLink(learner, c.sessionA.id);
    const second = await makeLink(learner, c.sessionA.id);
    expect(second).not.toBe(first);
    const visitor = request.agent(ctx.app);
    expect((await visitor.get(feedPath(first))).status).toBe(404);
    expect((await calendarText(visitor, feedPath(second))).status).toBe(200);
    for (const made of ['/calendar/not-a-token.ics', `/calendar/${'A'.repeat(32)}.ics`, `/calendar/${feedPath(second).slice(10, -4)}`]) {
      expect([made, (await visitor.get(made)).status]).toEqual([made, 404]);
    }

    await ctx.db('users').where({ id: c.learnerA.id }).update({ active: false });
    expect((await visitor.get(feedPath(second))).status).toBe(404);
    await ctx.db('users').where({ id: c.learnerA.id }).update({ active: true });
    expect((await calendarText(visitor, feedPath(second))).status).toBe(200);
    // A place given up ends the link, whatever the session does after.
    for (const status of ['withdrawn', 'cancelled']) {
      await ctx.db('enrolments').where({ course_session_id: c.sessionA.id, user_id: c.learnerA.id }).update({ status });
      expect([status, (await visitor.get(feedPath(second))).status]).toEqual([status, 404]);
    }
  });

  it('tells a subscribed calendar that its session was cancelled: every event marked cancelled, not the old dates kept', async () => {
    const c = await createCohorts(ctx.db, { startedDaysAgo: -20 });
    const link = await makeLink(await signIn(ctx.app, c.learnerA), c.sessionA.id);
    await ctx.db('course_sessions').where({ id: c.sessionA.id }).update({ status: 'cancelled', cancelled_at: new Date() });
    await ctx.db('enrolments').where({ course_session_id: c.sessionA.id }).update({ status: 'cancelled' });
    const feed = await calendarText(request.agent(ctx.app), feedPath(link));
    expect(feed.status).toBe(200);
    const { events } = parseCalendar(feed.text);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.status === 'CANCELLED')).toBe(true);
  });

  it('is made by the session’s learners only: staff get the download, another session’s learner gets 404', async () => {
    const c = await createCohorts(ctx.db);
    const instructor = await signIn(ctx.app, c.instructorA);
    const staffPage = decode((await instructor.get(`/sessions/${c.sessionA.id}/calendar`)).text);
    expect(staffPage).toContain('Download the calendar file');
    expect(staffPage).not.toContain('subscription link');
    expect((await postForm(instructor, `/sessions/${c.sessionA.id}/calendar/link`, {}, `/sessions/${c.sessionA.id}/calendar`)).status).toBe(404);
    const other = await signIn(ctx.app, c.learnerB);
    expect((await other.get(`/sessions/${c.sessionA.id}/calendar`)).status).toBe(404);
    expect((await postForm(other, `/sessions/${c.sessionA.id}/calendar/link`, {}, `/sessions/${c.sessionB.id}/calendar`)).status).toBe(404);
    expect(await ctx.db('enrolments').whereIn('course_session_id', [c.sessionA.id, c.sessionB.id]).whereNotNull('calendar_token').select('id')).toEqual([]);
  });
});

