import { ConflictError } from '../lib/errors';
import { formatInZone } from '../lib/dates';
import type { SessionRow } from './access';

/**
 * The notice staff see on every page of a cancelled session: when it was cancelled and what still
 * works. Its learners no longer reach these pages (their enrolments were cancelled with it).
 */
export function cancellationNotice(session: SessionRow): string | undefined {
  if (session.status !== 'cancelled') return undefined;
  const when = session.cancelled_at ? ` on ${formatInZone(session.cancelled_at, session.time_zone, 'cccc d LLLL yyyy')}` : '';
  return `This session was cancelled${when}. You can still read everything here and hide or remove posts, but nothing else can be added or changed, and nobody is emailed.`;
}

/** A cancelled session is kept as it was: nothing opens early, nothing is posted, no setting changes. */
export function refuseIfCancelled(session: Pick<SessionRow, 'status'>, whatIsRefused: string): void {
  if (session.status === 'cancelled') throw new ConflictError(cancelledRefusal(whatIsRefused));
}

/** What a refusal in a cancelled session says, for a page that says it without throwing. */
export function cancelledRefusal(whatIsRefused: string): string {
  return `This session was cancelled, so ${whatIsRefused}. Nothing was changed.`;
}
