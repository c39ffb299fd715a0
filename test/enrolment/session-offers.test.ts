import request from 'supertest';
import type { TestContext } from '../helpers/app';
import { expectUnsubscribeLink } from '../helpers/emails';
import { createCourse, createSession, createUser, enrol, type TestUser } from '../helpers/factories';
import { adminContext, type Agent, decode, postForm, readable, signIn } from '../helpers/http';
import { follow } from '../helpers/enrolment-factories';
import { messageBeside, summaryLinks } from '../helpers/error-summary';

let ctx: TestContext;
let admin: Agent;
let adminId: number;
beforeAll(async () => ({ ctx, admin, adminId } = await adminContext()));
afterAll(() => ctx.close());

const SUBJECT = /^A new session of /;
const offerEmails = async (sessionId: number) =>
  (await ctx.db('outbox_emails').where('body_text', 'like', `%/sessions/${sessionId}/enrol%`).orderBy('to_address').select('to_address', 'subject', 'body_text', 'reply_to')) as {
    to_address: string;
    reply_to: string | null;
    subject: string;
    body_text: string;
  }[];
const offersFrom = (sessionId: number) => ctx.db('session_offers').where({ from_session_id: sessionId });

/** A place in a session, as a cancellation (or an admin's move) left it. */
async function place(sessionId: number, userId: number, status: 'enrolled' | 'cancelled' | 'withdrawn', movedTo?: number) {
  const id = await enrol(ctx.db, sessionId, userId);
  if (status !== 'enrolled') await ctx.db('enrolments').where({ id }).update({ status, moved_to_session_id: movedTo ?? null });
}

/**
 * A cancelled session and a later one of the same course. Of the cancelled session's people, Ana
 * and Ben are let down; Cy already has a place in the later one, Di's account is closed, Ed was
 * moved elsewhere, Fay withdrew before the cancellation, and Gil left the later one earlier.
 */
async function cancelledCohort() {
  const course = await createCourse(ctx.db);
  const cancelled = await createSession(ctx.db, course.id, { startDate: '2099-03-02', status: 'cancelled' });
  const later = await createSession(ctx.db, course.id, { startDate: '2099-04-06' });
  const elsewhere = await createSession(ctx.db, course.id, { startDate: '2099-05-04' });
  const people = {
    ana: await createUser(ctx.db, { name: 'Ana Let-down' }),
    ben: await createUser(ctx.db, { name: 'Ben Let-down' }),
    cy: await createUser(ctx.db, { name: 'Cy Placed' }),
    di: await createUser(ctx.db, { name: 'Di Closed', active: false }),
    ed: await createUser(ctx.db, { name: 'Ed Moved' }),
    fay: await createUser(ctx.db, { name: 'Fay Withdrew' }),
    gil: await createUser(ctx.db, { name: 'Gil Left' }),
  };
  for (const p of [people.ana, people.ben, people.cy, people.di, people.gil]) await place(cancelled.id, p.id, 'cancelled');
  await place(later.id, people.gil.id, 'withdrawn');
  await place(cancelled.id, people.ed.id, 'cancelled', elsewhere.id);
  await place(cancelled.id, people.fay.id, 'withdrawn');
  await place(later.id, people.cy.id, 'enrolled');
  await place(elsewhere.id, people.ed.id, 'enrolled');
  return { course, cancelled, later, elsewhere, people, page: `/admin/sessions/${cancelled.id}` };
}

const offer = (from: number, form: Record<string, string>) => postForm(admin, `/admin/sessions/${from}/offers`, form, `/admin/sessions/${from}`);

