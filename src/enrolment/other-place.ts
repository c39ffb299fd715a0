import type { CoursePlace } from './sessions.repository';
import { formatDay } from './session-view';

/**
 * A place the learner already holds in another session of the same course, said plainly, so they
 * do not take two places in one course by accident. Undefined when there is none.
 */
export function otherPlaceNotice(places: CoursePlace[], sessionId: number): string | undefined {
  const other = places.find((p) => p.course_session_id !== sessionId);
  if (!other) return undefined;
  const starts = formatDay(other.starts_at, other.time_zone);
  return other.status === 'enrolled'
    ? `You are already enrolled in the session starting ${starts}.`
    : `You are already on the waitlist for the session starting ${starts}.`;
}
