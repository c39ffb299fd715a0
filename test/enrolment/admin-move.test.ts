import type { Knex } from 'knex';
import type { TestContext } from '../helpers/app';
import { assignInstructor, createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { fillToolkit, insertEvaluation, markReadingsDone, setReflection, startThread } from '../helpers/completion-factories';
import { adminContext, decode, postForm, signIn, type Agent } from '../helpers/http';
import { filesOf, pdfBytes, postReflection, reflectionOf } from '../helpers/reflections-factories';
import { enrolmentOf, eventsOf, follow, lastEmailTo, updateSession } from '../helpers/enrolment-factories';
import { messageBeside, summaryLinks } from '../helpers/error-summary';
import { formatSessionRange } from '../../src/enrolment';

let ctx: TestContext;
let admin: Agent;
let adminId: number;
beforeAll(async () => ({ ctx, admin, adminId } = await adminContext()));
afterAll(() => ctx.close());

const moveUrl = (sessionId: number, enrolmentId: number) => `/admin/sessions/${sessionId}/enrolments/${enrolmentId}/move`;

/**
 * A running session of one seat (a paid learner with work done and a peer waiting for the seat)
 * and a later session of the same course with room.
 */
async function movingCast(opts: { laterCapacity?: number } = {}) {
  const course = await createCourse(ctx.db);
  const now = await createSession(ctx.db, course.id, { capacity: 1, startedDaysAgo: 3 });
  const later = await createSession(ctx.db, course.id, { startedDaysAgo: -30, capacity: opts.laterCapacity ?? 20 });
  const mover = await createUser(ctx.db, { name: 'Mo Mover' });
  const waiting = await createUser(ctx.db, { name: 'Wren Waiting' });
  const enrolmentId = await enrol(ctx.db, now.id, mover.id);
  await ctx.db('enrolments').where({ id: enrolmentId }).update({ payment_status: 'paid', fee_minor: 19000, fee_currency: 'USD' });
  const waitingId = await enrol(ctx.db, now.id, waiting.id, 'waitlisted');
  await ctx.db('enrolments').where({ id: waitingId }).update({ waitlist_position: 1 });
  return { course, now, later, mover, waiting, enrolmentId, waitingId };
}

/** Some of everything a learner does in a session, for the enrolment given. */
async function doSomeWork(db: Knex, enrolmentId: number, courseId: number, sessionId: number, userId: number) {
  await markReadingsDone(db, enrolmentId, courseId, 1);
  await setReflection(db, enrolmentId, courseId, 1, 'submitted');
  await fillToolkit(db, enrolmentId, courseId);
  const section = await db('toolkit_sections as t').join('course_modules as m', 'm.id', 't.course_module_id').where('m.course_id', courseId).first('t.id');
  await db('toolkit_drafts').insert({ enrolment_id: enrolmentId, toolkit_section_id: section.id, body: 'A half-written idea' });
  await db('toolkit_texts_set_aside').insert({ enrolment_id: enrolmentId, toolkit_section_id: section.id, text: 'Written in another window' });
  await db('toolkit_shares').insert({ enrolment_id: enrolmentId, toolkit_section_id: section.id });
  await db('wellbeing_checkins').insert({ enrolment_id: enrolmentId, week: 1, energy: 3, emotional_load: 4, boundaries: 2, note: 'Tired' });
  await insertEvaluation(db, enrolmentId);
  return { postId: await startThread(db, sessionId, courseId, 1, userId) };
}

const WORK_TABLES = ['reading_progress', 'reflections', 'toolkit_entries', 'toolkit_drafts', 'toolkit_texts_set_aside', 'toolkit_shares', 'wellbeing_checkins', 'evaluations'];
async function workCounts(db: Knex, enrolmentId: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of WORK_TABLES) counts[table] = Number((await db(table).where({ enrolment_id: enrolmentId }).count<{ n: string }[]>({ n: '*' }))[0].n);
  return counts;
}

