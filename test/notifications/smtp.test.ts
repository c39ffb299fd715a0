import { createMailer, type Mailer } from '../../src/notifications';
import { SECRET_REMOVED } from '../../src/notifications/mailer';
import { MAX_ATTEMPTS, RETRY_DELAYS_MINUTES } from '../../src/notifications/delivery';
import { claimDueEmails } from '../../src/notifications/delivery.repository';
import type { Database } from '../../src/db';
import { createTestDatabase } from '../helpers/db';
import { startSmtpServer, type ReceivedEmail, type TestSmtpServer } from '../helpers/smtp';

// The SMTP path of the mailer against a real SMTP server in the process (smtp-server, from the
// makers of Nodemailer): emails are queued in the outbox and a sender delivers them, trying again
// later when the server turns them away, so a request never waits on mail and nothing is lost.

let database: Database;
let smtp: TestSmtpServer;
let received: ReceivedEmail[];
const logged: string[] = [];
// How many of the next messages the server turns away with a temporary failure.
let refuseNext = 0;
// While set, the server holds each message until it is called.
let holdUntil: Promise<void> | undefined;
const mailers: Mailer[] = [];
const logger = {
  info() {},
  warn: (message: string) => logged.push(`warn ${message}`),
  error: (message: string, fields?: Record<string, unknown>) => logged.push(`error ${message}: ${String(fields?.error)}`),
};

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpServer(async () => {
    await holdUntil;
    if (refuseNext <= 0) return undefined;
    refuseNext--;
    return Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 });
  });
  received = smtp.received;
});
afterEach(async () => {
  await Promise.all(mailers.splice(0).map((m) => m.delivery?.stop()));
  refuseNext = 0;
  holdUntil = undefined;
  received.length = 0;
  logged.length = 0;
});
afterAll(async () => {
  await smtp.close();
  await database.close();
});

function mailerTo(url = smtp.url): Mailer & { delivery: NonNullable<Mailer['delivery']> } {
  const mailer = createMailer({ db: database.knex, smtpUrl: url, from: 'Kindred <courses@kindred.test>', logger });
  mailers.push(mailer);
  if (!mailer.delivery) throw new Error('an SMTP mailer has a delivery');
  return mailer as Mailer & { delivery: NonNullable<Mailer['delivery']> };
}

const outboxRow = (to: string) => database.knex('outbox_emails').where({ to_address: to }).orderBy('id', 'desc').first();
const minutesFrom = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);

it('queues the email, then sends it through the SMTP server and records it as sent', async () => {
  const mailer = mailerTo();
  await mailer.send({ to: 'reader@example.test', subject: 'Your certificate is ready', text: 'Hello Reader,\n\nIt is ready.' });
  await mailer.delivery.settled();
  expect(received).toHaveLength(1);
  expect(received[0]).toMatchObject({ from: 'courses@kindred.test', to: ['reader@example.test'] });
  expect(received[0].data).toContain('Subject: Your certificate is ready');
  expect(received[0].data).toContain('It is ready.');
  const row = await outboxRow('reader@example.test');
  expect(row).toMatchObject({ subject: 'Your certificate is ready', status: 'sent', attempts: 1, error: null, next_attempt_at: null });
  expect(row.sent_at).toBeInstanceOf(Date);
  expect(logged).toEqual([]);
});

it('keeps an email written within a transaction only if it commits, and sends it once it has', async () => {
  const mailer = mailerTo();
  const undone = database.knex.transaction(async (trx) => {
    await mailer.send({ to: 'undone@example.test', subject: 'Your daily digest', text: 'Never sent.' }, trx);
    throw new Error('the claim fell through');
  });
  await expect(undone).rejects.toThrow('the claim fell through');
  await database.knex.transaction(async (trx) => {
    await mailer.send({ to: 'committed@example.test', subject: 'Your daily digest', text: 'Sent once.' }, trx);
  });
  await mailer.delivery.settled();
  expect(received.map((r) => r.to)).toEqual([['committed@example.test']]);
  expect(await outboxRow('undone@example.test')).toBeUndefined();
  expect(await outboxRow('committed@example.test')).toMatchObject({ status: 'sent' });
});

