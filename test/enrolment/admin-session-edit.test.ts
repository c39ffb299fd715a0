import type { TestContext } from '../helpers/app';
import { assignInstructor, createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { editFormOf, follow } from '../helpers/enrolment-factories';
import { adminContext, decode, postForm, signedInAs, type Agent } from '../helpers/http';

let ctx: TestContext;
let admin: Agent;
beforeAll(async () => ({ ctx, admin } = await adminContext()));
afterAll(() => ctx.close());

const rowOf = (id: number) => ctx.db('course_sessions').where({ id }).first();
const save = (agent: Agent, id: number, form: Record<string, string>) => postForm(agent, `/admin/sessions/${id}`, form, `/admin/sessions/${id}/edit`);

describe('editing a session’s dates', () => {
  it('moves the go/no-go date and registration’s close with a postponed first day while they are at their defaults', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'Europe/London', weeks: 4 });
    const form = await editFormOf(admin, session.id);
    expect(form).toMatchObject({ startDate: '2099-05-04', goNoGoDate: '', registrationClosesAt: '' });

    expect((await save(admin, session.id, { ...form, startDate: '2099-05-18' })).status).toBe(302);
    const row = await rowOf(session.id);
    expect(row.starts_at.toISOString()).toBe('2099-05-17T23:00:00.000Z');
    expect(row.go_no_go_at.toISOString()).toBe('2099-05-10T23:00:00.000Z');
    expect(row.registration_closes_at.toISOString()).toBe('2099-05-24T23:00:00.000Z');
  });

  it('keeps a go/no-go date and a close an admin chose in the form, to move by hand', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'Europe/London', weeks: 4 });
    const chosen = { ...(await editFormOf(admin, session.id)), goNoGoDate: '2099-04-20', registrationClosesAt: '2099-05-06T12:00' };
    expect((await save(admin, session.id, chosen)).status).toBe(302);
    expect(await editFormOf(admin, session.id)).toMatchObject({ goNoGoDate: '2099-04-20', registrationClosesAt: '2099-05-06T12:00' });
  });

  it('refuses a registration close after the session ends, at the field, keeping the form and changing nothing', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'Europe/London', weeks: 4 });
    const before = await rowOf(session.id);
    const res = await save(admin, session.id, { ...(await editFormOf(admin, session.id)), capacity: '17', registrationClosesAt: '2100-05-06T00:00' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-registrationClosesAt-error"');
    expect(decode(res.text)).toContain('Registration must close by the time the session ends: at the end of 17 May 2099 (Europe/London time).');
    expect(res.text).toContain('value="17"');
    expect(await rowOf(session.id)).toEqual(before);
  });
});

describe('scheduling sent twice', () => {
  it('schedules one session when its form is sent twice, even at the same moment; the same session from another form is another cohort', async () => {
    const course = await createCourse(ctx.db);
    const form = { courseId: String(course.id), startDate: '2099-09-07', timeZone: 'Europe/London', capacity: '12', minEnrolment: '4', price: '250.00', currency: 'USD' };
    const newForm = async () => {
      const page = (await admin.get(`/admin/sessions/new?courseId=${course.id}`)).text;
      return { _csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1], formKey: /name="formKey" value="([^"]+)"/.exec(page)![1] };
    };
    const opened = await newForm();
    const send = (keys: Record<string, string>) => admin.post('/admin/sessions').type('form').send({ ...keys, ...form });
    const [first, second] = await Promise.all([send(opened), send(opened)]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(second.headers.location).toBe(first.headers.location);
    const again = await send(opened);
    expect(decode((await follow(admin, again)).text)).toContain('This form had already scheduled the session (it was sent twice), so it was not scheduled again.');
    expect(await ctx.db('course_sessions').where({ course_id: course.id })).toHaveLength(1);

    expect((await send(await newForm())).status).toBe(302);
    expect(await ctx.db('course_sessions').where({ course_id: course.id })).toHaveLength(2);
  });
});

describe('the time zone', () => {
  it('is kept as the time zone database spells it, whatever the case typed', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'Europe/London', weeks: 2 });
    expect((await save(admin, session.id, { ...(await editFormOf(admin, session.id)), timeZone: ' america/chicago ' })).status).toBe(302);
    expect((await rowOf(session.id)).time_zone).toBe('America/Chicago');
    expect(decode((await admin.get(`/admin/sessions/${session.id}`)).text)).toContain('America/Chicago (Central');
  });

  it('is kept as the time zone database spells it also for a name that has an older one (Kathmandu, once Katmandu)', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'Europe/London', weeks: 2 });
    for (const [typed, kept] of [['asia/kathmandu', 'Asia/Kathmandu'], ['AMERICA/ARGENTINA/BUENOS_AIRES', 'America/Argentina/Buenos_Aires']]) {
      expect((await save(admin, session.id, { ...(await editFormOf(admin, session.id)), timeZone: typed })).status).toBe(302);
      expect((await rowOf(session.id)).time_zone).toBe(kept);
    }
  });

  it('keeps a learner’s more time to the end of the same day in the new zone', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'America/Chicago', weeks: 2 });
    const enrolmentId = await enrol(ctx.db, session.id, (await createUser(ctx.db)).id);
    const moreTime = `/sessions/${session.id}/learners/${enrolmentId}/more-time`;
    expect((await postForm(admin, moreTime, { until: '2099-08-31', note: '' }, moreTime)).status).toBe(303);

    expect((await save(admin, session.id, { ...(await editFormOf(admin, session.id)), timeZone: 'Europe/London' })).status).toBe(302);
    const { completion_extended_to: until } = await ctx.db('enrolments').where({ id: enrolmentId }).first('completion_extended_to');
    // The end of 31 August in London, where completion is now said to close for them.
    expect(until.toISOString()).toBe('2099-08-31T23:00:00.000Z');
    expect(decode((await admin.get(moreTime)).text)).toContain('Open until the end of 31 August 2099');
  });
});

