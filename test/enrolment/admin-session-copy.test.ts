import { DateTime } from 'luxon';
import type { TestContext } from '../helpers/app';
import { assignInstructor, createCourse, createSession, createUser } from '../helpers/factories';
import { adminContext, type Agent, decode, postForm, readable, signIn } from '../helpers/http';
import { follow, updateSession } from '../helpers/enrolment-factories';

let ctx: TestContext;
let admin: Agent;
beforeAll(async () => ({ ctx, admin } = await adminContext()));
afterAll(() => ctx.close());

const countSessions = async () => Number((await ctx.db('course_sessions').count('* as n'))[0].n);
const instructorIdsOf = async (sessionId: number) =>
  (await ctx.db('session_instructors').where({ course_session_id: sessionId }).orderBy('user_id').pluck('user_id')).map(Number);
const fieldValue = (html: string, name: string) => html.match(new RegExp(`name="${name}"[^>]*value="([^"]*)"`))?.[1];

/** A session with two who teach it, one whose account is closed and one who is no longer an instructor. */
async function taughtSession(opts: Parameters<typeof createSession>[2] = {}) {
  const course = await createCourse(ctx.db);
  const session = await createSession(ctx.db, course.id, opts);
  const ana = await createUser(ctx.db, { role: 'instructor', name: 'Ana Teacher' });
  const bo = await createUser(ctx.db, { role: 'instructor', name: 'Bo <em>Teacher</em>' });
  const closed = await createUser(ctx.db, { role: 'instructor', name: 'Cy Closed', active: false });
  const demoted = await createUser(ctx.db, { role: 'learner', name: 'Di Demoted' });
  for (const u of [bo, ana, closed, demoted]) await assignInstructor(ctx.db, session.id, u.id);
  return { course, session, ana, bo };
}

const copyForm = (html: string) => ({
  courseId: html.match(/<option value="(\d+)" selected>/)![1],
  startDate: fieldValue(html, 'startDate')!,
  timeZone: fieldValue(html, 'timeZone')!,
  capacity: fieldValue(html, 'capacity')!,
  minEnrolment: fieldValue(html, 'minEnrolment')!,
  price: fieldValue(html, 'price')!,
  currency: html.match(/<option value="([A-Z]{3})" selected>/)![1],
  goNoGoDate: '',
  registrationOpensAt: '',
  registrationClosesAt: '',
  from: fieldValue(html, 'from')!,
});

