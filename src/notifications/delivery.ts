import type { SendMailOptions, Transporter } from 'nodemailer';
import type { Db } from '../db';
import type { Logger } from '../lib/logger';
import { claimDueEmails, markFailed, markRetry, markSent, queueAgain, type QueuedEmail } from './delivery.repository';

/** Minutes to wait before each try after a failed one: six tries over about five hours. */
export const RETRY_DELAYS_MINUTES = [1, 5, 15, 60, 240];
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1;
// A claim covers a whole batch, each send bounded by the transport's timeouts (see createMailer:
// at worst about 100 s), so a claim held by a sender still working never lapses into a second send.
const BATCH = 5;
const CLAIM_MS = 15 * 60_000;
const POLL_MS = 30_000;

export interface DeliveryResult {
  sent: number;
  retrying: number;
  failed: number;
}

/** Delivers the outbox's queued emails through SMTP, away from the requests that wrote them. */
export interface EmailDelivery {
  /** Sends everything due at `now`, batch by batch, until nothing due is left. */
  deliverDue(now?: Date): Promise<DeliveryResult>;
  /** Starts a delivery soon, without waiting for it (after an email is queued). */
  wake(): void;
  /** Puts a failed email back in the queue and wakes the sender; false if it had not failed. */
  sendAgain(id: number): Promise<boolean>;
  /** Resolves once no delivery is running (for an orderly stop, and for tests). */
  settled(): Promise<void>;
  /** Stops the timer and waits for a delivery in progress; what is left waits in the queue. */
  stop(): Promise<void>;
}

/**
 * A notification's unsubscribe link as headers: List-Unsubscribe (RFC 2369) puts an "Unsubscribe"
 * button in mail clients, and List-Unsubscribe-Post (RFC 8058) lets them unsubscribe with one POST
 * to the link, which /unsubscribe/:token takes without login or form token. Large mailbox providers
 * ask bulk senders for both.
 */
export function unsubscribeHeaders(url: string | null | undefined): Pick<SendMailOptions, 'list' | 'headers'> {
  if (!url) return {};
  return { list: { unsubscribe: url }, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } };
}

export function createEmailDelivery(deps: { db: Db; transport: Transporter; from: string; logger: Logger }): EmailDelivery {
  let running: Promise<unknown> | undefined;
  let wokenWhileRunning = false;
  let stopped = false;

  async function sendOne(email: QueuedEmail, now: Date, result: DeliveryResult): Promise<void> {
    let error: string | undefined;
    try {
      await deps.transport.sendMail({ from: deps.from, to: email.to_address, subject: email.subject, text: email.body_text, replyTo: email.reply_to ?? undefined, ...unsubscribeHeaders(email.unsubscribe_url) });
    } catch (err) {
      error = String(err);
    }
    if (error === undefined) {
      await markSent(deps.db, email.id, new Date());
      result.sent++;
    } else if (email.attempts >= MAX_ATTEMPTS) {
      deps.logger.error('email failed for good', { id: email.id, to: email.to_address, subject: email.subject, attempts: email.attempts, error });
      await markFailed(deps.db, email.id, error);
      result.failed++;
    } else {
      deps.logger.warn('email failed; will try again', { id: email.id, to: email.to_address, attempts: email.attempts, error });
      await markRetry(deps.db, email.id, error, new Date(now.getTime() + RETRY_DELAYS_MINUTES[email.attempts - 1] * 60_000));
      result.retrying++;
    }
  }

  async function deliverDue(now = new Date()): Promise<DeliveryResult> {
    const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 };
    for (;;) {
      const batch = await claimDueEmails(deps.db, now, new Date(now.getTime() + CLAIM_MS), BATCH);
      for (const email of batch) await sendOne(email, now, result);
      if (batch.length < BATCH || stopped) return result;
    }
  }

  function wake(): void {
    if (stopped) return;
    if (running) {
      wokenWhileRunning = true;
      return;
    }
    running = (async () => {
      do {
        wokenWhileRunning = false;
        try {
          await deliverDue();
        } catch (err) {
          deps.logger.error('email delivery failed', { error: String(err) });
        }
      } while (wokenWhileRunning && !stopped);
    })().finally(() => {
      running = undefined;
    });
  }

  const timer = setInterval(wake, POLL_MS);
  timer.unref();
  wake(); // what an earlier run left in the queue

  return {
    deliverDue,
    wake,
    async sendAgain(id) {
      const queued = await queueAgain(deps.db, id, new Date());
      if (queued) wake();
      return queued;
    },
    async settled() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
