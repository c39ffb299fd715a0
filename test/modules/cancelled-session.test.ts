import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';
import { createThread } from '../helpers/discussions-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** Cancels session A the way the admin's cancel does: the session row and every seat. */
async function cancelledCohorts() {
  const c = await createCohorts(ctx.db);
  await ctx.db('course_sessions').where({ id: c.sessionA.id }).update({ status: 'cancelled', cancelled_at: new Date('2030-01-15T12:00:00Z'), cancellation_message: 'Too few learners.' });
  await ctx.db('enrolments').where({ course_session_id: c.sessionA.id }).update({ status: 'cancelled' });
  return c;
}

const NOTICE = 'This session was cancelled on Tuesday 15 January 2030. You can still read everything here and hide or remove posts';

describe('a cancelled session, as its staff see it', () => {
  it('says once on every page of the session that it was cancelled, and when', async () => {
    const c = await cancelledCohorts();
    const staff = await signIn(ctx.app, c.instructorA);
    const s = c.sessionA.id;
    const thread = await createThread(ctx.db, { sessionId: s, courseId: c.course.id, week: 1, authorId: c.instructorA.id });
    const pages = [`/sessions/${s}`, `/sessions/${s}/weeks/1`, `/sessions/${s}/announcements`, `/sessions/${s}/discussions`, `/sessions/${s}/weeks/1/discussion`];
    pages.push(`/threads/${thread.threadId}`, `/sessions/${s}/feedback`, `/sessions/${s}/progress`, `/sessions/${s}/moderation`);
    for (const url of pages) {
      const res = await staff.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect({ url, notices: res.text.split(NOTICE).length - 1 }).toEqual({ url, notices: 1 });
    }
  });

  it('offers no form to open a week, announce, start a thread or change board settings', async () => {
    const c = await cancelledCohorts();
    const admin = await signIn(ctx.app, c.admin);
    const s = c.sessionA.id;
    expect((await admin.get(`/sessions/${s}`)).text).not.toContain('Open this week now');
    expect((await admin.get(`/sessions/${s}/announcements`)).text).not.toContain('Post and email');
    const board = await admin.get(`/sessions/${s}/weeks/1/discussion`);
    expect(board.text).not.toContain('Post thread');
    expect(board.text).not.toContain('Save board settings');
  });

  it('does not promise opening days for weeks of a cancelled session', async () => {
    const c = await cancelledCohorts();
    await ctx.db('course_sessions').where({ id: c.sessionA.id }).update({ starts_at: new Date(Date.now() + 30 * 86_400_000) });
    const overview = (await (await signIn(ctx.app, c.instructorA)).get(`/sessions/${c.sessionA.id}`)).text;
    expect(overview).toContain('The session was cancelled before this week.');
    expect(overview).not.toContain('Opens on');
  });

  it('shows no notice in a session that still runs', async () => {
    const c = await cancelledCohorts();
    const staff = await signIn(ctx.app, c.instructorB);
    const res = await staff.get(`/sessions/${c.sessionB.id}`);
    expect(res.text).not.toContain('This session was cancelled');
    expect(res.text).toContain('Open this week now');
  });
});

