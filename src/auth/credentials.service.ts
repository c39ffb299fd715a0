import { ValidationError } from '../lib/errors';
import { deleteSessionsOfUser, endPasswordLinks, findPasswordHash, updatePasswordHash } from './auth.repository';
import type { AuthDeps } from './auth.service';
import type { CurrentUser } from './auth.types';
import {
  consumeEmailChange,
  endPendingEmailChanges,
  findUsableEmailChange,
  insertEmailChange,
  isEmailTaken,
  setEmail,
  type EmailChangeRow,
} from './credentials.repository';
import { hashPassword, verifyPassword } from './passwords';
import { hashToken, newLinkToken } from './tokens';

/** How long the link that confirms a new email address works. */
export const EMAIL_LINK_HOURS = 24;

/**
 * Changes a logged-in user's password after checking the current one. Every other login of the
 * account ends (this one stays), reset links not used yet and an email change still waiting for
 * confirmation are voided, and the account's address is told, so a change the owner did not make
 * does not go unnoticed.
 */
export async function changePassword(deps: AuthDeps, user: CurrentUser, keepSid: string, input: { current: string; password: string }, now = new Date()): Promise<void> {
  if (!(await verifyPassword(await findPasswordHash(deps.db, user.id), input.current))) {
    throw new ValidationError('Wrong current password', { current: 'That is not your current password. Your password has not been changed.' });
  }
  if (input.current === input.password) {
    throw new ValidationError('Same password', { password: 'That is the password you have now. Please choose a different one.' });
  }
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction(async (trx) => {
    await updatePasswordHash(trx, user.id, passwordHash);
    await endPasswordLinks(trx, user.id, now);
    await endPendingEmailChanges(trx, user.id, now);
    await deleteSessionsOfUser(trx, user.id, keepSid);
  });
  deps.realtime?.endSockets([user.id]);
  await deps.mailer.send({
    to: user.email,
    subject: 'Your Kindred password was changed',
    text: [
      `Hello ${user.name},`,
      '',
      'The password of your Kindred account was just changed, and every other device where you were logged in has been logged out.',
      '',
      'If you changed it, there is nothing more to do.',
      `If you did not, please choose a new password at once: ${deps.baseUrl}/forgot-password`,
    ].join('\n'),
  });
}

/**
 * Asks to move the account to a new address: checked with the password, done only once the new
 * address confirms through a single-use link. The current address is told at once, so someone who
 * learnt the password cannot quietly take the account over; a newer request voids an older one.
 */
export async function requestEmailChange(deps: AuthDeps, user: CurrentUser, input: { email: string; password: string }, now = new Date()): Promise<void> {
  if (!(await verifyPassword(await findPasswordHash(deps.db, user.id), input.password))) {
    throw new ValidationError('Wrong password', { password: 'That password is not right. Your email has not been changed.' });
  }
  if (input.email === user.email) throw new ValidationError('Same email', { email: 'That is already your email address.' });
  if (await isEmailTaken(deps.db, input.email, user.id)) {
    throw new ValidationError('Email taken', { email: 'Another account uses this email address. Please use a different one.' });
  }
  const token = newLinkToken();
  await deps.db.transaction(async (trx) => {
    await endPendingEmailChanges(trx, user.id, now);
    await insertEmailChange(trx, {
      userId: user.id,
      oldEmail: user.email,
      newEmail: input.email,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + EMAIL_LINK_HOURS * 3_600_000),
    });
  });
  const link = `${deps.baseUrl}/account/email/confirm/${token}`;
  await deps.mailer.send({
    to: input.email,
    subject: 'Confirm your new email address for Kindred',
    secrets: [link],
    text: [
      `Hello ${user.name},`,
      '',
      `You asked to use this address (${input.email}) for your Kindred account instead of ${user.email}.`,
      `To confirm it, open this link within ${EMAIL_LINK_HOURS} hours:`,
      '',
      link,
      '',
      'Until then your account keeps its old address. If you did not ask for this, you can ignore this email.',
    ].join('\n'),
  });
  await deps.mailer.send({
    to: user.email,
    subject: 'A change of email address was asked for your Kindred account',
    text: [
      `Hello ${user.name},`,
      '',
      `Someone logged in to your Kindred account asked to change its email address to ${input.email}.`,
      'Nothing changes until that address confirms it.',
      '',
      'If this was you, there is nothing more to do here.',
      `If it was not, please choose a new password at once, which also stops the change: ${deps.baseUrl}/forgot-password`,
    ].join('\n'),
  });
}

/** The change a confirmation link stands for, while it can still be used. */
export function usableEmailChange(deps: Pick<AuthDeps, 'db'>, token: string, now = new Date()): Promise<EmailChangeRow | undefined> {
  return findUsableEmailChange(deps.db, hashToken(token), now);
}

/** Confirms a new address through its link (once); the account then logs in with the new address. */
export async function confirmEmailChange(deps: Pick<AuthDeps, 'db'>, token: string, now = new Date()): Promise<EmailChangeRow> {
  return deps.db.transaction(async (trx) => {
    const change = await consumeEmailChange(trx, hashToken(token), now);
    const outcome = change ? await setEmail(trx, change.user_id, change.old_email, change.new_email) : 'moved-on';
    if (!change || outcome === 'moved-on') {
      throw new ValidationError('Link used', { _form: 'This link has expired or was already used. You can ask for a new one on your account page.' });
    }
    if (outcome === 'taken') {
      throw new ValidationError('Email taken', {
        _form: `Another account started using ${change.new_email} in the meantime, so your account keeps ${change.old_email}.`,
      });
    }
    return change;
  });
}
