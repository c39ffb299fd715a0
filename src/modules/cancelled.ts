import type { SessionRow } from '../enrolment';
import { ConflictError } from '../lib/errors';
import { localDay } from './progress';

/** Every session query selects s.*, so the row carries when it was cancelled (its type leaves it out). */
type SessionWithCancellation = SessionRow & { cancelled_at?: Date | null };

/**
 * The notice staff see on a cancelled session's pages: when it was cancelled and what still works.
 * Its learners no longer reach these pages (their enrolments were cancelled with it).
 */
export function cancellationNotice(session: SessionWithCancellation): string | undefined {
  if (session.status !== 'cancelled') return undefined;
  const when = session.cancelled_at ? ` on ${localDay(session.cancelled_at, session.time_zone)}` : '';
  return `This session was cancelled${when}. You can still read everything here, but nothing can be added or changed, and nobody is emailed.`;
}

/** A cancelled session is kept to read: no week opens early, nothing is posted, no setting changes. */
export function refuseIfCancelled(session: SessionRow, whatIsRefused: string): void {
  if (session.status === 'cancelled') {
    throw new ConflictError(`This session was cancelled, so ${whatIsRefused}. Nothing was changed.`);
  }
}
