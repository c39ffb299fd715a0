import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createSession, createUser } from '../helpers/factories';
import { decode, postForm, readable, signIn } from '../helpers/http';
import { expectUnsubscribeLink } from '../helpers/emails';
import { flagSessionsAtGoNoGo } from '../../src/enrolment';
import { formatInZone } from '../../src/lib/dates';

// The go/no-go email is work waiting for an admin, not news of their own account: each admin can
// turn it off on their email preferences page, or with the link it carries, and the administration
// page lists the session either way.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const deps = () => ({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl });
const goNoGoEmailsTo = (address: string, sessionId: number) =>
  ctx.db('outbox_emails').where({ to_address: address }).whereRaw('body_text like ?', [`%/admin/sessions/${sessionId}%`]).select('subject', 'body_text', 'unsubscribe_url');
/** A session a few days off, below its minimum, past its go/no-go date: the next check flags it. */
const sessionBelowMinimum = async () => createSession(ctx.db, (await createCourse(ctx.db)).id, { startedDaysAgo: -3, minEnrolment: 2 });
const preferences = (admin: { id: number }) => ctx.db('notification_preferences').where({ user_id: admin.id }).first();
const everythingOn = { discussion_email: 'daily', announcement_email: 'on', week_email: 'on', deadline_email: 'on', session_offer_email: 'on' };

describe('the go/no-go email to admins', () => {
  it('goes to an admin who keeps “work waiting for you” on, with the link to turn it off', async () => {
    const admin = await createUser(ctx.db, { role: 'admin' });
    const session = await sessionBelowMinimum();
    expect(await flagSessionsAtGoNoGo(deps())).toContain(session.id);
    const [email] = await goNoGoEmailsTo(admin.email, session.id);
    expect(email.subject).toMatch(/below (its|their) minimum enrolment/);
    // The decision is made before the start, so the email says when that is, in the session's zone.
    const row = await ctx.db('course_sessions').where({ id: session.id }).first('starts_at', 'time_zone');
    const startsOn = formatInZone(row.starts_at, row.time_zone, 'cccc d LLLL yyyy');
    expect(email.body_text).toContain(`, starting ${startsOn} (${row.time_zone} time): 0 enrolled, minimum 2.`);
    expect(email.body_text).toContain(`Choose which emails you get: ${ctx.config.baseUrl}/discussions/preferences`);
    expectUnsubscribeLink(email, ctx.config.baseUrl);
  });

  it('is not sent to an admin who turned it off on the preferences page, who still finds the session on the administration page', async () => {
    const admin = await createUser(ctx.db, { role: 'admin' });
    const other = await createUser(ctx.db, { role: 'admin' });
    const agent = await signIn(ctx.app, admin);
    const saved = await postForm(agent, '/discussions/preferences', everythingOn, '/discussions/preferences');
    expect(saved.status).toBe(302);
    expect((await preferences(admin)).staff_email).toBe(false);

    const session = await sessionBelowMinimum();
    expect(await flagSessionsAtGoNoGo(deps())).toContain(session.id);
    expect(await goNoGoEmailsTo(admin.email, session.id)).toHaveLength(0);
    expect(await goNoGoEmailsTo(other.email, session.id)).toHaveLength(1);
    expect((await agent.get('/admin')).text).toContain(`href="/admin/sessions/${session.id}"`);

    await postForm(agent, '/discussions/preferences', { ...everythingOn, staff_email: 'on' }, '/discussions/preferences');
    const next = await sessionBelowMinimum();
    await flagSessionsAtGoNoGo(deps());
    expect(await goNoGoEmailsTo(admin.email, next.id)).toHaveLength(1);
  });

  it('stops with the rest when its emailed link is used, and the page says it stops this one too', async () => {
    const admin = await createUser(ctx.db, { role: 'admin' });
    const first = await sessionBelowMinimum();
    await flagSessionsAtGoNoGo(deps());
    const [email] = await goNoGoEmailsTo(admin.email, first.id);
    const path = new URL(email.unsubscribe_url!).pathname;

    const asked = decode((await request(ctx.app).get(path)).text);
    expect(readable(asked)).toContain('sessions that need an administrator’s decision at their go/no-go date');
    const done = await request(ctx.app).post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(done.status).toBe(200);
    expect(decode(done.text)).toContain('sessions that need an administrator’s decision at their go/no-go date');
    expect(await preferences(admin)).toMatchObject({ staff_email: false, session_offer_email: false, announcement_email: false });

    const second = await sessionBelowMinimum();
    expect(await flagSessionsAtGoNoGo(deps())).toContain(second.id);
    expect(await goNoGoEmailsTo(admin.email, second.id)).toHaveLength(0);
  });
});
