import type { SessionAccess } from '../enrolment';

/** Staff see every week; learners only weeks that are open. */
export function maySeeWeek(access: SessionAccess, weekOpen: boolean): boolean {
  return access.as !== 'learner' || weekOpen;
}

/** Instructors of the session and admins may open a week before its date. */
export function mayOpenWeekEarly(access: SessionAccess): boolean {
  return access.as === 'instructor' || access.as === 'admin';
}
