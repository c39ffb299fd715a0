import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { decode, postForm, signedInAs, type Agent } from '../helpers/http';
import { enrolmentOf, eventsOf, follow } from '../helpers/enrolment-factories';

let ctx: TestContext;
let admin: Agent;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = (await signedInAs(ctx.app, ctx.db, 'admin')).agent;
});
afterAll(() => ctx.close());

const rowOf = (html: string, name: string) => html.slice(html.lastIndexOf('<tr>', html.indexOf(name)), html.indexOf('</tr>', html.indexOf(name)));

describe('a session confirmed to run', () => {
  it('no longer offers cancellation for low enrolment, and refuses one sent anyway with the reason, changing nothing', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', minEnrolment: 5 });
    const learner = await createUser(ctx.db);
    await enrol(ctx.db, session.id, learner.id);
    const page = `/admin/sessions/${session.id}`;
    expect((await admin.get(page)).text).toContain(`action="${page}/cancel"`);
    await postForm(admin, `${page}/confirm`, {}, page);

    const after = decode((await admin.get(page)).text);
    expect(after).toContain('Confirmed: it runs');
    expect(after).not.toContain(`action="${page}/cancel"`);
    expect(after).toContain('This session is confirmed to run, so it is no longer offered for cancellation for low enrolment.');

    const res = await postForm(admin, `${page}/cancel`, { message: 'Too few people signed up, sorry.', understood: 'yes' }, page);
    expect(res.status).toBe(409);
    expect(decode(res.text)).toMatch(/This session was confirmed to run on .*, so it can no longer be cancelled for low enrolment\. Nothing was changed\./);
    expect(await ctx.db('course_sessions').where({ id: session.id }).first()).toMatchObject({ status: 'scheduled', cancelled_at: null });
    expect(await enrolmentOf(ctx.db, session.id, learner.id)).toMatchObject({ status: 'enrolled' });
  });
});

describe('payments of places that have ended', () => {
  async function withdrawnLearner(name: string, payment: 'unpaid' | 'paid' | 'refund_due') {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: 10, weeks: 4 });
    const learner = await createUser(ctx.db, { name });
    const id = await enrol(ctx.db, session.id, learner.id);
    await ctx.db('enrolments').where({ id }).update({ status: 'withdrawn', payment_status: payment });
    return { session, learner, id };
  }

  it('offers no payment choices for a withdrawn learner with nothing to refund', async () => {
    const { session } = await withdrawnLearner('Wendy Unpaid', 'unpaid');
    const row = rowOf(decode((await admin.get(`/admin/sessions/${session.id}`)).text), 'Wendy Unpaid');
    expect(row).toContain('Withdrawn');
    expect(row).toContain('Now: Nothing to pay');
    expect(row).not.toContain('<select');
    expect(row).not.toContain('/payment"');
  });

  it('offers only "Record refund" for a withdrawn learner who paid, and records it', async () => {
    const { session, learner, id } = await withdrawnLearner('Pat Paid', 'paid');
    const page = `/admin/sessions/${session.id}`;
    const row = rowOf(decode((await admin.get(page)).text), 'Pat Paid');
    expect(row).not.toContain('<select');
    expect(row).toContain('<input type="hidden" name="paymentStatus" value="refunded">');
    expect(row).toContain('Record refund<span class="visually-hidden"> to Pat Paid</span>');
    await postForm(admin, `${page}/enrolments/${id}/payment`, { paymentStatus: 'refunded' }, page);
    expect(await enrolmentOf(ctx.db, session.id, learner.id)).toMatchObject({ status: 'withdrawn', payment_status: 'refunded' });
    expect(rowOf(decode((await admin.get(page)).text), 'Pat Paid')).not.toContain('Record refund');
  });

  it('refuses any other payment change for a withdrawn learner, saying why and changing nothing', async () => {
    const { session, learner, id } = await withdrawnLearner('Rita Refund', 'refund_due');
    const page = `/admin/sessions/${session.id}`;
    const res = await postForm(admin, `${page}/enrolments/${id}/payment`, { paymentStatus: 'paid' }, page);
    expect(decode((await follow(admin, res)).text)).toContain('This learner no longer has a place in this session, so only a refund can be recorded. Nothing was changed.');
    expect(await enrolmentOf(ctx.db, session.id, learner.id)).toMatchObject({ payment_status: 'refund_due' });
    expect(await eventsOf(ctx.db, id)).toHaveLength(0);
  });
});


