import type { CurrentUser } from '../auth';
import type { Db } from '../db';
import { findSessionAccess, type SessionNavItem } from '../enrolment';
import { findCourseModuleInSession, findCourseTitle } from './modules.repository';
import { weekOpening } from './unlocks';
import { presentLockedWeekPage } from './week.presenter';

/**
 * The kind "opens on …" page (views/modules/week-locked) for a learner of the session who follows
 * a link to part of a week, such as its discussion or reflection, before the week opens. Anyone
 * else, an open week or a week the course does not have gives undefined: the caller keeps its 404.
 */
export async function lockedWeekViewFor(db: Db, user: CurrentUser | undefined, sessionId: number, week: number, current: SessionNavItem, now = new Date()) {
  const access = await findSessionAccess(db, user, sessionId);
  if (access?.as !== 'learner') return undefined;
  const row = await findCourseModuleInSession(db, access.session.course_id, access.session.id, week);
  if (!row) return undefined;
  const opening = weekOpening(access.session, week, row.unlocked_at, now);
  if (opening.open) return undefined;
  const courseTitle = await findCourseTitle(db, access.session.course_id);
  return presentLockedWeekPage(access, { locked: true, courseTitle, week, moduleTitle: row.title, opening }, current);
}
