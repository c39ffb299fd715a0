import type { Db } from '../db';
import type { Realtime } from '../lib/realtime';
import { ValidationError } from '../lib/errors';
import type { Mailer } from '../notifications';
import {
  consumePasswordReset,
  deleteSessionsOfUser,
  endPasswordLinks,
  findActiveUser,
  findUsableReset,
  findUserByEmail,
  insertPasswordReset,
  insertUser,
  updatePasswordHash,
} from './auth.repository';
import type { RegisterInput } from './auth.schemas';
import { endPendingEmailChanges } from './credentials.repository';
import type { CurrentUser } from './auth.types';
import { hashPassword, spendVerifyTime, verifyPassword } from './passwords';
import { hashToken, newLinkToken } from './tokens';

export const RESET_LINK_MINUTES = 60;

export interface AuthDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  /** Live connections, ended when a login ends. */
  realtime?: Realtime;
}

/** Creates a learner account; an email already in use is refused next to the email field. */
export async function registerUser(deps: AuthDeps, input: RegisterInput): Promise<CurrentUser> {
  const passwordHash = await hashPassword(input.password);
  const user = await insertUser(deps.db, { name: input.name, email: input.email, passwordHash });
  if (!user) {
    throw new ValidationError('That email is already registered.', {
      email: 'An account with this email already exists. Log in, or reset your password if you have forgotten it.',
    });
  }
  return user;
}

/** Checks an email and password; deactivated accounts cannot log in. */
export async function verifyLogin(deps: Pick<AuthDeps, 'db'>, email: string, password: string): Promise<CurrentUser | undefined> {
  const user = await findUserByEmail(deps.db, email);
  if (!user) {
    await spendVerifyTime(password);
    return undefined;
  }
  if (!(await verifyPassword(user.password_hash, password)) || !user.active) return undefined;
  return { id: user.id, name: user.name, email: user.email, role: user.role };
}

export function loadUser(deps: Pick<AuthDeps, 'db'>, id: number): Promise<CurrentUser | undefined> {
  return findActiveUser(deps.db, id);
}

/** Emails a single-use reset link that expires; says nothing about whether the email exists. */
export async function requestPasswordReset(deps: AuthDeps, email: string, now = new Date()): Promise<void> {
  const user = await findUserByEmail(deps.db, email);
  if (!user || !user.active) return;
  const token = newLinkToken();
  await insertPasswordReset(deps.db, {
    userId: user.id,
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000),
  });
  const link = `${deps.baseUrl}/reset-password/${token}`;
  await deps.mailer.send({
    to: user.email,
    subject: 'Reset your Kindred password',
    secrets: [link],
    text: [
      `Hello ${user.name},`,
      '',
      'Someone (we hope you) asked to reset the password for your Kindred account.',
      `To choose a new password, open this link within ${RESET_LINK_MINUTES} minutes:`,
      '',
      link,
      '',
      'The link works once. If you did not ask for this, you can ignore this email; your password stays as it is.',
    ].join('\n'),
  });
}

/** What a password link opens: nothing (expired or used), a reset, or an invited account's first password. */
export async function passwordLinkFor(deps: Pick<AuthDeps, 'db'>, token: string, now = new Date()): Promise<{ firstPassword: boolean; name: string } | undefined> {
  const link = await findUsableReset(deps.db, hashToken(token), now);
  return link ? { firstPassword: link.first_password, name: link.name } : undefined;
}

/**
 * Sets a new password through a reset link; that link and every other one the account was sent stop
 * working, other logins end and a pending email change is void.
 */
export async function resetPassword(deps: Pick<AuthDeps, 'db' | 'realtime'>, token: string, password: string, now = new Date()): Promise<void> {
  const passwordHash = await hashPassword(password);
  const userId = await deps.db.transaction(async (trx) => {
    const owner = await consumePasswordReset(trx, hashToken(token), now);
    if (!owner) return undefined;
    await updatePasswordHash(trx, owner, passwordHash);
    // An older email's link (asked for twice, on a shared computer) must not set it again.
    await endPasswordLinks(trx, owner, now);
    await deleteSessionsOfUser(trx, owner);
    // Someone who knew the old password may have asked to move the account to their own address.
    await endPendingEmailChanges(trx, owner, now);
    return owner;
  });
  if (!userId) {
    throw new ValidationError('This reset link has expired or was already used.', {
      _form: 'This reset link has expired or was already used. Please ask for a new one.',
    });
  }
  deps.realtime?.endSockets([userId]);
}
