import type { Db } from '../db';
import type { CurrentUser } from '../auth';
import { NotFoundError } from '../lib/errors';
import { countSeatsOf, listCurrentPlacesInCourse, listUpcomingSessionsOfCourse, listViewerEnrolments } from '../enrolment';
import { listCourseOutline } from '../modules';
import { findCourseBySlug, findMovedCourse, listPublishedCourses } from './catalogue.repository';
import { findCourseReviews } from './reviews';

/** Every published course, with its price and next start. */
export async function loadCatalogue(deps: { db: Db }, now = new Date()) {
  return listPublishedCourses(deps.db, now);
}

/**
 * A published course's page with every upcoming session (seats left and registration state) and,
 * for a logged-in viewer, their own place in each and in any running session of it; and its weeks' outline. Unpublished courses are visible to admins only.
 */
export async function loadCoursePage(deps: { db: Db }, slug: string, viewer: CurrentUser | undefined, now = new Date()) {
  const course = await findCourseBySlug(deps.db, slug);
  if (!course || (!course.published && viewer?.role !== 'admin')) throw new NotFoundError('We could not find that course.');
  const sessions = await listUpcomingSessionsOfCourse(deps.db, course.id, now);
  const ids = sessions.map((s) => s.id);
  const [seats, enrolments, places, reviews, outline] = await Promise.all([
    countSeatsOf(deps.db, ids),
    viewer ? listViewerEnrolments(deps.db, viewer.id, ids) : Promise.resolve([]),
    viewer ? listCurrentPlacesInCourse(deps.db, viewer.id, course.id, now) : Promise.resolve([]),
    findCourseReviews(deps.db, course.id),
    listCourseOutline(deps.db, course.id),
  ]);
  return { course, sessions, seats, enrolments, places, reviews, outline };
}

/** The address a course has now, when `slug` is one it had before and the viewer may see it; else undefined. */
export async function currentSlugOfMovedCourse(deps: { db: Db }, slug: string, viewer: CurrentUser | undefined): Promise<string | undefined> {
  const moved = await findMovedCourse(deps.db, slug);
  return moved && (moved.published || viewer?.role === 'admin') ? moved.slug : undefined;
}
