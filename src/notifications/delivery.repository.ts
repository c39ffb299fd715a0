import type { Db } from '../db';

export interface QueuedEmail {
  id: number;
  to_address: string;
  subject: string;
  body_text: string;
  unsubscribe_url: string | null;
  reply_to: string | null;
  attempts: number;
}

/**
 * Claims up to `limit` queued emails that are due, counting the attempt and holding them until
 * `claimUntil` (so another sender, in this process or another instance, skips them; if this one
 * stops mid-send they are due again after that).
 */
export async function claimDueEmails(db: Db, now: Date, claimUntil: Date, limit: number): Promise<QueuedEmail[]> {
  const { rows } = (await db.raw(
    `update outbox_emails set attempts = attempts + 1, next_attempt_at = ?
     where id in (
       select id from outbox_emails
       where status = 'queued' and next_attempt_at <= ?
       order by next_attempt_at, id
       limit ?
       for update skip locked)
     returning id, to_address, subject, body_text, unsubscribe_url, reply_to, attempts`,
    [claimUntil, now, limit],
  )) as { rows: QueuedEmail[] };
  return rows.sort((a, b) => a.id - b.id);
}

/** Sent: the outbox's copy loses its private links from here on. */
export async function markSent(db: Db, id: number, now: Date): Promise<void> {
  await db('outbox_emails')
    .where({ id, status: 'queued' })
    .update({ status: 'sent', sent_at: now, next_attempt_at: null, error: null, body_text: db.raw('coalesce(body_after_sending, body_text)'), body_after_sending: null });
}

export async function markRetry(db: Db, id: number, error: string, nextAttemptAt: Date): Promise<void> {
  await db('outbox_emails').where({ id, status: 'queued' }).update({ error, next_attempt_at: nextAttemptAt });
}

export async function markFailed(db: Db, id: number, error: string): Promise<void> {
  await db('outbox_emails').where({ id, status: 'queued' }).update({ status: 'failed', error, next_attempt_at: null });
}

/** Puts a failed email back in the queue, due now, with its tries counted afresh. */
export async function queueAgain(db: Db, id: number, now: Date): Promise<boolean> {
  const changed = await db('outbox_emails').where({ id, status: 'failed' }).update({ status: 'queued', attempts: 0, next_attempt_at: now }).returning('id');
  return changed.length > 0;
}