it('answers the request before the mail server has taken the email', async () => {
  let release!: () => void;
  holdUntil = new Promise<void>((resolve) => (release = resolve));
  const mailer = mailerTo();
  await mailer.send({ to: 'patient@example.test', subject: 'Welcome to week 2', text: 'It is open.' });
  // send() has returned while the server still holds the message: the email waits in the queue.
  expect(await outboxRow('patient@example.test')).toMatchObject({ status: 'queued' });
  expect(received).toHaveLength(0);
  release();
  await mailer.delivery.settled();
  expect(received.map((r) => r.to)).toEqual([['patient@example.test']]);
  expect(await outboxRow('patient@example.test')).toMatchObject({ status: 'sent' });
});

it('tries again later when the server turns the email away, and sends it once it takes it', async () => {
  refuseNext = 2;
  const mailer = mailerTo();
  const before = new Date();
  await mailer.send({ to: 'later@example.test', subject: 'Feedback on your reflection', text: 'Thank you.' });
  await mailer.delivery.settled();
  let row = await outboxRow('later@example.test');
  expect(row).toMatchObject({ status: 'queued', attempts: 1 });
  expect(row.error).toMatch(/Mailbox busy/);
  expect(row.next_attempt_at.getTime()).toBeGreaterThanOrEqual(minutesFrom(before, RETRY_DELAYS_MINUTES[0]).getTime());
  expect(received).toHaveLength(0);

  // Not yet due: nothing is tried.
  expect(await mailer.delivery.deliverDue(new Date())).toEqual({ sent: 0, retrying: 0, failed: 0 });
  // Due: turned away once more, then the wait grows.
  const second = minutesFrom(new Date(), 2);
  expect(await mailer.delivery.deliverDue(second)).toEqual({ sent: 0, retrying: 1, failed: 0 });
  row = await outboxRow('later@example.test');
  expect(row).toMatchObject({ status: 'queued', attempts: 2 });
  expect(row.next_attempt_at.getTime()).toBe(minutesFrom(second, RETRY_DELAYS_MINUTES[1]).getTime());

  expect(await mailer.delivery.deliverDue(minutesFrom(second, RETRY_DELAYS_MINUTES[1]))).toEqual({ sent: 1, retrying: 0, failed: 0 });
  expect(received.map((r) => r.to)).toEqual([['later@example.test']]);
  expect(await outboxRow('later@example.test')).toMatchObject({ status: 'sent', attempts: 3, error: null });
  expect(logged.filter((l) => l.startsWith('warn'))).toHaveLength(2);
});

