import { findSessionAccess, SESSION_COLUMNS } from '../../src/enrolment';
import { loadSessionOverview, loadSessionPage, loadSessionPageFor, loadWeekPage } from '../../src/modules';
import { createTestContext, type TestContext } from '../helpers/app';
import { replyTo, startThread } from '../helpers/completion-factories';
import { assignInstructor, createCohorts, createCourse, createSession, createUser, enrol, testCourseData, type TestUser } from '../helpers/factories';
import { signIn } from '../helpers/http';
import { NotFoundError } from '../../src/lib/errors';
import { queriesDuring } from '../helpers/queries';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** A course of `weeks` weeks with `readings` readings a week, each with two toolkit suggestions. */
async function courseOfSize(weeks: number, readings: number) {
  const base = testCourseData();
  const modules = Array.from({ length: weeks }, (_, i) => {
    const week = i + 1;
    return {
      ...base.modules[0],
      week,
      title: `Week ${week} title`,
      readings: Array.from({ length: readings }, (__, r) => ({
        slug: `reading-${week}-${r}`,
        title: `Reading ${week}.${r}`,
        minutes: 5,
        bodyMd: `Body ${week}.${r}.`,
        suggestions: [1, 2].map((n) => ({ sectionKey: `section-${week}`, text: `Idea ${week}.${r}.${n}` })),
      })),
      toolkitSections: [{ key: `section-${week}`, title: `Section ${week}`, prompt: 'Prompt', examples: [] }],
    };
  });
  const course = await createCourse(ctx.db, { modules });
  const session = await createSession(ctx.db, course.id, { startedDaysAgo: 7 * weeks, weeks });
  const learner = await createUser(ctx.db);
  const enrolmentId = await enrol(ctx.db, session.id, learner.id);
  const readingIds: number[] = (
    await ctx.db('readings as r').join('course_modules as m', 'm.id', 'r.course_module_id').where('m.course_id', course.id).select('r.id')
  ).map((r: { id: number }) => r.id);
  for (const [i, readingId] of readingIds.entries()) {
    await ctx.db('reading_files').insert([1, 2].map((n) => ({ reading_id: readingId, storage_key: `key-${course.id}-${i}-${n}`, original_name: `handout-${n}.pdf`, content_type: 'application/pdf', size_bytes: 2048 })));
    if (i % 2 === 0) await ctx.db('reading_progress').insert({ enrolment_id: enrolmentId, reading_id: readingId });
  }
  return { course, session, learner, enrolmentId };
}

/** More learners, each with a thread and a reply (one held for approval) every week, and more announcements. */
async function busySession(session: { id: number }, courseId: number, weeks: number, staffId: number) {
  for (let n = 0; n < 5; n++) {
    const peer = await createUser(ctx.db);
    await enrol(ctx.db, session.id, peer.id);
    for (let week = 1; week <= weeks; week++) {
      const post = await startThread(ctx.db, session.id, courseId, week, peer.id);
      await replyTo(ctx.db, post, peer.id, n === 0 ? 'pending' : 'visible');
    }
  }
  await ctx.db('announcements').insert([1, 2, 3, 4, 5].map((n) => ({ course_session_id: session.id, author_id: staffId, title: `News ${n}`, body_md: 'x', body_html: '<p>x</p>', published_at: new Date(Date.UTC(2026, 0, n)) })));
}

const accessOf = async (user: TestUser, sessionId: number) => (await findSessionAccess(ctx.db, user, sessionId))!;

