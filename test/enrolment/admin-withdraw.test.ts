import { DateTime } from 'luxon';
import type { TestContext } from '../helpers/app';
import { createCohorts, createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { adminContext, type Agent, decode, postForm, readable, signIn } from '../helpers/http';
import { enrolmentOf, eventsOf, follow, lastEmailTo, updateSession } from '../helpers/enrolment-factories';

let ctx: TestContext;
let admin: Agent;
let adminId: number;
beforeAll(async () => ({ ctx, admin, adminId } = await adminContext()));
afterAll(() => ctx.close());

const withdrawUrl = (sessionId: number, enrolmentId: number) => `/admin/sessions/${sessionId}/enrolments/${enrolmentId}/withdraw`;

async function waitlist(sessionId: number, userId: number, position: number): Promise<number> {
  const id = await enrol(ctx.db, sessionId, userId, 'waitlisted');
  await ctx.db('enrolments').where({ id }).update({ waitlist_position: position });
  return id;
}

/** A full session of one seat that starts in two weeks, with a paid learner and two on the waitlist. */
async function fullSession(opts: { startedDaysAgo?: number } = {}) {
  const course = await createCourse(ctx.db);
  const session = await createSession(ctx.db, course.id, { capacity: 1, startedDaysAgo: opts.startedDaysAgo ?? -14 });
  const seated = await createUser(ctx.db, { name: 'Sam Seated' });
  const first = await createUser(ctx.db, { name: 'Fay First' });
  const second = await createUser(ctx.db, { name: 'Sid Second' });
  const seatedId = await enrol(ctx.db, session.id, seated.id);
  await ctx.db('enrolments').where({ id: seatedId }).update({ payment_status: 'paid' });
  const firstId = await waitlist(session.id, first.id, 1);
  const secondId = await waitlist(session.id, second.id, 2);
  return { course, session, seated, first, second, seatedId, firstId, secondId };
}

describe('the roster after a withdrawal', () => {
  it('says since when a place ended, not when it began', async () => {
    const cast = await fullSession();
    await ctx.db('enrolments').where({ id: cast.seatedId }).update({ enrolled_at: new Date('2026-01-05T10:00:00Z') });
    const before = decode((await admin.get(`/admin/sessions/${cast.session.id}`)).text);
    expect(before).toContain('5 Jan 2026, 10:00');
    await postForm(admin, withdrawUrl(cast.session.id, cast.seatedId), {}, withdrawUrl(cast.session.id, cast.seatedId));
    const page = (await admin.get(`/admin/sessions/${cast.session.id}`)).text;
    const roster = page.slice(page.indexOf('id="roster"'));
    const at = roster.indexOf('Sam Seated');
    const row = decode(roster.slice(roster.lastIndexOf('<tr', at), roster.indexOf('</tr>', at)));
    expect(row).toContain('Withdrawn');
    expect(row).not.toContain('5 Jan 2026');
    expect(row).toContain(DateTime.now().setZone('UTC').toFormat('d LLL yyyy'));
  });
});

describe('an admin withdraws one learner', () => {
  it('asks first, saying what will happen, and links from the roster', async () => {
    const cast = await fullSession();
    const roster = await admin.get(`/admin/sessions/${cast.session.id}`);
    expect(roster.text).toContain(`href="${withdrawUrl(cast.session.id, cast.seatedId)}"`);
    const page = decode((await admin.get(withdrawUrl(cast.session.id, cast.seatedId))).text);
    expect(page).toContain('Withdraw Sam Seated');
    expect(page).toContain('Their seat goes to the first learner on the waitlist');
    expect(readable(page)).toContain('their payment becomes “refund due”');
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.seated.id)).toMatchObject({ status: 'enrolled' });
  });

  it('before the start: frees the seat for the first on the waitlist, marks the refund due, records who and why, and emails both', async () => {
    const cast = await fullSession();
    const url = withdrawUrl(cast.session.id, cast.seatedId);
    const res = await postForm(admin, url, { note: 'Asked by their manager to change cohorts.' }, url);
    expect(res.status).toBe(302);
    expect(decode((await follow(admin, res)).text)).toContain('Sam Seated is withdrawn and has been emailed. A refund is now due. One learner moved up from the waitlist');

    expect(await enrolmentOf(ctx.db, cast.session.id, cast.seated.id)).toMatchObject({ status: 'withdrawn', payment_status: 'refund_due', waitlist_position: null });
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.first.id)).toMatchObject({ status: 'enrolled' });
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.second.id)).toMatchObject({ status: 'waitlisted' });
    const events = await eventsOf(ctx.db, cast.seatedId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_id: adminId, to_status: 'withdrawn', note: 'Withdrawn by an admin: Asked by their manager to change cohorts.' });

    const email = await lastEmailTo(ctx.db, cast.seated.email);
    expect(email?.subject).toContain('Your place has been withdrawn');
    expect(email?.body_text).toContain('Asked by their manager to change cohorts.');
    expect(email?.body_text).toContain('a refund is now due');
    expect((await lastEmailTo(ctx.db, cast.first.email))?.subject).toMatch(/seat/i);
    expect(await lastEmailTo(ctx.db, cast.second.email)).toBeUndefined();
  });

  it('before the start: the seat-opened email says the learner may withdraw from the dashboard before it starts', async () => {
    const cast = await fullSession();
    await postForm(admin, withdrawUrl(cast.session.id, cast.seatedId), {}, withdrawUrl(cast.session.id, cast.seatedId));
    const text = (await lastEmailTo(ctx.db, cast.first.email))?.body_text;
    expect(text).toContain('you can withdraw from your dashboard before the session starts');
    expect(text).not.toContain('already open');
  });

  it('in a running session\'s first week: the seat-opened email says the weeks are open, gives the completion deadline, and offers no withdrawing', async () => {
    const cast = await fullSession({ startedDaysAgo: 3 });
    await postForm(admin, withdrawUrl(cast.session.id, cast.seatedId), {}, withdrawUrl(cast.session.id, cast.seatedId));
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.first.id)).toMatchObject({ status: 'enrolled' });
    const { completion_deadline_at: deadline } = await ctx.db('course_sessions').where({ id: cast.session.id }).first();
    const text = (await lastEmailTo(ctx.db, cast.first.email))?.body_text ?? '';
    expect(text).toContain('the weeks so far are already open for you');
    expect(text).toContain(`you have until the end of ${DateTime.fromJSDate(deadline, { zone: 'UTC' }).minus({ days: 1 }).toFormat('d LLLL yyyy')} to complete the course`);
    expect(text).toContain('you can no longer withdraw from it online');
    expect(text).not.toContain('before the session starts');
  });

  it('after registration has closed: nobody moves up, and the payment is left for the admin to record', async () => {
    const cast = await fullSession({ startedDaysAgo: 10 });
    const page = decode((await admin.get(withdrawUrl(cast.session.id, cast.seatedId))).text);
    expect(page).toContain('Registration has closed, so nobody on the waitlist takes the seat');
    const res = await postForm(admin, withdrawUrl(cast.session.id, cast.seatedId), {}, withdrawUrl(cast.session.id, cast.seatedId));
    expect(decode((await follow(admin, res)).text)).toContain('Sam Seated is withdrawn and has been emailed.');
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.seated.id)).toMatchObject({ status: 'withdrawn', payment_status: 'paid' });
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.first.id)).toMatchObject({ status: 'waitlisted' });
    expect((await lastEmailTo(ctx.db, cast.seated.email))?.body_text).not.toContain('refund');
  });

  it('says the same of an unpaid seat’s payment in the roster and in the history once withdrawn: nothing to pay', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -14 });
    const learner = await createUser(ctx.db, { name: 'Una Unpaid' });
    const id = await enrol(ctx.db, session.id, learner.id);
    await postForm(admin, withdrawUrl(session.id, id), {}, withdrawUrl(session.id, id));
    const page = decode((await admin.get(`/admin/sessions/${session.id}`)).text);
    expect(page).toContain('Now: Nothing to pay');
    expect(page).toContain('Withdrawn · Nothing to pay');
    expect(page).not.toContain('Withdrawn · Invoice to follow');
    expect(page).toContain('Enrolled · Invoice to follow'); // the seat as it stood before
  });

  it('takes someone off the waitlist without moving anyone', async () => {
    const cast = await fullSession();
    await postForm(admin, withdrawUrl(cast.session.id, cast.firstId), {}, withdrawUrl(cast.session.id, cast.firstId));
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.first.id)).toMatchObject({ status: 'withdrawn', waitlist_position: null });
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.seated.id)).toMatchObject({ status: 'enrolled', payment_status: 'paid' });
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.second.id)).toMatchObject({ status: 'waitlisted' });
  });

  it('closes the session to the withdrawn learner only; the other learner and session are untouched', async () => {
    const { sessionA, sessionB, learnerA, learnerB } = await createCohorts(ctx.db);
    const peer = await createUser(ctx.db);
    await enrol(ctx.db, sessionA.id, peer.id);
    const learnerAgent = await signIn(ctx.app, learnerA);
    expect((await learnerAgent.get(`/sessions/${sessionA.id}`)).status).toBe(200);
    const row = await enrolmentOf(ctx.db, sessionA.id, learnerA.id);
    await postForm(admin, withdrawUrl(sessionA.id, row.id), {}, withdrawUrl(sessionA.id, row.id));
    expect((await learnerAgent.get(`/sessions/${sessionA.id}`)).status).toBe(404);
    expect((await learnerAgent.get(`/sessions/${sessionA.id}/weeks/1`)).status).toBe(404);
    expect((await (await signIn(ctx.app, peer)).get(`/sessions/${sessionA.id}`)).status).toBe(200);
    expect(await enrolmentOf(ctx.db, sessionB.id, learnerB.id)).toMatchObject({ status: 'enrolled' });
  });

  it('lets the admin add the learner back by hand afterwards', async () => {
    const cast = await fullSession();
    await postForm(admin, withdrawUrl(cast.session.id, cast.firstId), {}, withdrawUrl(cast.session.id, cast.firstId));
    const res = await postForm(admin, `/admin/sessions/${cast.session.id}/learners`, { email: cast.first.email, overCapacity: 'yes' }, `/admin/sessions/${cast.session.id}`);
    expect(res.status).toBe(302);
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.first.id)).toMatchObject({ status: 'enrolled' });
  });
});

