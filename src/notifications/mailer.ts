import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../db';
import type { Logger } from '../lib/logger';
import { recordEmail } from './notifications.repository';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends email and records it in the outbox; with no SMTP server the outbox is the delivery. */
export interface Mailer {
  send(message: EmailMessage): Promise<void>;
}

export function createMailer(deps: { db: Db; smtpUrl?: string; from: string; logger: Logger }): Mailer {
  const transport: Transporter | undefined = deps.smtpUrl ? nodemailer.createTransport(deps.smtpUrl) : undefined;
  return {
    async send(message) {
      if (!transport) {
        await recordEmail(deps.db, { ...message, status: 'kept' });
        return;
      }
      try {
        await transport.sendMail({ from: deps.from, to: message.to, subject: message.subject, text: message.text });
        await recordEmail(deps.db, { ...message, status: 'sent' });
      } catch (err) {
        // A mail failure must never undo what the user did; it is recorded for admins instead.
        deps.logger.error('email failed', { to: message.to, subject: message.subject, error: String(err) });
        await recordEmail(deps.db, { ...message, status: 'failed', error: String(err) });
      }
    },
  };
}