describe('an admin moves a learner to another session of the course', () => {
  it('offers only the course’s other sessions that are not cancelled or over, from a link on the roster, and changes nothing by showing them', async () => {
    const cast = await movingCast();
    const cancelled = await createSession(ctx.db, cast.course.id, { startedDaysAgo: -60, status: 'cancelled' });
    const over = await createSession(ctx.db, cast.course.id, { startedDaysAgo: 200 });
    const otherCourse = await createSession(ctx.db, (await createCourse(ctx.db)).id, { startedDaysAgo: -30 });
    const roster = await admin.get(`/admin/sessions/${cast.now.id}`);
    expect(roster.text).toContain(`href="${moveUrl(cast.now.id, cast.enrolmentId)}"`);

    const page = decode((await admin.get(moveUrl(cast.now.id, cast.enrolmentId))).text);
    expect(page).toContain('Move Mo Mover to another session');
    expect(page).toContain(`name="targetSessionId" value="${cast.later.id}"`);
    expect(page).toContain('20 of 20 seats left');
    for (const id of [cast.now.id, cancelled.id, over.id, otherCourse.id]) expect(page).not.toContain(`name="targetSessionId" value="${id}"`);
    expect(page).toContain('Their seat here goes to the first learner on the waitlist');
    expect(await enrolmentOf(ctx.db, cast.now.id, cast.mover.id)).toMatchObject({ status: 'enrolled', payment_status: 'paid' });
  });

  it('moves the place with everything done so far, carries the payment, records both sides, gives the seat to the waitlist and emails both learners', async () => {
    const cast = await movingCast();
    const { postId } = await doSomeWork(ctx.db, cast.enrolmentId, cast.course.id, cast.now.id, cast.mover.id);
    const before = await workCounts(ctx.db, cast.enrolmentId);
    expect(Object.values(before).every((n) => n > 0)).toBe(true);
    const url = moveUrl(cast.now.id, cast.enrolmentId);
    const res = await postForm(admin, url, { targetSessionId: String(cast.later.id), note: 'A family matter; see you in the next group.' }, url);
    expect(res.status).toBe(302);
    expect(decode((await follow(admin, res)).text)).toContain('Mo Mover has moved to the other session and has been emailed. One learner moved up from the waitlist here');

    const left = await enrolmentOf(ctx.db, cast.now.id, cast.mover.id);
    const taken = await enrolmentOf(ctx.db, cast.later.id, cast.mover.id);
    expect(left).toMatchObject({ status: 'withdrawn', payment_status: 'moved', waitlist_position: null });
    expect(taken).toMatchObject({ status: 'enrolled', payment_status: 'paid', fee_minor: 19000, fee_currency: 'USD' });
    expect(await workCounts(ctx.db, taken.id)).toEqual(before);
    expect(Object.values(await workCounts(ctx.db, left.id)).every((n) => n === 0)).toBe(true);
    // The post stays in the old cohort's discussion and counts for nobody in the new one.
    const post = await ctx.db('discussion_posts as p').join('discussion_threads as t', 't.id', 'p.thread_id').where('p.id', postId).first('t.course_session_id', 'p.author_id');
    expect(post).toEqual({ course_session_id: cast.now.id, author_id: cast.mover.id });

    // The completion counters follow the work: the readings and the reflection count for the new place.
    const counted = await ctx.db('enrolment_module_progress').where({ enrolment_id: taken.id });
    expect(counted.some((r) => r.readings_done > 0 && r.reflection_status === 'submitted')).toBe(true);
    expect(counted.every((r) => r.threads_started === 0)).toBe(true);
    const leftCounts = await ctx.db('enrolment_module_progress').where({ enrolment_id: left.id });
    expect(leftCounts.every((r) => r.readings_done === 0 && r.reflection_status === null)).toBe(true);
    expect(await ctx.db('enrolment_toolkit_progress').where({ enrolment_id: left.id }).where('entries', '>', 0)).toHaveLength(0);

    const [leftEvent] = await eventsOf(ctx.db, left.id);
    expect(leftEvent).toMatchObject({ actor_id: adminId, from_status: 'enrolled', to_status: 'withdrawn', from_payment: 'paid', to_payment: 'moved' });
    expect(leftEvent.note).toMatch(/^Moved by an admin to the session of .+: A family matter; see you in the next group\.$/);
    const [takenEvent] = await eventsOf(ctx.db, taken.id);
    expect(takenEvent).toMatchObject({ actor_id: adminId, from_status: null, to_status: 'enrolled', to_payment: 'paid' });
    expect(takenEvent.note).toMatch(/^Moved here by an admin from the session of /);

    const email = await lastEmailTo(ctx.db, cast.mover.email);
    expect(email?.subject).toContain('Your place has moved to another session');
    expect(email?.body_text).toContain('A family matter; see you in the next group.');
    expect(email?.body_text).toContain('Your payment comes with you, so there is nothing more to pay.');
    expect(email?.body_text).toContain(`/sessions/${cast.later.id}/calendar.ics`);
    expect(await enrolmentOf(ctx.db, cast.now.id, cast.waiting.id)).toMatchObject({ status: 'enrolled' });
    expect((await lastEmailTo(ctx.db, cast.waiting.email))?.subject).toMatch(/seat/i);

    // The place left says where the learner went, to the admin and on the learner's dashboard.
    expect(left.moved_to_session_id).toBe(cast.later.id);
    expect((await admin.get(`/admin/sessions/${cast.now.id}`)).text).toContain(`<a href="/admin/sessions/${cast.later.id}#roster">Moved to another session</a>`);
    const dashboard = decode((await (await signIn(ctx.app, cast.mover)).get('/dashboard')).text);
    const laterRow = await ctx.db('course_sessions').where({ id: cast.later.id }).first();
    expect(dashboard).toContain(`Moved to another session: ${formatSessionRange(laterRow.starts_at, laterRow.ends_at, laterRow.time_zone)}`);
    expect(dashboard).toContain('Carried to another session');
    expect(dashboard).not.toContain('Withdrawn');
  });

  it('forgets the move once the place it left is taken again', async () => {
    const cast = await movingCast();
    await postForm(admin, moveUrl(cast.now.id, cast.enrolmentId), { targetSessionId: String(cast.later.id) }, moveUrl(cast.now.id, cast.enrolmentId));
    const res = await postForm(admin, `/admin/sessions/${cast.now.id}/learners`, { email: cast.mover.email, overCapacity: 'yes' }, `/admin/sessions/${cast.now.id}`);
    expect(res.status).toBe(302);
    // The money went to the other seat, so this one starts unpaid.
    expect(await enrolmentOf(ctx.db, cast.now.id, cast.mover.id)).toMatchObject({ status: 'enrolled', payment_status: 'unpaid', moved_to_session_id: null });
  });

  it('opens the new session to the learner and closes the old one; the new session’s instructor sees their reflection and the old one’s no longer does', async () => {
    const cast = await movingCast();
    const [oldInstructor, newInstructor] = [await createUser(ctx.db, { role: 'instructor' }), await createUser(ctx.db, { role: 'instructor' })];
    await assignInstructor(ctx.db, cast.now.id, oldInstructor.id);
    await assignInstructor(ctx.db, cast.later.id, newInstructor.id);
    const [oldAgent, newAgent, learner] = [await signIn(ctx.app, oldInstructor), await signIn(ctx.app, newInstructor), await signIn(ctx.app, cast.mover)];
    await postReflection(learner, cast.now.id, 1, 'My words before the move', [{ bytes: pdfBytes('notes'), name: 'notes.pdf' }]);
    const reflection = await reflectionOf(ctx.db, cast.now.id, cast.mover.id);
    const [file] = await filesOf(ctx.db, reflection.id);
    expect((await oldAgent.get(`/sessions/${cast.now.id}/reflections/${reflection.id}`)).status).toBe(200);
    expect((await newAgent.get(`/sessions/${cast.later.id}/reflections/${reflection.id}`)).status).toBe(404);
    expect((await newAgent.get(`/reflection-files/${file.id}`)).status).toBe(404);

    await postForm(admin, moveUrl(cast.now.id, cast.enrolmentId), { targetSessionId: String(cast.later.id) }, moveUrl(cast.now.id, cast.enrolmentId));
    expect((await oldAgent.get(`/sessions/${cast.now.id}/reflections/${reflection.id}`)).status).toBe(404);
    expect((await newAgent.get(`/sessions/${cast.later.id}/reflections/${reflection.id}`)).status).toBe(200);
    expect((await learner.get(`/sessions/${cast.now.id}`)).status).toBe(404);
    expect((await learner.get(`/sessions/${cast.later.id}`)).status).toBe(200);
    expect((await newAgent.get(`/reflection-files/${file.id}`)).status).toBe(200);
    expect((await oldAgent.get(`/reflection-files/${file.id}`)).status).toBe(404);
    expect((await learner.get(`/reflection-files/${file.id}`)).status).toBe(200);
    expect(await reflectionOf(ctx.db, cast.later.id, cast.mover.id)).toMatchObject({ id: reflection.id, status: 'submitted', draft_text: 'My words before the move' });
  });

  it('gives a waitlisted learner a seat, charged as a new seat there, without moving anyone up', async () => {
    const cast = await movingCast();
    const res = await postForm(admin, moveUrl(cast.now.id, cast.waitingId), { targetSessionId: String(cast.later.id) }, moveUrl(cast.now.id, cast.waitingId));
    expect(decode((await follow(admin, res)).text)).toContain('Wren Waiting has moved to the other session and has been emailed.');
    expect(await enrolmentOf(ctx.db, cast.now.id, cast.waiting.id)).toMatchObject({ status: 'withdrawn', payment_status: 'unpaid' });
    expect(await enrolmentOf(ctx.db, cast.later.id, cast.waiting.id)).toMatchObject({ status: 'enrolled', payment_status: 'unpaid', fee_minor: 25000 });
    expect(await enrolmentOf(ctx.db, cast.now.id, cast.mover.id)).toMatchObject({ status: 'enrolled' });
    expect((await lastEmailTo(ctx.db, cast.waiting.email))?.body_text).toContain('We will send an invoice');
  });

  it('re-places the registrants of a cancelled session: the money owed back pays for the new seat', async () => {
    const cast = await movingCast();
    await ctx.db('enrolments').where({ id: cast.enrolmentId }).update({ status: 'cancelled', payment_status: 'refund_due' });
    await updateSession(ctx.db, cast.now.id, { status: 'cancelled', cancelled_at: new Date(), cancellation_message: 'Too few learners.' });
    const roster = await admin.get(`/admin/sessions/${cast.now.id}`);
    expect(roster.text).toContain(`href="${moveUrl(cast.now.id, cast.enrolmentId)}"`);
    expect(roster.text).not.toContain(`/enrolments/${cast.enrolmentId}/withdraw`);

    await postForm(admin, moveUrl(cast.now.id, cast.enrolmentId), { targetSessionId: String(cast.later.id) }, moveUrl(cast.now.id, cast.enrolmentId));
    expect(await enrolmentOf(ctx.db, cast.now.id, cast.mover.id)).toMatchObject({ status: 'cancelled', payment_status: 'moved' });
    expect(await enrolmentOf(ctx.db, cast.later.id, cast.mover.id)).toMatchObject({ status: 'enrolled', payment_status: 'paid', fee_minor: 19000 });
    // Nobody moves up in a cancelled session.
    expect(await enrolmentOf(ctx.db, cast.now.id, cast.waiting.id)).toMatchObject({ status: 'waitlisted' });

    // Once moved, the cancelled place is not offered for moving again.
    expect((await admin.get(`/admin/sessions/${cast.now.id}`)).text).not.toContain(`href="${moveUrl(cast.now.id, cast.enrolmentId)}"`);
    const other = await createSession(ctx.db, cast.course.id, { startedDaysAgo: -60 });
    const again = await postForm(admin, moveUrl(cast.now.id, cast.enrolmentId), { targetSessionId: String(other.id) }, `/admin/sessions/${cast.now.id}`);
    expect(decode((await follow(admin, again)).text)).toContain('Mo Mover has no place in this session any more, so there is nothing to move.');
    expect(await enrolmentOf(ctx.db, other.id, cast.mover.id)).toBeUndefined();
  });

  it('reuses a place the learner gave up in that session before, when it holds no work', async () => {
    const cast = await movingCast();
    const old = await enrol(ctx.db, cast.later.id, cast.mover.id);
    await ctx.db('enrolments').where({ id: old }).update({ status: 'withdrawn' });
    await postForm(admin, moveUrl(cast.now.id, cast.enrolmentId), { targetSessionId: String(cast.later.id) }, moveUrl(cast.now.id, cast.enrolmentId));
    expect(await enrolmentOf(ctx.db, cast.later.id, cast.mover.id)).toMatchObject({ id: old, status: 'enrolled', payment_status: 'paid' });
  });

  it('moves into a full session only when the admin says so, and records it', async () => {
    const cast = await movingCast({ laterCapacity: 1 });
    await enrol(ctx.db, cast.later.id, (await createUser(ctx.db)).id);
    const url = moveUrl(cast.now.id, cast.enrolmentId);
    const refused = await postForm(admin, url, { targetSessionId: String(cast.later.id), note: 'Kept note' }, url);
    expect(refused.status).toBe(422);
    const full = 'That session is full (1 of 1 seat taken). Tick “Move over capacity” to move Mo Mover anyway.';
    expect(summaryLinks(refused.text)).toEqual([{ id: 'field-overCapacity', message: full, targets: 1, inError: true }]);
    expect(messageBeside(refused.text, 'field-overCapacity')).toBe(full);
    expect(refused.text).toContain('Kept note');
    expect(refused.text).toMatch(new RegExp(`value="${cast.later.id}" checked`));
    expect(await enrolmentOf(ctx.db, cast.later.id, cast.mover.id)).toBeUndefined();
    expect(await enrolmentOf(ctx.db, cast.now.id, cast.mover.id)).toMatchObject({ status: 'enrolled', payment_status: 'paid' });

    const res = await postForm(admin, url, { targetSessionId: String(cast.later.id), overCapacity: 'yes' }, url);
    expect(decode((await follow(admin, res)).text)).toContain('Mo Mover has moved to the other session, over capacity, and has been emailed.');
    const taken = await enrolmentOf(ctx.db, cast.later.id, cast.mover.id);
    expect((await eventsOf(ctx.db, taken.id))[0].note).toMatch(/, over capacity$/);
  });
});