describe('refusals', () => {
  it('refuses a note over 1000 characters at the field, keeping it, and changes nothing', async () => {
    const cast = await fullSession();
    const url = withdrawUrl(cast.session.id, cast.seatedId);
    const note = `A long note <b>kept</b> ${'x'.repeat(1000)}`;
    const res = await postForm(admin, url, { note }, url);
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-note-error"');
    expect(res.text).toContain('Please keep the note to 1000 characters.');
    expect(res.text).toContain('A long note &lt;b&gt;kept&lt;/b&gt;');
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.seated.id)).toMatchObject({ status: 'enrolled', payment_status: 'paid' });
    expect(await eventsOf(ctx.db, cast.seatedId)).toHaveLength(0);
  });

  it('says so when the learner is already withdrawn, changing nothing', async () => {
    const cast = await fullSession();
    const url = withdrawUrl(cast.session.id, cast.firstId);
    await postForm(admin, url, {}, url);
    const events = (await eventsOf(ctx.db, cast.firstId)).length;
    expect(decode((await admin.get(url)).text)).toContain('is not registered in this session any more');
    const again = await postForm(admin, url, {}, `/admin/sessions/${cast.session.id}`);
    expect(decode((await follow(admin, again)).text)).toContain('Fay First was withdrawn a moment ago, so there is nothing more to do.');
    await ctx.db('enrolments').where({ id: cast.firstId }).update({ updated_at: new Date(Date.now() - 10 * 60_000) });
    const later = await postForm(admin, url, {}, `/admin/sessions/${cast.session.id}`);
    expect(decode((await follow(admin, later)).text)).toContain('Fay First is not registered in this session any more, so nothing was changed.');
    expect(await eventsOf(ctx.db, cast.firstId)).toHaveLength(events);
  });

  it('says a learner moved to another session has moved, not that they were withdrawn, changing nothing', async () => {
    const cast = await fullSession();
    const other = await createSession(ctx.db, cast.course.id, { startedDaysAgo: -28 });
    const moveUrl = `/admin/sessions/${cast.session.id}/enrolments/${cast.seatedId}/move`;
    expect((await postForm(admin, moveUrl, { targetSessionId: String(other.id) }, moveUrl)).status).toBe(302);
    const events = (await eventsOf(ctx.db, cast.seatedId)).length;
    const url = withdrawUrl(cast.session.id, cast.seatedId);
    const res = await postForm(admin, url, {}, `/admin/sessions/${cast.session.id}`);
    const page = decode((await follow(admin, res)).text);
    expect(page).toContain('Sam Seated has moved to another session, so nothing was changed.');
    expect(page).not.toContain('withdrawn a moment ago');
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.seated.id)).toMatchObject({ status: 'withdrawn', moved_to_session_id: other.id });
    expect(await eventsOf(ctx.db, cast.seatedId)).toHaveLength(events);
  });

  it('refuses a learner who holds a certificate until it is revoked', async () => {
    const cast = await fullSession({ startedDaysAgo: 40 });
    const markUrl = `/admin/enrolments/${cast.seatedId}/mark-complete`;
    expect((await postForm(admin, markUrl, { reason: 'Finished by email' }, markUrl)).status).toBe(302);
    const res = await postForm(admin, withdrawUrl(cast.session.id, cast.seatedId), {}, `/admin/sessions/${cast.session.id}`);
    expect(decode((await follow(admin, res)).text)).toContain('Sam Seated has completed this session and holds a certificate');
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.seated.id)).toMatchObject({ status: 'enrolled' });
  });

  it('refuses in a cancelled session', async () => {
    const cast = await fullSession();
    await updateSession(ctx.db, cast.session.id, { status: 'cancelled', cancelled_at: new Date(), cancellation_message: 'Too few learners.' });
    const roster = await admin.get(`/admin/sessions/${cast.session.id}`);
    expect(roster.text).not.toContain(withdrawUrl(cast.session.id, cast.seatedId));
    const res = await postForm(admin, withdrawUrl(cast.session.id, cast.seatedId), {}, `/admin/sessions/${cast.session.id}`);
    expect(decode((await follow(admin, res)).text)).toContain('This session is cancelled');
    expect(await enrolmentOf(ctx.db, cast.session.id, cast.seated.id)).toMatchObject({ status: 'enrolled' });
  });

  it('answers 404 for an enrolment of another session, and for one that does not exist', async () => {
    const { sessionA, sessionB, learnerB } = await createCohorts(ctx.db);
    const foreign = await enrolmentOf(ctx.db, sessionB.id, learnerB.id);
    expect((await admin.get(withdrawUrl(sessionA.id, foreign.id))).status).toBe(404);
    expect((await postForm(admin, withdrawUrl(sessionA.id, foreign.id), {}, `/admin/sessions/${sessionA.id}`)).status).toBe(404);
    expect((await admin.get(withdrawUrl(sessionA.id, 99_999_999))).status).toBe(404);
    expect(await enrolmentOf(ctx.db, sessionB.id, learnerB.id)).toMatchObject({ status: 'enrolled' });
  });

  it('refuses learners and instructors with 403, changing nothing', async () => {
    const { sessionA, learnerA, instructorA } = await createCohorts(ctx.db);
    const row = await enrolmentOf(ctx.db, sessionA.id, learnerA.id);
    for (const user of [learnerA, instructorA]) {
      const agent = await signIn(ctx.app, user);
      expect((await agent.get(withdrawUrl(sessionA.id, row.id))).status).toBe(403);
      expect((await postForm(agent, withdrawUrl(sessionA.id, row.id), {})).status).toBe(403);
    }
    expect(await enrolmentOf(ctx.db, sessionA.id, learnerA.id)).toMatchObject({ status: 'enrolled' });
  });
});
