import type { TestContext } from '../helpers/app';
import { createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { adminContext, type Agent, decode, postForm } from '../helpers/http';
import { queriesDuring } from '../helpers/queries';

// A paid seat withdrawn (or cancelled) before the start leaves a refund due on the roster: money the
// provider owes, which the sessions list flags by the session like the refunds due to deleted accounts.
let ctx: TestContext;
let admin: Agent;
beforeAll(async () => ({ ctx, admin } = await adminContext()));
afterAll(() => ctx.close());

/** A learner's paid place in the session, withdrawn with its refund still due; returns the place's id. */
async function withdrawnWithRefundDue(sessionId: number): Promise<number> {
  const id = await enrol(ctx.db, sessionId, (await createUser(ctx.db)).id);
  await ctx.db('enrolments').where({ id }).update({ status: 'withdrawn', payment_status: 'refund_due' });
  return id;
}

async function keepDeletedAccountRefund(sessionId: number) {
  await ctx.db('deleted_account_refunds').insert({ course_session_id: sessionId, name: 'Pat Payer', email: `pat-${Date.now()}-${Math.random()}@example.test`, fee_minor: 19000, fee_currency: 'USD' });
}

/** The cell of a session's row in the sessions list that holds its registration state and flags: its text and its HTML. */
async function flagsOf(sessionId: number): Promise<{ text: string; html: string }> {
  const page = (await admin.get('/admin/sessions')).text;
  const row = page.split('<tr>').find((r) => r.includes(`href="/admin/sessions/${sessionId}"`))!;
  const html = [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1])[5];
  return { html, text: decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim() };
}

describe('refunds due on the roster, flagged on the sessions list', () => {
  it('flags each session with refunds due on its roster, linking to the roster where they are recorded', async () => {
    const course = await createCourse(ctx.db);
    const one = await createSession(ctx.db, course.id);
    const two = await createSession(ctx.db, course.id);
    const paidOnly = await createSession(ctx.db, course.id);
    await withdrawnWithRefundDue(one.id);
    await withdrawnWithRefundDue(two.id);
    await withdrawnWithRefundDue(two.id);
    await ctx.db('enrolments').where({ id: await enrol(ctx.db, paidOnly.id, (await createUser(ctx.db)).id) }).update({ payment_status: 'paid' });

    expect((await flagsOf(one.id)).text).toContain('1 refund due');
    expect((await flagsOf(two.id)).text).toContain('2 refunds due');
    expect((await flagsOf(two.id)).html).toContain(`href="/admin/sessions/${two.id}#roster"`);
    expect((await flagsOf(paidOnly.id)).text).not.toContain('refund');
  });

  it('shows both flags when a session owes refunds on its roster and to deleted accounts', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    await withdrawnWithRefundDue(session.id);
    await keepDeletedAccountRefund(session.id);

    const { text, html } = await flagsOf(session.id);
    expect(text).toMatch(/1 refund due\b(?! to)/);
    expect(text).toContain('1 refund due to a deleted account');
    expect(html).toContain(`href="/admin/sessions/${session.id}#roster"`);
    expect(html).toContain(`href="/admin/sessions/${session.id}#refunds-of-deleted-accounts"`);
  });

  it('drops the flag once the admin records the refund on the roster', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const place = await withdrawnWithRefundDue(session.id);
    const page = `/admin/sessions/${session.id}`;
    expect((await flagsOf(session.id)).text).toContain('1 refund due');
    expect((await postForm(admin, `${page}/enrolments/${place}/payment`, { paymentStatus: 'refunded' }, page)).status).toBe(302);
    expect((await flagsOf(session.id)).text).not.toContain('refund');
  });

  it('reads the refunds due of every session, on rosters and to deleted accounts, in one query however many sessions owe them', async () => {
    const course = await createCourse(ctx.db);
    await withdrawnWithRefundDue((await createSession(ctx.db, course.id)).id);
    const few = await queriesDuring(ctx.db, () => admin.get('/admin/sessions'));
    for (let n = 0; n < 4; n++) await withdrawnWithRefundDue((await createSession(ctx.db, course.id)).id);
    const many = await queriesDuring(ctx.db, () => admin.get('/admin/sessions'));
    expect(decode(many.result.text)).toContain('1 refund due');
    expect(many.sql.length).toBe(few.sql.length);
    // One query reads both: the roster's places by their payment, and the refunds kept for deleted accounts.
    const refunds = many.sql.filter((q) => q.includes('deleted_account_refunds'));
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatch(/from "enrolments" where .*"payment_status"/);
  });
});
