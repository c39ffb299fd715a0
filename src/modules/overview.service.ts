import type { Db } from '../db';
import type { SessionAccess } from '../enrolment';
import {
  awaitingFeedbackCounts,
  findCourseTitle,
  listCourseModules,
  listDoneReadingIds,
  listExercises,
  listReadings,
  reflectionStatuses,
  type CourseModuleRow,
} from './modules.repository';
import { weekOpenings, type WeekOpening } from './unlocks';

export interface WeekOverview {
  module: CourseModuleRow;
  opening: WeekOpening;
  readingsTotal: number;
  /** Learners only: readings marked done. */
  readingsDone: number;
  exerciseId?: number;
  exerciseTitle?: string;
  /** Learners only: their reflection's status for this week's exercise, if any. */
  reflectionStatus?: string;
  /** Staff only: submissions of this week waiting for feedback. */
  awaitingFeedback: number;
}

export interface SessionOverview {
  courseTitle: string;
  weeks: WeekOverview[];
}

/** What a session looks like for this person: every week's opening, and their own progress if a learner. */
export async function loadSessionOverview(db: Db, access: SessionAccess, now = new Date()): Promise<SessionOverview> {
  const { session } = access;
  const [courseTitle, modules] = await Promise.all([findCourseTitle(db, session.course_id), listCourseModules(db, session.course_id)]);
  const moduleIds = modules.map((m) => m.id);
  const [openings, readings, exercises] = await Promise.all([
    weekOpenings(db, session, modules.map((m) => m.week), now),
    listReadings(db, moduleIds),
    listExercises(db, moduleIds),
  ]);
  const exerciseIds = exercises.map((e) => e.id);
  const [done, statuses, awaiting] = await Promise.all([
    access.as === 'learner' ? listDoneReadingIds(db, access.enrolmentId, readings.map((r) => r.id)) : Promise.resolve(new Set<number>()),
    access.as === 'learner' ? reflectionStatuses(db, access.enrolmentId, exerciseIds) : Promise.resolve(new Map<number, string>()),
    access.as === 'learner' ? Promise.resolve(new Map<number, number>()) : awaitingFeedbackCounts(db, session.id),
  ]);
  const weeks = modules.map((module, i) => {
    const moduleReadings = readings.filter((r) => r.course_module_id === module.id);
    const exercise = exercises.find((e) => e.course_module_id === module.id);
    return {
      module,
      opening: openings[i],
      readingsTotal: moduleReadings.length,
      readingsDone: moduleReadings.filter((r) => done.has(r.id)).length,
      exerciseId: exercise?.id,
      exerciseTitle: exercise?.title,
      reflectionStatus: exercise ? statuses.get(exercise.id) : undefined,
      awaitingFeedback: exercise ? (awaiting.get(exercise.id) ?? 0) : 0,
    };
  });
  return { courseTitle, weeks };
}