it('gives up after every try, tells the admins, and sends again when asked', async () => {
  const mailer = mailerTo('smtp://127.0.0.1:1');
  await mailer.send({ to: 'unlucky@example.test', subject: 'Reset your password', text: 'Your link: http://x.test/reset/s3cret\nBye.', secrets: ['http://x.test/reset/s3cret'] });
  await mailer.delivery.settled();
  let at = new Date();
  for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
    at = minutesFrom(at, RETRY_DELAYS_MINUTES[attempt - 2] + 1);
    const result = await mailer.delivery.deliverDue(at);
    expect(result).toEqual(attempt < MAX_ATTEMPTS ? { sent: 0, retrying: 1, failed: 0 } : { sent: 0, retrying: 0, failed: 1 });
  }
  const row = await outboxRow('unlucky@example.test');
  expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, next_attempt_at: null });
  expect(row.error).toMatch(/ECONNREFUSED/);
  // Not sent: the outbox keeps the whole text, so sending it again still carries the link.
  expect(row.body_text).toBe('Your link: http://x.test/reset/s3cret\nBye.');
  expect(logged.filter((l) => l.startsWith('error'))).toEqual([expect.stringMatching(/^error email failed for good: .*ECONNREFUSED/)]);
  // Failed emails are not tried on their own any more.
  expect(await mailer.delivery.deliverDue(minutesFrom(at, 24 * 60))).toEqual({ sent: 0, retrying: 0, failed: 0 });

  // The admin fixes the mail server's address and sends it again (a mailer pointed at the working server).
  const fixed = mailerTo();
  expect(await fixed.delivery.sendAgain(row.id)).toBe(true);
  await fixed.delivery.settled();
  expect(received.map((r) => r.to)).toEqual([['unlucky@example.test']]);
  expect(received[0].data).toContain('http://x.test/reset/s3cret');
  // Sent: the link is gone from the outbox's copy.
  expect(await outboxRow('unlucky@example.test')).toMatchObject({ status: 'sent', attempts: 1, body_text: `Your link: ${SECRET_REMOVED}\nBye.`, body_after_sending: null });
  // Only a failed email can be sent again.
  expect(await fixed.delivery.sendAgain(row.id)).toBe(false);
});

it('sends each email once when two instances deliver from the same outbox at the same time', async () => {
  const writer = createMailer({ db: database.knex, from: 'courses@kindred.test', logger });
  const to = Array.from({ length: 45 }, (_, i) => `cohort-${i}@example.test`);
  // Queued by hand, so neither sender has started on them before both run.
  await database.knex('outbox_emails').insert(to.map((address) => ({ to_address: address, subject: 'Week 3 is open', body_text: 'Hello.', status: 'queued', next_attempt_at: new Date() })));
  expect(writer.delivery).toBeUndefined();
  const [a, b] = [mailerTo(), mailerTo()];
  const results = await Promise.all([a.delivery.deliverDue(), b.delivery.deliverDue(), a.delivery.settled(), b.delivery.settled()]);
  expect(results[0].sent + results[1].sent).toBeLessThanOrEqual(to.length);
  expect(received.map((r) => r.to[0]).sort()).toEqual([...to].sort());
  const statuses = await database.knex('outbox_emails').whereIn('to_address', to).pluck('status');
  expect(new Set(statuses)).toEqual(new Set(['sent']));
});

it('sends an email whose sender stopped mid-send once that sender’s claim has lapsed, not before', async () => {
  const [row] = await database.knex('outbox_emails').insert({ to_address: 'orphan@example.test', subject: 'Week 4 is open', body_text: 'Hello.', status: 'queued', next_attempt_at: new Date() }).returning('id');
  const now = new Date();
  // A sender (another instance, say) claims it and then stops before sending.
  expect((await claimDueEmails(database.knex, now, minutesFrom(now, 15), 5)).map((e) => e.id)).toEqual([row.id]);
  const mailer = mailerTo();
  await mailer.delivery.settled();
  expect(await mailer.delivery.deliverDue(minutesFrom(now, 14))).toEqual({ sent: 0, retrying: 0, failed: 0 });
  expect(await mailer.delivery.deliverDue(minutesFrom(now, 16))).toEqual({ sent: 1, retrying: 0, failed: 0 });
  expect(received.map((r) => r.to)).toEqual([['orphan@example.test']]);
  expect(await outboxRow('orphan@example.test')).toMatchObject({ status: 'sent', attempts: 2 });
});

it('keeps the email in the outbox without a mail server, with nothing to deliver', async () => {
  const mailer = createMailer({ db: database.knex, from: 'courses@kindred.test', logger });
  await mailer.send({ to: 'kept@example.test', subject: 'Hello', text: 'Hi.' });
  expect(mailer.delivery).toBeUndefined();
  expect(await outboxRow('kept@example.test')).toMatchObject({ status: 'kept', attempts: 0 });
});