describe('database round trips of the session pages', () => {
  it('loads a week page and who may see it in one query, for learners and staff, with the ideas the learner already has in their toolkit', async () => {
    const { course, session, learner } = await courseOfSize(2, 3);
    const admin = await createUser(ctx.db, { role: 'admin' });
    const enrolmentId = (await ctx.db('enrolments').where({ course_session_id: session.id, user_id: learner.id }).first('id')).id;
    const section2 = await ctx.db('toolkit_sections as ts').join('course_modules as m', 'm.id', 'ts.course_module_id').where({ 'm.course_id': course.id, 'ts.key': 'section-2' }).first('ts.id');
    await ctx.db('toolkit_entries').insert(['Idea 2.0.2', 'Idea 2.2.1'].map((body, i) => ({ enrolment_id: enrolmentId, toolkit_section_id: section2.id, position: i + 1, body })));
    for (const user of [learner, admin]) {
      const { result, sql } = await queriesDuring(ctx.db, () => loadWeekPage(ctx.db, user, session.id, 2));
      expect(sql).toHaveLength(1);
      expect(result.access).toEqual(await accessOf(user, session.id));
      const page = result.page;
      if (page.locked) throw new Error('week 2 should be open');
      expect(page.readings.map((r) => r.title)).toEqual(['Reading 2.0', 'Reading 2.1', 'Reading 2.2']);
      expect(page.readings.map((r) => r.files.length)).toEqual([2, 2, 2]);
      expect(page.readings.map((r) => r.suggestions.map((s) => s.text))[1]).toEqual(['Idea 2.1.1', 'Idea 2.1.2']);
      expect(page.readings.map((r) => r.done)).toEqual(user === learner ? [false, true, false] : [false, false, false]);
      expect(page.readings.map((r) => r.suggestions.map((s) => s.added))).toEqual(
        user === learner ? [[false, true], [false, false], [true, false]] : [[false, false], [false, false], [false, false]],
      );
    }
  });

  it('answers the week page’s access in that query as findSessionAccess does: 404 to outsiders, staff who are also enrolled read as staff', async () => {
    const { course, session, learner, enrolmentId } = await courseOfSize(1, 2);
    const readingIds = (await ctx.db('readings as r').join('course_modules as m', 'm.id', 'r.course_module_id').where('m.course_id', course.id).select('r.id')).map((r: { id: number }) => r.id);
    const otherSession = await createSession(ctx.db, course.id, { startedDaysAgo: 7 });
    const outsider = await createUser(ctx.db);
    await enrol(ctx.db, otherSession.id, outsider.id);
    const withdrawn = await createUser(ctx.db);
    const withdrawnEnrolment = await enrol(ctx.db, session.id, withdrawn.id);
    await ctx.db('enrolments').where({ id: withdrawnEnrolment }).update({ status: 'withdrawn' });
    for (const user of [outsider, withdrawn]) {
      await expect(loadWeekPage(ctx.db, user, session.id, 1)).rejects.toThrow(NotFoundError);
    }
    await expect(loadWeekPage(ctx.db, learner, session.id, 2)).rejects.toThrow(NotFoundError);
    await expect(loadWeekPage(ctx.db, learner, otherSession.id + 1000, 1)).rejects.toThrow(NotFoundError);

    // Staff with an enrolment of their own in the session: its readings done show for nobody.
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    const admin = await createUser(ctx.db, { role: 'admin' });
    for (const staff of [instructor, admin]) {
      const ownEnrolment = await enrol(ctx.db, session.id, staff.id);
      await ctx.db('reading_progress').insert(readingIds.map((readingId) => ({ enrolment_id: ownEnrolment, reading_id: readingId })));
    }
    await assignInstructor(ctx.db, session.id, instructor.id);
    const asLearner = await loadWeekPage(ctx.db, learner, session.id, 1);
    expect(asLearner.access).toEqual({ as: 'learner', session: expect.objectContaining({ id: session.id }), enrolmentId });
    if (asLearner.page.locked) throw new Error('week 1 should be open');
    expect(asLearner.page.readings.map((r) => r.done)).toEqual([true, false]);
    for (const [staff, as] of [[instructor, 'instructor'], [admin, 'admin']] as const) {
      const { access, page } = await loadWeekPage(ctx.db, staff, session.id, 1);
      expect(access).toEqual(await accessOf(staff, session.id));
      expect(access.as).toBe(as);
      if (page.locked) throw new Error('week 1 should be open');
      expect(page.readings.map((r) => r.done)).toEqual([false, false]);
    }
  });

  it('reads a learner’s access to the overview in its query as findSessionAccess does: none for outsiders, an enrolled instructor’s own progress by the staff’s way', async () => {
    const { course, session, learner, enrolmentId } = await courseOfSize(1, 2);
    const otherSession = await createSession(ctx.db, course.id, { startedDaysAgo: 7 });
    const outsider = await createUser(ctx.db);
    await enrol(ctx.db, otherSession.id, outsider.id);
    const withdrawn = await createUser(ctx.db);
    await ctx.db('enrolments').where({ id: await enrol(ctx.db, session.id, withdrawn.id) }).update({ status: 'withdrawn' });
    for (const user of [outsider, withdrawn]) expect(await loadSessionPageFor(ctx.db, user, session.id)).toBeUndefined();
    expect(await loadSessionPageFor(ctx.db, learner, otherSession.id + 1000)).toBeUndefined();

    const mine = await queriesDuring(ctx.db, () => loadSessionPageFor(ctx.db, learner, session.id));
    expect(mine.sql).toHaveLength(1);
    expect(mine.result?.access).toEqual({ as: 'learner', session: await ctx.db('course_sessions').where({ id: session.id }).first(...SESSION_COLUMNS), enrolmentId });
    expect(mine.result?.page.weeks.map((w) => w.readingsDone)).toEqual([1]);
    expect(mine.result?.page.whatsLeft?.learner?.enrolment_id).toBe(enrolmentId);

    // An instructor taking the course in a session they do not teach reads their own progress.
    const instructor = await createUser(ctx.db, { role: 'instructor' });
    const ownEnrolment = await enrol(ctx.db, session.id, instructor.id);
    const readingIds = (await ctx.db('readings as r').join('course_modules as m', 'm.id', 'r.course_module_id').where('m.course_id', course.id).select('r.id')).map((r: { id: number }) => r.id);
    await ctx.db('reading_progress').insert(readingIds.map((readingId) => ({ enrolment_id: ownEnrolment, reading_id: readingId })));
    const theirs = await queriesDuring(ctx.db, () => loadSessionPageFor(ctx.db, instructor, session.id));
    expect(theirs.sql).toHaveLength(2);
    expect(theirs.result?.access).toMatchObject({ as: 'learner', enrolmentId: ownEnrolment });
    expect(theirs.result?.page.weeks.map((w) => w.readingsDone)).toEqual([2]);
    expect(theirs.result?.page.whatsLeft?.learner?.enrolment_id).toBe(ownEnrolment);
  });

  it('loads the session overview with its announcements in one query, for learners and staff', async () => {
    const { session, learner } = await courseOfSize(3, 2);
    const admin = await createUser(ctx.db, { role: 'admin' });
    await ctx.db('announcements').insert([1, 2, 3, 4].map((n) => ({ course_session_id: session.id, author_id: admin.id, title: `News ${n}`, body_md: 'x', body_html: '<p>x</p>', published_at: new Date(Date.UTC(2026, 0, n)) })));
    for (const user of [learner, admin]) {
      const access = await accessOf(user, session.id);
      const { result, sql } = await queriesDuring(ctx.db, () => loadSessionOverview(ctx.db, access));
      expect(sql).toHaveLength(1);
      expect(result.weeks.map((w) => [w.module.week, w.readingsTotal, w.readingsDone])).toEqual(
        user === learner ? [[1, 2, 1], [2, 2, 1], [3, 2, 1]] : [[1, 2, 0], [2, 2, 0], [3, 2, 0]],
      );
      expect(result.announcements.map((a) => a.title)).toEqual(['News 4', 'News 3', 'News 2']);
      expect(result.announcements[0].published_at).toEqual(new Date(Date.UTC(2026, 0, 4)));
    }
  });

  it('loads the whole overview page in one query: who teaches, unread threads, and the learner’s “What’s left” or the staff’s moderation queue', async () => {
    const { course, session, learner } = await courseOfSize(2, 1);
    const instructor = await createUser(ctx.db, { role: 'instructor', name: 'Zoe Teacher' });
    await assignInstructor(ctx.db, session.id, instructor.id);
    await busySession(session, course.id, 2, instructor.id);
    for (const user of [learner, instructor]) {
      const access = await accessOf(user, session.id);
      const { result, sql } = await queriesDuring(ctx.db, () => loadSessionPage(ctx.db, access, user.id));
      expect(sql).toHaveLength(1);
      expect(result.instructorNames).toEqual(['Zoe Teacher']);
      expect(result.unreadThreads).toBe(10);
      expect(result.announcements.map((a) => a.title)).toEqual(['News 5', 'News 4', 'News 3']);
      if (user === learner) {
        expect(result.moderation).toBeUndefined();
        expect(result.whatsLeft?.learner?.enrolment_id).toBe(access.enrolmentId);
        expect(result.whatsLeft?.plan?.modules.map((m) => m.week)).toEqual([1, 2]);
      } else {
        expect(result.whatsLeft).toBeUndefined();
        expect(result.moderation).toEqual({ reports: 0, heldPosts: 2 });
      }
    }
  });

  it('sends one query for a week page, and for the overview one to a learner and two to staff (access, then the page), however big the course and busy the session', async () => {
    const small = await courseOfSize(1, 1);
    const big = await courseOfSize(4, 4);
    const admin = await createUser(ctx.db, { role: 'admin' });
    await busySession(big.session, big.course.id, 4, admin.id);
    for (const user of [small.learner, big.learner, admin]) {
      const agent = await signIn(ctx.app, user);
      for (const { session } of user === admin ? [small, big] : [user === small.learner ? small : big]) {
        const overview = await queriesDuring(ctx.db, () => agent.get(`/sessions/${session.id}`));
        const week = await queriesDuring(ctx.db, () => agent.get(`/sessions/${session.id}/weeks/1`));
        expect([overview.result.status, week.result.status]).toEqual([200, 200]);
        expect([overview.sql.length, week.sql.length]).toEqual([user === admin ? 2 : 1, 1]);
      }
    }
  });
});