describe('refusals keep what was typed and change nothing', () => {
  async function refusedWith(cast: Awaited<ReturnType<typeof movingCast>>, form: Record<string, string>, message: string, choiceLeft = true) {
    const url = moveUrl(cast.now.id, cast.enrolmentId);
    const res = await postForm(admin, url, { note: 'Please keep this', ...form }, url);
    expect(res.status).toBe(422);
    if (choiceLeft) {
      expect(summaryLinks(res.text)).toEqual([{ id: 'field-targetSessionId', message: expect.stringContaining(message), targets: 1, inError: true }]);
      expect(messageBeside(res.text, 'field-targetSessionId')).toContain(message);
    } else {
      // No other session left to choose: the summary says why nothing was moved, linked to nothing.
      expect(res.text).not.toContain('id="field-targetSessionId"');
      expect(summaryLinks(res.text)).toEqual([]);
      expect(decode(res.text)).toMatch(new RegExp(`id="form-errors">\\s*<p>${message.replace(/[.()]/g, '\\$&')}`));
    }
    expect(res.text).toContain('Please keep this');
    expect(await enrolmentOf(ctx.db, cast.now.id, cast.mover.id)).toMatchObject({ status: 'enrolled', payment_status: 'paid' });
    expect(await eventsOf(ctx.db, cast.enrolmentId)).toHaveLength(0);
    expect(await enrolmentOf(ctx.db, cast.now.id, cast.waiting.id)).toMatchObject({ status: 'waitlisted' });
  }

  it('no session chosen', async () => {
    await refusedWith(await movingCast(), {}, 'Please choose the session to move them to.');
  });

  it('a session of another course, this same session, or one that does not exist', async () => {
    const cast = await movingCast();
    const foreign = await createSession(ctx.db, (await createCourse(ctx.db)).id, { startedDaysAgo: -30 });
    for (const id of [foreign.id, cast.now.id, 99_999_999]) {
      await refusedWith(cast, { targetSessionId: String(id) }, 'Please choose another session of this course.');
    }
  });

  it('a cancelled session, or one that is over', async () => {
    const cast = await movingCast();
    const cancelled = await createSession(ctx.db, cast.course.id, { startedDaysAgo: -30, status: 'cancelled' });
    const over = await createSession(ctx.db, cast.course.id, { startedDaysAgo: 200 });
    await refusedWith(cast, { targetSessionId: String(cancelled.id) }, 'That session has been cancelled. Please choose another.');
    await refusedWith(cast, { targetSessionId: String(over.id) }, 'That session has ended. Please choose another.');
  });

  it('a session the learner is already enrolled in, or one where they left work behind before', async () => {
    const cast = await movingCast();
    const there = await enrol(ctx.db, cast.later.id, cast.mover.id);
    // Not offered on the page; sent anyway (from a page opened before), refused.
    expect((await admin.get(moveUrl(cast.now.id, cast.enrolmentId))).text).not.toContain(`name="targetSessionId" value="${cast.later.id}"`);
    await refusedWith(cast, { targetSessionId: String(cast.later.id) }, 'Mo Mover is already enrolled in that session.', false);
    await ctx.db('enrolments').where({ id: there }).update({ status: 'withdrawn' });
    await markReadingsDone(ctx.db, there, cast.course.id, 1);
    await refusedWith(cast, { targetSessionId: String(cast.later.id) }, 'Mo Mover had a place in that session before, and what they did then is still kept there.');
  });

  it('a session the learner teaches', async () => {
    const cast = await movingCast();
    await assignInstructor(ctx.db, cast.later.id, cast.mover.id);
    await refusedWith(cast, { targetSessionId: String(cast.later.id) }, 'Mo Mover teaches that session, so cannot also be one of its learners.');
  });

  it('a note over 1000 characters', async () => {
    const cast = await movingCast();
    const url = moveUrl(cast.now.id, cast.enrolmentId);
    const res = await postForm(admin, url, { targetSessionId: String(cast.later.id), note: `Long <b>note</b> ${'x'.repeat(1000)}` }, url);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Please keep the note to 1000 characters.');
    expect(res.text).toContain('Long &lt;b&gt;note&lt;/b&gt;');
    expect(await enrolmentOf(ctx.db, cast.later.id, cast.mover.id)).toBeUndefined();
  });

  it('a learner holding a certificate, or with no place here any more, is told so on the roster', async () => {
    const cast = await movingCast();
    const markUrl = `/admin/enrolments/${cast.enrolmentId}/mark-complete`;
    expect((await postForm(admin, markUrl, { reason: 'Finished by email' }, markUrl)).status).toBe(302);
    const url = moveUrl(cast.now.id, cast.enrolmentId);
    const res = await postForm(admin, url, { targetSessionId: String(cast.later.id) }, `/admin/sessions/${cast.now.id}`);
    expect(decode((await follow(admin, res)).text)).toContain('Mo Mover has completed this session and holds a certificate, so their place stays here.');
    expect(await enrolmentOf(ctx.db, cast.later.id, cast.mover.id)).toBeUndefined();

    await ctx.db('enrolments').where({ id: cast.waitingId }).update({ status: 'withdrawn', waitlist_position: null });
    expect(decode((await admin.get(moveUrl(cast.now.id, cast.waitingId))).text)).toContain('Wren Waiting has no place in this session any more, so there is nothing to move.');
    const again = await postForm(admin, moveUrl(cast.now.id, cast.waitingId), { targetSessionId: String(cast.later.id) }, `/admin/sessions/${cast.now.id}`);
    expect(decode((await follow(admin, again)).text)).toContain('Wren Waiting has no place in this session any more, so there is nothing to move.');
    expect(await enrolmentOf(ctx.db, cast.later.id, cast.waiting.id)).toBeUndefined();
  });

  it('answers 404 for an enrolment of another session, and 403 to learners and instructors', async () => {
    const cast = await movingCast();
    const otherLearner = await createUser(ctx.db);
    const foreign = await enrol(ctx.db, cast.later.id, otherLearner.id);
    expect((await admin.get(moveUrl(cast.now.id, foreign))).status).toBe(404);
    expect((await postForm(admin, moveUrl(cast.now.id, foreign), { targetSessionId: String(cast.now.id) }, `/admin/sessions/${cast.now.id}`)).status).toBe(404);
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, cast.now.id, instructor.id);
    for (const user of [cast.mover, instructor]) {
      const agent = await signIn(ctx.app, user);
      expect((await agent.get(moveUrl(cast.now.id, cast.enrolmentId))).status).toBe(403);
      expect((await postForm(agent, moveUrl(cast.now.id, cast.enrolmentId), { targetSessionId: String(cast.later.id) })).status).toBe(403);
    }
    expect(await enrolmentOf(ctx.db, cast.later.id, cast.mover.id)).toBeUndefined();
    expect(await enrolmentOf(ctx.db, cast.later.id, otherLearner.id)).toMatchObject({ status: 'enrolled' });
  });
});

it('two moves in opposite directions at once both happen', async () => {
  const cast = await movingCast();
  const other = await createUser(ctx.db, { name: 'Otto Other' });
  const otherId = await enrol(ctx.db, cast.later.id, other.id);
  const [a, b] = await Promise.all([
    postForm(admin, moveUrl(cast.now.id, cast.enrolmentId), { targetSessionId: String(cast.later.id) }, moveUrl(cast.now.id, cast.enrolmentId)),
    postForm(admin, moveUrl(cast.later.id, otherId), { targetSessionId: String(cast.now.id), overCapacity: 'yes' }, moveUrl(cast.later.id, otherId)),
  ]);
  expect([a.status, b.status]).toEqual([302, 302]);
  expect(await enrolmentOf(ctx.db, cast.later.id, cast.mover.id)).toMatchObject({ status: 'enrolled' });
  expect(await enrolmentOf(ctx.db, cast.now.id, other.id)).toMatchObject({ status: 'enrolled' });
});