describe('telling people of new dates', () => {
  it('emails the learners (seat or waitlist, active accounts) and the instructors a moved first day, and nobody a change of price', async () => {
    const course = await createCourse(ctx.db, { title: 'Moving Dates Course' });
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'Europe/London', weeks: 2, capacity: 1 });
    const seated = await createUser(ctx.db, { name: 'Sita Seated' });
    const waiting = await createUser(ctx.db, { name: 'Wim Waiting' });
    const teacher = await createUser(ctx.db, { role: 'instructor', name: 'Tess Teacher' });
    await enrol(ctx.db, session.id, seated.id);
    await enrol(ctx.db, session.id, waiting.id, 'waitlisted');
    await assignInstructor(ctx.db, session.id, teacher.id);
    const gone = await createUser(ctx.db, { name: 'Gil Gone', active: false });
    await enrol(ctx.db, session.id, gone.id, 'waitlisted');
    const datesMail = (email: string) => ctx.db('outbox_emails').where({ to_address: email }).where('subject', 'like', 'New dates for%');

    expect((await save(admin, session.id, { ...(await editFormOf(admin, session.id)), price: '199.00' })).status).toBe(302);
    expect(await datesMail(seated.email)).toHaveLength(0);

    const saved = await save(admin, session.id, { ...(await editFormOf(admin, session.id)), startDate: '2099-05-18' });
    expect(decode((await follow(admin, saved)).text)).toContain('Its new dates were emailed to 2 learners and its instructor.');
    const [toSeated] = await datesMail(seated.email);
    expect(toSeated.subject).toBe('New dates for Moving Dates Course: 18 May – 31 May 2099');
    expect(toSeated.body_text).toContain('It was to run 4 May – 17 May 2099; it now runs 18 May – 31 May 2099: week one opens on Monday 18 May 2099 (Europe/London time).');
    expect(toSeated.body_text).toContain('Your seat is kept, at the fee you were quoted.');
    expect(toSeated.body_text).toContain('you can withdraw from your dashboard before the session starts');
    expect((await datesMail(waiting.email))[0].body_text).toContain('Your place on the waitlist is kept.');
    expect((await datesMail(teacher.email))[0].body_text).toContain('/teach');
    // A deactivated account keeps its place but gets no session emails.
    expect(await datesMail(gone.email)).toHaveLength(0);
  });
});

describe('two admins editing one session', () => {
  it('refuses the form opened before the other admin’s save, saying what it would undo, and saves it once asked again', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'Europe/London', weeks: 4, capacity: 12 });
    const { agent: other } = await signedInAs(ctx.app, ctx.db, 'admin');
    const mine = await editFormOf(admin, session.id);
    const theirs = await editFormOf(other, session.id);

    expect((await save(other, session.id, { ...theirs, capacity: '25' })).status).toBe(302);
    const refused = await save(admin, session.id, { ...mine, price: '300.00' });
    expect(refused.status).toBe(409);
    const page = decode(refused.text);
    expect(page).toContain('This session was saved again after you opened this form');
    expect(page).toContain('Capacity: now 25');
    expect(page).not.toContain('Price: now');
    expect(refused.text).toContain('value="300.00"');
    expect(await rowOf(session.id)).toMatchObject({ capacity: 25, price_minor: 25000 });

    // The page handed back carries the version saved meanwhile, so saving it again is a choice made knowingly.
    const rev = /name="rev" value="([^"]+)"/.exec(refused.text)![1];
    expect((await save(admin, session.id, { ...mine, price: '300.00', rev })).status).toBe(302);
    expect(await rowOf(session.id)).toMatchObject({ capacity: 12, price_minor: 30000 });
  });

  it('lets a form sent twice save once and then change nothing more', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'Europe/London', weeks: 4, capacity: 12 });
    const form = { ...(await editFormOf(admin, session.id)), capacity: '14' };
    expect((await save(admin, session.id, form)).status).toBe(302);
    expect((await save(admin, session.id, form)).status).toBe(302);
    expect((await rowOf(session.id)).capacity).toBe(14);
  });
});
