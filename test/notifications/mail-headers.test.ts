import request from 'supertest';
import { sendWeekOpeningEmails } from '../../src/modules';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, futureSessionWithLearner } from '../helpers/factories';
import { csrfFrom, postForm, signIn } from '../helpers/http';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';

// Emails as a mail server receives them, with the headers mail clients act on: an "Unsubscribe"
// button (RFC 2369) that works in one click (RFC 8058), as large mailbox providers ask of bulk
// senders, on the notifications a learner can turn off; and Reply-To on an email a person wrote,
// so that answering it reaches them rather than the site's own address.
let smtp: TestSmtpServer;
let ctx: TestContext;
beforeAll(async () => {
  smtp = await startSmtpServer();
  ctx = await createTestContext({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

/** The message's headers, long ones unfolded onto one line each. */
const headersOf = (data: string) => data.slice(0, data.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
const receivedBy = async (address: string) => {
  await ctx.mailer.delivery!.settled();
  return smtp.received.filter((m) => m.to.includes(address)).map((m) => headersOf(m.data));
};
const hoursAfter = (date: Date, hours: number) => new Date(date.getTime() + hours * 3_600_000);

describe('the unsubscribe button in mail clients', () => {
  it('comes with a notification, and one POST to it from the mail client, with no login or form token, stops them', async () => {
    const { learner, startsAt } = await futureSessionWithLearner(ctx.db, '2099-03-02');
    const deps = { db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl };
    expect(await sendWeekOpeningEmails(deps, hoursAfter(startsAt, 1))).toBe(1);
    const [headers] = await receivedBy(learner.email);
    expect(headers).toMatch(/^Subject: Week 1 is open: /m);
    const url = /^List-Unsubscribe: <([^>]+)>$/m.exec(headers)?.[1];
    expect(url).toMatch(/^http:\/\/localhost:3000\/unsubscribe\/[A-Za-z0-9_-]{20,}$/);
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(headers).not.toContain('Reply-To'); // written by the site: answers go to its own address

    // What RFC 8058 has the mail client send: this form body, and nothing else.
    const click = await request(ctx.app).post(new URL(url!).pathname).type('form').send('List-Unsubscribe=One-Click');
    expect(click.status).toBe(200);
    const prefs = await ctx.db('notification_preferences').where({ user_id: learner.id }).first('discussion_email', 'announcement_email', 'week_email', 'deadline_email');
    expect(prefs).toEqual({ discussion_email: 'none', announcement_email: false, week_email: false, deadline_email: false });
    expect(await sendWeekOpeningEmails(deps, hoursAfter(startsAt, 7 * 24 + 1))).toBe(0);
  });

  it('is not on an email about the reader’s own account, which they cannot turn off', async () => {
    const { learner } = await futureSessionWithLearner(ctx.db, '2099-05-04');
    const agent = request.agent(ctx.app);
    const token = await csrfFrom(agent, '/forgot-password');
    expect((await agent.post('/forgot-password').type('form').send({ _csrf: token, email: learner.email })).status).toBeLessThan(400);
    const [headers] = await receivedBy(learner.email);
    expect(headers).toMatch(/^Subject: .*password/im);
    expect(headers).not.toContain('List-Unsubscribe');
  });

  it('sends the answer to an instructor’s announcement to the instructor', async () => {
    const c = await createCohorts(ctx.db);
    const staff = await signIn(ctx.app, c.instructorA);
    await postForm(staff, `/sessions/${c.sessionA.id}/announcements`, { title: 'A quieter week', body: 'Go gently.' }, `/sessions/${c.sessionA.id}/announcements`);
    const [headers] = await receivedBy(c.learnerA.email);
    expect(headers).toMatch(/^Subject: .*A quieter week$/m);
    expect(headers.split('\r\n')).toContain(`Reply-To: ${c.instructorA.email}`);
    expect(headers).toMatch(/^List-Unsubscribe: <http:\/\/localhost:3000\/unsubscribe\/[A-Za-z0-9_-]+>$/m);
  });
});
