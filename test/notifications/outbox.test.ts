import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { adminContext, decode, postForm, signedInAs, type Agent } from '../helpers/http';

async function failedEmail(ctx: TestContext, to: string) {
  const [row] = await ctx.db('outbox_emails')
    .insert({ to_address: to, subject: 'Welcome to week 2', body_text: 'It is open.', status: 'failed', attempts: 6, error: 'Error: connect ECONNREFUSED 10.0.0.9:587' })
    .returning('id');
  return row.id as number;
}

describe('the admin outbox', () => {
  let ctx: TestContext;
  let admin: Agent;
  beforeAll(async () => {
    ({ ctx, admin } = await adminContext());
  });
  afterAll(() => ctx.close());

  it('shows when each email was written in words, in the list and on the email, not as a raw timestamp', async () => {
    const to = `dates-${Date.now()}@example.test`;
    const [email] = await ctx.db('outbox_emails')
      .insert({ to_address: to, subject: 'Your certificate', body_text: 'Hello', status: 'kept', created_at: new Date('2026-12-04T16:18:49.677Z') })
      .returning('id');
    const list = await admin.get(`/admin/outbox?to=${encodeURIComponent(to)}`);
    expect(list.text).toContain('<td>4 December 2026, 16:18 UTC</td>');
    expect(list.text).toContain('<td>Kept here (no mail server is set up)</td>');
    const one = await admin.get(`/admin/outbox/${email.id}`);
    expect(one.text).toContain('<dt>Written</dt><dd>4 December 2026, 16:18 UTC</dd>');
    for (const page of [list, one]) expect(page.text).not.toContain('2026-12-04');
  });

  it('says where replies go on an email a person wrote, and nothing of it on one the site wrote', async () => {
    await ctx.mailer.send({ to: 'ada@example.test', subject: 'A quieter week', text: 'Go gently.', replyTo: 'helen@example.test' });
    const written = await ctx.db('outbox_emails').where({ subject: 'A quieter week' }).first('id');
    expect(decode((await admin.get(`/admin/outbox/${written.id}`)).text)).toContain('<dt>Replies go to</dt><dd>helen@example.test</dd>');
    await ctx.mailer.send({ to: 'ada@example.test', subject: 'Week 2 is open', text: 'It is open.' });
    const site = await ctx.db('outbox_emails').where({ subject: 'Week 2 is open' }).first('id');
    expect((await admin.get(`/admin/outbox/${site.id}`)).text).not.toContain('Replies go to');
  });

  it('says when a waiting email will be tried again and what the mail server answered', async () => {
    const to = `waiting-${Date.now()}@example.test`;
    const [email] = await ctx.db('outbox_emails')
      .insert({ to_address: to, subject: 'Feedback', body_text: 'Thanks', status: 'queued', attempts: 2, next_attempt_at: new Date('2026-12-05T11:20:00Z'), error: 'Error: 451 Mailbox busy' })
      .returning('id');
    const one = decode((await admin.get(`/admin/outbox/${email.id}`)).text);
    expect(one).toContain('<dd>Trying again 5 December 2026, 11:20 UTC (2 of 6 tries failed)</dd>');
    expect(one).toContain("<dt>Mail server's answer</dt><dd>Error: 451 Mailbox busy</dd>");
    expect(one).not.toContain('Send again');
  });

  it('points the admin at emails that could not be sent, on the dashboard and in the outbox, and filters to them', async () => {
    const id = await failedEmail(ctx, `failed-${Date.now()}@example.test`);
    const home = await admin.get('/admin');
    expect(home.text).toContain('<strong>1 email could not be sent</strong>');
    const list = await admin.get('/admin/outbox');
    expect(list.text).toContain('<strong>1 email could not be sent</strong>');
    const failedOnly = await admin.get('/admin/outbox?status=failed');
    expect(failedOnly.text).toContain(`href="/admin/outbox/${id}"`);
    expect(failedOnly.text).toContain('<option value="failed" selected>Not sent</option>');
    expect(failedOnly.text).not.toContain('Your certificate');
    expect(failedOnly.text).toContain('<td>Not sent: 6 tries failed</td>');
    // An unknown status is ignored rather than an error.
    expect((await admin.get('/admin/outbox?status=lost')).status).toBe(200);
  });

  it('warns when emails have been waiting over an hour, as when the mail server is down', async () => {
    const to = `stuck-${Date.now()}@example.test`;
    await ctx.db('outbox_emails').insert([
      { to_address: to, subject: 'Old', body_text: 'x', status: 'queued', attempts: 3, next_attempt_at: new Date(), created_at: new Date(Date.now() - 2 * 3_600_000) },
      { to_address: to, subject: 'New', body_text: 'x', status: 'queued', attempts: 0, next_attempt_at: new Date() },
    ]);
    for (const page of ['/admin', '/admin/outbox']) {
      const text = decode((await admin.get(page)).text);
      expect(text).toContain('<strong>1 email has been waiting over an hour</strong>: the mail server may be down.');
      expect(text).toContain('href="/admin/outbox?status=queued"');
    }
    await ctx.db('outbox_emails').where({ to_address: to }).delete();
    expect((await admin.get('/admin')).text).not.toContain('waiting over an hour');
  });

  it('cannot send again without a mail server, says so, and leaves the email as it was', async () => {
    const id = await failedEmail(ctx, `nomail-${Date.now()}@example.test`);
    expect(decode((await admin.get('/admin')).text)).toContain('<strong>Emails are not being sent:</strong> no mail server is set up (<code>SMTP_URL</code>)');
    const page = await admin.get(`/admin/outbox/${id}`);
    expect(page.text).toContain('No mail server is set up now');
    expect(page.text).not.toContain('Send again');
    const res = await postForm(admin, `/admin/outbox/${id}/send-again`, {});
    expect(res.status).toBe(303);
    expect((await admin.get(res.headers.location)).text).toContain('No mail server is set up (SMTP_URL)');
    expect(await ctx.db('outbox_emails').where({ id }).first()).toMatchObject({ status: 'failed', attempts: 6 });
  });

  it('is for admins only', async () => {
    const id = await failedEmail(ctx, `guarded-${Date.now()}@example.test`);
    const { agent: instructor } = await signedInAs(ctx.app, ctx.db, 'instructor');
    expect((await instructor.get('/admin/outbox')).status).toBe(403);
    expect((await postForm(instructor, `/admin/outbox/${id}/send-again`, {})).status).toBe(403);
    expect((await admin.get('/admin/outbox/999999')).status).toBe(404);
    expect((await postForm(admin, '/admin/outbox/999999/send-again', {})).status).toBe(404);
  });
});

