import type { Db } from '../db';

export interface OutboxEmail {
  id: number;
  to_address: string;
  subject: string;
  body_text: string;
  status: 'kept' | 'sent' | 'failed';
  error: string | null;
  created_at: Date;
}

export async function recordEmail(
  db: Db,
  email: { to: string; subject: string; text: string; status: OutboxEmail['status']; error?: string },
): Promise<void> {
  await db('outbox_emails').insert({
    to_address: email.to,
    subject: email.subject.slice(0, 300),
    body_text: email.text,
    status: email.status,
    error: email.error ?? null,
  });
}

export async function listOutbox(db: Db, opts: { before?: number; limit: number; to?: string }): Promise<OutboxEmail[]> {
  const q = db<OutboxEmail>('outbox_emails').orderBy('id', 'desc').limit(opts.limit);
  if (opts.before) q.where('id', '<', opts.before);
  if (opts.to) q.where('to_address', opts.to.toLowerCase());
  return q;
}

export async function findOutboxEmail(db: Db, id: number): Promise<OutboxEmail | undefined> {
  return db<OutboxEmail>('outbox_emails').where({ id }).first();
}
