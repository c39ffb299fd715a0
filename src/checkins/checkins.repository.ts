import type { Db } from '../db';
import { prepared } from '../db/prepared';

export interface CheckinRow {
  week: number;
  energy: number;
  emotional_load: number;
  boundaries: number;
  note: string;
  updated_at: Date;
}

export function listCheckins(db: Db, enrolmentId: number): Promise<CheckinRow[]> {
  const query = db('wellbeing_checkins').select('week', 'energy', 'emotional_load', 'boundaries', 'note', 'updated_at').where({ enrolment_id: enrolmentId }).orderBy('week');
  return prepared(query, 'checkins');
}

export async function saveCheckin(
  db: Db,
  row: { enrolmentId: number; week: number; energy: number; emotionalLoad: number; boundaries: number; note: string },
): Promise<void> {
  await db('wellbeing_checkins')
    .insert({
      enrolment_id: row.enrolmentId,
      week: row.week,
      energy: row.energy,
      emotional_load: row.emotionalLoad,
      boundaries: row.boundaries,
      note: row.note,
    })
    .onConflict(['enrolment_id', 'week'])
    .merge({ energy: row.energy, emotional_load: row.emotionalLoad, boundaries: row.boundaries, note: row.note, updated_at: db.fn.now() });
}

/** The number of weeks of a course: its highest course-module week. */
export async function courseWeeks(db: Db, courseId: number): Promise<number> {
  const row = await prepared(db('course_modules').max<{ max: number | null }>('week as max').where({ course_id: courseId }).first(), 'course-weeks');
  return row?.max ?? 0;
}

export async function findCourseTitle(db: Db, courseId: number): Promise<string> {
  const row = await db('courses').select('title').where({ id: courseId }).first();
  return row?.title ?? '';
}
