import { teachesSession, type SessionAccess } from './access';
import { cancellationNotice } from './cancellation';

export type SessionNavItem = 'overview' | 'week' | 'discussion' | 'toolkit' | 'reflections' | 'feedback' | 'progress' | 'moderation' | 'certificate';

/** The locals views/partials/session-nav.ejs needs; `teaches` leads to the feedback queue (an admin who does not teach has none). */
export function sessionNav(access: SessionAccess, courseTitle: string, current: SessionNavItem) {
  return {
    id: access.session.id,
    title: access.session.title,
    courseTitle,
    as: access.as,
    teaches: teachesSession(access),
    current,
    cancelledNotice: cancellationNotice(access.session),
  };
}