describe('sending a failed email again, with a mail server', () => {
  let ctx: TestContext;
  let admin: Agent;
  let smtp: TestSmtpServer;
  const received = () => smtp.received.flatMap((r) => r.to);
  const bodies = () => smtp.received.map((r) => r.data);
  beforeAll(async () => {
    smtp = await startSmtpServer();
    ctx = await createTestContext({ env: { SMTP_URL: smtp.url } });
    admin = (await signedInAs(ctx.app, ctx.db, 'admin')).agent;
  });
  afterAll(async () => {
    await ctx.close();
    await smtp.close();
  });

  it('puts it back in the queue, sends it, and says so', async () => {
    const to = `again-${Date.now()}@example.test`;
    const id = await failedEmail(ctx, to);
    expect((await admin.get('/admin')).text).not.toContain('Emails are not being sent');
    const page = await admin.get(`/admin/outbox/${id}`);
    expect(page.text).toContain(`action="/admin/outbox/${id}/send-again"`);
    // Without the form's token nothing changes.
    expect((await admin.post(`/admin/outbox/${id}/send-again`).type('form').send({})).status).toBe(403);
    expect(await ctx.db('outbox_emails').where({ id }).first()).toMatchObject({ status: 'failed' });

    const res = await postForm(admin, `/admin/outbox/${id}/send-again`, {}, `/admin/outbox/${id}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/admin/outbox/${id}`);
    await ctx.mailer.delivery!.settled();
    expect(received()).toEqual([to]);
    const after = decode((await admin.get(res.headers.location)).text);
    expect(after).toContain(`The email to ${to} is back in the queue`);
    expect(after).toMatch(/<dd>Sent \d+ \w+ \d{4}, \d\d:\d\d UTC<\/dd>/);

    // Sent once; asking again does not send it twice.
    const twice = await postForm(admin, `/admin/outbox/${id}/send-again`, {}, `/admin/outbox/${id}`);
    expect((await admin.get(twice.headers.location)).text).toContain('Only an email that could not be sent can be sent again');
    await ctx.mailer.delivery!.settled();
    expect(received()).toEqual([to]);
  });

  it('sends what the app writes without the request waiting for it', async () => {
    const { user, agent } = await signedInAs(ctx.app, ctx.db, 'learner');
    const res = await postForm(agent, '/forgot-password', { email: user.email }, '/forgot-password');
    expect(res.status).toBeLessThan(400);
    await ctx.mailer.delivery!.settled();
    expect(received()).toContain(user.email);
    // The learner got the link; the outbox keeps no live one once it is sent (tokens are stored hashed).
    const link = /http:\/\/localhost:3000\/reset-password\/[A-Za-z0-9_-]+/.exec(bodies().join('\n').replace(/=\r?\n/g, ''))?.[0];
    expect(link).toBeDefined();
    const row = await ctx.db('outbox_emails').where({ to_address: user.email }).orderBy('id', 'desc').first();
    expect(row).toMatchObject({ status: 'sent', body_after_sending: null });
    expect(row.body_text).not.toContain('/reset-password/');
    expect(row.body_text).toContain('open this link within 60 minutes:\n\n[a private link, not kept once the email was sent]\n');
    expect((await request(ctx.app).get(new URL(link!).pathname)).status).toBe(200);
  });
});
