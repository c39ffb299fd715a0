import type { Db } from '../db';
import type { ReflectionRow } from './reflections.repository';

export interface CourseExerciseRow {
  week: number;
  id: number;
  title: string;
  prompt_md: string;
  prompt_html: string;
}

/** The course's weekly exercises, in week order. */
export function listCourseExercises(db: Db, courseId: number): Promise<CourseExerciseRow[]> {
  return db('exercises as e')
    .join('course_modules as m', 'm.id', 'e.course_module_id')
    .where('m.course_id', courseId)
    .orderBy('m.week')
    .select('m.week', 'e.id', 'e.title', 'e.prompt_md', 'e.prompt_html');
}

/** Every reflection of one place in a session (one per week written in). */
export function listReflectionsOfEnrolment(db: Db, enrolmentId: number): Promise<Pick<ReflectionRow, 'id' | 'exercise_id' | 'draft_text' | 'draft_saved_at'>[]> {
  return db('reflections').where({ enrolment_id: enrolmentId }).select('id', 'exercise_id', 'draft_text', 'draft_saved_at');
}
