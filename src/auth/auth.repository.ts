import type { Db } from '../db';
import { NO_PASSWORD_YET } from './passwords';
import type { CurrentUser, Role, UserRow } from './auth.types';

const publicColumns = ['id', 'name', 'email', 'role'];

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').where({ email: email.toLowerCase() }).first();
}

export async function findActiveUser(db: Db, id: number): Promise<CurrentUser | undefined> {
  return db('users').select(publicColumns).where({ id, active: true }).first() as Promise<CurrentUser | undefined>;
}

/** Inserts a user; returns undefined when the email is already taken (unique index). */
export async function insertUser(
  db: Db,
  user: { name: string; email: string; passwordHash: string; role?: Role },
): Promise<CurrentUser | undefined> {
  const rows = await db('users')
    .insert({ name: user.name, email: user.email.toLowerCase(), password_hash: user.passwordHash, role: user.role ?? 'learner' })
    .onConflict('email')
    .ignore()
    .returning(publicColumns);
  return rows[0];
}

export async function updatePasswordHash(db: Db, userId: number, passwordHash: string): Promise<void> {
  await db('users').where({ id: userId }).update({ password_hash: passwordHash, updated_at: db.fn.now() });
}

export async function insertPasswordReset(db: Db, reset: { userId: number; tokenHash: string; expiresAt: Date }): Promise<void> {
  await db('password_resets').insert({ user_id: reset.userId, token_hash: reset.tokenHash, expires_at: reset.expiresAt });
}

/** Ends a user's password links not used yet (an invitation's or a reset's), so none of them works any more. */
export async function endPasswordLinks(db: Db, userId: number, now: Date): Promise<void> {
  await db('password_resets').where({ user_id: userId }).whereNull('used_at').update({ used_at: now });
}

/** Marks an unused, unexpired reset as used and returns its user, in one statement so it works once. */
export async function consumePasswordReset(db: Db, tokenHash: string, now: Date): Promise<number | undefined> {
  const rows = await db('password_resets')
    .where({ token_hash: tokenHash })
    .whereNull('used_at')
    .where('expires_at', '>', now)
    .update({ used_at: now })
    .returning('user_id');
  return rows[0]?.user_id;
}

/** An unused, unexpired link, with whether its account is still waiting for its first password. */
export async function findUsableReset(db: Db, tokenHash: string, now: Date): Promise<{ user_id: number; name: string; first_password: boolean } | undefined> {
  return db('password_resets as r')
    .join('users as u', 'u.id', 'r.user_id')
    .select('r.user_id', 'u.name', db.raw('(u.password_hash = ?) as first_password', [NO_PASSWORD_YET]))
    .where({ 'r.token_hash': tokenHash })
    .whereNull('r.used_at')
    .where('r.expires_at', '>', now)
    .first();
}

/** Ends every login session of a user (after a password reset or deactivation), or every one but `exceptSid` (after they change their own password). */
export async function deleteSessionsOfUser(db: Db, userId: number, exceptSid?: string): Promise<void> {
  const sessions = db('http_sessions').whereRaw(`(sess::jsonb -> 'passport' ->> 'user') = ?`, [String(userId)]);
  if (exceptSid) sessions.whereNot({ sid: exceptSid });
  await sessions.delete();
}

export async function findPasswordHash(db: Db, userId: number): Promise<string> {
  const row = await db('users').where({ id: userId }).first('password_hash');
  return row.password_hash;
}
