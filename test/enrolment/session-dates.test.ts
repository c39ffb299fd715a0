import { DateTime } from 'luxon';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createUser } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';
import { registrationState } from '../../src/enrolment/enrolment.policy';
import { formatMoney, parseMoney, toDecimalString } from '../../src/enrolment/money';
import { sessionDates, weekUnlocksAt } from '../../src/enrolment/session-dates';
import { formatInstant } from '../../src/enrolment/session-view';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const sessionForm = (courseId: number, timeZone: string) => ({
  courseId: String(courseId),
  startDate: '2026-05-04',
  timeZone,
  capacity: '20',
  minEnrolment: '6',
  price: '250.00',
  currency: 'USD',
  goNoGoDate: '',
  registrationOpensAt: '2026-03-01T09:00',
  registrationClosesAt: '',
});

describe('session dates in the session time zone', () => {
  it('stores a 4 May start and its registration close in UTC for London and for Chicago', async () => {
    const admin = await signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }));
    const course = await createCourse(ctx.db);
    for (const zone of ['Europe/London', 'America/Chicago']) {
      const res = await postForm(admin, '/admin/sessions', sessionForm(course.id, zone), '/admin/sessions/new');
      expect(res.status).toBe(302);
    }
    const rows = await ctx.db('course_sessions').where({ course_id: course.id }).orderBy('id');
    const [london, chicago] = rows;
    // Week one ends at local midnight on 11 May: 23:00 UTC on 10 May in London (BST), 05:00 UTC on 11 May in Chicago (CDT).
    expect(london.starts_at.toISOString()).toBe('2026-05-03T23:00:00.000Z');
    expect(london.registration_closes_at.toISOString()).toBe('2026-05-10T23:00:00.000Z');
    expect(chicago.starts_at.toISOString()).toBe('2026-05-04T05:00:00.000Z');
    expect(chicago.registration_closes_at.toISOString()).toBe('2026-05-11T05:00:00.000Z');
    expect(london.go_no_go_at.toISOString()).toBe('2026-04-26T23:00:00.000Z');
    expect(chicago.go_no_go_at.toISOString()).toBe('2026-04-27T05:00:00.000Z');
    expect(london.registration_opens_at.toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(chicago.registration_opens_at.toISOString()).toBe('2026-03-01T15:00:00.000Z');

    // One minute before and at the close instant, London is open then closed; Chicago is still open.
    const before = new Date('2026-05-10T22:59:00Z');
    const atLondonClose = new Date('2026-05-10T23:00:00Z');
    const atChicagoClose = new Date('2026-05-11T05:00:00Z');
    expect(registrationState(london, 0, before)).toBe('open');
    expect(registrationState(london, 0, atLondonClose)).toBe('closed');
    expect(registrationState(chicago, 0, atLondonClose)).toBe('open');
    expect(registrationState(chicago, 0, new Date(atChicagoClose.getTime() - 1))).toBe('open');
    expect(registrationState(chicago, 0, atChicagoClose)).toBe('closed');
  });

  it('shows the stored instants back in the session zone on the edit form; dates left at their defaults stay empty there', async () => {
    const admin = await signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }));
    const course = await createCourse(ctx.db);
    const res = await postForm(admin, '/admin/sessions', sessionForm(course.id, 'America/Chicago'), '/admin/sessions/new');
    const edit = await admin.get(`${res.headers.location}/edit`);
    expect(edit.text).toContain('value="2026-05-04"');
    expect(edit.text).toContain('name="registrationClosesAt" type="datetime-local" value=""');
    expect(edit.text).toContain('name="goNoGoDate" type="date" value=""');
    expect(edit.text).toContain('value="2026-03-01T09:00"');

    const chosen = await postForm(admin, '/admin/sessions', { ...sessionForm(course.id, 'America/Chicago'), goNoGoDate: '2026-04-20', registrationClosesAt: '2026-05-08T17:00' }, '/admin/sessions/new');
    const chosenEdit = await admin.get(`${chosen.headers.location}/edit`);
    expect(chosenEdit.text).toContain('name="goNoGoDate" type="date" value="2026-04-20"');
    expect(chosenEdit.text).toContain('name="registrationClosesAt" type="datetime-local" value="2026-05-08T17:00"');
  });

  it('keeps local midnight across a daylight-saving change for a session spanning it', () => {
    const dates = sessionDates('2026-03-08', 'America/Chicago', 4);
    expect(dates.startsAt.toISOString()).toBe('2026-03-08T06:00:00.000Z');
    expect(dates.registrationClosesAt.toISOString()).toBe('2026-03-15T05:00:00.000Z');
  });

  it('opens the weeks and closes registration and completion at midnight when the first day has no midnight (Cairo moves its clocks at 00:00)', async () => {
    const admin = await signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }));
    const course = await createCourse(ctx.db);
    const zone = 'Africa/Cairo';
    // On Friday 30 April 2027 Cairo's clocks go from 00:00 straight to 01:00: the day starts at 01:00, the ones after at 00:00.
    const form = { ...sessionForm(course.id, zone), startDate: '2027-04-30', registrationOpensAt: '2027-03-01T09:00' };
    expect((await postForm(admin, '/admin/sessions', form, '/admin/sessions/new')).status).toBe(302);
    const row = await ctx.db('course_sessions').where({ course_id: course.id }).first();
    const local = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM-dd HH:mm');
    expect(local(row.starts_at)).toBe('2027-04-30 01:00');
    expect([2, 3].map((week) => local(weekUnlocksAt(row.starts_at, zone, week)))).toEqual(['2027-05-07 00:00', '2027-05-14 00:00']);
    expect(local(row.registration_closes_at)).toBe('2027-05-07 00:00');
    expect(formatInstant(row.registration_closes_at, zone, { deadline: true })).toBe('at the end of 6 May 2027 (Africa/Cairo time)');
    expect(local(row.completion_deadline_at).endsWith(' 00:00')).toBe(true);
  });

  it('opens each week at local midnight across a daylight-saving change, the same when asked again', () => {
    const { startsAt } = sessionDates('2026-03-01', 'America/Chicago', 4);
    const asked = () => [1, 2, 3, 4].map((week) => weekUnlocksAt(startsAt, 'America/Chicago', week).toISOString());
    expect(asked()).toEqual(['2026-03-01T06:00:00.000Z', '2026-03-08T06:00:00.000Z', '2026-03-15T05:00:00.000Z', '2026-03-22T05:00:00.000Z']);
    // A remembered answer is a fresh Date: a caller changing it changes nothing for the next one.
    weekUnlocksAt(startsAt, 'America/Chicago', 2).setFullYear(1999);
    expect(asked()).toEqual(['2026-03-01T06:00:00.000Z', '2026-03-08T06:00:00.000Z', '2026-03-15T05:00:00.000Z', '2026-03-22T05:00:00.000Z']);
    expect(weekUnlocksAt(startsAt, 'Europe/London', 3).toISOString()).toBe('2026-03-15T06:00:00.000Z');
  });
});

describe('money in minor units', () => {
  it('formats and parses amounts exactly, without floating point', () => {
    expect(formatMoney(25000, 'USD')).toBe('$250.00');
    expect(formatMoney(18005, 'GBP')).toBe('£180.05');
    expect(toDecimalString(7, 'EUR')).toBe('0.07');
    expect(parseMoney('250', 'USD')).toBe(25000);
    expect(parseMoney('0.29', 'USD')).toBe(29);
    expect(parseMoney('1,234.5', 'USD')).toBe(123450);
    expect(parseMoney('12.345', 'USD')).toBeUndefined();
    expect(parseMoney('$5', 'USD')).toBeUndefined();
  });
});
