import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createThread } from '../helpers/discussions-factories';
import { createCohorts, createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { type Agent, csrfFrom, decode, postForm, signIn } from '../helpers/http';

// What a deleted account leaves behind: none of the person's words, and only what an admin
// still needs from them (a refund owed to them).
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function deleteWith(agent: Agent, password: string) {
  const token = await csrfFrom(agent, '/account/delete');
  return agent.post('/account/delete').type('form').send({ _csrf: token, password });
}

/** Every row of every table whose text holds these words, as "table: row". */
async function rowsHolding(words: string): Promise<string[]> {
  const tables: { name: string }[] = (await ctx.db.raw(`select tablename as name from pg_tables where schemaname = current_schema() order by 1`)).rows;
  const found: string[] = [];
  for (const { name } of tables) {
    const rows: { row: string }[] = (await ctx.db.raw(`select t::text as row from ?? t where strpos(t::text, ?) > 0`, [name, words])).rows;
    found.push(...rows.map((r) => `${name}: ${r.row}`));
  }
  return found;
}

describe('deleting an account that reported posts', () => {
  /** A learner of session A who reports the opening post of another learner's thread; one report stays open, one is resolved. */
  async function reporterCast() {
    const c = await createCohorts(ctx.db);
    const reporter = await createUser(ctx.db, { name: 'Robin Reporter' });
    await enrol(ctx.db, c.sessionA.id, reporter.id);
    const first = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id, title: 'First thread', body: 'Some words' });
    const second = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id, title: 'Second thread', body: 'More words' });
    const agent = await signIn(ctx.app, reporter);
    const open = `Open report words ${reporter.id}`;
    const resolved = `Resolved report words ${reporter.id}`;
    for (const [postId, reason] of [[second.openingPostId, resolved], [first.openingPostId, open]] as const) {
      expect((await postForm(agent, `/posts/${postId}/report`, { reason }, `/posts/${postId}/report`)).status).toBe(302);
    }
    const staff = await signIn(ctx.app, c.instructorA);
    const toResolve = await ctx.db('discussion_reports').where({ post_id: second.openingPostId }).first('id');
    await postForm(staff, `/reports/${toResolve.id}/resolve`, { note: 'Spoke with the author' }, `/sessions/${c.sessionA.id}/moderation`);
    return { ...c, reporter, agent, staff, open, resolved, first, second };
  }

  it('leaves none of the words of their reports in any table', async () => {
    const c = await reporterCast();
    expect(await rowsHolding(c.open)).toHaveLength(1);
    expect(await rowsHolding(c.resolved)).toHaveLength(1);
    expect((await deleteWith(c.agent, c.reporter.password)).status).toBe(200);
    expect(await rowsHolding(c.open)).toEqual([]);
    expect(await rowsHolding(c.resolved)).toEqual([]);
  });

  it('still shows the moderators that the post was reported, and the log of the resolved report, without the words', async () => {
    const c = await reporterCast();
    await deleteWith(c.agent, c.reporter.password);
    const queue = decode((await c.staff.get(`/sessions/${c.sessionA.id}/moderation`)).text);
    expect(queue).not.toContain(c.open);
    expect(queue).toContain('A former participant</strong> reported a post by');
    expect(queue).toContain('Reason: removed with the reporter’s account');
    expect(queue).toContain('Spoke with the author');
    expect(queue).not.toContain(c.resolved);
  });
});

