import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createCourse, createSession, createUser, enrol, assignInstructor } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';

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
    expect(overview.text).toContain(`<a href="/sessions/${session.id}/calendar.ics" download>Add the session’s dates to your calendar</a>`);

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
      ['Completion closes: Care, rest; repeat', deadlineDay.toISODate(), deadlineDay.plus({ days: 1 }).toISODate()],
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
    expect((await agent.get(`/sessions/${session.id}`)).text).not.toContain('calendar.ics');
    const { events } = parseCalendar((await calendarText(agent, `/sessions/${session.id}/calendar.ics`)).text);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.status === 'CANCELLED')).toBe(true);
  });
});
