import request from 'supertest';
import type { TestContext } from '../helpers/app';
import { assignInstructor, createCohorts, createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { adminContext, type Agent, csrfFrom, decode, postForm, readable, signIn } from '../helpers/http';
import { enrolmentOf, eventsOf, follow, lastEmailTo, updateSession } from '../helpers/enrolment-factories';
import { messageBeside, summaryLinks } from '../helpers/error-summary';
import { cancelSessionForLowEnrolment, flagSessionsAtGoNoGo } from '../../src/enrolment';
import { issueCertificate } from '../../src/certificates/certificates.service';

let ctx: TestContext;
let admin: Agent;
let adminId: number;
beforeAll(async () => ({ ctx, admin, adminId } = await adminContext()));
afterAll(() => ctx.close());

const validForm = (courseId: number) => ({
  courseId: String(courseId),
  startDate: '2099-05-04',
  timeZone: 'Europe/London',
  capacity: '12',
  minEnrolment: '4',
  price: '250.00',
  currency: 'USD',
  goNoGoDate: '',
  registrationOpensAt: '',
  registrationClosesAt: '',
});
const countSessions = async () => Number((await ctx.db('course_sessions').count('* as n'))[0].n);

describe('creating and editing sessions', () => {
  it('creates a session with the defaults: go/no-go 7 days before, close at the end of week one, open now', async () => {
    const course = await createCourse(ctx.db);
    const before = Date.now();
    const res = await postForm(admin, '/admin/sessions', validForm(course.id), '/admin/sessions/new');
    expect(res.status).toBe(302);
    const id = Number(res.headers.location.split('/').pop());
    const row = await ctx.db('course_sessions').where({ id }).first();
    expect(row).toMatchObject({ course_id: course.id, capacity: 12, min_enrolment: 4, price_minor: 25000, currency: 'USD', time_zone: 'Europe/London', status: 'scheduled' });
    expect(row.go_no_go_at.toISOString()).toBe('2099-04-26T23:00:00.000Z');
    expect(row.registration_closes_at.toISOString()).toBe('2099-05-10T23:00:00.000Z');
    expect(row.registration_opens_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.registration_opens_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const page = decode((await admin.get(res.headers.location)).text);
    expect(readable(page)).toContain('4 May – 17 May 2099');
    expect(page).toContain('$250.00');
  });

  it.each([
    ['a missing start date', { startDate: '' }, 'startDate', 'first day of the session'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone', 'We do not know that time zone'],
    ['an offset rather than a zone', { timeZone: 'UTC+5' }, 'timeZone', 'We do not know that time zone'],
    ['the server’s own zone', { timeZone: 'local' }, 'timeZone', 'We do not know that time zone'],
    ['a capacity of zero', { capacity: '0' }, 'capacity', 'at least 1'],
    ['a minimum above capacity', { minEnrolment: '40' }, 'minEnrolment', 'cannot be more than the capacity'],
    ['a price with a currency sign', { price: '$250' }, 'price', 'without the currency sign'],
    ['a price with three decimals', { price: '250.005' }, 'price', 'like 250 or 250.00'],
    ['an unknown currency', { currency: 'XYZ' }, 'currency', 'choose a currency'],
    ['a go/no-go date after the start', { goNoGoDate: '2099-05-05' }, 'goNoGoDate', 'on or before the first day'],
    ['a malformed close', { registrationClosesAt: 'soon' }, 'registrationClosesAt', 'like 2026-05-11T00:00'],
    ['a close before the opening', { registrationOpensAt: '2099-05-01T09:00', registrationClosesAt: '2099-04-01T09:00' }, 'registrationClosesAt', 'close after it opens'],
    ['no course', { courseId: '' }, 'courseId', 'choose a course'],
    ['a first day long past', { startDate: '2020-01-06' }, 'startDate', 'That first day is more than a week ago'],
    ['a first day whose week one ends before the typed opening', { registrationOpensAt: '2099-06-01T09:00' }, 'startDate', 'Please choose a later first day, or an earlier opening'],
  ])('refuses %s with 422, a message at the field, the values kept and nothing created', async (_label, change, field, message) => {
    const course = await createCourse(ctx.db);
    const before = await countSessions();
    const form = { ...validForm(course.id), capacity: '17', ...change };
    const res = await postForm(admin, '/admin/sessions', form, '/admin/sessions/new');
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="field-${field}-error"`);
    expect(decode(res.text)).toContain(message);
    if (field !== 'capacity') expect(res.text).toContain('value="17"');
    expect(await countSessions()).toBe(before);
  });

  it('points a start date in the past at the first day field, not at the empty closing field, keeping the typed date', async () => {
    const course = await createCourse(ctx.db);
    const res = await postForm(admin, '/admin/sessions', { ...validForm(course.id), startDate: '2020-01-06' }, '/admin/sessions/new');
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-startDate-error"');
    expect(res.text).not.toContain('id="field-registrationClosesAt-error"');
    expect(res.text).toContain('value="2020-01-06"');
  });

  it('edits a session and refuses a capacity below the learners already enrolled, changing nothing', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -30, capacity: 5 });
    for (let i = 0; i < 3; i++) await enrol(ctx.db, session.id, (await createUser(ctx.db)).id);
    const edit = await admin.get(`/admin/sessions/${session.id}/edit`);
    expect(edit.status).toBe(200);
    const form = { ...validForm(course.id), capacity: '2', minEnrolment: '1' };
    const refused = await postForm(admin, `/admin/sessions/${session.id}`, form, `/admin/sessions/${session.id}/edit`);
    expect(refused.status).toBe(422);
    expect(decode(refused.text)).toContain('3 learners are already enrolled');
    expect((await ctx.db('course_sessions').where({ id: session.id }).first()).capacity).toBe(5);

    const saved = await postForm(admin, `/admin/sessions/${session.id}`, { ...validForm(course.id), capacity: '8', price: '99.50', currency: 'GBP' }, `/admin/sessions/${session.id}/edit`);
    expect(saved.status).toBe(302);
    expect(await ctx.db('course_sessions').where({ id: session.id }).first()).toMatchObject({ capacity: 8, price_minor: 9950, currency: 'GBP' });
  });

  it('keeps the fee each enrolled learner was quoted when the price changes, and says so', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -30 });
    const enrolThrough = async () => {
      const agent = await signIn(ctx.app, await createUser(ctx.db));
      expect((await postForm(agent, `/sessions/${session.id}/enrol`, {}, `/courses/${course.slug}`)).status).toBe(302);
      return agent;
    };
    const early = await enrolThrough();
    const saved = await postForm(admin, `/admin/sessions/${session.id}`, { ...validForm(course.id), price: '180.00' }, `/admin/sessions/${session.id}/edit`);
    expect(decode((await follow(admin, saved)).text)).toContain('The learner already enrolled keeps the fee they were quoted; the new price is for new enrolments.');
    const late = await enrolThrough();
    expect((await early.get('/dashboard')).text).toContain('Invoice to follow ($250.00)');
    expect((await late.get('/dashboard')).text).toContain('Invoice to follow ($180.00)');
    expect((await ctx.db('enrolments').where({ course_session_id: session.id }).orderBy('id').select('fee_minor')).map((r) => r.fee_minor)).toEqual([25000, 18000]);
    // The course page tells each their own fee, and the roster shows the admin what to invoice.
    expect((await early.get(`/courses/${course.slug}`)).text).toMatch(/<dt>Your fee<\/dt><dd>\$250\.00<\/dd>/);
    expect((await late.get(`/courses/${course.slug}`)).text).toMatch(/<dt>Your fee<\/dt><dd>\$180\.00<\/dd>/);
    const roster = decode((await admin.get(`/admin/sessions/${session.id}`)).text);
    expect(roster).toContain('fee $250.00');
    expect(roster).toContain('fee $180.00');
  });

  it('gives new seats to the waitlist in order when the capacity grows', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'Europe/London', capacity: 1 });
    await enrol(ctx.db, session.id, (await createUser(ctx.db)).id);
    const first = await createUser(ctx.db);
    const second = await createUser(ctx.db);
    await ctx.db('enrolments').insert([
      { course_session_id: session.id, user_id: second.id, status: 'waitlisted', waitlist_position: 2 },
      { course_session_id: session.id, user_id: first.id, status: 'waitlisted', waitlist_position: 1 },
    ]);
    await postForm(admin, `/admin/sessions/${session.id}`, { ...validForm(course.id), capacity: '2', minEnrolment: '1' }, `/admin/sessions/${session.id}/edit`);
    expect(await enrolmentOf(ctx.db, session.id, first.id)).toMatchObject({ status: 'enrolled' });
    expect(await enrolmentOf(ctx.db, session.id, second.id)).toMatchObject({ status: 'waitlisted' });
    expect((await lastEmailTo(ctx.db, first.email))?.subject).toContain('A seat opened up');
  });
});

describe('roster, payments and history', () => {
  it('shows each learner with status and payment, records payments, and lists every change with who made it', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -14 });
    const learner = await createUser(ctx.db, { name: 'Rosa Roster' });
    const agent = await signIn(ctx.app, learner);
    await postForm(agent, `/sessions/${session.id}/enrol`, {}, `/courses/${course.slug}`);
    const row = await enrolmentOf(ctx.db, session.id, learner.id);

    for (const status of ['paid', 'refunded']) {
      const res = await postForm(admin, `/admin/sessions/${session.id}/enrolments/${row.id}/payment`, { paymentStatus: status }, `/admin/sessions/${session.id}`);
      expect(res.status).toBe(302);
    }
    expect(await enrolmentOf(ctx.db, session.id, learner.id)).toMatchObject({ payment_status: 'refunded' });
    const events = await eventsOf(ctx.db, row.id);
    expect(events.map((e: { to_payment: string; actor_id: number }) => [e.to_payment, e.actor_id])).toEqual([
      ['unpaid', learner.id],
      ['paid', adminId],
      ['refunded', adminId],
    ]);
    const page = decode((await admin.get(`/admin/sessions/${session.id}`)).text);
    expect(page).toContain('Rosa Roster');
    expect(page).toContain('Enrolled');
    expect(page).toContain('Now: Refunded');
    expect(page).toContain('Enrolment history');
    expect(page).toContain('Enrolled · Paid');
    expect(page).toContain('Enrolled · Refunded');
    expect(page).not.toContain('Account deactivated');

    // A deactivated account keeps its place, marked so on the roster.
    await ctx.db('users').where({ id: learner.id }).update({ active: false });
    const roster = decode((await admin.get(`/admin/sessions/${session.id}`)).text);
    expect(roster).toMatch(/Rosa Roster<br><span class="hint">[^<]*<\/span><br><span class="badge">Account deactivated<\/span> <span class="hint">no session emails; the place is kept<\/span>/);
  });

  it('marks a seat waived, and refuses to mark unpaid money as refunded', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const learner = await createUser(ctx.db);
    const id = await enrol(ctx.db, session.id, learner.id);
    const refused = await postForm(admin, `/admin/sessions/${session.id}/enrolments/${id}/payment`, { paymentStatus: 'refunded' }, `/admin/sessions/${session.id}`);
    expect(decode((await follow(admin, refused)).text)).toContain('Only a payment that was made can be marked refunded');
    await postForm(admin, `/admin/sessions/${session.id}/enrolments/${id}/payment`, { paymentStatus: 'waived' }, `/admin/sessions/${session.id}`);
    expect(await enrolmentOf(ctx.db, session.id, learner.id)).toMatchObject({ payment_status: 'waived' });
  });

  it('answers 404 for an enrolment of another session', async () => {
    const { sessionA, sessionB, learnerB } = await createCohorts(ctx.db);
    const foreign = await enrolmentOf(ctx.db, sessionB.id, learnerB.id);
    const res = await postForm(admin, `/admin/sessions/${sessionA.id}/enrolments/${foreign.id}/payment`, { paymentStatus: 'paid' }, `/admin/sessions/${sessionA.id}`);
    expect(res.status).toBe(404);
    expect(await enrolmentOf(ctx.db, sessionB.id, learnerB.id)).toMatchObject({ payment_status: 'unpaid' });
  });

  it('adds a learner by hand, and over capacity only with the explicit override', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { capacity: 1 });
    await enrol(ctx.db, session.id, (await createUser(ctx.db)).id);
    const learner = await createUser(ctx.db);
    const refused = await postForm(admin, `/admin/sessions/${session.id}/learners`, { email: learner.email }, `/admin/sessions/${session.id}`);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('id="field-overCapacity-error"');
    expect(refused.text).toContain(`>${learner.email}</textarea>`);
    expect(await enrolmentOf(ctx.db, session.id, learner.id)).toBeUndefined();

    const added = await postForm(admin, `/admin/sessions/${session.id}/learners`, { email: learner.email, overCapacity: 'yes' }, `/admin/sessions/${session.id}`);
    expect(added.status).toBe(302);
    expect(await enrolmentOf(ctx.db, session.id, learner.id)).toMatchObject({ status: 'enrolled' });
    expect(await ctx.db('enrolments').where({ course_session_id: session.id, status: 'enrolled' })).toHaveLength(2);
    expect((await lastEmailTo(ctx.db, learner.email))?.subject).toContain('You are enrolled');
  });

  it('says when someone added also holds a seat in another session of the course still to run, and only then', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04' });
    const running = await createSession(ctx.db, course.id, { startedDaysAgo: 3 });
    const ended = await createSession(ctx.db, course.id, { startedDaysAgo: 200 });
    const elsewhereCourse = await createSession(ctx.db, (await createCourse(ctx.db)).id, { startDate: '2099-05-04' });
    const seated = await createUser(ctx.db, { name: 'Sol Seated' });
    const finished = await createUser(ctx.db, { name: 'Fin Finished' });
    const other = await createUser(ctx.db, { name: 'Ora Other' });
    await enrol(ctx.db, running.id, seated.id);
    await enrol(ctx.db, ended.id, finished.id);
    await enrol(ctx.db, elsewhereCourse.id, other.id);
    const page = `/admin/sessions/${session.id}`;
    const res = await postForm(admin, `${page}/learners`, { email: [seated.email, finished.email, other.email].join('\n') }, page);
    expect(res.status).toBe(302);
    const said = decode((await follow(admin, res)).text);
    expect(said).toContain('3 learners are enrolled and have been emailed');
    expect(said).toContain('Sol Seated also holds a seat in another session of this course; if this place replaces that one, withdraw them there');
    expect(said).not.toContain('Fin Finished also');
    expect(said).not.toContain('Ora Other also');
  });

  it('refuses to add an unknown email or someone already enrolled, with a message at the field', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const unknown = await postForm(admin, `/admin/sessions/${session.id}/learners`, { email: 'nobody-here@example.test' }, `/admin/sessions/${session.id}`);
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('no active account with this email');
    const learner = await createUser(ctx.db);
    await enrol(ctx.db, session.id, learner.id);
    const twice = await postForm(admin, `/admin/sessions/${session.id}/learners`, { email: learner.email }, `/admin/sessions/${session.id}`);
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('is already enrolled');
  });

  it('adds a group at once, one address a line or separated by commas, each emailed, in the order given', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { capacity: 3 });
    const group = [await createUser(ctx.db, { name: 'Ana One' }), await createUser(ctx.db, { name: 'Ben Two' }), await createUser(ctx.db, { name: 'Cy Three' })];
    const returning = group[2];
    const old = await enrol(ctx.db, session.id, returning.id);
    await ctx.db('enrolments').where({ id: old }).update({ status: 'withdrawn' });
    const list = `${group[0].email.toUpperCase()},  ${group[1].email}\n\n${group[2].email}; ${group[0].email}`;
    const res = await postForm(admin, `/admin/sessions/${session.id}/learners`, { email: list }, `/admin/sessions/${session.id}`);
    expect(decode((await follow(admin, res)).text)).toContain('3 learners are enrolled and have been emailed: Ana One, Ben Two, Cy Three.');
    for (const user of group) {
      expect(await enrolmentOf(ctx.db, session.id, user.id)).toMatchObject({ status: 'enrolled', fee_minor: 25000 });
      expect((await lastEmailTo(ctx.db, user.email))?.subject).toContain('You are enrolled');
    }
    expect(await enrolmentOf(ctx.db, session.id, returning.id)).toMatchObject({ id: old });
    const events = await ctx.db('enrolment_events as ev').join('enrolments as e', 'e.id', 'ev.enrolment_id').where('e.course_session_id', session.id).select('ev.actor_id', 'ev.note');
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.actor_id === adminId && e.note === 'Added by an admin')).toBe(true);
  });

  it('refuses the whole group, saying which addresses, and keeps the list: unknown, already enrolled, not an address, too many for the seats', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { capacity: 2 });
    const [ana, ben, cy] = [await createUser(ctx.db, { name: 'Ana One' }), await createUser(ctx.db, { name: 'Ben Two' }), await createUser(ctx.db, { name: 'Cy Three' })];
    await enrol(ctx.db, session.id, cy.id);
    const url = `/admin/sessions/${session.id}/learners`;
    const refusals: [string, string][] = [
      [`${ana.email}\nnobody-a@example.test\nnobody-b@example.test`, 'There is no active account for nobody-a@example.test, nobody-b@example.test. Tick “Make accounts” below, or take them out of the list; nobody was added.'],
      [`${ana.email}, ${cy.email}`, 'Cy Three is already enrolled in this session. Take them out of the list; nobody was added.'],
      [`${ana.email}, not-an-address, also@`, 'These are not email addresses: not-an-address, also@. Please correct them; nobody was added.'],
      [`${ana.email}, ${ben.email}`, 'This session has 1 seat left and you are adding 2 learners. Tick “Add over capacity” to add them all anyway.'],
      ['  \n , ', 'Please enter the learner’s email address.'],
    ];
    for (const [list, message] of refusals) {
      const res = await postForm(admin, url, { email: list }, `/admin/sessions/${session.id}`);
      expect(res.status).toBe(422);
      expect(decode(res.text)).toContain(message);
      expect(decode(res.text)).toContain(`${list}</textarea>`);
    }
    const many = Array.from({ length: 201 }, (_, i) => `person${i}@example.test`).join('\n');
    expect(decode((await postForm(admin, url, { email: many }, `/admin/sessions/${session.id}`)).text)).toContain('Please add at most 200 learners at a time.');
    expect(await enrolmentOf(ctx.db, session.id, ana.id)).toBeUndefined();
    expect(await enrolmentOf(ctx.db, session.id, ben.id)).toBeUndefined();
    expect(await lastEmailTo(ctx.db, ana.email)).toBeUndefined();

    const res = await postForm(admin, url, { email: `${ana.email}, ${ben.email}`, overCapacity: 'yes' }, `/admin/sessions/${session.id}`);
    expect(decode((await follow(admin, res)).text)).toContain('2 learners are enrolled (1 of them over capacity) and have been emailed: Ana One, Ben Two.');
    const notes = await ctx.db('enrolment_events as ev').join('enrolments as e', 'e.id', 'ev.enrolment_id').whereIn('e.user_id', [ana.id, ben.id]).where('e.course_session_id', session.id).orderBy('ev.id').pluck('ev.note');
    expect(notes).toEqual(['Added by an admin', 'Added by an admin over capacity']);
  });
});

describe('adding by hand someone who teaches the session', () => {
  it('refuses the whole list, keeping it, naming them: they cannot also be one of its learners', async () => {
    const c = await createCohorts(ctx.db, { startedDaysAgo: -10 });
    const ana = await createUser(ctx.db, { name: 'Ana One' });
    const list = `${ana.email}, ${c.instructorA.email}`;
    const res = await postForm(admin, `/admin/sessions/${c.sessionA.id}/learners`, { email: list }, `/admin/sessions/${c.sessionA.id}`);
    expect(res.status).toBe(422);
    expect(decode(res.text)).toContain(`${c.instructorA.name} teaches this session, so cannot also be one of its learners. Take them out of the list; nobody was added.`);
    expect(decode(res.text)).toContain(`${list}</textarea>`);
    expect(await enrolmentOf(ctx.db, c.sessionA.id, c.instructorA.id)).toBeUndefined();
    expect(await enrolmentOf(ctx.db, c.sessionA.id, ana.id)).toBeUndefined();
    // Another session's instructor may take this one as a learner.
    const other = await postForm(admin, `/admin/sessions/${c.sessionA.id}/learners`, { email: c.instructorB.email }, `/admin/sessions/${c.sessionA.id}`);
    expect(other.status).toBe(302);
  });
});

describe('adding people who have no account yet', () => {
  it('makes their accounts when asked, each emailed a link to choose a password, and enrols them with the rest', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { capacity: 5 });
    const known = await createUser(ctx.db, { name: 'Kim Known' });
    const pat = `pat-${Date.now()}@example.test`;
    const quinn = `quinn-${Date.now()}@example.test`;
    // Pat's name as pasted from a spreadsheet's two columns, with a tab between.
    const list = `Pat\tReader <${pat.toUpperCase()}>\n${known.email}\n"Quinn Q" <${quinn}>`;
    const page = `/admin/sessions/${session.id}`;
    const res = await postForm(admin, `${page}/learners`, { email: list, createAccounts: 'yes' }, page);
    expect(res.status).toBe(302);
    expect(decode((await follow(admin, res)).text)).toContain('3 learners are enrolled and have been emailed: Pat Reader, Kim Known, Quinn Q. 2 accounts were made, each with a link to choose a password.');

    const made = await ctx.db('users').whereIn('email', [pat, quinn]).orderBy('email').select('id', 'name', 'email', 'role', 'active');
    expect(made).toEqual([
      expect.objectContaining({ name: 'Pat Reader', email: pat, role: 'learner', active: true }),
      expect.objectContaining({ name: 'Quinn Q', email: quinn, role: 'learner', active: true }),
    ]);
    for (const user of made) expect(await enrolmentOf(ctx.db, session.id, user.id)).toMatchObject({ status: 'enrolled' });
    const notes = await ctx.db('enrolment_events as ev').join('enrolments as e', 'e.id', 'ev.enrolment_id').where('e.course_session_id', session.id).orderBy('ev.id').pluck('ev.note');
    expect(notes).toEqual(['Added by an admin with a new account', 'Added by an admin', 'Added by an admin with a new account']);

    const patId = made.find((u) => u.email === pat).id;
    expect(decode((await admin.get(`/admin/people/${patId}`)).text)).toContain('Active; they have not chosen a password yet');
    expect(decode((await admin.get(`/admin/people?q=${encodeURIComponent(pat)}`)).text)).toContain('Active; no password chosen yet');
    // No password works until Pat chooses one through the emailed link.
    const visitor = request.agent(ctx.app);
    const loginToken = await csrfFrom(visitor, '/login');
    expect((await visitor.post('/login').type('form').send({ _csrf: loginToken, email: pat, password: '!no-password-yet' })).status).toBe(422);
    const invitation = await ctx.db('outbox_emails').where({ to_address: pat }).where('subject', 'like', 'An account has been made for you%').first();
    expect(invitation.body_text).toContain('To choose your password, open this link within 14 days:');
    const link = /http:\/\/localhost:3000(\/reset-password\/[A-Za-z0-9_-]+)/.exec(invitation.body_text)![1];
    const welcome = decode((await visitor.get(link)).text);
    expect(welcome).toContain('<h1>Choose your password</h1>');
    expect(welcome).toContain('Welcome, Pat Reader. An account has been made for you');
    const choose = await csrfFrom(visitor, link);
    const chosen = await visitor.post(link).type('form').send({ _csrf: choose, password: 'a calm and long password', confirm: 'a calm and long password' });
    expect(chosen.status).toBe(302);
    expect((await visitor.get(chosen.headers.location)).text).toContain('Your password is set. Please log in with it.');
    expect(await signIn(ctx.app, { email: pat, password: 'a calm and long password' })).toBeDefined();
    expect(decode((await admin.get(`/admin/people/${patId}`)).text)).toContain('<dt>Account</dt><dd>Active</dd>');
    expect((await lastEmailTo(ctx.db, pat))?.subject).toContain('You are enrolled');
  });

  it('refuses the whole list, keeping it, when a new address has no name, an account is deactivated, or another entry is refused', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { capacity: 5 });
    const enrolled = await createUser(ctx.db, { name: 'Eve Enrolled' });
    await enrol(ctx.db, session.id, enrolled.id);
    const gone = await createUser(ctx.db, { name: 'Gus Gone', active: false });
    const fresh = `fresh-${Date.now()}@example.test`;
    const page = `/admin/sessions/${session.id}`;
    const refusals: [string, string][] = [
      [`${fresh}`, `A new account needs a name: write it as Pat Reader <pat@library.org> for ${fresh}. Nobody was added.`],
      [`Gus Again <${gone.email}>`, `${gone.email} has an account that is deactivated. Reactivate it under People first, or take it out of the list; nobody was added.`],
      [`Fay Fresh <${fresh}>, ${enrolled.email}`, 'Eve Enrolled is already enrolled in this session. Take them out of the list; nobody was added.'],
      [`${'N'.repeat(121)} <${fresh}>`, `Please keep each name to 120 characters (${fresh}); nobody was added.`],
    ];
    for (const [list, message] of refusals) {
      const res = await postForm(admin, `${page}/learners`, { email: list, createAccounts: 'yes' }, page);
      expect(res.status).toBe(422);
      expect(decode(res.text)).toContain(message);
      expect(decode(res.text)).toContain(`${list}</textarea>`);
      expect(res.text).toMatch(/name="createAccounts" value="yes" checked/);
    }
    // The refused list made no account, even for the entry that could have had one.
    expect(await ctx.db('users').where({ email: fresh })).toHaveLength(0);
    expect(await ctx.db('outbox_emails').where({ to_address: fresh })).toHaveLength(0);
  });
});

describe('instructors', () => {
  it('assigns more than one instructor to a session and removes one', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const first = await createUser(ctx.db, { role: 'instructor' });
    const second = await createUser(ctx.db, { role: 'instructor' });
    for (const user of [first, second]) {
      expect((await postForm(admin, `/admin/sessions/${session.id}/instructors`, { userId: String(user.id) }, `/admin/sessions/${session.id}`)).status).toBe(302);
    }
    expect(await ctx.db('session_instructors').where({ course_session_id: session.id }).pluck('user_id')).toEqual(expect.arrayContaining([first.id, second.id]));
    await postForm(admin, `/admin/sessions/${session.id}/instructors/${first.id}/remove`, {}, `/admin/sessions/${session.id}`);
    expect(await ctx.db('session_instructors').where({ course_session_id: session.id }).pluck('user_id')).toEqual([second.id]);
  });

  it('tells the instructors when their session is cancelled, and keeps its teaching as it was', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -30 });
    const teacher = await createUser(ctx.db, { role: 'instructor', name: 'Tess Teacher' });
    const other = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, session.id, teacher.id);
    await enrol(ctx.db, session.id, (await createUser(ctx.db)).id);
    const page = `/admin/sessions/${session.id}`;
    expect((await postForm(admin, `${page}/cancel`, { message: 'Too few people signed up, sorry.', understood: 'yes' }, page)).status).toBe(302);
    const mail = await lastEmailTo(ctx.db, teacher.email);
    expect(mail?.subject).toContain('Session cancelled');
    expect(mail?.body_text).toContain('which you were to teach, has been cancelled for low enrolment');
    expect(mail?.body_text).toContain('The 1 learner who was registered has been sent this message:\n\nToo few people signed up, sorry.');

    const html = (await admin.get(page)).text;
    expect(html).not.toContain(`action="${page}/instructors"`);
    expect(html).not.toContain(`action="${page}/instructors/${teacher.id}/remove"`);
    const assign = await postForm(admin, `${page}/instructors`, { userId: String(other.id) }, page);
    expect(assign.status).toBe(409);
    expect(assign.text).toContain('This session was cancelled, so its instructors can no longer be changed.');
    expect((await postForm(admin, `${page}/instructors/${teacher.id}/remove`, {}, page)).status).toBe(409);
    expect(await ctx.db('session_instructors').where({ course_session_id: session.id }).pluck('user_id')).toEqual([teacher.id]);
  });

  it('answers 404 when removing someone who does not teach the session', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const other = await createUser(ctx.db, { role: 'instructor' });
    expect((await postForm(admin, `/admin/sessions/${session.id}/instructors/${other.id}/remove`, {}, `/admin/sessions/${session.id}`)).status).toBe(404);
  });

  it('refuses to assign a learner as instructor', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const learner = await createUser(ctx.db);
    const res = await postForm(admin, `/admin/sessions/${session.id}/instructors`, { userId: String(learner.id) }, `/admin/sessions/${session.id}`);
    expect(res.status).toBe(422);
    expect(await ctx.db('session_instructors').where({ course_session_id: session.id })).toHaveLength(0);
  });

  it('shows the refusal in the error summary, linked to the picker, with the message beside it', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const teacher = await createUser(ctx.db, { role: 'instructor', name: 'Tess Teacher' });
    const learner = await createUser(ctx.db);
    const page = `/admin/sessions/${session.id}`;
    const res = await postForm(admin, `${page}/instructors`, { userId: String(learner.id) }, page);
    expect(res.status).toBe(422);
    expect(summaryLinks(res.text)).toEqual([{ id: 'field-userId', message: 'Please choose an active instructor.', targets: 1, inError: true }]);
    expect(messageBeside(res.text, 'field-userId')).toBe('Please choose an active instructor.');
    // The refused learner is not among the choices, so none is chosen in their stead.
    const picker = /<select id="field-userId"[\s\S]*?<\/select>/.exec(res.text)![0];
    expect(picker).toContain(`<option value="${teacher.id}">`);
    expect(picker).not.toContain(`value="${learner.id}"`);
    expect(picker).not.toContain(' selected');
    expect(await ctx.db('session_instructors').where({ course_session_id: session.id })).toHaveLength(0);
  });

  it('refuses to make a learner of the session one of its instructors, saying so beside the picker', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const teacher = await createUser(ctx.db, { role: 'instructor', name: 'Tess Taking' });
    await enrol(ctx.db, session.id, teacher.id);
    const page = `/admin/sessions/${session.id}`;
    const res = await postForm(admin, `${page}/instructors`, { userId: String(teacher.id) }, page);
    expect(res.status).toBe(422);
    expect(decode(messageBeside(res.text, 'field-userId') ?? '')).toBe('Tess Taking is a learner in this session, so cannot also teach it. Withdraw them from the roster first.');
    expect(await ctx.db('session_instructors').where({ course_session_id: session.id })).toHaveLength(0);
  });

  it('says why nobody was assigned when the picker has gone from the page', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { status: 'cancelled' });
    const page = `/admin/sessions/${session.id}`;
    const res = await postForm(admin, `${page}/instructors`, { userId: '' }, page);
    expect(res.status).toBe(422);
    expect(res.text).not.toContain('id="field-userId"');
    expect(summaryLinks(res.text)).toEqual([]);
    expect(decode(res.text)).toMatch(/id="form-errors">\s*<p>Please choose an instructor\.<\/p>/);
    expect(await ctx.db('session_instructors').where({ course_session_id: session.id })).toHaveLength(0);
  });
});

describe('cancelling and confirming', () => {
  it('cancels for low enrolment: everyone is emailed, enrolments are kept as cancelled, paid seats become refund due', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { capacity: 2 });
    const paid = await createUser(ctx.db);
    const unpaid = await createUser(ctx.db);
    const waiting = await createUser(ctx.db);
    const gone = await createUser(ctx.db);
    const deactivated = await createUser(ctx.db);
    await enrol(ctx.db, session.id, paid.id);
    await enrol(ctx.db, session.id, unpaid.id);
    await enrol(ctx.db, session.id, waiting.id, 'waitlisted');
    await enrol(ctx.db, session.id, deactivated.id, 'waitlisted');
    await ctx.db('users').where({ id: deactivated.id }).update({ active: false });
    await ctx.db('enrolments').insert({ course_session_id: session.id, user_id: gone.id, status: 'withdrawn' });
    await ctx.db('enrolments').where({ course_session_id: session.id, user_id: paid.id }).update({ payment_status: 'paid' });

    const message = 'We are sorry: too few people signed up. We hope to see you in June.';
    const res = await postForm(admin, `/admin/sessions/${session.id}/cancel`, { message, understood: 'yes' }, `/admin/sessions/${session.id}`);
    expect(res.status).toBe(302);
    const after = decode((await follow(admin, res)).text);
    expect(after).toContain('3 learners were emailed');
    expect(after).toMatch(/<dt>Registration<\/dt><dd>Closed: the session was cancelled on [^<]+<\/dd>/);
    expect(after).toContain('Now: Nothing to pay');
    expect(after).not.toContain('Now: Invoice to follow');
    expect(await ctx.db('course_sessions').where({ id: session.id }).first()).toMatchObject({ status: 'cancelled', cancellation_message: message });
    expect(await enrolmentOf(ctx.db, session.id, paid.id)).toMatchObject({ status: 'cancelled', payment_status: 'refund_due' });
    expect(await enrolmentOf(ctx.db, session.id, unpaid.id)).toMatchObject({ status: 'cancelled', payment_status: 'unpaid' });
    expect(await enrolmentOf(ctx.db, session.id, waiting.id)).toMatchObject({ status: 'cancelled' });
    expect(await enrolmentOf(ctx.db, session.id, gone.id)).toMatchObject({ status: 'withdrawn' });
    for (const user of [paid, unpaid, waiting]) {
      const email = await lastEmailTo(ctx.db, user.email);
      expect(email?.subject).toContain('Session cancelled');
      expect(email?.body_text).toContain(message);
    }
    expect((await lastEmailTo(ctx.db, paid.email))?.body_text).toContain('refund is due');
    expect(await lastEmailTo(ctx.db, gone.email)).toBeUndefined();
    // A deactivated account's place is cancelled with the rest, but session emails to it have stopped.
    expect(await enrolmentOf(ctx.db, session.id, deactivated.id)).toMatchObject({ status: 'cancelled' });
    expect(await lastEmailTo(ctx.db, deactivated.email)).toBeUndefined();
    const dashboard = decode((await (await signIn(ctx.app, paid)).get('/dashboard')).text);
    expect(dashboard).toContain('Session cancelled');
    expect(dashboard).toContain(message);
    expect(dashboard).toContain('Refund due');
  });

  it('refuses to change, confirm, cancel again or add to a cancelled session, saying why and changing nothing', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -20, capacity: 9 });
    await updateSession(ctx.db, session.id, { status: 'cancelled', cancelled_at: new Date(), cancellation_message: 'Too few learners.' });
    const page = `/admin/sessions/${session.id}`;

    const edit = await postForm(admin, page, { ...validForm(course.id), capacity: '15' }, `${page}/edit`);
    expect(edit.status).toBe(409);
    expect(decode(edit.text)).toContain('This session is cancelled, so it can no longer be changed.');
    expect(edit.text).toContain('value="15"');
    const confirm = await postForm(admin, `${page}/confirm`, {}, page);
    expect(decode((await follow(admin, confirm)).text)).toContain('so it cannot be confirmed');
    const cancelAgain = await postForm(admin, `${page}/cancel`, { message: 'Cancelled a second time, by mistake.', understood: 'yes' }, page);
    expect(cancelAgain.status).toBe(409);
    expect(decode(cancelAgain.text)).toContain('This session is already cancelled.');
    const learner = await createUser(ctx.db);
    const add = await postForm(admin, `${page}/learners`, { email: learner.email }, page);
    expect(add.status).toBe(422);
    expect(add.text).toContain('This session is cancelled, so nobody can be added to it.');

    const row = await ctx.db('course_sessions').where({ id: session.id }).first();
    expect(row).toMatchObject({ status: 'cancelled', capacity: 9, cancellation_message: 'Too few learners.', confirmed_at: null });
    expect(await ctx.db('enrolments').where({ course_session_id: session.id })).toHaveLength(0);
  });

  it('refuses to cancel a session that has started, with 409 and the reason on the page, changing nothing', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: 8, weeks: 4, minEnrolment: 5 });
    const learner = await createUser(ctx.db);
    await enrol(ctx.db, session.id, learner.id);
    await updateSession(ctx.db, session.id, { go_no_go_flagged_at: new Date(Date.now() - 15 * 86_400_000) });
    const page = `/admin/sessions/${session.id}`;

    const before = decode((await admin.get(page)).text);
    expect(before).toContain('This session has started, so it runs');
    expect(before).not.toContain('Please decide whether it runs');
    expect(before).not.toContain(`action="${page}/cancel"`);
    expect(decode((await admin.get('/admin')).text)).not.toContain(`href="${page}"`);

    const res = await postForm(admin, `${page}/cancel`, { message: 'Too few people signed up, sorry.', understood: 'yes' }, page);
    expect(res.status).toBe(409);
    expect(decode(res.text)).toContain('so it can no longer be cancelled for low enrolment');
    // Sent without the (hidden) message field, the refusal is still the reason, not "check the field".
    const bare = await postForm(admin, `${page}/cancel`, {}, page);
    expect(bare.status).toBe(409);
    expect(decode(bare.text)).toContain('so it can no longer be cancelled for low enrolment');
    expect(bare.text).not.toContain('marked below');
    expect(await ctx.db('course_sessions').where({ id: session.id }).first()).toMatchObject({ status: 'scheduled', cancelled_at: null, cancellation_message: null });
    expect(await enrolmentOf(ctx.db, session.id, learner.id)).toMatchObject({ status: 'enrolled' });
    expect(await lastEmailTo(ctx.db, learner.email)).toBeUndefined();
    expect((await signIn(ctx.app, learner).then((a) => a.get(`/sessions/${session.id}`))).status).toBe(200);
  });

  it('lets the service cancel only before the start: a moment after it is refused, a moment before it goes ahead', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', timeZone: 'Europe/London' });
    await enrol(ctx.db, session.id, (await createUser(ctx.db)).id);
    const deps = { db: ctx.db, mailer: ctx.mailer, baseUrl: 'http://localhost:3000' };
    const actor = { id: adminId, name: 'Admin', email: 'admin@example.org', role: 'admin' as const };
    const startsAt = new Date('2099-05-03T23:00:00.000Z');

    await expect(cancelSessionForLowEnrolment(deps, { sessionId: session.id, message: 'Too few learners.', actor, now: startsAt }))
      .rejects.toThrow('started on Monday 4 May 2099, so it can no longer be cancelled');
    expect((await ctx.db('course_sessions').where({ id: session.id }).first()).status).toBe('scheduled');

    const done = await cancelSessionForLowEnrolment(deps, { sessionId: session.id, message: 'Too few learners.', actor, now: new Date(startsAt.getTime() - 60_000) });
    expect(done.notified).toBe(1);
    expect((await ctx.db('course_sessions').where({ id: session.id }).first()).status).toBe('cancelled');
  });

  it('asks for a tick saying the admin means it, keeping the message and changing nothing without it', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const learner = await createUser(ctx.db);
    await enrol(ctx.db, session.id, learner.id);
    const page = `/admin/sessions/${session.id}`;
    expect(decode((await admin.get(page)).text)).toContain('I understand: the 1 registered or waitlisted learner is emailed now, and a cancelled session cannot run again.');
    const res = await postForm(admin, `${page}/cancel`, { message: 'Too few people signed up, sorry.' }, page);
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-understood-error"');
    expect(decode(res.text)).toContain('Please tick the box to say you mean it: a cancelled session cannot run again.');
    expect(res.text).toContain('Too few people signed up, sorry.</textarea>');
    expect((await ctx.db('course_sessions').where({ id: session.id }).first()).status).toBe('scheduled');
    expect(await lastEmailTo(ctx.db, learner.email)).toBeUndefined();
  });

  it('refuses a cancellation without a message, keeping the session as it was', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const res = await postForm(admin, `/admin/sessions/${session.id}/cancel`, { message: ' ' }, `/admin/sessions/${session.id}`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-message-error"');
    expect((await ctx.db('course_sessions').where({ id: session.id }).first()).status).toBe('scheduled');
  });

  it('flags a session below its minimum at the go/no-go date once, emails admins, and confirming clears it', async () => {
    const course = await createCourse(ctx.db, { title: 'Go no-go course' });
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -5, minEnrolment: 3 });
    const healthy = await createSession(ctx.db, course.id, { startedDaysAgo: -5, minEnrolment: 1 });
    await enrol(ctx.db, healthy.id, (await createUser(ctx.db)).id);
    const adminUser = await createUser(ctx.db, { role: 'admin' });
    const agent = await signIn(ctx.app, adminUser);

    const page = decode((await agent.get('/admin')).text);
    expect(page).toContain(`href="/admin/sessions/${session.id}"`);
    expect(page).not.toContain(`href="/admin/sessions/${healthy.id}"`);
    expect(page).toContain('0 enrolled, below the minimum of 3');
    const flaggedAt = (await ctx.db('course_sessions').where({ id: session.id }).first()).go_no_go_flagged_at;
    expect(flaggedAt).toBeInstanceOf(Date);
    const email = await lastEmailTo(ctx.db, adminUser.email);
    expect(email?.subject).toContain('below');
    expect(email?.body_text).toContain('Go no-go course');

    await agent.get('/admin');
    const sent = await ctx.db('outbox_emails').where({ to_address: adminUser.email }).whereRaw('body_text like ?', [`%/admin/sessions/${session.id}%`]);
    expect(sent).toHaveLength(1);

    await postForm(agent, `/admin/sessions/${session.id}/confirm`, {}, '/admin');
    expect((await ctx.db('course_sessions').where({ id: session.id }).first()).confirmed_at).toBeInstanceOf(Date);
    expect(decode((await agent.get('/admin')).text)).not.toContain(`href="/admin/sessions/${session.id}"`);
  });

  it('flags a session only once when two checks run at the same moment, and not at all once confirmed', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -3, minEnrolment: 2 });
    const confirmed = await createSession(ctx.db, course.id, { startedDaysAgo: -3, minEnrolment: 2 });
    await updateSession(ctx.db, confirmed.id, { confirmed_at: new Date() });
    const deps = { db: ctx.db, mailer: ctx.mailer, baseUrl: 'http://localhost:3000' };
    const now = new Date();
    const [a, b] = await Promise.all([flagSessionsAtGoNoGo(deps, now), flagSessionsAtGoNoGo(deps, now)]);
    const flagged = [...a, ...b];
    expect(flagged.filter((id) => id === session.id)).toHaveLength(1);
    expect(flagged).not.toContain(confirmed.id);
    expect(await flagSessionsAtGoNoGo(deps, new Date(now.getTime() + 3_600_000))).not.toContain(session.id);
  });

  it('does not flag a session before its go/no-go date', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -30, minEnrolment: 3 });
    await admin.get('/admin');
    expect((await ctx.db('course_sessions').where({ id: session.id }).first()).go_no_go_flagged_at).toBeNull();
    await updateSession(ctx.db, session.id, { go_no_go_at: new Date(Date.now() - 1000) });
    await admin.get('/admin');
    expect((await ctx.db('course_sessions').where({ id: session.id }).first()).go_no_go_flagged_at).toBeInstanceOf(Date);
  });
});

describe('access to session administration', () => {
  it('refuses learners and instructors with 403 on every admin session page and action', async () => {
    const { sessionA, learnerA, instructorA } = await createCohorts(ctx.db);
    for (const user of [learnerA, instructorA]) {
      const agent = await signIn(ctx.app, user);
      for (const path of ['/admin', '/admin/sessions', '/admin/sessions/new', `/admin/sessions/${sessionA.id}`, `/admin/sessions/${sessionA.id}/edit`]) {
        expect((await agent.get(path)).status).toBe(403);
      }
      const res = await postForm(agent, `/admin/sessions/${sessionA.id}/cancel`, { message: 'Cancelled by someone who may not.', understood: 'yes' });
      expect(res.status).toBe(403);
      expect((await ctx.db('course_sessions').where({ id: sessionA.id }).first()).status).toBe('scheduled');
    }
  });

  it('sends a visitor to log in', async () => {
    expect((await request(ctx.app).get('/admin/sessions')).headers.location).toBe('/login');
  });

  it('links the admin dashboard to sessions, people and the outbox', async () => {
    const html = (await admin.get('/admin')).text;
    for (const href of ['/admin/sessions', '/admin/people', '/admin/outbox']) expect(html).toContain(`href="${href}"`);
  });

  it('answers 404 for a session that does not exist', async () => {
    expect((await admin.get('/admin/sessions/99999999')).status).toBe(404);
    expect((await admin.get('/admin/sessions/x1')).status).toBe(404);
  });

  it('shows an instructor the roster of their own session only; the other is 404', async () => {
    const { sessionA, sessionB, learnerA, instructorA } = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, instructorA);
    const own = await agent.get(`/teach/sessions/${sessionA.id}/roster`);
    expect(own.status).toBe(200);
    expect(own.text).toContain(learnerA.name);
    expect(own.text).not.toContain('Payment');
    expect((await agent.get(`/teach/sessions/${sessionB.id}/roster`)).status).toBe(404);
    const learner = await signIn(ctx.app, learnerA);
    expect((await learner.get(`/teach/sessions/${sessionA.id}/roster`)).status).toBe(403);
  });

  it('lists only assigned sessions on /teach, and every session for an admin', async () => {
    const { sessionA, sessionB, instructorA } = await createCohorts(ctx.db);
    const extra = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, sessionA.id, extra.id);
    const teach = (await (await signIn(ctx.app, instructorA)).get('/teach')).text;
    expect(teach).toContain(`href="/sessions/${sessionA.id}"`);
    expect(teach).toContain(`href="/teach/sessions/${sessionA.id}/roster"`);
    expect(teach).not.toContain(`href="/sessions/${sessionB.id}"`);
    expect(teach).toContain(extra.name);
    const all = (await admin.get('/teach')).text;
    expect(all).toContain(`href="/sessions/${sessionA.id}"`);
    expect(all).toContain(`href="/sessions/${sessionB.id}"`);
  });
});

describe('the sessions list', () => {
  /** The cells of a session's row in the list, as text. */
  async function rowOf(sessionId: number): Promise<string[]> {
    const html = decode((await admin.get('/admin/sessions')).text);
    const row = html.split('<tr>').find((r) => r.includes(`href="/admin/sessions/${sessionId}"`))!;
    return [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
  }

  it('says how many of each session’s learners completed it, counting only certificates still held, once it has started', async () => {
    const course = await createCourse(ctx.db);
    const running = await createSession(ctx.db, course.id, { startedDaysAgo: 10 });
    const other = await createSession(ctx.db, course.id, { startedDaysAgo: 10 });
    const later = await createSession(ctx.db, course.id, { startedDaysAgo: -20 });
    const cancelled = await createSession(ctx.db, course.id, { startedDaysAgo: -20, status: 'cancelled' });
    const empty = await createSession(ctx.db, course.id, { startedDaysAgo: 10 });
    const enrolled = [];
    for (let i = 0; i < 3; i++) enrolled.push(await enrol(ctx.db, running.id, (await createUser(ctx.db)).id));
    await enrol(ctx.db, running.id, (await createUser(ctx.db)).id, 'waitlisted');
    const elsewhere = await enrol(ctx.db, other.id, (await createUser(ctx.db)).id);
    for (const id of [enrolled[0], enrolled[1], elsewhere]) await issueCertificate(ctx.db, id, { kind: 'manual', reason: 'Finished by email' });
    await ctx.db('certificates').where({ enrolment_id: enrolled[1] }).update({ revoked_at: new Date(), revoked_reason: 'Issued in error' });

    const completedColumn = 4;
    expect((await rowOf(running.id))[completedColumn]).toBe('1 of 3 (33%)');
    expect((await rowOf(other.id))[completedColumn]).toBe('1 of 1 (100%)');
    expect((await rowOf(empty.id))[completedColumn]).toBe('0 of 0');
    expect((await rowOf(later.id))[completedColumn]).toBe('Not started');
    expect((await rowOf(cancelled.id))[completedColumn]).toBe('Cancelled');
    expect(decode((await admin.get('/admin/sessions')).text)).toContain('<th scope="col">Completed</th>');

    // The session's own page says it too, with the way to each learner's progress.
    const page = decode((await admin.get(`/admin/sessions/${running.id}`)).text);
    expect(page).toContain(`<dt>Completed</dt><dd>1 of 3 (33%) hold its certificate · <a href="/sessions/${running.id}/progress">Progress of each learner</a></dd>`);
    expect((await admin.get(`/sessions/${running.id}/progress`)).status).toBe(200);
    expect(decode((await admin.get(`/admin/sessions/${later.id}`)).text)).not.toContain('<dt>Completed</dt>');
  });
});
