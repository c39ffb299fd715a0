import type { Db } from '../db';

export interface OutboxEmail {
  id: number;
  to_address: string;
  subject: string;
  body_text: string;
  /** Whom a reply reaches (comma-separated), when not the site itself: the person who wrote it, or whom a reminder names for help. */
  reply_to: string | null;
  status: 'kept' | 'queued' | 'sent' | 'failed';
  error: string | null;
  attempts: number;
  next_attempt_at: Date | null;
  sent_at: Date | null;
  created_at: Date;
}

export const OUTBOX_STATUSES = ['kept', 'queued', 'sent', 'failed'] as const;

export async function recordEmail(
  db: Db,
  email: { to: string; subject: string; text: string; status: 'kept' | 'queued'; nextAttemptAt?: Date; afterSending?: string; unsubscribeUrl?: string; replyTo?: string },
): Promise<void> {
  await db('outbox_emails').insert({
    to_address: email.to,
    subject: email.subject.slice(0, 300),
    body_text: email.text,
    status: email.status,
    next_attempt_at: email.nextAttemptAt ?? null,
    body_after_sending: email.afterSending ?? null,
    unsubscribe_url: email.unsubscribeUrl ?? null,
    reply_to: email.replyTo ?? null,
  });
}

export async function listOutbox(db: Db, opts: { before?: number; limit: number; to?: string; status?: OutboxEmail['status'] }): Promise<OutboxEmail[]> {
  const q = db<OutboxEmail>('outbox_emails').orderBy('id', 'desc').limit(opts.limit);
  if (opts.before) q.where('id', '<', opts.before);
  if (opts.to) q.where('to_address', opts.to.toLowerCase());
  if (opts.status) q.where('status', opts.status);
  return q;
}

export async function findOutboxEmail(db: Db, id: number): Promise<OutboxEmail | undefined> {
  return db<OutboxEmail>('outbox_emails').where({ id }).first();
}

export interface EmailTrouble {
  /** Gave up after every try. */
  failed: number;
  /** Still queued more than an hour after being written: the mail server may be down. */
  stuck: number;
}

/** What the admin should hear about the outbox, in one query. */
export async function emailTrouble(db: Db, now = new Date()): Promise<EmailTrouble> {
  const row = (await db('outbox_emails')
    .whereIn('status', ['failed', 'queued'])
    .select(
      db.raw(`count(*) filter (where status = 'failed')::int as failed`),
      db.raw(`count(*) filter (where status = 'queued' and created_at < ?)::int as stuck`, [new Date(now.getTime() - 3_600_000)]),
    )
    .first()) as { failed: number; stuck: number } | undefined;
  return { failed: row?.failed ?? 0, stuck: row?.stuck ?? 0 };
}
