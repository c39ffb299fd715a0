import { cancellationNotice, type SessionRow } from '../enrolment';
import { ConflictError } from '../lib/errors';

export { cancellationNotice };

/** A cancelled session is kept to read: no week opens early, nothing is posted, no setting changes. */
export function refuseIfCancelled(session: SessionRow, whatIsRefused: string): void {
  if (session.status === 'cancelled') {
    throw new ConflictError(`This session was cancelled, so ${whatIsRefused}. Nothing was changed.`);
  }
}