describe('deleting an account with a paid seat', () => {
  /** A learner with a paid seat in a session starting in two weeks, and an admin. */
  async function paidSeatCast() {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -14 });
    const learner = await createUser(ctx.db, { name: 'Pat Payer' });
    const enrolmentId = await enrol(ctx.db, session.id, learner.id);
    await ctx.db('enrolments').where({ id: enrolmentId }).update({ payment_status: 'paid', fee_minor: 19000, fee_currency: 'USD', enrolled_at: new Date('2026-11-20T10:00:00Z') });
    const admin = await signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }));
    return { course, session, learner, enrolmentId, admin };
  }

  it('keeps what an admin needs to pay the refund, shows it on the session’s page, and tells the learner so', async () => {
    const c = await paidSeatCast();
    const res = await deleteWith(await signIn(ctx.app, c.learner), c.learner.password);
    expect(res.status).toBe(200);
    expect(decode(res.text)).toContain('A refund is due to you for 1 session: until it is paid, we keep your name, your email address');
    expect(await ctx.db('users').where({ id: c.learner.id })).toHaveLength(0);

    const kept = await ctx.db('deleted_account_refunds').where({ course_session_id: c.session.id });
    expect(kept).toMatchObject([{ name: 'Pat Payer', email: c.learner.email, fee_minor: 19000, fee_currency: 'USD' }]);
    expect(kept[0].seat_taken_at).toEqual(new Date('2026-11-20T10:00:00Z'));

    const page = decode((await c.admin.get(`/admin/sessions/${c.session.id}`)).text);
    const section = page.slice(page.indexOf('id="refunds-of-deleted-accounts"'));
    expect(section).toContain('Pat Payer');
    expect(section).toContain(c.learner.email);
    expect(section).toContain('$190.00');
    expect(section).toContain('20 Nov 2026, 10:00');
  });

  it('keeps a refund already due from an earlier withdrawal, and nothing for a seat with no money owed', async () => {
    const c = await paidSeatCast();
    const other = await createSession(ctx.db, c.course.id, { startedDaysAgo: -30 });
    const withdrawn = await enrol(ctx.db, other.id, c.learner.id);
    await ctx.db('enrolments').where({ id: withdrawn }).update({ status: 'withdrawn', payment_status: 'refund_due', fee_minor: 5000, fee_currency: 'USD' });
    const free = await createSession(ctx.db, c.course.id, { startedDaysAgo: -40 });
    await enrol(ctx.db, free.id, c.learner.id);
    await deleteWith(await signIn(ctx.app, c.learner), c.learner.password);
    const kept = await ctx.db('deleted_account_refunds').where({ email: c.learner.email }).orderBy('course_session_id');
    expect(kept.map((k) => [k.course_session_id, k.fee_minor])).toEqual([[c.session.id, 19000], [other.id, 5000]]);
  });

  it('forgets the record once the admin records the refund as paid; another session’s record answers 404', async () => {
    const c = await paidSeatCast();
    await deleteWith(await signIn(ctx.app, c.learner), c.learner.password);
    const kept = await ctx.db('deleted_account_refunds').where({ course_session_id: c.session.id }).first('id');
    const elsewhere = await createSession(ctx.db, c.course.id);
    const wrong = await postForm(c.admin, `/admin/sessions/${elsewhere.id}/deleted-account-refunds/${kept.id}/paid`, {}, `/admin/sessions/${elsewhere.id}`);
    expect(wrong.status).toBe(404);
    const res = await postForm(c.admin, `/admin/sessions/${c.session.id}/deleted-account-refunds/${kept.id}/paid`, {}, `/admin/sessions/${c.session.id}`);
    expect(res.status).toBe(302);
    expect(await ctx.db('deleted_account_refunds').where({ id: kept.id })).toHaveLength(0);
    const page = decode((await c.admin.get(res.headers.location)).text);
    expect(page).toContain('Refund to Pat Payer recorded');
    expect(page).not.toContain(c.learner.email);
    // Pressed twice: the record is already gone, which the admin is told plainly.
    const again = await postForm(c.admin, `/admin/sessions/${c.session.id}/deleted-account-refunds/${kept.id}/paid`, {}, `/admin/sessions/${c.session.id}`);
    expect(again.status).toBe(302);
    expect(decode((await c.admin.get(again.headers.location)).text)).toContain('That refund is already recorded, so nothing more was done.');
  });

  it('says on the privacy page and before deleting what is kept for a refund, and why', async () => {
    const privacy = decode((await request(ctx.app).get('/privacy')).text);
    expect(privacy).toContain('If a refund is due to you when you delete your account, we keep your name, your email address, the session, the amount and the date you took the seat, so that an admin can pay it back; once it is paid, that is deleted too.');
    expect(privacy).toContain('The words of any report you made about a post are deleted; the moderators still see that the post was reported, not by whom.');
    const c = await paidSeatCast();
    const confirm = decode((await (await signIn(ctx.app, c.learner)).get('/account/delete')).text);
    expect(confirm).toContain('if a refund is due to you, your name, your email address, the session, the amount and the date you took the seat, until an admin has paid it back');
  });
});
