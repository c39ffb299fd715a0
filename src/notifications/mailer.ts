import nodemailer from 'nodemailer';
import type { Db } from '../db';
import type { Logger } from '../lib/logger';
import { createEmailDelivery, type EmailDelivery } from './delivery';
import { recordEmail } from './notifications.repository';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Parts of the text (links carrying a token) that the outbox does not keep once the email is sent. */
  secrets?: string[];
  /** The recipient's unsubscribe link, for a notification they can turn off: mail clients offer it as a button (List-Unsubscribe). */
  unsubscribeUrl?: string;
  /** Whom answering reaches instead of the site: who wrote it, or whom it names for help (addresses, comma-separated). */
  replyTo?: string;
}

export const SECRET_REMOVED = '[a private link, not kept once the email was sent]';

/**
 * Writes email to the outbox. Without an SMTP server the outbox is the delivery ('kept', for admins
 * to read); with one, the email is queued there and `delivery` sends it in the background, so
 * neither a slow mail server nor one that is down holds up or undoes what the user did. Once sent,
 * its private links are taken out of the outbox's copy (tokens are only ever stored hashed).
 */
export interface Mailer {
  send(message: EmailMessage): Promise<void>;
  delivery?: EmailDelivery;
}

export function createMailer(deps: { db: Db; smtpUrl?: string; from: string; logger: Logger }): Mailer {
  if (!deps.smtpUrl) {
    return {
      async send(message) {
        await recordEmail(deps.db, { ...message, status: 'kept' });
      },
    };
  }
  // Short timeouts: a mail server that does not answer is tried again later rather than waited on.
  const transport = nodemailer.createTransport({ url: deps.smtpUrl, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 });
  const delivery = createEmailDelivery({ db: deps.db, transport, from: deps.from, logger: deps.logger });
  return {
    async send(message) {
      const afterSending = message.secrets?.length ? message.secrets.reduce((text, secret) => text.split(secret).join(SECRET_REMOVED), message.text) : undefined;
      await recordEmail(deps.db, { ...message, status: 'queued', nextAttemptAt: new Date(), afterSending });
      delivery.wake();
    },
    delivery,
  };
}
