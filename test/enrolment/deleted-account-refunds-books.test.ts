import type { TestContext } from '../helpers/app';
import { createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { adminContext, type Agent, decode } from '../helpers/http';
import { queriesDuring } from '../helpers/queries';

// A refund owed to someone who deleted their account is money the provider still owes: the admin
// doing the books sees it in the session's roster CSV and, on the sessions list, by the session.
let ctx: TestContext;
let admin: Agent;
beforeAll(async () => ({ ctx, admin } = await adminContext()));
afterAll(() => ctx.close());

async function keepRefund(sessionId: number, values: { name?: string; email?: string; fee_minor?: number | null; fee_currency?: string | null; seat_taken_at?: Date | null } = {}) {
  const [row] = await ctx.db('deleted_account_refunds')
    .insert({ course_session_id: sessionId, name: 'Pat Payer', email: `pat-${Date.now()}-${Math.random()}@example.test`, fee_minor: 19000, fee_currency: 'USD', seat_taken_at: null, ...values })
    .returning(['id']);
  return row.id as number;
}

/** The cell of a session's row in the sessions list that holds its registration state and flags, as text. */
async function flagsOf(sessionId: number): Promise<string> {
  const html = decode((await admin.get('/admin/sessions')).text);
  const row = html.split('<tr>').find((r) => r.includes(`href="/admin/sessions/${sessionId}"`))!;
  const cells = [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
  return cells[5];
}

describe('refunds due to deleted accounts, for the books', () => {
  it('lists them in the session’s roster CSV after the places, with amount, seat date and “Refund due”', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04' });
    const seated = await createUser(ctx.db, { name: 'Ana Seated' });
    await enrol(ctx.db, session.id, seated.id);
    await ctx.db('enrolments').where({ user_id: seated.id }).update({ enrolled_at: new Date('2099-04-01T12:00:00Z') });
    await keepRefund(session.id, { name: 'Pat Payer', email: 'pat-payer@example.test', seat_taken_at: new Date('2099-03-20T12:00:00Z') });
    await keepRefund(session.id, { name: '=HYPERLINK("http://evil.test")', email: 'quiet@example.test', fee_minor: null, fee_currency: null });
    await keepRefund((await createSession(ctx.db, course.id)).id, { name: 'Someone Elsewhere' });

    const res = await admin.get(`/admin/sessions/${session.id}/roster.csv`);
    expect(res.status).toBe(200);
    const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    const title = (await ctx.db('courses').where({ id: course.id }).first('title')).title;
    expect(lines.slice(1)).toEqual([
      `Ana Seated,${seated.email},${title},2099-05-04,Enrolled,,2099-04-01,,,Invoice to follow`,
      `Pat Payer,pat-payer@example.test,${title},2099-05-04,Account deleted,,2099-03-20,190.00,USD,Refund due`,
      `"'=HYPERLINK(""http://evil.test"")",quiet@example.test,${title},2099-05-04,Account deleted,,,,,Refund due`,
    ]);
    expect(decode((await admin.get(`/admin/sessions/${session.id}`)).text)).toContain('so they are no longer on the roster (the roster CSV lists them after it)');
  });

  it('flags each session with refunds due to deleted accounts on the sessions list, linking to them', async () => {
    const course = await createCourse(ctx.db);
    const one = await createSession(ctx.db, course.id);
    const two = await createSession(ctx.db, course.id);
    const none = await createSession(ctx.db, course.id);
    await keepRefund(one.id);
    await keepRefund(two.id);
    await keepRefund(two.id);

    expect(await flagsOf(one.id)).toContain('1 refund due to a deleted account');
    expect(await flagsOf(two.id)).toContain('2 refunds due to deleted accounts');
    expect(await flagsOf(none.id)).not.toContain('refund');
    expect((await admin.get('/admin/sessions')).text).toContain(`href="/admin/sessions/${one.id}#refunds-of-deleted-accounts"`);
  });

  it('reads the flags of every session in one query, however many sessions have refunds due', async () => {
    const course = await createCourse(ctx.db);
    await keepRefund((await createSession(ctx.db, course.id)).id);
    const few = await queriesDuring(ctx.db, () => admin.get('/admin/sessions'));
    for (let n = 0; n < 4; n++) await keepRefund((await createSession(ctx.db, course.id)).id);
    const many = await queriesDuring(ctx.db, () => admin.get('/admin/sessions'));
    expect(decode(many.result.text)).toContain('1 refund due to a deleted account');
    expect(many.sql.length).toBe(few.sql.length);
    expect(many.sql.filter((q) => q.includes('deleted_account_refunds'))).toHaveLength(1);
  });
});
