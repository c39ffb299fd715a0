import type { Db } from '../db';
import type { EmailMessage } from '../notifications';
import { insertPasswordReset } from './auth.repository';
import { NO_PASSWORD_YET } from './passwords';
import { hashToken, newLinkToken } from './tokens';

/** How long the link to choose a first password works. */
export const INVITATION_DAYS = 14;

export interface InvitedAccount {
  id: number;
  name: string;
  email: string;
  /** The link's token, for the email only: the database keeps its hash. */
  token: string;
}

/**
 * Learner accounts an admin makes for people who have none (in the caller's transaction), each
 * with a single-use link to choose a password, through the password-reset page.
 */
export async function createInvitedAccounts(db: Db, people: { name: string; email: string }[], now: Date): Promise<InvitedAccount[]> {
  const made: InvitedAccount[] = [];
  for (const person of people) {
    const [row] = await db('users').insert({ name: person.name, email: person.email.toLowerCase(), password_hash: NO_PASSWORD_YET, role: 'learner' }).returning(['id', 'name', 'email']);
    const token = newLinkToken();
    await insertPasswordReset(db, { userId: row.id, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000) });
    made.push({ id: row.id, name: row.name, email: row.email, token });
  }
  return made;
}

export function invitationEmail(account: InvitedAccount, courseTitle: string, baseUrl: string): EmailMessage {
  const link = `${baseUrl}/reset-password/${account.token}`;
  return {
    to: account.email,
    subject: `An account has been made for you: ${courseTitle}`,
    secrets: [link],
    text: [
      `Hello ${account.name},`,
      '',
      `An account on Kindred has been made for you with this address, so that you can take ${courseTitle}.`,
      `To choose your password, open this link within ${INVITATION_DAYS} days:`,
      '',
      link,
      '',
      `The link works once. If it has expired, ask for a new one at ${baseUrl}/forgot-password with this address.`,
    ].join('\n'),
  };
}