describe('scheduling a new session like another', () => {
  it('fills the form from the session: its course, zone, seats and price, a first day after its last week, its instructors ticked', async () => {
    const { course, session } = await taughtSession({ startDate: '2099-05-04', timeZone: 'America/Chicago', capacity: 15, minEnrolment: 5 });
    await updateSession(ctx.db, session.id, { price_minor: 19900, currency: 'EUR' });
    const res = await admin.get(`/admin/sessions/new?from=${session.id}`);
    expect(res.status).toBe(200);
    const page = decode(res.text);
    expect(res.text).toContain(`<option value="${course.id}" selected>`);
    expect(fieldValue(res.text, 'timeZone')).toBe('America/Chicago');
    expect(fieldValue(res.text, 'capacity')).toBe('15');
    expect(fieldValue(res.text, 'minEnrolment')).toBe('5');
    expect(fieldValue(res.text, 'price')).toBe('199.00');
    expect(res.text).toContain('<option value="EUR" selected>');
    // Two weeks from Monday 4 May: the next one starts Monday 18 May.
    expect(fieldValue(res.text, 'startDate')).toBe('2099-05-18');
    expect(fieldValue(res.text, 'goNoGoDate')).toBe('');
    expect(fieldValue(res.text, 'from')).toBe(String(session.id));
    expect(page).toContain('Copied from');
    expect(readable(page)).toContain('4 May – 17 May 2099');
    expect(res.text).toMatch(/name="copyInstructors" value="yes" checked/);
    expect(page).toContain('the same instructors: Ana Teacher and Bo <em>Teacher</em>');
    expect(res.text).not.toContain('<em>');
    expect(page).not.toContain('Cy Closed');
    expect(page).not.toContain('Di Demoted');
  });

  it('moves a first day that has passed on by whole weeks, to the first one still to come, on the same weekday', async () => {
    const { session } = await taughtSession({ startedDaysAgo: 60 });
    const source = await ctx.db('course_sessions').where({ id: session.id }).first('ends_at');
    const started = DateTime.fromJSDate(source.ends_at, { zone: 'UTC' }).minus({ weeks: 2 });
    const tomorrow = DateTime.utc().startOf('day').plus({ days: 1 });
    const suggested = DateTime.fromISO(fieldValue((await admin.get(`/admin/sessions/new?from=${session.id}`)).text, 'startDate')!, { zone: 'UTC' });
    expect(suggested.weekday).toBe(started.weekday);
    expect(suggested >= tomorrow).toBe(true);
    expect(suggested < tomorrow.plus({ weeks: 1 })).toBe(true);
  });

  it('schedules it with the instructors who still teach the first, and says who', async () => {
    const { session, ana, bo } = await taughtSession({ startDate: '2099-05-04' });
    const html = (await admin.get(`/admin/sessions/new?from=${session.id}`)).text;
    const res = await postForm(admin, '/admin/sessions', { ...copyForm(html), copyInstructors: 'yes' }, '/admin/sessions/new');
    expect(res.status).toBe(302);
    const id = Number(res.headers.location.split('/').pop());
    expect(id).not.toBe(session.id);
    expect(await instructorIdsOf(id)).toEqual([ana.id, bo.id].sort((a, b) => a - b));
    const row = await ctx.db('course_sessions').where({ id }).first('capacity', 'price_minor');
    expect(row).toMatchObject({ capacity: 20, price_minor: 25000 });
    const landed = await follow(admin, res);
    expect(decode(landed.text)).toContain('The session is scheduled, taught by Ana Teacher and Bo <em>Teacher</em>.');
    expect(landed.text).not.toContain('<em>');
    expect(decode(landed.text)).not.toContain('offer it to them');
    expect(await instructorIdsOf(session.id)).toHaveLength(4);
  });

  it('leaves the instructors out when the box is not ticked', async () => {
    const { session } = await taughtSession({ startDate: '2099-05-04' });
    const html = (await admin.get(`/admin/sessions/new?from=${session.id}`)).text;
    const res = await postForm(admin, '/admin/sessions', copyForm(html), '/admin/sessions/new');
    expect(res.status).toBe(302);
    const id = Number(res.headers.location.split('/').pop());
    expect(await instructorIdsOf(id)).toEqual([]);
    expect(decode((await follow(admin, res)).text)).toContain('The session is scheduled. Assign its instructors below.');
  });

  it('keeps the copy and the box as they were when the form is refused, creating nothing', async () => {
    const { session } = await taughtSession({ startDate: '2099-05-04' });
    const html = (await admin.get(`/admin/sessions/new?from=${session.id}`)).text;
    const before = await countSessions();
    const ticked = await postForm(admin, '/admin/sessions', { ...copyForm(html), capacity: '0', copyInstructors: 'yes' }, '/admin/sessions/new');
    expect(ticked.status).toBe(422);
    expect(ticked.text).toContain('id="field-capacity-error"');
    expect(fieldValue(ticked.text, 'from')).toBe(String(session.id));
    expect(ticked.text).toMatch(/name="copyInstructors" value="yes" checked/);
    expect(decode(ticked.text)).toContain('Copied from');
    const unticked = await postForm(admin, '/admin/sessions', { ...copyForm(html), capacity: '0' }, '/admin/sessions/new');
    expect(unticked.status).toBe(422);
    expect(unticked.text).toMatch(/name="copyInstructors" value="yes">/);
    expect(await countSessions()).toBe(before);
  });

  it('copies a cancelled session, to run it again later', async () => {
    const { session } = await taughtSession({ startDate: '2099-05-04', status: 'cancelled' });
    const sessionPage = await admin.get(`/admin/sessions/${session.id}`);
    expect(sessionPage.text).toContain(`href="/admin/sessions/new?from=${session.id}"`);
    const res = await admin.get(`/admin/sessions/new?from=${session.id}`);
    expect(res.status).toBe(200);
    expect(fieldValue(res.text, 'startDate')).toBe('2099-05-18');
    const scheduled = await postForm(admin, '/admin/sessions', { ...copyForm(res.text), copyInstructors: 'yes' }, '/admin/sessions/new');
    expect(scheduled.status).toBe(302);
    expect(decode((await follow(admin, scheduled)).text)).toContain(
      'The session is scheduled, taught by Ana Teacher and Bo <em>Teacher</em>. To tell the learners of the cancelled session, offer it to them from that session’s page.',
    );
  });

  it('says so when nobody teaches the session any more, and offers no box', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04' });
    const res = await admin.get(`/admin/sessions/new?from=${session.id}`);
    expect(res.text).not.toContain('name="copyInstructors"');
    expect(decode(res.text)).toContain('Nobody teaches that session now');
  });

  it('answers 404 for a session to copy that does not exist, and takes no instructors from one named in a made-up form', async () => {
    for (const from of ['999999', 'abc', '']) {
      expect((await admin.get(`/admin/sessions/new?from=${from}`)).status).toBe(404);
    }
    const { session } = await taughtSession({ startDate: '2099-05-04' });
    const html = (await admin.get(`/admin/sessions/new?from=${session.id}`)).text;
    const res = await postForm(admin, '/admin/sessions', { ...copyForm(html), from: '999999', copyInstructors: 'yes' }, '/admin/sessions/new');
    expect(res.status).toBe(302);
    expect(await instructorIdsOf(Number(res.headers.location.split('/').pop()))).toEqual([]);
  });

  it('is for admins only: the session’s own instructor gets 403', async () => {
    const { session, ana } = await taughtSession({ startDate: '2099-05-04' });
    const instructor = await signIn(ctx.app, ana);
    expect((await instructor.get(`/admin/sessions/new?from=${session.id}`)).status).toBe(403);
    expect((await instructor.get(`/admin/sessions/${session.id}`)).status).toBe(403);
  });
});
