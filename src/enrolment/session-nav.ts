import { formatInZone } from '../lib/dates';
import type { SessionAccess, SessionRow } from './access';

export type SessionNavItem = 'overview' | 'week' | 'discussion' | 'toolkit' | 'feedback' | 'progress' | 'moderation' | 'certificate';

/**
 * The notice staff see on every page of a cancelled session: when it was cancelled and what still
 * works. Its learners no longer reach these pages (their enrolments were cancelled with it).
 */
export function cancellationNotice(session: SessionRow): string | undefined {
  if (session.status !== 'cancelled') return undefined;
  const when = session.cancelled_at ? ` on ${formatInZone(session.cancelled_at, session.time_zone, 'cccc d LLLL yyyy')}` : '';
  return `This session was cancelled${when}. You can still read everything here and hide or remove posts, but nothing else can be added or changed, and nobody is emailed.`;
}

/** The locals views/partials/session-nav.ejs needs. */
export function sessionNav(access: SessionAccess, courseTitle: string, current: SessionNavItem) {
  return { id: access.session.id, title: access.session.title, courseTitle, as: access.as, current, cancelledNotice: cancellationNotice(access.session) };
}
