import type { CurrentUser } from '../auth';
import type { Db } from '../db';
import { formatInZone } from '../lib/dates';

interface CancelledPlaceRow {
  title: string;
  time_zone: string;
  cancelled_at: Date | null;
  cancellation_message: string | null;
  course_title: string;
  course_slug: string;
}

/**
 * What a learner sees at the overview of a session that was cancelled with their place in it,
 * instead of "page not found": that it will not run, why, and that their work is kept.
 * Undefined for anyone who held no place there.
 */
export async function cancelledPlaceView(db: Db, user: CurrentUser | undefined, sessionId: number) {
  if (!user) return undefined;
  const row: CancelledPlaceRow | undefined = await db('enrolments as e')
    .join('course_sessions as s', 's.id', 'e.course_session_id')
    .join('courses as c', 'c.id', 's.course_id')
    .where({ 'e.user_id': user.id, 'e.course_session_id': sessionId, 'e.status': 'cancelled', 's.status': 'cancelled' })
    .first('s.title', 's.time_zone', 's.cancelled_at', 's.cancellation_message', 'c.title as course_title', 'c.slug as course_slug');
  if (!row) return undefined;
  return {
    title: `${row.course_title}: session cancelled`,
    courseTitle: row.course_title,
    courseSlug: row.course_slug,
    dates: row.title,
    cancelledOn: row.cancelled_at ? formatInZone(row.cancelled_at, row.time_zone, 'cccc d LLLL yyyy') : undefined,
    message: row.cancellation_message ?? undefined,
  };
}