describe('a cancelled session, as its learners see it', () => {
  it('tells a learner whose place went with it that it was cancelled, why, and that their work is kept', async () => {
    const c = await cancelledCohorts();
    const learner = await signIn(ctx.app, c.learnerA);
    const res = await learner.get(`/sessions/${c.sessionA.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('This session was cancelled');
    expect(res.text).toContain('was cancelled on Tuesday 15 January 2030, so it will not run.');
    expect(res.text).toContain('Too few learners.');
    expect(res.text).toContain('href="/account/export"');
    expect((await learner.get(`/sessions/${c.sessionA.id}/weeks/1`)).status).toBe(404);
    const outsider = await signIn(ctx.app, c.learnerB);
    expect((await outsider.get(`/sessions/${c.sessionA.id}`)).status).toBe(404);
  });
});

describe('refusing changes to a cancelled session', () => {
  it('refuses to open a week early and opens nothing', async () => {
    const c = await cancelledCohorts();
    const staff = await signIn(ctx.app, c.instructorA);
    const res = await postForm(staff, `/sessions/${c.sessionA.id}/weeks/2/unlock`, {});
    expect(res.status).toBe(409);
    expect(res.text).toContain('This session was cancelled, so no week can be opened early. Nothing was changed.');
    expect(await ctx.db('week_unlocks').where({ course_session_id: c.sessionA.id })).toHaveLength(0);
  });

  it('refuses an announcement, stores none and emails nobody', async () => {
    const c = await cancelledCohorts();
    const staff = await signIn(ctx.app, c.instructorA);
    const res = await postForm(staff, `/sessions/${c.sessionA.id}/announcements`, { title: 'Still here', body: 'Hello.' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('This session was cancelled, so no announcement can be posted.');
    expect(await ctx.db('announcements').where({ course_session_id: c.sessionA.id })).toHaveLength(0);
    expect(await ctx.db('outbox_emails').where({ to_address: c.learnerA.email })).toHaveLength(0);
  });

  it('refuses an announcement even when the form is incomplete', async () => {
    const c = await cancelledCohorts();
    const staff = await signIn(ctx.app, c.instructorA);
    const res = await postForm(staff, `/sessions/${c.sessionA.id}/announcements`, { title: '', body: '' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('no announcement can be posted');
  });

  it('refuses a new thread and starts none', async () => {
    const c = await cancelledCohorts();
    const staff = await signIn(ctx.app, c.instructorA);
    const res = await postForm(staff, `/sessions/${c.sessionA.id}/weeks/1/discussion/threads`, { title: 'A thread', body: 'Some words.' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('This session was cancelled, so no thread can be started.');
    expect(await ctx.db('discussion_threads').where({ course_session_id: c.sessionA.id })).toHaveLength(0);
  });

  it('offers no reply form, refuses a reply and keeps the text typed', async () => {
    const c = await cancelledCohorts();
    const staff = await signIn(ctx.app, c.instructorA);
    const thread = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, week: 1, authorId: c.instructorA.id });
    const page = await staff.get(`/threads/${thread.threadId}`);
    expect(page.text).toContain('This session was cancelled, so the thread takes no new replies.');
    expect(page.text).not.toContain('Post reply');
    expect(page.text).not.toMatch(/>Reply<span/);
    const res = await postForm(staff, `/threads/${thread.threadId}/replies`, { body: 'Words I typed anyway.' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('This session was cancelled, so no replies can be posted. Nothing was changed.');
    expect(res.text).toContain('Words I typed anyway.');
    const empty = await postForm(staff, `/threads/${thread.threadId}/replies`, { body: ' ', content_note: 'A note I typed' });
    expect(empty.status).toBe(409);
    expect(empty.text).toContain('This session was cancelled, so no replies can be posted. Nothing was changed.');
    expect(empty.text).toContain('value="A note I typed"');
    expect(await ctx.db('discussion_posts').where({ thread_id: thread.threadId })).toHaveLength(1);
  });

  it('refuses pinning, locking and moderation settings, but still lets staff hide a post', async () => {
    const c = await cancelledCohorts();
    const staff = await signIn(ctx.app, c.instructorA);
    const thread = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, week: 1, authorId: c.learnerA.id });
    const page = await staff.get(`/threads/${thread.threadId}`);
    expect(page.text).not.toContain(`action="/threads/${thread.threadId}/pin"`);
    expect(page.text).not.toContain(`action="/threads/${thread.threadId}/lock"`);
    for (const flag of ['pin', 'lock']) {
      const res = await postForm(staff, `/threads/${thread.threadId}/${flag}`, {});
      expect(res.status).toBe(409);
      expect(res.text).toContain('This session was cancelled, so its threads can no longer be pinned or locked.');
    }
    expect(await ctx.db('discussion_threads').where({ id: thread.threadId }).first()).toMatchObject({ pinned: false, locked: false });
    const moderation = await staff.get(`/sessions/${c.sessionA.id}/moderation`);
    expect(moderation.text).not.toContain('Hold each learner');
    const settings = await postForm(staff, `/sessions/${c.sessionA.id}/moderation/settings`, { hold_first_posts: 'on' });
    expect(settings.status).toBe(409);
    const hidden = await postForm(staff, `/posts/${thread.openingPostId}/hide`, { reason: 'Unkind words' });
    expect(hidden.status).toBe(302);
    expect(await ctx.db('discussion_posts').where({ id: thread.openingPostId }).first()).toMatchObject({ status: 'hidden' });
  });

  it('refuses a change to board settings and keeps them', async () => {
    const c = await cancelledCohorts();
    const admin = await signIn(ctx.app, c.admin);
    const res = await postForm(admin, `/sessions/${c.sessionA.id}/weeks/1/discussion/settings`, { post_before_viewing: 'on' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('This session was cancelled, so its board settings can no longer be changed.');
    expect(await ctx.db('discussion_board_settings').where({ course_session_id: c.sessionA.id })).toHaveLength(0);
  });
});
