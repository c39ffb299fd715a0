import type { Db } from '../db';
import { isUniqueViolation } from '../db/errors';

export interface EmailChangeRow {
  id: number;
  user_id: number;
  old_email: string;
  new_email: string;
  expires_at: Date;
  created_at: Date;
}

/** Voids a user's email changes that wait for confirmation (a newer request, a new password). */
export async function endPendingEmailChanges(db: Db, userId: number, now: Date): Promise<void> {
  await db('email_changes').where({ user_id: userId }).whereNull('ended_at').update({ ended_at: now });
}

export async function insertEmailChange(db: Db, change: { userId: number; oldEmail: string; newEmail: string; tokenHash: string; expiresAt: Date }): Promise<void> {
  await db('email_changes').insert({
    user_id: change.userId,
    old_email: change.oldEmail,
    new_email: change.newEmail,
    token_hash: change.tokenHash,
    expires_at: change.expiresAt,
  });
}

/** Changes still waiting for their link: not used, replaced or voided, and not expired. */
const waitingChanges = (db: Db, now: Date) => db('email_changes').whereNull('ended_at').where('expires_at', '>', now);

export function findUsableEmailChange(db: Db, tokenHash: string, now: Date): Promise<EmailChangeRow | undefined> {
  return waitingChanges(db, now).where({ token_hash: tokenHash }).first();
}

/** The change that waits for the new address to confirm it, if any. */
export function pendingEmailChange(db: Db, userId: number, now: Date): Promise<EmailChangeRow | undefined> {
  return waitingChanges(db, now).where({ user_id: userId }).orderBy('id', 'desc').first();
}

/** Marks an usable change as confirmed, in one statement so a link works once; returns it. */
export async function consumeEmailChange(db: Db, tokenHash: string, now: Date): Promise<EmailChangeRow | undefined> {
  const rows = await waitingChanges(db, now)
    .where({ token_hash: tokenHash })
    .update({ ended_at: now, confirmed: true })
    .returning(['id', 'user_id', 'old_email', 'new_email', 'expires_at', 'created_at']);
  return rows[0] as EmailChangeRow | undefined;
}

/**
 * Moves the account to its new address if it still has the old one. Run inside a transaction: the
 * update runs in a savepoint, so an address another account took meanwhile (the unique index)
 * is an answer, not an aborted transaction.
 */
export async function setEmail(trx: Db, userId: number, oldEmail: string, newEmail: string): Promise<'changed' | 'moved-on' | 'taken'> {
  try {
    const updated = await trx.transaction((savepoint) =>
      savepoint('users').where({ id: userId, email: oldEmail }).update({ email: newEmail, updated_at: savepoint.fn.now() }),
    );
    return updated ? 'changed' : 'moved-on';
  } catch (err) {
    if (isUniqueViolation(err)) return 'taken';
    throw err;
  }
}

export function isEmailTaken(db: Db, email: string, exceptUserId: number): Promise<boolean> {
  return db('users').where({ email }).whereNot({ id: exceptUserId }).first('id').then(Boolean);
}