describe('offering a cancelled session’s learners another session', () => {
  it('lists the course’s sessions still taking registrations, and none of another course, cancelled or closed', async () => {
    const { course, cancelled, later, elsewhere, page } = await cancelledCohort();
    const closed = await createSession(ctx.db, course.id, { startedDaysAgo: 10, weeks: 4 });
    const alsoCancelled = await createSession(ctx.db, course.id, { startDate: '2099-06-01', status: 'cancelled' });
    const otherCourse = await createSession(ctx.db, (await createCourse(ctx.db)).id, { startDate: '2099-04-06' });
    const res = await admin.get(page);
    expect(res.status).toBe(200);
    expect(res.text).toContain('id="offer"');
    for (const s of [later, elsewhere]) expect(res.text).toContain(`name="targetSessionId" value="${s.id}"`);
    for (const s of [closed, alsoCancelled, otherCourse, cancelled]) expect(res.text).not.toContain(`name="targetSessionId" value="${s.id}"`);
  });

  it('emails the learners it let down the new dates, the note and where to register, records the offer and says so', async () => {
    const { cancelled, later, people, page } = await cancelledCohort();
    const res = await offer(cancelled.id, { targetSessionId: String(later.id), note: 'We would love to see you there.' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${page}#offer`);
    const landed = decode((await follow(admin, res)).text);
    expect(landed).toContain('2 learners of this session have been emailed about the other session.');
    expect(readable(landed)).toMatch(/6 Apr – 19 Apr 2099<\/a>: offered on \d{1,2} \w{3} \d{4}, \d\d:\d\d to 2 learners, by /);
    const emails = await offerEmails(later.id);
    const { email: adminEmail } = await ctx.db('users').where({ id: adminId }).first('email');
    expect(emails.map((e) => e.to_address)).toEqual([people.ana.email, people.ben.email].map((e) => e.toLowerCase()).sort());
    for (const e of emails) {
      expect(e.subject).toMatch(SUBJECT);
      expect(e.body_text).toContain('2 Mar – 15 Mar 2099) was cancelled');
      expect(e.body_text).toContain('runs 6 Apr – 19 Apr 2099');
      expect(e.body_text).toContain('We would love to see you there.');
      expect(e.reply_to).toBe(adminEmail); // the note is the admin's: answers reach them
      expect(e.body_text).toMatch(/registration closes at the end of 12 Apr 2099 \(UTC time\)\): http:\/\/[^/]+\/sessions\/\d+\/enrol/);
    }
    expect(await offersFrom(cancelled.id)).toEqual([
      expect.objectContaining({ to_session_id: later.id, sent_by: adminId, recipients: 2, note: 'We would love to see you there.' }),
    ]);
  });

  it('says whom each session would reach, and offers no session told already or with nobody left to tell', async () => {
    const { cancelled, later, elsewhere, people, page } = await cancelledCohort();
    let html = decode((await admin.get(page)).text);
    expect(html).toMatch(new RegExp(`value="${later.id}"[^]*?would reach 2 learners`));
    expect(html).toMatch(new RegExp(`value="${elsewhere.id}"[^]*?would reach 4 learners`));
    expect((await offer(cancelled.id, { targetSessionId: String(later.id) })).status).toBe(302);
    html = decode((await admin.get(page)).text);
    expect(html).not.toContain(`name="targetSessionId" value="${later.id}"`);
    expect(html).toContain(`name="targetSessionId" value="${elsewhere.id}"`);
    for (const p of [people.ana, people.ben, people.cy, people.gil]) await place(elsewhere.id, p.id, 'enrolled');
    html = decode((await admin.get(page)).text);
    expect(html).not.toContain('name="targetSessionId"');
    expect(html).toContain('there is nobody left to tell');
    expect(html).not.toContain('No other session of this course is taking registrations.');
  });

  it('offers each session once: a second time is refused and nobody is emailed again', async () => {
    const { cancelled, later } = await cancelledCohort();
    expect((await offer(cancelled.id, { targetSessionId: String(later.id) })).status).toBe(302);
    const again = await offer(cancelled.id, { targetSessionId: String(later.id), note: 'Again' });
    expect(again.status).toBe(409);
    expect(decode(again.text)).toMatch(/were told of that one on \w+day \d{1,2} \w+ \d{4}\. Nothing was sent again\./);
    expect(again.text).toContain('>Again</textarea>');
    expect(await offerEmails(later.id)).toHaveLength(2);
    expect(await offersFrom(cancelled.id)).toHaveLength(1);
  });

  it('sends one offer when two admins send the same at once', async () => {
    const { cancelled, later } = await cancelledCohort();
    const statuses = (await Promise.all([0, 1].map(() => offer(cancelled.id, { targetSessionId: String(later.id) })))).map((r) => r.status).sort();
    expect(statuses).toEqual([302, 409]);
    expect(await offerEmails(later.id)).toHaveLength(2);
    expect(await offersFrom(cancelled.id)).toHaveLength(1);
  });

  it.each([
    ['no session chosen', () => ({ targetSessionId: '' }), 'choose the session to offer'],
    ['a session of another course', async () => ({ targetSessionId: String((await createSession(ctx.db, (await createCourse(ctx.db)).id, { startDate: '2099-04-06' })).id) }), 'not taking registrations for this course'],
    ['a session whose registration has closed', async (courseId: number) => ({ targetSessionId: String((await createSession(ctx.db, courseId, { startedDaysAgo: 10, weeks: 4 })).id) }), 'not taking registrations'],
    ['a cancelled session', async (courseId: number) => ({ targetSessionId: String((await createSession(ctx.db, courseId, { startDate: '2099-06-01', status: 'cancelled' })).id) }), 'not taking registrations'],
    ['a session that does not exist', () => ({ targetSessionId: '99999999' }), 'not taking registrations'],
  ])('refuses %s with 422, a message at the field and the note kept, emailing nobody', async (_label, target, message) => {
    const { course, cancelled } = await cancelledCohort();
    const res = await offer(cancelled.id, { ...(await target(course.id)), note: 'Kept words' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="targetSessionId-error"');
    expect(decode(res.text)).toContain(message);
    expect(summaryLinks(res.text)).toEqual([{ id: 'field-targetSessionId', message: expect.stringContaining(message), targets: 1, inError: true }]);
    expect(messageBeside(res.text, 'field-targetSessionId')).toContain(message);
    expect(res.text).toContain('>Kept words</textarea>');
    expect(await offersFrom(cancelled.id)).toHaveLength(0);
  });

  it('refuses a note too long, keeping it, and an offer with nobody left to tell', async () => {
    const { cancelled, later, people } = await cancelledCohort();
    const long = await offer(cancelled.id, { targetSessionId: String(later.id), note: 'x'.repeat(2001) });
    expect(long.status).toBe(422);
    expect(long.text).toContain('id="field-note-error"');
    expect(long.text).toContain(`${'x'.repeat(2001)}</textarea>`);
    for (const p of [people.ana, people.ben]) await place(later.id, p.id, 'enrolled');
    const nobody = await offer(cancelled.id, { targetSessionId: String(later.id) });
    expect(nobody.status).toBe(422);
    expect(decode(nobody.text)).toContain('there is nobody to tell');
    expect(await offerEmails(later.id)).toHaveLength(0);
    expect(await offersFrom(cancelled.id)).toHaveLength(0);
  });

  it('says why nothing was sent when the offer form is not on the page, linking to no field', async () => {
    const { later } = await cancelledCohort();
    const res = await offer(later.id, { targetSessionId: '', note: 'x'.repeat(2001) });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain('id="field-targetSessionId"');
    expect(summaryLinks(res.text)).toEqual([]);
    expect(decode(res.text)).toMatch(/id="form-errors">\s*<p>Please choose the session to offer\.<\/p>/);
    expect(await offersFrom(later.id)).toHaveLength(0);
  });

  it('offers nothing from a session that is not cancelled, and points to scheduling one when none is open', async () => {
    const { later } = await cancelledCohort();
    const res = await offer(later.id, { targetSessionId: String(later.id) });
    expect(res.status).toBe(409);
    expect(decode(res.text)).toContain('only to the learners of a cancelled one');
    expect((await admin.get(`/admin/sessions/${later.id}`)).text).not.toContain('id="offer"');
    const lonely = await createSession(ctx.db, (await createCourse(ctx.db)).id, { startDate: '2099-03-02', status: 'cancelled' });
    const page = decode((await admin.get(`/admin/sessions/${lonely.id}`)).text);
    expect(page).toContain('No other session of this course is taking registrations.');
    expect(page).toContain(`href="/admin/sessions/new?from=${lonely.id}"`);
  });
});

describe('an offer is news a learner can turn off', () => {
  const offerEmailsTo = (address: string, sessionId: number) =>
    ctx.db('outbox_emails').where({ to_address: address.toLowerCase() }).where('body_text', 'like', `%/sessions/${sessionId}/enrol%`).select('body_text', 'unsubscribe_url');
  /** The learner's own choice on their preferences page: everything on but news of other sessions. */
  async function turnOffOffers(learner: TestUser) {
    const agent = await signIn(ctx.app, learner);
    const res = await postForm(agent, '/discussions/preferences', { discussion_email: 'daily', announcement_email: 'on', week_email: 'on', deadline_email: 'on' }, '/discussions/preferences');
    expect(res.status).toBe(302);
  }

  it('reaches only those who keep it on, counted as such, each email with the link to stop it', async () => {
    const { cancelled, later, people, page } = await cancelledCohort();
    await turnOffOffers(people.ben);
    expect(decode((await admin.get(page)).text)).toMatch(new RegExp(`value="${later.id}"[^]*?would reach 1 learner<`));
    const res = await offer(cancelled.id, { targetSessionId: String(later.id) });
    expect(decode((await follow(admin, res)).text)).toContain('1 learner of this session has been emailed about the other session.');
    expect(await offerEmailsTo(people.ben.email, later.id)).toHaveLength(0);
    const [email] = await offerEmailsTo(people.ana.email, later.id);
    expect(email.body_text).toContain('You get this because you had registered for the cancelled session.');
    expectUnsubscribeLink(email, 'http://localhost:3000');
    expect(await offersFrom(cancelled.id)).toEqual([expect.objectContaining({ recipients: 1 })]);
  });

  it('is refused with nobody to tell when all who are left turned it off, sending nothing', async () => {
    const { cancelled, later, people, page } = await cancelledCohort();
    for (const p of [people.ana, people.ben]) await turnOffOffers(p);
    expect(decode((await admin.get(page)).text)).not.toContain(`name="targetSessionId" value="${later.id}"`);
    const res = await offer(cancelled.id, { targetSessionId: String(later.id) });
    expect(res.status).toBe(422);
    expect(decode(res.text)).toContain('or has asked not to hear of other sessions: there is nobody to tell.');
    expect(await offersFrom(cancelled.id)).toHaveLength(0);
  });

  it('stops with the emailed link, whose page names it and no administrator’s email', async () => {
    const { cancelled, later, elsewhere, people } = await cancelledCohort();
    await offer(cancelled.id, { targetSessionId: String(later.id) });
    const [email] = await offerEmailsTo(people.ana.email, later.id);
    const path = new URL(email.unsubscribe_url!).pathname;
    const asked = decode((await request(ctx.app).get(path)).text);
    expect(asked).toContain('and news of another session when one you registered for is cancelled.');
    expect(asked).not.toContain('administrator');
    expect((await request(ctx.app).post(path).type('form').send('List-Unsubscribe=One-Click')).status).toBe(200);
    expect(await ctx.db('notification_preferences').where({ user_id: people.ana.id }).first()).toMatchObject({ session_offer_email: false, week_email: false });

    await offer(cancelled.id, { targetSessionId: String(elsewhere.id) });
    expect(await offerEmailsTo(people.ana.email, elsewhere.id)).toHaveLength(0);
    expect(await offerEmailsTo(people.ben.email, elsewhere.id)).toHaveLength(1);
  });
});