describe('one learner’s data on the session pages', () => {
  it('shows each learner only their own progress, and each session only its announcements and reflections', async () => {
    const c = await createCohorts(ctx.db);
    const peerA = await createUser(ctx.db);
    await enrol(ctx.db, c.sessionA.id, peerA.id);
    const enrolmentA = (await ctx.db('enrolments').where({ course_session_id: c.sessionA.id, user_id: c.learnerA.id }).first('id')).id;
    const reading = await ctx.db('readings as r').join('course_modules as m', 'm.id', 'r.course_module_id').where({ 'm.course_id': c.course.id, 'm.week': 1 }).first('r.id');
    const exercise = await ctx.db('exercises as x').join('course_modules as m', 'm.id', 'x.course_module_id').where({ 'm.course_id': c.course.id, 'm.week': 1 }).first('x.id');
    await ctx.db('reading_progress').insert({ enrolment_id: enrolmentA, reading_id: reading.id });
    await ctx.db('reflections').insert({ enrolment_id: enrolmentA, exercise_id: exercise.id, status: 'submitted', submitted_at: new Date() });
    await ctx.db('announcements').insert({ course_session_id: c.sessionA.id, author_id: c.instructorA.id, title: 'Only for cohort A', body_md: 'x', body_html: '<p>x</p>' });

    const learnerA = await signIn(ctx.app, c.learnerA);
    expect((await learnerA.get(`/sessions/${c.sessionA.id}/weeks/1`)).text).toContain('1 of 1 readings done');
    const overviewA = (await learnerA.get(`/sessions/${c.sessionA.id}`)).text;
    expect(overviewA).toContain('Readings: 1 of 1 done');
    expect(overviewA).toContain('Reflection: Submitted, waiting for feedback');
    expect(overviewA).toContain('Only for cohort A');

    for (const [user, sessionId] of [[peerA, c.sessionA.id], [c.learnerB, c.sessionB.id]] as const) {
      const agent = await signIn(ctx.app, user);
      const week = await agent.get(`/sessions/${sessionId}/weeks/1`);
      expect(week.status).toBe(200);
      expect(week.text).toContain('0 of 1 readings done');
      expect(week.text).toContain('Your reflection: Not started');
      const overview = (await agent.get(`/sessions/${sessionId}`)).text;
      expect(overview).toContain('Readings: 0 of 1 done');
      expect(overview).toContain('Reflection: Not started');
      expect(overview.includes('Only for cohort A')).toBe(sessionId === c.sessionA.id);
    }

    const staffA = (await (await signIn(ctx.app, c.instructorA)).get(`/sessions/${c.sessionA.id}`)).text;
    expect(staffA).toContain(`<a href="/sessions/${c.sessionA.id}/feedback">1 reflection waiting for feedback</a>`);
    const staffB = (await (await signIn(ctx.app, c.instructorB)).get(`/sessions/${c.sessionB.id}`)).text;
    expect(staffB).toContain('Nothing is waiting for you.');
    expect(staffB).not.toContain('Only for cohort A');
  });
});
