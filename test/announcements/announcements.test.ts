import { createTestContext, type TestContext } from '../helpers/app';
import { expectUnsubscribeLink } from '../helpers/emails';
import { createCohorts, createUser, enrol } from '../helpers/factories';
import { csrfFrom, postForm, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const page = (sessionId: number) => `/sessions/${sessionId}/announcements`;

describe('announcements', () => {
  it('posts an announcement, shows it to the session and emails every enrolled learner of that session only', async () => {
    const c = await createCohorts(ctx.db);
    const waitlisted = await createUser(ctx.db);
    await enrol(ctx.db, c.sessionA.id, waitlisted.id, 'waitlisted');
    const staff = await signIn(ctx.app, c.instructorA);
    const res = await postForm(staff, page(c.sessionA.id), { title: 'Week 2 is open', body: 'Take **gentle** care.' }, page(c.sessionA.id));
    expect(res.status).toBe(303);

    const learnerView = await (await signIn(ctx.app, c.learnerA)).get(page(c.sessionA.id));
    expect(learnerView.status).toBe(200);
    expect(learnerView.text).toContain('Week 2 is open');
    expect(learnerView.text).toContain('<strong>gentle</strong>');
    expect(learnerView.text).not.toContain('Post and email');

    const mail = await ctx.db('outbox_emails').where({ to_address: c.learnerA.email });
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toContain('Week 2 is open');
    expect(mail[0].body_text).toContain('Take gentle care.');
    expectUnsubscribeLink(mail[0], ctx.config.baseUrl);
    expect(mail[0].reply_to).toBe(c.instructorA.email);
    expect(await ctx.db('outbox_emails').where({ to_address: c.learnerB.email })).toHaveLength(0);
    expect(await ctx.db('outbox_emails').where({ to_address: waitlisted.email })).toHaveLength(0);
  });

  it('posts and emails an announcement once when its form is sent twice, even at the same moment, and says so', async () => {
    const c = await createCohorts(ctx.db);
    const staff = await signIn(ctx.app, c.instructorA);
    const form = { title: 'Sent twice', body: 'One email, please.', when: 'now' };
    // One page's form, sent twice at once: a double click.
    const token = await csrfFrom(staff, page(c.sessionA.id));
    const send = () => staff.post(page(c.sessionA.id)).type('form').send({ _csrf: token, ...form });
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status]).toEqual([303, 303]);
    const third = await postForm(staff, page(c.sessionA.id), form, page(c.sessionA.id));
    expect(third.status).toBe(303);
    expect((await staff.get(page(c.sessionA.id))).text).toContain('This announcement was already posted a moment ago (the form was sent twice), so it was not posted or emailed again.');
    expect(await ctx.db('announcements').where({ course_session_id: c.sessionA.id, title: 'Sent twice' })).toHaveLength(1);
    expect(await ctx.db('outbox_emails').where({ to_address: c.learnerA.email }).where('subject', 'like', '%Sent twice%')).toHaveLength(1);

    // Another announcement, or the same words from a colleague, are posts of their own.
    await postForm(staff, page(c.sessionA.id), { ...form, body: 'A second, different note.' }, page(c.sessionA.id));
    expect(await ctx.db('announcements').where({ course_session_id: c.sessionA.id, title: 'Sent twice' })).toHaveLength(2);
  });

  it('shows the latest announcements and the count of new discussion posts on the session overview', async () => {
    const c = await createCohorts(ctx.db);
    const staff = await signIn(ctx.app, c.instructorA);
    await postForm(staff, page(c.sessionA.id), { title: 'Welcome, everyone', body: 'Glad you are here.' }, page(c.sessionA.id));
    const board = `/sessions/${c.sessionA.id}/weeks/1/discussion`;
    await postForm(staff, `${board}/threads`, { title: 'Introductions', body: 'Say hello.' }, board);
    const overview = await (await signIn(ctx.app, c.learnerA)).get(`/sessions/${c.sessionA.id}`);
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('Welcome, everyone');
    expect(overview.text).toMatch(/<span class="badge">New posts<\/span> in 1 thread of/);
    const other = await (await signIn(ctx.app, c.learnerB)).get(`/sessions/${c.sessionB.id}`);
    expect(other.text).not.toContain('Welcome, everyone');
  });

  it('does not email a learner who turned announcement emails off', async () => {
    const c = await createCohorts(ctx.db);
    const learner = await signIn(ctx.app, c.learnerA);
    await postForm(learner, '/discussions/preferences', { discussion_email: 'daily' }, '/discussions/preferences');
    await postForm(await signIn(ctx.app, c.admin), page(c.sessionA.id), { title: 'Hello', body: 'Hi.' }, page(c.sessionA.id));
    expect(await ctx.db('outbox_emails').where({ to_address: c.learnerA.email })).toHaveLength(0);
    expect(await ctx.db('announcements').where({ course_session_id: c.sessionA.id })).toHaveLength(1);
  });

  it('refuses announcements from a learner (403) and another session’s instructor (404)', async () => {
    const c = await createCohorts(ctx.db);
    const learner = await signIn(ctx.app, c.learnerA);
    expect((await postForm(learner, page(c.sessionA.id), { title: 'x', body: 'y' }, page(c.sessionA.id))).status).toBe(403);
    const other = await signIn(ctx.app, c.instructorB);
    expect((await postForm(other, page(c.sessionA.id), { title: 'x', body: 'y' }, page(c.sessionB.id))).status).toBe(404);
    expect((await other.get(page(c.sessionA.id))).status).toBe(404);
    expect(await ctx.db('announcements').where({ course_session_id: c.sessionA.id })).toHaveLength(0);
  });

  it('refuses an empty announcement with messages and keeps the text', async () => {
    const c = await createCohorts(ctx.db);
    const staff = await signIn(ctx.app, c.instructorA);
    const res = await postForm(staff, page(c.sessionA.id), { title: '', body: 'kept body' }, page(c.sessionA.id));
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-title-error"');
    expect(res.text).toContain('kept body');
  });
});
