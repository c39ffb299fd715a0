import { utcText } from '../lib/dates';
import { countOf } from '../lib/wording';
import { MAX_ATTEMPTS } from './delivery';
import type { OutboxEmail } from './notifications.repository';

export const STATUS_FILTERS: { value: OutboxEmail['status']; label: string }[] = [
  { value: 'failed', label: 'Not sent' },
  { value: 'queued', label: 'Waiting to send' },
  { value: 'sent', label: 'Sent' },
  { value: 'kept', label: 'Kept here' },
];

/** The email's state in words an admin can act on. */
export function statusText(email: Pick<OutboxEmail, 'status' | 'attempts' | 'next_attempt_at' | 'sent_at'>): string {
  switch (email.status) {
    case 'kept':
      return 'Kept here (no mail server is set up)';
    case 'sent':
      return email.sent_at ? `Sent ${utcText(email.sent_at)}` : 'Sent';
    case 'failed':
      return `Not sent: ${countOf(email.attempts, 'try', 'tries')} failed`;
    case 'queued':
      if (email.attempts === 0 || !email.next_attempt_at) return 'Waiting to send';
      return `Trying again ${utcText(email.next_attempt_at)} (${email.attempts} of ${MAX_ATTEMPTS} tries failed)`;
  }
}

export function presentEmail(email: OutboxEmail) {
  return { ...email, writtenText: utcText(email.created_at), statusText: statusText(email) };
}