describe('counts in words', () => {
  it('says "1 learner" and "1 seat" for a count of one', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', minEnrolment: 1, capacity: 1 });
    await ctx.db('course_sessions').where({ id: session.id }).update({ go_no_go_flagged_at: new Date() });
    const page = decode((await admin.get(`/admin/sessions/${session.id}`)).text);
    expect(page).toContain('this session had 0 of the 1 learner it needs.');
    expect(decode((await admin.get(`/courses/${course.slug}`)).text)).toContain('1 of 1 seat left');
  });
});

describe('scrollable tables', () => {
  it('can be reached by keyboard and are named, on the session, sessions and people pages', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id);
    const learner = await createUser(ctx.db, { name: 'Tabby Keyboard' });
    await postForm(admin, `/admin/sessions/${session.id}/learners`, { email: learner.email }, `/admin/sessions/${session.id}`);
    for (const url of [`/admin/sessions/${session.id}`, '/admin/sessions', '/admin/people']) {
      const html = (await admin.get(url)).text;
      const wrappers = html.match(/<div class="table-wrap"[^>]*>/g) ?? [];
      expect(wrappers.length).toBeGreaterThan(0);
      for (const wrapper of wrappers) {
        expect(wrapper).toContain('tabindex="0"');
        expect(wrapper).toContain('role="region"');
        const labelledBy = /aria-labelledby="([^"]+)"/.exec(wrapper)?.[1];
        if (labelledBy) expect(html).toContain(`id="${labelledBy}"`);
        else expect(wrapper).toMatch(/aria-label="[^"]+"/);
      }
    }
    const page = (await admin.get(`/admin/sessions/${session.id}`)).text;
    expect(page).toContain('<div class="table-wrap" tabindex="0" role="region" aria-labelledby="history">');
    expect(page).toContain('<h2 id="history">');
  });
});

describe('the roster as CSV', () => {
  it('lists every place with its fee and payment, in the roster’s order, for admins only', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startDate: '2099-05-04', capacity: 1 });
    const seated = await createUser(ctx.db, { name: 'Ana Seated' });
    const waiting = await createUser(ctx.db, { name: '=HYPERLINK("http://evil.test")' });
    const seatId = await enrol(ctx.db, session.id, seated.id);
    await ctx.db('enrolments').where({ id: seatId }).update({ payment_status: 'paid', fee_minor: 12050, fee_currency: 'USD', enrolled_at: new Date('2099-04-01T12:00:00Z') });
    await enrol(ctx.db, session.id, waiting.id, 'waitlisted');
    await ctx.db('enrolments').where({ user_id: waiting.id }).update({ waitlist_position: 1, created_at: new Date('2099-04-02T12:00:00Z') });

    expect((await admin.get(`/admin/sessions/${session.id}`)).text).toContain(`href="/admin/sessions/${session.id}/roster.csv"`);
    const res = await admin.get(`/admin/sessions/${session.id}/roster.csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename=roster-session-${session.id}.csv`);
    const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Learner name,Email,Course,Session start,Place,Waitlist position,Registered on,Fee,Currency,Payment');
    const title = (await ctx.db('courses').where({ id: course.id }).first('title')).title;
    expect(lines.slice(1)).toEqual([
      `Ana Seated,${seated.email},${title},2099-05-04,Enrolled,,2099-04-01,120.50,USD,Paid`,
      `"'=HYPERLINK(""http://evil.test"")",${waiting.email},${title},2099-05-04,On the waitlist,1,2099-04-02,,,Invoice to follow`,
    ]);

    const { agent: instructor } = await signedInAs(ctx.app, ctx.db, 'instructor');
    expect((await instructor.get(`/admin/sessions/${session.id}/roster.csv`)).status).toBe(403);
    expect((await admin.get('/admin/sessions/999999/roster.csv')).status).toBe(404);
  });
});
