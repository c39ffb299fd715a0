import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createMailer } from '../../src/notifications';
import type { Database } from '../../src/db';
import { createTestDatabase } from '../helpers/db';

// The SMTP path of the mailer against a real SMTP server in the process (smtp-server, from the
// makers of Nodemailer): what is sent arrives, and a server that cannot be reached loses nothing.

interface Received {
  from: string;
  to: string[];
  data: string;
}

let database: Database;
let server: SMTPServer;
let port: number;
const received: Received[] = [];
const errors: string[] = [];
const logger = { info() {}, warn() {}, error: (message: string, fields?: Record<string, unknown>) => errors.push(`${message}: ${String(fields?.error)}`) };

beforeAll(async () => {
  database = await createTestDatabase();
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ from: String(session.envelope.mailFrom && session.envelope.mailFrom.address), to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await database.close();
});

const outboxRow = (to: string) => database.knex('outbox_emails').where({ to_address: to }).orderBy('id', 'desc').first();

it('sends through the SMTP server and records the email as sent', async () => {
  const mailer = createMailer({ db: database.knex, smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Kindred <courses@kindred.test>', logger });
  await mailer.send({ to: 'reader@example.test', subject: 'Your certificate is ready', text: 'Hello Reader,\n\nIt is ready.' });
  expect(received).toHaveLength(1);
  expect(received[0]).toMatchObject({ from: 'courses@kindred.test', to: ['reader@example.test'] });
  expect(received[0].data).toContain('Subject: Your certificate is ready');
  expect(received[0].data).toContain('It is ready.');
  expect(await outboxRow('reader@example.test')).toMatchObject({ subject: 'Your certificate is ready', status: 'sent' });
  expect(errors).toEqual([]);
});

it('records a failed send for the admins and never throws at the user', async () => {
  const closed = `smtp://127.0.0.1:1`;
  const mailer = createMailer({ db: database.knex, smtpUrl: closed, from: 'courses@kindred.test', logger });
  await expect(mailer.send({ to: 'unlucky@example.test', subject: 'Reset your password', text: 'A link.' })).resolves.toBeUndefined();
  const row = await outboxRow('unlucky@example.test');
  expect(row).toMatchObject({ subject: 'Reset your password', status: 'failed' });
  expect(row.error).toMatch(/ECONNREFUSED/);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^email failed: .*ECONNREFUSED/);
});
