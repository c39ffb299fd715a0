import type { Knex } from 'knex';
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
  /**
   * `within`: the caller's open transaction, so the email is written to the outbox only if that
   * transaction commits (a claim made in it and the email stand or fall together).
   */
  send(message: EmailMessage, within?: Db): Promise<void>;
  delivery?: EmailDelivery;
}

/** Calls `then` once the transaction commits (at once outside one); nothing if it rolls back. */
function afterCommit(db: Db | undefined, then: () => void): void {
  if (db && db.isTransaction) void (db as Knex.Transaction).executionPromise.then(then, () => undefined);
  else then();
}

export function createMailer(deps: { db: Db; smtpUrl?: string; from: string; logger: Logger }): Mailer {
  if (!deps.smtpUrl) {
    return {
      async send(message, within) {
        await recordEmail(within ?? deps.db, { ...message, status: 'kept' });
      },
    };
  }
  // Short timeouts: a mail server that does not answer is tried again later rather than waited on.
  const transport = nodemailer.createTransport({ url: deps.smtpUrl, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 });
  const delivery = createEmailDelivery({ db: deps.db, transport, from: deps.from, logger: deps.logger });
  return {
    async send(message, within) {
      const afterSending = message.secrets?.length ? message.secrets.reduce((text, secret) => text.split(secret).join(SECRET_REMOVED), message.text) : undefined;
      await recordEmail(within ?? deps.db, { ...message, status: 'queued', nextAttemptAt: new Date(), afterSending });
      // Woken before the commit, the sender would not see the email yet.
      afterCommit(within, () => delivery.wake());
    },
    delivery,
  };
}
